"""The backend contract: what every model looks like to a task.

Requests are frozen dataclasses with a stable content hash (the response cache key);
backends always receive lists of them and answer in the same order.
"""
from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, ClassVar, Sequence


def _stable_hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass(frozen=True)
class GenerateRequest:
    """Greedy generation. ``messages`` (chat) wins over ``prompt`` when the model has a chat template."""

    prompt: str = ""
    messages: tuple[tuple[str, str], ...] = ()
    max_new_tokens: int = 64
    stop: tuple[str, ...] = ()
    json_schema: str | None = None  # JSON text of a schema, for schema-locked decoding
    # The answer is the first JSON value of these types ("object", "array") in text order
    # (edgebench.parsing): a backend may stop once it is settled, which never changes the score.
    answer_json: tuple[str, ...] = ()
    # The answer is a JSON list of ``{"type", "text"}`` spans of ``text`` (the raw input inside the
    # prompt), of these types: a backend with a span tagger (edgebench.backends.span_tagger) may tag
    # ``text`` instead of generating. Empty: an ordinary generation.
    span_types: tuple[str, ...] = ()
    text: str = ""
    kind: ClassVar[str] = "generate"

    def key(self) -> str:
        fields = asdict(self)
        for name in ("span_types", "text"):  # left out when unset: the keys (cache entries) of other requests stay
            if not fields[name]:
                del fields[name]
        return _stable_hash({"kind": self.kind, **fields})


@dataclass(frozen=True)
class ScoreRequest:
    """Log-likelihood of each continuation after the context.

    ``text`` is the raw input before any prompt template, for non-LM baselines."""

    continuations: tuple[str, ...]
    prompt: str = ""
    messages: tuple[tuple[str, str], ...] = ()
    text: str = ""
    kind: ClassVar[str] = "score"

    def key(self) -> str:
        return _stable_hash({"kind": self.kind, **asdict(self)})


@dataclass
class GenerateResult:
    """``seconds`` is this sample's share of its batch's wall time; prefill (prompt pass, up to the
    first new token) and decode split it where the backend can tell, else they stay None."""

    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    prefill_seconds: float | None = None
    decode_seconds: float | None = None
    lock_compile_seconds: float | None = None  # JSON-lock grammar compile time, when locked
    lock_seconds: float | None = None  # this row's share of the time the JSON-lock spent masking logits
    error: str | None = None  # set by edgebench.answer_checks when the answer was unusable (never cached)


@dataclass
class ScoreResult:
    logprobs: list[float]
    num_tokens: list[int] = field(default_factory=list)
    seconds: float = 0.0
    prompt_tokens: int = 0  # context tokens (scoring is all prefill)
    error: str | None = None  # set by edgebench.answer_checks when the answer was unusable (never cached)


Request = GenerateRequest | ScoreRequest
Result = GenerateResult | ScoreResult


def result_from_dict(kind: str, data: dict) -> Result:
    return GenerateResult(**data) if kind == "generate" else ScoreResult(**data)


class Backend(ABC):
    """A model behind a spec scheme (``hf:``, ``sklearn:``, ...)."""

    scheme: ClassVar[str]
    # How this backend lays out a schema-locked answer when EdgeBench's own lock writes it
    # (edgebench.decoding.LOCK_FORMAT); None where the server or library locks by its own rules.
    # A locked answer's cache key names it, so answers locked another way are never reused.
    lock_layout: ClassVar[str | None] = None

    # Set by the evaluator for the length of one call: a backend that finishes requests one by one
    # reports each (its index in the call's list) so that a kill loses no finished answer.
    on_result: Callable[[int, "Result"], None] | None = None

    def __init__(self, spec: str, *, batch_size: int = 8, **settings: Any) -> None:
        self.spec = spec
        self.batch_size = batch_size
        self.settings = settings

    def report(self, index: int, result: "Result") -> None:
        """Hand one finished answer to the evaluator before the whole call returns (optional)."""
        if self.on_result is not None:
            self.on_result(index, result)

    @classmethod
    def offline_models(cls) -> list[str]:
        """Specs of this scheme that resolve with no network (for ``edgebench models``)."""
        return []

    @abstractmethod
    def generate(self, requests: Sequence[GenerateRequest]) -> list[GenerateResult]: ...

    @abstractmethod
    def score(self, requests: Sequence[ScoreRequest]) -> list[ScoreResult]: ...

    @abstractmethod
    def info(self) -> dict[str, Any]:
        """Parameters, bytes on disk, dtype / quantization, resolved source and a content ``hash``."""

    def queue_depth(self, kind: str) -> int:
        """How many batches of ``kind`` requests one call can use well: a backend that refills a
        running batch as rows finish (hf's rolling generation) wants more than one batch waiting."""
        return 1

    def prepare(self, task: Any) -> None:
        """Called once per task before its requests; baselines that fit on train data do it here."""

    def task_cost(self) -> dict[str, Any]:
        """Figures of the model as ``prepare`` made it for the task just run, added to that task's
        ``cost`` (a baseline fitted per task: its ``fit_s``, ``model_parameters``, ``model_bytes``);
        empty for a model that is the same for every task."""
        return {}

    def cache_namespace(self) -> str:
        """What identifies this model's answers in the response cache."""
        return self.info()["hash"]
