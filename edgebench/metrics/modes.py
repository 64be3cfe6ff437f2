"""Metrics of the app modes' tasks: explain (edge_intent_explain), aggregate (edge_aggregate) and guard
(edge_guard). Each reads the per-sample ``scores`` its task's ``process`` writes."""
from __future__ import annotations

from typing import Mapping, Sequence

from edgebench.metrics.binary import prf
from edgebench.metrics.stats import mean_score as _mean

Records = Sequence[Mapping]


def _mean_known(records: Records, name: str) -> float:
    """The mean over the records that have a value (a backend that reports no token counts has none)."""
    known = [float(r["scores"][name]) for r in records if r["scores"].get(name) is not None]
    return sum(known) / len(known) if known else float("nan")


# -- explain ----------------------------------------------------------------------------------------
def explain_parse_rate(records: Records) -> float:
    """Share of answers with a thought block and a readable label in the JSON after it."""
    return _mean(records, "parsed")


def rationale_grounded(records: Records) -> float:
    """Share of rationales that cite at least one quoted phrase, every one found in the message."""
    return _mean(records, "grounded")


def explained_acc(records: Records) -> float:
    """Share of answers with the right label and a grounded rationale."""
    return _mean(records, "explained")


# -- aggregate --------------------------------------------------------------------------------------
def state_parse_rate(records: Records) -> float:
    """Share of rounds whose answer parsed as a JSON object (the state moved on)."""
    return _mean(records, "state_parse_rate")


def read_ratio(records: Records) -> float:
    """Mean of prompt tokens read over all rounds / the estimated all-at-once prompt's tokens."""
    return _mean_known(records, "read_ratio")


def context_ratio(records: Records) -> float:
    """Mean of the largest single round's prompt tokens / the estimated all-at-once prompt's tokens."""
    return _mean_known(records, "context_ratio")


# -- guard ------------------------------------------------------------------------------------------
def route_acc(records: Records) -> float:
    """Share of messages routed right after the rule layer."""
    return _mean(records, "route")


def route_macro_f1(records: Records) -> float:
    """Macro-F1 over the gold routes present."""
    golds = [r["gold"]["route"] for r in records]
    f1s = []
    for route in sorted(set(golds)):
        tp = sum(g == route and r["pred"]["route"] == route for g, r in zip(golds, records))
        fp = sum(g != route and r["pred"]["route"] == route for g, r in zip(golds, records))
        fn = sum(g == route and r["pred"]["route"] != route for g, r in zip(golds, records))
        f1s.append(prf(tp, fp, fn)[2])
    return sum(f1s) / len(f1s) if f1s else 0.0


def flag_acc(records: Records) -> float:
    """Share of messages with both the spam and the toxicity flag right."""
    return _mean(records, "flags")


def guard_span_f1(records: Records) -> float:
    """Micro F1 of the PII spans (exact boundaries and type)."""
    tp, fp, fn = (sum(int(r["scores"][k]) for r in records) for k in ("tp", "fp", "fn"))
    return prf(tp, fp, fn)[2]


def guard_redaction_exact(records: Records) -> float:
    """Share of messages whose redacted text equals the gold redaction."""
    return _mean(records, "redaction_exact")


def guard_exact(records: Records) -> float:
    """Share of messages with route, flags and redaction all right."""
    return _mean(records, "exact")


for _fn in (read_ratio, context_ratio):  # left out where the backend reports no prompt tokens
    _fn.applies = lambda records, _n=_fn.__name__: any(  # type: ignore[attr-defined]
        r["scores"].get(_n) is not None for r in records)
route_macro_f1.bootstrap_cap = 200  # type: ignore[attr-defined]

GROUPS = {
    ("intent_explain",): (explain_parse_rate, rationale_grounded, explained_acc),
    ("aggregate",): (state_parse_rate, read_ratio, context_ratio),
    ("guard",): (route_acc, route_macro_f1, flag_acc, guard_span_f1, guard_redaction_exact, guard_exact),
}
