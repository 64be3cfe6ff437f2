"""Classification metrics over per-sample records.

A record carries ``gold`` (a label), ``pred`` (a label, or None when the output could not be
parsed: always wrong) and, for scored tasks, ``ranking`` (labels, best first).
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
