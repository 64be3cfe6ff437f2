"""The per-sample browser's data: one row's records on one task, reduced to what the page shows.

The page (``samples.html`` + ``static/samples.js``) renders one page of 50 records at a time from a
data file loaded with ``<script src>`` (a file:// page may not fetch() its neighbours), so 10k samples
never become 10k DOM rows.

**Right or wrong** of a record, in order:

1. the task's headline metric has a per-record score in ``scores``: under its own name
   (``json_exact``, ``call_exact``, ``redaction_exact``) or without ``_acc`` (``top1_acc`` ->
   ``top1``, ``top1_acc_norm`` -> ``top1_norm``, ``top5_acc`` -> ``top5``): right when it is full
   marks (>= 1; a partial F1 of 0.8 is not right);
2. else the record has ``pred`` and ``gold``: right when they are equal (e.g. PII span lists, whose
   headline ``span_precision`` is a corpus figure with no per-record score);
3. else unknown (None), which the right/wrong filter lists apart.
"""
from __future__ import annotations

import json
import math
from typing import Any

NO_ERROR = "(none)"


def score_key(metric: str | None, scores: dict[str, Any]) -> str | None:
    """The key of ``scores`` that holds the headline metric's per-record score, if any (rule 1)."""
    if not metric:
        return None
    for key in (metric, metric.replace("_acc", "", 1)):
        value = scores.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return key
    return None


def is_right(record: dict[str, Any], metric: str | None) -> bool | None:
    """Whether the record is right under the task's headline metric (see the module docstring)."""
    scores = record.get("scores") if isinstance(record.get("scores"), dict) else {}
    key = score_key(metric, scores)
    if key is not None:
        return float(scores[key]) >= 1.0
    if "pred" in record and "gold" in record:
        return record["pred"] == record["gold"]
    return None


def _text(value: Any) -> str:
    """What a cell shows: strings as they are, anything else as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _short_scores(scores: Any) -> str:
    if not isinstance(scores, dict):
        return ""
    out = []
    for key, value in scores.items():
        if isinstance(value, float) and not value.is_integer():
            value = f"{value:.3f}"
        out.append(f"{key}={value}")
    return " ".join(out)


def sample_rows(records: list[dict[str, Any]], metric: str | None) -> list[dict[str, Any]]:
    """The records as the browser shows them: input, output, gold, pred, score, error type, right."""
    out = []
    for i, r in enumerate(records):
        scores = r.get("scores") if isinstance(r.get("scores"), dict) else {}
        key = score_key(metric, scores)
        out.append({"i": i + 1, "doc_id": _text(r.get("doc_id")), "input": _text(r.get("input")),
                    "output": _text(r.get("output")), "gold": _text(r.get("gold")), "pred": _text(r.get("pred")),
                    "score": scores.get(key) if key else None, "scores": _short_scores(scores),
                    "error": str(r["error"]) if r.get("error") else NO_ERROR, "right": is_right(r, metric),
                    "cluster": _text(r.get("cluster"))})
    return out


def samples_document(row_name: str, variant: str, task: str, metric: str | None,
                     records: list[dict[str, Any]]) -> dict[str, Any]:
    """The data file's object: the rows and the filter choices (error types, most frequent first)."""
    rows = sample_rows(records, metric)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["error"]] = counts.get(r["error"], 0) + 1
    errors = sorted(counts, key=lambda e: (e == NO_ERROR, -counts[e], e))
    return {"model": row_name, "variant": variant, "task": task, "metric": metric,
            "score_key": next((k for r in records if (k := score_key(metric, r.get("scores") or {}))), None),
            "errors": [{"name": e, "count": counts[e]} for e in errors], "rows": rows,
            "right": sum(r["right"] is True for r in rows), "wrong": sum(r["right"] is False for r in rows)}
