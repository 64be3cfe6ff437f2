"""Character-span metrics (PII detection) and redaction.

A span is ``{"start", "end", "type", "text"}`` with ``end`` exclusive. A predicted span the task could
not locate in the input has ``start == end == -1``: it matches nothing, so it is a false positive.
Record metrics read ``gold`` and ``pred`` (lists of spans) and ``input`` (the text), and are
micro-averaged: true/false positives and false negatives are summed over every span of every record
before precision, recall and F1 are taken (zero-denominator rules: ``binary.prf``).
"""
from __future__ import annotations

from typing import Callable, Mapping, Sequence

from edgebench.metrics.binary import prf

Span = Mapping
Records = Sequence[Mapping]
MODES = ("exact", "partial")


def _same(p: Span, g: Span) -> bool:
    return p["start"] == g["start"] and p["end"] == g["end"] and p["type"] == g["type"]


def _overlap(p: Span, g: Span) -> bool:
    return p["type"] == g["type"] and p["start"] >= 0 and max(p["start"], g["start"]) < min(p["end"], g["end"])


def _max_matching(pred: Sequence[Span], gold: Sequence[Span], ok: Callable[[Span, Span], bool]) -> int:
    """Size of a maximum one-to-one matching (Kuhn's augmenting paths): each gold and each prediction
    is used at most once, and no greedy order can cost a match."""
    owner: dict[int, int] = {}  # gold index -> pred index

    def augment(i: int, visited: set[int]) -> bool:
        for j, g in enumerate(gold):
            if j not in visited and ok(pred[i], g):
                visited.add(j)
                if j not in owner or augment(owner[j], visited):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(pred)))


def span_counts(pred_spans: Sequence[Span], gold_spans: Sequence[Span], mode: str = "exact") -> tuple[int, int, int]:
    """(tp, fp, fn). ``exact``: same start, end and type. ``partial``: same type and at least one
    character in common; each gold span is matched at most once."""
    if mode not in MODES:
        raise ValueError(f"span match mode must be one of {MODES}, not {mode!r}")
    tp = _max_matching(pred_spans, gold_spans, _same if mode == "exact" else _overlap)
    return tp, len(pred_spans) - tp, len(gold_spans) - tp


def span_prf(pred_spans: Sequence[Span], gold_spans: Sequence[Span], mode: str = "exact") -> tuple[float, float, float]:
    """Precision, recall and F1 of one prediction against one gold list."""
    return prf(*span_counts(pred_spans, gold_spans, mode))


def micro_counts(records: Records, mode: str = "exact") -> tuple[int, int, int]:
    totals = [0, 0, 0]
    for r in records:
        for k, n in enumerate(span_counts(r["pred"] or [], r["gold"] or [], mode)):
            totals[k] += n
    return totals[0], totals[1], totals[2]


def span_precision(records: Records) -> float:
    return prf(*micro_counts(records))[0]


def span_recall(records: Records) -> float:
    return prf(*micro_counts(records))[1]


def span_f1(records: Records) -> float:
    """Micro F1 with exact boundaries and type."""
    return prf(*micro_counts(records))[2]


def span_f1_partial(records: Records) -> float:
    """Micro F1 where a same-type overlap counts (lenient on boundaries, e.g. a name without its title)."""
    return prf(*micro_counts(records, "partial"))[2]


def redact(text: str, spans: Sequence[Span]) -> str:
    """``text`` with each span replaced by ``[TYPE]`` (upper case). Unlocated spans (start < 0) are
    skipped; a span overlapping one already redacted (by start order) is skipped too."""
    out, cursor = [], 0
    for s in sorted((s for s in spans if s["start"] >= 0), key=lambda s: (s["start"], -s["end"])):
        if s["start"] < cursor:
            continue
        out += [text[cursor:s["start"]], f"[{str(s['type']).upper()}]"]
        cursor = s["end"]
    return "".join(out) + text[cursor:]


def redaction_exact(records: Records) -> float:
    """Share of records whose redacted text from the predicted spans equals the one from the gold spans
    (what a filter is for: the same characters hidden, under the same type)."""
    return sum(redact(r["input"], r["pred"] or []) == redact(r["input"], r["gold"] or []) for r in records) / len(records)


for _fn in (span_precision, span_recall, span_f1, span_f1_partial, redaction_exact):
    _fn.bootstrap_cap = 200  # type: ignore[attr-defined]  # pure Python per span: bound the resamples
