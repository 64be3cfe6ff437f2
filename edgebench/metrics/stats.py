"""Bootstrap standard errors for any metric over per-sample records."""
from __future__ import annotations

from typing import Callable, Hashable, Mapping, Sequence

import numpy as np


def mean_score(records: Sequence[Mapping], name: str) -> float:
    """The mean of the per-sample score ``name`` (``record["scores"][name]``); 0.0 over no records."""
    return sum(float(r["scores"][name]) for r in records) / len(records) if records else 0.0


def _resample_index(clusters: Sequence[Hashable] | None, n: int) -> tuple[list[np.ndarray], int]:
    """Row indices of each cluster (each row its own cluster when ``clusters`` is None), and how many."""
    if clusters is None:
        return [np.array([i]) for i in range(n)], n
    by_key: dict[Hashable, list[int]] = {}
    for i, key in enumerate(clusters):
        by_key.setdefault(key, []).append(i)
    groups = [np.array(rows) for rows in by_key.values()]
    return groups, len(groups)


def bootstrap_stderr(metric: Callable[[Sequence[Mapping]], float], records: Sequence[Mapping],
                     iters: int = 1000, seed: int = 1234, clusters: Sequence[Hashable] | None = None) -> float | None:
    """Standard deviation of the metric over ``iters`` resamples with replacement (None if there are
    fewer than 2 units to resample).

    With ``clusters`` (one key per record, e.g. its template) whole clusters are resampled: a model
    passes or fails a template's rows together, so the rows are not independent and a row bootstrap
    would understate the error by about sqrt(rows per cluster). A metric may set ``bootstrap_cap`` (as
    lm-eval does for corpus-level F1) to bound its resamples."""
    iters = min(iters, getattr(metric, "bootstrap_cap", iters))
    groups, k = _resample_index(clusters, len(records))
    if k < 2 or iters < 2:
        return None
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(iters):
        rows = np.concatenate([groups[j] for j in rng.integers(0, k, k)])
        values.append(metric([records[i] for i in rows]))
    return float(np.std(values, ddof=1))


def paired_bootstrap_stderr(metric: Callable[[Sequence[Mapping]], float], a: Sequence[Mapping],
                            b: Sequence[Mapping], iters: int = 1000, seed: int = 1234,
                            clusters: Sequence[Hashable] | None = None) -> float | None:
    """Standard error of metric(b) - metric(a) where ``a[i]`` and ``b[i]`` are two runs' records of the
    same sample: both are resampled with the same (cluster) draw, so what the samples share cancels."""
    iters = min(iters, getattr(metric, "bootstrap_cap", iters))
    groups, k = _resample_index(clusters, len(a))
    if k < 2 or iters < 2 or len(a) != len(b):
        return None
    rng = np.random.default_rng(seed)
    values = []
    for _ in range(iters):
        rows = np.concatenate([groups[j] for j in rng.integers(0, k, k)])
        values.append(metric([b[i] for i in rows]) - metric([a[i] for i in rows]))
    return float(np.std(values, ddof=1))
