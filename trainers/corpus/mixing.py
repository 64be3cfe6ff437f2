"""Task mixing by sampling weights: an epoch of ``size`` examples in which task ``t`` has exactly its
share ``w_t / sum(w)`` of the rows (largest remainder), each task's rows drawn in whole shuffled
passes (a task smaller than its share repeats, a larger one is subsampled)."""
from __future__ import annotations

from typing import Mapping, Sequence, TypeVar

import numpy as np

T = TypeVar("T")


def mixture_counts(weights: Mapping[str, float], size: int) -> dict[str, int]:
    """Rows per task: ``size · w / sum(w)`` rounded by largest remainder, so they add up to ``size``."""
    total = float(sum(weights.values()))
    if total <= 0 or any(w < 0 for w in weights.values()):
        raise ValueError(f"mixing weights must be non-negative with a positive sum, not {dict(weights)}")
    exact = {name: size * w / total for name, w in weights.items()}
    counts = {name: int(np.floor(x)) for name, x in exact.items()}
    short = size - sum(counts.values())
    for name in sorted(exact, key=lambda n: (counts[n] - exact[n], n))[:short]:  # largest remainders first
        counts[name] += 1
    return counts


def mix(rows: Mapping[str, Sequence[T]], weights: Mapping[str, float], size: int, seed: int) -> list[T]:
    """``size`` rows drawn from ``rows[task]`` in the proportions of ``weights``, in a seeded order."""
    rng = np.random.default_rng(seed)
    out: list[T] = []
    for name, count in mixture_counts(weights, size).items():
        pool = rows[name]
        whole, part = divmod(count, len(pool))
        picks = [int(i) for _ in range(whole) for i in rng.permutation(len(pool))]
        picks += [int(i) for i in rng.permutation(len(pool))[:part]]
        out.extend(pool[i] for i in picks)
    return [out[i] for i in rng.permutation(len(out))]
