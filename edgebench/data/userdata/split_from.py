"""A test split drawn from the one split a user has (``dataset.split_from``), seeded, clusters kept whole.

Rows that share a cluster value (``cluster_field``; by default ``frame`` where any row has one, else
``template``) pass or fail together, so a cluster split across train and test would let a model be
scored on near-copies of what it trained on: each cluster goes to one side. Rows without a value are
their own cluster. The clusters are ordered by the sha256 of seed and value (a seeded shuffle that no
Python version changes, as ``random.shuffle`` may) and moved to test in that order until test holds
``round(test_share * rows)``: the same rows and seed give the same split everywhere.
"""
from __future__ import annotations

import hashlib
from typing import Any, Mapping, Sequence

from edgebench.errors import EdgeBenchError

DEFAULT_SHARE = 0.2
DEFAULT_SEED = 1234


def default_cluster_field(rows: Sequence[Mapping[str, Any]]) -> str:
    """``frame`` where any row has one, else ``template`` (the rule ``Task.cluster_field`` applies to docs)."""
    return "frame" if any(row.get("frame") not in (None, "") for row in rows) else "template"


def draw(task: str, source: str, rows: Sequence[tuple[int, dict[str, Any]]], share: float, seed: int,
         cluster_field: str) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, dict[str, Any]]]]:
    """(the rows that stay, the test rows), each in file order; ``source`` names the split in errors."""
    clusters: dict[str, list[int]] = {}
    for i, (n, row) in enumerate(rows):
        value = row.get(cluster_field)
        key = f"row:{n}" if value is None or value == "" else f"value:{value}"
        clusters.setdefault(key, []).append(i)
    wanted = round(share * len(rows))
    if wanted == 0 or wanted == len(rows):
        side = "test" if wanted == 0 else source
        raise EdgeBenchError(f"task '{task}': test_share {share} of the {len(rows)} rows of split '{source}' leaves "
                             f"the {side} split empty; change test_share or add rows")
    order = sorted(clusters, key=lambda key: hashlib.sha256(f"{seed}\0{key}".encode()).hexdigest())
    test: set[int] = set()
    for key in order:
        if len(test) >= wanted:
            break
        test.update(clusters[key])
    if len(test) == len(rows):
        raise EdgeBenchError(f"task '{task}': split '{source}' has {len(clusters)} '{cluster_field}' cluster(s) and "
                             f"each goes whole to one side, which leaves '{source}' empty; add rows of other "
                             f"clusters, lower test_share or set dataset.cluster_field")
    return ([r for i, r in enumerate(rows) if i not in test], [r for i, r in enumerate(rows) if i in test])
