"""Bootstrap standard errors for any metric over per-sample records."""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

import numpy as np


def bootstrap_stderr(metric: Callable[[Sequence[Mapping]], float], records: Sequence[Mapping],
                     iters: int = 1000, seed: int = 1234) -> float | None:
    """Standard deviation of the metric over ``iters`` resamples with replacement (None if n < 2).

    A metric may set ``bootstrap_cap`` (as lm-eval does for corpus-level F1) to bound its resamples."""
    iters = min(iters, getattr(metric, "bootstrap_cap", iters))
    n = len(records)
    if n < 2 or iters < 2:
        return None
    rng = np.random.default_rng(seed)
    values = [metric([records[i] for i in rng.integers(0, n, n)]) for _ in range(iters)]
    return float(np.std(values, ddof=1))
