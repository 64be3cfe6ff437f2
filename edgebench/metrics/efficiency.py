"""Edge-cost figures: latency percentiles, token throughput, cold start, peak memory."""
from __future__ import annotations

import resource
import sys
import time
from typing import Any, Sequence

import numpy as np


def _percentiles(prefix: str, seconds: Sequence[float]) -> dict[str, float | None]:
    if not seconds:
        return {f"{prefix}_p50_s": None, f"{prefix}_p95_s": None, f"{prefix}_mean_s": None}
    arr = np.asarray(seconds, dtype=float)
    return {f"{prefix}_p50_s": round(float(np.percentile(arr, 50)), 4),
            f"{prefix}_p95_s": round(float(np.percentile(arr, 95)), 4),
            f"{prefix}_mean_s": round(float(arr.mean()), 4)}


def latency_summary(seconds: Sequence[float]) -> dict[str, float | None]:
    """p50 / p95 / mean seconds per sample over the samples computed in this run."""
    return _percentiles("latency", seconds)


def _rate(count: float, seconds: float) -> float | None:
    return round(count / seconds, 2) if seconds > 0 and count else None


def token_throughput(results: Sequence[Any]) -> dict[str, Any]:
    """Prompt and generated tokens/s over computed results, prefill and decode apart where known.

    A result's ``seconds`` (and its prefill/decode split) is its share of its batch's wall time, so
    sums over results are sums of wall time: the rates are what the device delivered."""
    prompt = sum(getattr(r, "prompt_tokens", 0) or 0 for r in results)
    generated = sum(getattr(r, "completion_tokens", 0) or 0 for r in results)
    total_s = sum(r.seconds for r in results)
    split = [r for r in results if getattr(r, "prefill_seconds", None) is not None]
    out: dict[str, Any] = {"prompt_tokens": prompt, "generated_tokens": generated}
    if split and len(split) == len(results):
        prefill = [r.prefill_seconds for r in split]
        decode = [r.decode_seconds or 0.0 for r in split]
        out.update(_percentiles("prefill", prefill))
        out.update(_percentiles("decode", decode))
        out["prompt_tokens_per_s"] = _rate(prompt, sum(prefill))
        out["generated_tokens_per_s"] = _rate(generated, sum(decode))
    else:
        # Scoring is all prefill; a backend that cannot split gives the blended rate only.
        out["prompt_tokens_per_s"] = _rate(prompt, total_s) if not generated else None
        out["generated_tokens_per_s"] = None
    out["tokens_per_s"] = _rate(prompt + generated, total_s)
    compile_s = [r.lock_compile_seconds for r in results if getattr(r, "lock_compile_seconds", None) is not None]
    if compile_s:
        out["lock_compile_mean_s"] = round(float(np.mean(compile_s)), 5)
        out["lock_compile_max_s"] = round(float(np.max(compile_s)), 5)
    lock_s = sum(getattr(r, "lock_seconds", None) or 0.0 for r in results)
    decode_s = sum(r.decode_seconds or 0.0 for r in split) if split and len(split) == len(results) else 0.0
    if lock_s and decode_s > lock_s:
        # the lock's own cost: decoding the same tokens without it would take decode - lock seconds
        out["lock_decode_overhead"] = round(lock_s / (decode_s - lock_s), 4)
    return out


def process_start_time() -> float:
    """Wall-clock time this process started (for cold start: process start to first token)."""
    try:
        import psutil

        return psutil.Process().create_time()
    except Exception:  # psutil missing or /proc unreadable: the import of this module is the next best
        return _IMPORTED_AT


_IMPORTED_AT = time.time()


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)
