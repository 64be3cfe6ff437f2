"""Binary-filter metrics (spam / ham, toxic / ok) over per-sample records.

A record carries ``gold`` and ``pred`` (labels; ``pred`` None when the output could not be read: it
counts as a negative prediction), ``positive`` (the positive label, e.g. "spam") and ``score`` (the
probability of the positive label, or None for generated answers). Accuracy is
``classification.top1_acc``; it is not repeated here.
"""
from __future__ import annotations

from typing import Mapping, Sequence

Records = Sequence[Mapping]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts.

    Empty denominators: precision is 1.0 when nothing was predicted and nothing was there to find,
    else 0.0 (predicting nothing when something was there earns no precision); recall is 1.0 when
    nothing was there to find; F1 is 1.0 only when all three counts are zero."""
    precision = tp / (tp + fp) if tp + fp else float(fn == 0)
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return precision, recall, f1


def confusion(records: Records) -> tuple[int, int, int]:
    """(tp, fp, fn) for the positive class each record names."""
    tp = fp = fn = 0
    for r in records:
        gold, pred = r["gold"] == r["positive"], r["pred"] == r["positive"]
        tp += gold and pred
        fp += pred and not gold
        fn += gold and not pred
    return tp, fp, fn


def precision(records: Records) -> float:
    return prf(*confusion(records))[0]


def recall(records: Records) -> float:
    return prf(*confusion(records))[1]


def f1(records: Records) -> float:
    """F1 of the positive class (not macro: a filter is judged on what it should catch)."""
    return prf(*confusion(records))[2]


def auroc(records: Records) -> float:
    """Area under the ROC curve of ``score`` over the records that have one.

    0.5 (what a constant score earns) when fewer than two classes are among them, including when no
    record has a score (generated answers): AUROC is undefined there and 0.5 claims no skill."""
    from sklearn.metrics import roc_auc_score  # imported on use: sklearn slows every CLI start

    scored = [r for r in records if r.get("score") is not None]
    truth = [int(r["gold"] == r["positive"]) for r in scored]
    if len(set(truth)) < 2:
        return 0.5
    return float(roc_auc_score(truth, [float(r["score"]) for r in scored]))


auroc.bootstrap_cap = 100  # type: ignore[attr-defined]  # sklearn: ~1 ms a call


def both_classes(records: Records) -> bool:
    """Precision, recall, F1 and AUROC say little about a group holding one class only (a severity
    group of toxic messages, say): aggregation leaves them out there and keeps accuracy."""
    return len({r["gold"] == r["positive"] for r in records}) == 2


for _metric in (precision, recall, f1, auroc):
    _metric.applies = both_classes  # type: ignore[attr-defined]
