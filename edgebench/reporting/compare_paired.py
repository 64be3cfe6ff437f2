"""The paired test of ``edgebench compare``: where both runs logged their samples (``--log-samples``) and
scored the same ones, a difference is tested by resampling the *same* templates for both runs (a paired
cluster bootstrap), so what the samples share cancels out instead of adding up as two independent errors.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from edgebench.metrics.stats import paired_bootstrap_stderr

PAIRED_ITERS = 1000


def load_samples(path: str | Path, tasks: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """``samples_<task>.jsonl`` beside a results.json (given as the file or its folder), where present."""
    folder = Path(path)
    folder = folder if folder.is_dir() else folder.parent
    out = {}
    for task in tasks:
        file = folder / f"samples_{task}.jsonl"
        if not file.is_file():
            continue
        try:
            out[task] = [json.loads(line) for line in file.read_text(encoding="utf-8").splitlines() if line.strip()]
        except (OSError, ValueError):
            continue  # an unreadable samples file only costs the paired test: the independent one stands
    return out


def _key(record: Mapping[str, Any]) -> str:
    return json.dumps([record.get("doc_id"), record.get("input"), record.get("gold")], sort_keys=True, default=str)


def paired(records_a: Sequence[Mapping], records_b: Sequence[Mapping]) -> tuple[list, list] | None:
    """The two runs' records of the same samples in one order, or None unless both scored the same set."""
    by_key_b = {_key(r): r for r in records_b}
    keys_a = [_key(r) for r in records_a]
    if len(by_key_b) != len(records_b) or len(set(keys_a)) != len(keys_a) or set(keys_a) != set(by_key_b):
        return None
    return list(records_a), [by_key_b[k] for k in keys_a]


def paired_stderr(metric: Any, records_a: Sequence[Mapping], records_b: Sequence[Mapping],
                  seed: int = 1234) -> float | None:
    """Stderr of metric(B) - metric(A) by a paired cluster bootstrap (clusters from run A's records)."""
    pair = paired(records_a, records_b)
    if pair is None:
        return None
    a, b = pair
    clusters = [r.get("cluster") if r.get("cluster") is not None else f"row:{i}" for i, r in enumerate(a)]
    try:
        return paired_bootstrap_stderr(metric, a, b, iters=PAIRED_ITERS, seed=seed, clusters=clusters)
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None  # records this metric cannot read (an older samples file): no paired test
