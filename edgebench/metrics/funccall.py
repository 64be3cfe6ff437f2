"""Function-call scoring with the Berkeley Function Calling Leaderboard's (BFCL) AST rules.

A gold call is ``{"name": f, "arguments": {param: [acceptable values, ...]}}``; "" among the
acceptable values means the parameter may be omitted. A predicted call is
``{"name": f, "arguments": {param: value}}``. The rules for one call (``match_call``), checked in
this order, each failure typed:

- ``wrong_function``: the name differs (exact, after stripping spaces).
- ``missing_required``: a gold parameter that may not be omitted is absent. A value of ``null``
  or "" counts as absent.
- ``unexpected_argument``: a predicted parameter the gold call does not list (gold lists every
  parameter of the function, so this is a parameter the function does not have).
- ``wrong_type`` / ``wrong_value``: a value equals no acceptable value; ``wrong_type`` when its JSON
  type (boolean, number, string, array, object, null) is the type of none of them.

Value equality, after light normalisation: strings are casefolded, whitespace-collapsed and
stripped of surrounding space and trailing ``. ! ?``; numbers compare numerically (``1 == 1.0``);
a string never equals a number (``"20"`` matches only where "20" itself is acceptable: the
generator lists it beside ``20``); booleans equal only booleans; arrays compare item by item, in
order (the generator lists the orders it accepts); objects key by key.

Several calls (``match_calls``) are matched order-free: the assignment of predicted to gold calls
that maximises exact matches, then matching names, then correct arguments. Call-level errors:
``parse_error`` (no readable calls), ``wrong_count``, ``called_when_irrelevant``,
``no_call_when_needed``; otherwise the first failing pair's error, in gold order.

Argument triples (function, parameter, value-correct): precision counts the predicted arguments
whose value is acceptable in the assigned gold call of the same name; recall counts the gold
arguments that may not be omitted and were given correctly.

Record metrics read ``record["scores"]`` (see ``score_record``). ``irrelevance_acc`` averages over
``category == "irrelevance"`` records only and is 1.0 when there are none. Argument precision
(recall) with no predicted (gold) arguments at all is 1.0 when the other side is empty too, else 0.0.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from edgebench.metrics.stats import mean_score as _mean

Records = Sequence[Mapping]
Call = Mapping[str, Any]

ERRORS = ("wrong_function", "missing_required", "unexpected_argument", "wrong_type", "wrong_value", "parse_error",
          "wrong_count", "called_when_irrelevant", "no_call_when_needed")


def _kind(value: Any) -> str:
    if isinstance(value, bool):  # before numbers: True == 1 in Python, never in a call
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), "null" if value is None else "other")


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".!?").strip()


def values_equal(pred: Any, gold: Any) -> bool:
    kind = _kind(pred)
    if kind != _kind(gold):
        return False
    if kind == "number":
        return abs(pred - gold) <= 1e-9 * max(1.0, abs(gold))
    if kind == "string":
        return _norm(pred) == _norm(gold)
    if kind == "array":
        return len(pred) == len(gold) and all(values_equal(p, g) for p, g in zip(pred, gold))
    if kind == "object":
        return pred.keys() == gold.keys() and all(values_equal(pred[k], gold[k]) for k in pred)
    return pred == gold


def _omit(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value == "")


def _may_omit(acceptable: Sequence) -> bool:
    return any(isinstance(v, str) and v == "" for v in acceptable)


def _given(pred_call: Call) -> dict[str, Any]:
    return {k: v for k, v in (pred_call.get("arguments") or {}).items() if not _omit(v)}


def _well_formed(pred_call: Any) -> bool:
    return (isinstance(pred_call, Mapping) and isinstance(pred_call.get("name"), str)
            and isinstance(pred_call.get("arguments") or {}, Mapping))


def value_ok(value: Any, acceptable: Sequence) -> bool:
    return any(values_equal(value, a) for a in acceptable if not (isinstance(a, str) and a == ""))


def match_call(pred_call: Call, gold_call: Call) -> tuple[bool, str | None]:
    """``(True, None)`` when the predicted call matches the gold call, else ``(False, error type)``."""
    if not _well_formed(pred_call):
        return False, "parse_error"
    if pred_call["name"].strip() != gold_call["name"]:
        return False, "wrong_function"
    gold_args, given = gold_call["arguments"], _given(pred_call)
    if any(p not in given and not _may_omit(acc) for p, acc in gold_args.items()):
        return False, "missing_required"
    if any(p not in gold_args for p in given):
        return False, "unexpected_argument"
    for param, value in given.items():
        acceptable = gold_args[param]
        if value_ok(value, acceptable):
            continue
        kinds = {_kind(a) for a in acceptable if not (isinstance(a, str) and a == "")}
        return False, "wrong_type" if kinds and _kind(value) not in kinds else "wrong_value"
    return True, None


def arg_counts(pred_call: Call | None, gold_call: Call | None) -> tuple[int, int, int, int]:
    """``(correct predicted, predicted, correct gold, gold)`` argument triples of one pairing."""
    given = _given(pred_call) if pred_call is not None and _well_formed(pred_call) else {}
    gold_args = gold_call["arguments"] if gold_call is not None else {}
    must = [p for p, acc in gold_args.items() if not _may_omit(acc)]
    if not given or gold_call is None or pred_call["name"].strip() != gold_call["name"]:
        return 0, len(given), 0, len(must)
    hits = {p for p, v in given.items() if p in gold_args and value_ok(v, gold_args[p])}
    return len(hits), len(given), len(hits & set(must)), len(must)


@dataclass(frozen=True)
class CallsMatch:
    exact: bool
    error: str | None
    names_ok: bool  # the predicted names equal the gold names as a multiset
    arg_hits_pred: int
    arg_pred: int
    arg_hits_gold: int
    arg_gold: int


def _assign(pred: Sequence[Call], gold: Sequence[Call]) -> list[tuple[int, int]]:
    """Pairs (pred index, gold index) of the best order-free assignment."""
    from scipy.optimize import linear_sum_assignment  # imported on use: scipy is slow to import

    def gain(p: Call, g: Call) -> float:
        hp, _, hg, _ = arg_counts(p, g)
        same = _well_formed(p) and p["name"].strip() == g["name"]
        return 10_000 * match_call(p, g)[0] + 100 * same + hp + hg

    matrix = [[gain(p, g) for g in gold] for p in pred]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return sorted(zip(rows.tolist(), cols.tolist()), key=lambda pair: pair[1])


def match_calls(pred_calls: Sequence[Call] | None, gold_calls: Sequence[Call]) -> CallsMatch:
    """Score a list of predicted calls (None: the output could not be read) against the gold calls."""
    gold_must = sum(arg_counts(None, g)[3] for g in gold_calls)
    if pred_calls is None or not all(_well_formed(c) for c in pred_calls):
        return CallsMatch(False, "parse_error", False, 0, 0, 0, gold_must)
    n_pred = sum(len(_given(c)) for c in pred_calls)
    names_ok = Counter(c["name"].strip() for c in pred_calls) == Counter(g["name"] for g in gold_calls)
    if not gold_calls or not pred_calls:
        error = None if not gold_calls and not pred_calls else (
            "called_when_irrelevant" if not gold_calls else "no_call_when_needed")
        return CallsMatch(error is None, error, names_ok, 0, n_pred, 0, gold_must)
    pairs = _assign(pred_calls, gold_calls)
    counts = [arg_counts(pred_calls[i], gold_calls[j]) for i, j in pairs]
    hits_pred, hits_gold = sum(c[0] for c in counts), sum(c[2] for c in counts)
    if len(pred_calls) != len(gold_calls):
        return CallsMatch(False, "wrong_count", names_ok, hits_pred, n_pred, hits_gold, gold_must)
    errors = [match_call(pred_calls[i], gold_calls[j])[1] for i, j in pairs]
    error = next((e for e in errors if e), None)
    return CallsMatch(error is None, error, names_ok, hits_pred, n_pred, hits_gold, gold_must)


def score_record(match: CallsMatch) -> dict[str, int]:
    """The per-sample ``scores`` a task stores; the metrics below aggregate them."""
    return {"func_name_acc": int(match.names_ok), "call_exact": int(match.exact),
            "arg_hits_pred": match.arg_hits_pred, "arg_pred": match.arg_pred,
            "arg_hits_gold": match.arg_hits_gold, "arg_gold": match.arg_gold}


# -- record metrics: fn(records) -> float --------------------------------------------------------
def _ratio(hits: int, total: int, other_side: int) -> float:
    return hits / total if total else float(other_side == 0)


def func_name_acc(records: Records) -> float:
    """Share of records whose called function names equal the gold names (none for irrelevance)."""
    return _mean(records, "func_name_acc")


def call_exact(records: Records) -> float:
    """Share of records whose calls all match exactly (for irrelevance: no call at all)."""
    return _mean(records, "call_exact")


def arg_precision(records: Records) -> float:
    """Micro-averaged: correct predicted arguments over predicted arguments."""
    s = lambda k: sum(r["scores"][k] for r in records)  # noqa: E731
    return _ratio(s("arg_hits_pred"), s("arg_pred"), s("arg_gold"))


def arg_recall(records: Records) -> float:
    """Micro-averaged: required gold arguments given correctly over required gold arguments."""
    s = lambda k: sum(r["scores"][k] for r in records)  # noqa: E731
    return _ratio(s("arg_hits_gold"), s("arg_gold"), s("arg_pred"))


def arg_f1(records: Records) -> float:
    p, r = arg_precision(records), arg_recall(records)
    return 2 * p * r / (p + r) if p + r else 0.0


def _has_irrelevance(records: Records) -> bool:
    return any(r.get("category") == "irrelevance" for r in records)


def irrelevance_acc(records: Records) -> float:
    """Share of irrelevance records answered with no call (1.0 when there are none; aggregation
    omits the metric for such groups, see ``applies``)."""
    relevant = [r for r in records if r.get("category") == "irrelevance"]
    return _mean(relevant, "call_exact") if relevant else 1.0


irrelevance_acc.applies = _has_irrelevance  # type: ignore[attr-defined]


def _has_gold_calls(records: Records) -> bool:
    return any(r.get("category") != "irrelevance" for r in records)


# Over irrelevance rows alone there are no gold arguments: the ratios would be a vacuous 1.0 (0 of 0) even
# for unreadable answers, so a breakdown group of irrelevance rows leaves the argument metrics out.
for _metric in (arg_precision, arg_recall, arg_f1):
    _metric.applies = _has_gold_calls  # type: ignore[attr-defined]


METRICS = (func_name_acc, arg_precision, arg_recall, arg_f1, call_exact, irrelevance_acc)
