"""Classification metrics over per-sample records.

A record carries ``gold`` (a label), ``pred`` (a label, or None when the output could not be
parsed: always wrong) and, for scored tasks, ``ranking`` (labels, best first); with an intent
config's ``oos_label``, also ``oos_label`` (what the out-of-scope metrics read).
"""
from __future__ import annotations

from typing import Mapping, Sequence

Records = Sequence[Mapping]

NO_PREDICTION = "\x00no-prediction"  # stands in for None so sklearn counts it as a wrong class


def top1_acc(records: Records) -> float:
    return sum(r["pred"] == r["gold"] for r in records) / len(records)


def top1_acc_norm(records: Records) -> float:
    """Top-1 with each label's log-likelihood divided by its length in UTF-8 bytes (lm-eval's
    ``acc_norm``): scored tasks only, whatever the config's own ``normalize``."""
    return sum(r["scores"]["top1_norm"] for r in records) / len(records)


top1_acc_norm.applies = lambda records: bool(records) and all("top1_norm" in r.get("scores", {}) for r in records)  # type: ignore[attr-defined]


def top_k_acc(records: Records, k: int) -> float:
    return sum(r["gold"] in (r.get("ranking") or [r["pred"]])[:k] for r in records) / len(records)


def top5_acc(records: Records) -> float:
    return top_k_acc(records, 5)


def macro_f1(records: Records) -> float:
    """Macro-F1 over the gold labels present (a label never gold adds no class of its own)."""
    from sklearn.metrics import f1_score  # imported on use: sklearn adds a second to every CLI start

    golds = [r["gold"] for r in records]
    preds = [NO_PREDICTION if r["pred"] is None else r["pred"] for r in records]
    return float(f1_score(golds, preds, labels=sorted(set(golds)), average="macro", zero_division=0))


macro_f1.bootstrap_cap = 100  # type: ignore[attr-defined]  # a corpus-level metric: ~5 ms a call


def invalid_rate(records: Records) -> float:
    """Share of outputs that could not be read as any label."""
    return sum(r["pred"] is None for r in records) / len(records)


# -- out-of-scope (``oos_label`` in an intent config): records carry ``oos_label``, the label that means
# "no intent covers this"; a router is judged on catching those and on routing the rest.

def _oos_counts(records: Records) -> tuple[int, int, int]:
    """(tp, fp, fn) of the out-of-scope class; an unreadable answer (``pred`` None) is not an OOS prediction."""
    tp = fp = fn = 0
    for r in records:
        gold, pred = r["gold"] == r["oos_label"], r["pred"] == r["oos_label"]
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    return tp, fp, fn


def oos_recall(records: Records) -> float:
    """Share of gold out-of-scope rows predicted out-of-scope (1.0 over a resample with none)."""
    tp, _, fn = _oos_counts(records)
    return tp / (tp + fn) if tp + fn else 1.0


def oos_precision(records: Records) -> float:
    """Share of out-of-scope predictions whose gold is out-of-scope (0.0 when none were predicted)."""
    tp, fp, _ = _oos_counts(records)
    return tp / (tp + fp) if tp + fp else 0.0


def in_scope_acc(records: Records) -> float:
    """Top-1 accuracy over the rows whose gold is not the out-of-scope label (0.0 over a resample with none)."""
    inside = [r for r in records if r["gold"] != r["oos_label"]]
    return sum(r["pred"] == r["gold"] for r in inside) / len(inside) if inside else 0.0


def _has_oos_gold(records: Records) -> bool:
    return bool(records) and all("oos_label" in r for r in records) \
        and any(r["gold"] == r["oos_label"] for r in records)


def _has_in_scope_gold(records: Records) -> bool:
    return bool(records) and all("oos_label" in r for r in records) \
        and any(r["gold"] != r["oos_label"] for r in records)


# left out of a breakdown group they say nothing about (a group of in-scope rows has no OOS recall)
oos_recall.applies = oos_precision.applies = _has_oos_gold  # type: ignore[attr-defined]
in_scope_acc.applies = _has_in_scope_gold  # type: ignore[attr-defined]
OOS_METRICS = ("oos_recall", "oos_precision", "in_scope_acc")
