"""What a backend answered, checked before anything scores it or caches it.

Any backend (a plugin's included) may hand back the wrong count of results, text that is not a
string, token counts that are not counts, or log-probabilities no model can produce (+inf, NaN, a
positive value). Each such answer becomes a typed error on its own sample (``invalid_response``,
``invalid_logprob``, ``backend_error``) and is never cached, so one bad answer neither crashes the run
nor turns into a number.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Sequence

from edgebench.backends.base import GenerateResult, Result, ScoreResult
from edgebench.batching import is_out_of_memory
from edgebench.errors import EdgeBenchError

# log P(continuation) <= 0; float rounding of a near-certain continuation may land a hair above.
LOGPROB_TOLERANCE = 1e-4
# Below this per token no softmax over float32 logits can go (their spread is bounded); such a value is
# a sentinel (-1e308, -FLT_MAX) standing in for "unknown", not a likelihood to rank by.
LOGPROB_FLOOR_PER_TOKEN = -1e6


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _seconds(value: Any) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))


def _real(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def failed(kind: str, request: Any, error: str) -> Result:
    """The placeholder answer of a sample whose answer was unusable: scored as wrong, typed ``error``."""
    if kind == "generate":
        return GenerateResult(text="", error=error)
    n = len(request.continuations)
    return ScoreResult(logprobs=[math.nan] * n, num_tokens=[], error=error)


def check_one(kind: str, request: Any, result: Any) -> Result:
    """``result`` if it is a well-formed answer to ``request``, else a typed failure. An answer that
    already carries an error (a placeholder, or a backend's own verdict) is kept as it is."""
    if isinstance(result, (GenerateResult, ScoreResult)) and isinstance(result.error, str) and result.error:
        return result
    if kind == "generate":
        ok = (isinstance(result, GenerateResult) and isinstance(result.text, str)
              and _count(result.prompt_tokens) and _count(result.completion_tokens)
              and all(_seconds(getattr(result, f)) for f in ("seconds", "prefill_seconds", "decode_seconds",
                                                              "lock_compile_seconds", "lock_seconds")))
        return result if ok else failed(kind, request, "invalid_response")
    if not (isinstance(result, ScoreResult) and isinstance(result.logprobs, (list, tuple))
            and len(result.logprobs) == len(request.continuations) and _seconds(result.seconds)
            and _count(result.prompt_tokens)
            and (not result.num_tokens or (isinstance(result.num_tokens, (list, tuple))
                                           and len(result.num_tokens) == len(request.continuations)
                                           and all(_count(n) for n in result.num_tokens)))):
        return failed(kind, request, "invalid_response")
    tokens = list(result.num_tokens) or [1] * len(result.logprobs)
    if not all(_real(v) and math.isfinite(v) and LOGPROB_FLOOR_PER_TOKEN * max(n, 1) <= v <= LOGPROB_TOLERANCE
               for v, n in zip(result.logprobs, tokens)):
        return failed(kind, request, "invalid_logprob")
    return result


def answer(spec: str, kind: str, requests: Sequence[Any], call: Callable[[Sequence[Any]], Any],
           single: Callable[[Sequence[Any]], Any] | None = None) -> list[Result]:
    """Call the backend on ``requests`` and check every answer. If the batch call raises, each request
    is tried alone (through ``single``, default ``call``) and the ones that still raise become
    ``backend_error``; if every one does, the backend itself is broken and that is one error line
    (finished samples are already cached)."""
    single = single or call
    try:
        results = call(requests)
    except EdgeBenchError:
        raise
    except Exception as batch_exc:  # noqa: BLE001 - a backend's own bug, whatever its type
        if is_out_of_memory(batch_exc):
            raise  # the evaluator's to handle: --batch-size auto halves and retries
        if len(requests) == 1:
            _broken(spec, batch_exc)
        results, failures = [], 0
        for request in requests:
            try:
                alone = single([request])
                results.append(alone[0] if isinstance(alone, (list, tuple)) and len(alone) == 1 else None)
            except EdgeBenchError:
                raise
            except Exception:  # noqa: BLE001
                failures += 1
                results.append(failed(kind, request, "backend_error"))
        if failures == len(requests):
            _broken(spec, batch_exc)
    if not isinstance(results, (list, tuple)) or len(results) != len(requests):
        got = len(results) if isinstance(results, (list, tuple)) else type(results).__name__
        raise EdgeBenchError(f"backend {spec} answered {got} results for {len(requests)} requests; the backend "
                             f"is broken (finished samples are cached): report it to the backend's author")
    return [check_one(kind, req, res) for req, res in zip(requests, results)]


def _broken(spec: str, exc: BaseException) -> None:
    text = " ".join(str(exc).split())[:200]
    raise EdgeBenchError(f"backend {spec} failed ({type(exc).__name__}: {text}); finished samples are cached, "
                         f"so fix the backend or model and run the same command again to resume") from exc
