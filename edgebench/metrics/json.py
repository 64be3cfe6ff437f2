"""JSON extraction metrics: canonical equality, field-level precision/recall/F1, schema validity.

The pure functions (``canonical``, ``flatten``, ``field_prf``, ``sample_scores``) compare one
prediction with one gold object; a task stores their results in each record's ``scores``, and the
record-level metrics (``json_exact``, ``field_f1``, ``schema_valid``, ``parse_rate``) average them.
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping, Sequence

from jsonschema import Draft202012Validator

from edgebench.metrics.stats import mean_score as _mean

Records = Sequence[Mapping]
SCORES = ("json_exact", "field_f1", "schema_valid", "parse_rate")


def canonical(obj: Any) -> Any:
    """The form two answers are compared in: keys sorted, strings stripped, case-folded and
    whitespace-collapsed, numbers as floats rounded to 6 places (so 1 == 1.0), list order kept."""
    if isinstance(obj, Mapping):
        return {str(k): canonical(obj[k]) for k in sorted(obj, key=str)}
    if isinstance(obj, (list, tuple)):
        return [canonical(v) for v in obj]
    if isinstance(obj, bool) or obj is None:  # bool before numbers: True is an int in Python
        return obj
    if isinstance(obj, (int, float)):
        return round(float(obj), 6)
    if isinstance(obj, str):
        return re.sub(r"\s+", " ", obj.strip()).casefold()
    return obj


def flatten(obj: Any, prefix: str = "") -> dict[str, Any]:
    """Leaf values by key path (``items[0].price``). Empty objects and lists are leaves too, so an
    answer that leaves a list empty still has a field to be right or wrong about."""
    if isinstance(obj, Mapping) and obj:
        out: dict[str, Any] = {}
        for k, v in obj.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    if isinstance(obj, (list, tuple)) and obj:
        out = {}
        for i, v in enumerate(obj):
            out.update(flatten(v, f"{prefix}[{i}]"))
        return out
    return {prefix: obj} if prefix else {}


def _text(obj: Any) -> str:
    # Compared as JSON text, not Python values: True == 1.0 in Python, but true is not 1 in JSON.
    return json.dumps(canonical(obj), sort_keys=True)


def exact_match(pred: Any, gold: Any) -> bool:
    """Canonical equality (see ``canonical``)."""
    return _text(pred) == _text(gold)


def _pairs(obj: Any) -> set[tuple[str, str]]:
    return {(path, _text(v)) for path, v in flatten(obj).items()}


def field_prf(pred: Any, gold: Any) -> tuple[float, float, float]:
    """Precision, recall and F1 over (key path, canonical value) pairs.

    A pair counts only when both the path and the value match. Both empty: (1, 1, 1); one side
    empty: 0 for the ratio whose denominator is not empty."""
    p_set, g_set = _pairs(pred), _pairs(gold)
    if not p_set and not g_set:
        return 1.0, 1.0, 1.0
    tp = len(p_set & g_set)
    precision = tp / len(p_set) if p_set else 0.0
    recall = tp / len(g_set) if g_set else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def schema_validator(schema: Mapping) -> Draft202012Validator:
    """A draft 2020-12 validator that also checks ``format`` (``date`` must be a real YYYY-MM-DD)."""
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def sample_scores(pred: Any, gold: Any, valid: bool) -> dict[str, float]:
    """The four per-sample scores; ``pred`` is None when the output did not parse (every score 0)."""
    if not isinstance(pred, Mapping):
        return {name: 0.0 for name in SCORES}
    return {"json_exact": float(exact_match(pred, gold)), "field_f1": field_prf(pred, gold)[2],
            "schema_valid": float(valid), "parse_rate": 1.0}


def json_exact(records: Records) -> float:
    """Share of predictions canonically equal to the gold object."""
    return _mean(records, "json_exact")


def field_f1(records: Records) -> float:
    """Mean per-sample field-level F1."""
    return _mean(records, "field_f1")


def schema_valid(records: Records) -> float:
    """Share of predictions that validate against their schema."""
    return _mean(records, "schema_valid")


def parse_rate(records: Records) -> float:
    """Share of outputs that contained a JSON object."""
    return _mean(records, "parse_rate")
