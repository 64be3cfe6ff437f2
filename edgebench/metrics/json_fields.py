"""Per-field F1 of a JSON extraction task: which top-level field of the gold a model gets wrong.

``field_f1`` averages over whole objects, so a model that always misses ``date`` but gets the rest looks
fine; here each top-level key of the gold is scored alone, with the same (key path, canonical value)
F1 as ``field_f1`` (so a nested field earns partial credit and a scalar one is right or wrong), over
the rows where that key is in the gold or in the prediction. An unparsed answer has no fields: 0 for
every gold field of its row. Keys only predictions use are left out (``field_f1`` already charges
them), so a model that invents names cannot grow the list.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from edgebench.metrics.json import field_prf

SHOWN = 5  # the run table prints at most this many of the worst fields; results.json keeps them all


def per_field(records: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, float | int]]:
    """``{field: {"f1": mean F1, "n": rows scored}}`` for each top-level gold key, worst first."""
    keys = sorted({str(k) for r in records if isinstance(r.get("gold"), Mapping) for k in r["gold"]})
    sums: dict[str, float] = dict.fromkeys(keys, 0.0)
    counts: dict[str, int] = dict.fromkeys(keys, 0)
    for r in records:
        gold = r.get("gold") if isinstance(r.get("gold"), Mapping) else {}
        pred = r.get("pred") if isinstance(r.get("pred"), Mapping) else {}
        for key in keys:
            if key not in gold and key not in pred:
                continue  # an optional field neither side wrote says nothing about it
            one = lambda obj: {key: obj[key]} if key in obj else {}  # noqa: E731
            sums[key] += field_prf(one(pred), one(gold))[2]
            counts[key] += 1
    out = {key: {"f1": sums[key] / counts[key], "n": counts[key]} for key in keys if counts[key]}
    return dict(sorted(out.items(), key=lambda item: (item[1]["f1"], item[0])))


def worst(fields: Mapping[str, Mapping[str, float | int]], k: int = SHOWN) -> list[tuple[str, float]]:
    """The ``k`` fields with the lowest F1 below 1 (none when every field is always right)."""
    ranked = sorted(fields.items(), key=lambda item: (item[1]["f1"], item[0]))
    return [(name, float(v["f1"])) for name, v in ranked if v["f1"] < 1.0][:k]
