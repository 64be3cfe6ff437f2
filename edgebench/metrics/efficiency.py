"""Edge-cost figures: latency percentiles, throughput, peak memory."""
from __future__ import annotations

import resource
import sys
from typing import Sequence

import numpy as np


def latency_summary(seconds: Sequence[float]) -> dict[str, float | None]:
    """p50 / p95 / mean seconds per sample over the samples computed in this run."""
    if not seconds:
        return {"latency_p50_s": None, "latency_p95_s": None, "latency_mean_s": None}
    arr = np.asarray(seconds, dtype=float)
    return {"latency_p50_s": round(float(np.percentile(arr, 50)), 4),
            "latency_p95_s": round(float(np.percentile(arr, 95)), 4),
            "latency_mean_s": round(float(arr.mean()), 4)}


def peak_rss_bytes() -> int:
    """Peak resident set size of this process so far (ru_maxrss is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)
