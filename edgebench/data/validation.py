"""The quality validator: named levels a generated (or paraphrased) row must pass.

Levels, in order: ``parses`` (the text is usable), ``schema_valid`` (the gold answer is valid for its
schema), ``gold_in_text`` (every gold value can still be read in the text), ``no_leak`` (the text
does not give the answer away), ``not_duplicate`` (no other row has this text). A family supplies
the checks it can make; a level it does not supply passes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

LEVELS = ("parses", "schema_valid", "gold_in_text", "no_leak", "not_duplicate")

Row = Mapping
RowCheck = Callable[[Row], bool]


def normalise(text: str) -> str:
    """Lower case, accents folded, whitespace collapsed: how gold values are looked up in text."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(r"\s+", " ", text.lower()).strip()


def contains_all(text: str, values: Iterable[str]) -> bool:
    haystack = normalise(text)
    return all(normalise(v) in haystack for v in values if str(v).strip())


def contains_any(text: str, values: Iterable[str]) -> bool:
    haystack = normalise(text)
    return any(normalise(v) in haystack for v in values if str(v).strip())


@dataclass
class Checks:
    """A family's checks. ``gold_values(row)`` must all appear in ``row['text']``;
    ``leaks(row)`` must not; ``schema_valid(row)`` checks the gold answer itself."""

    gold_values: Callable[[Row], Sequence[str]] | None = None
    leaks: Callable[[Row], Sequence[str]] | None = None
    schema_valid: RowCheck | None = None
    text_field: str = "text"


@dataclass
class Report:
    checked: int = 0
    passed: dict[str, int] = field(default_factory=lambda: {level: 0 for level in LEVELS})
    kept: int = 0

    def rates(self) -> dict[str, float]:
        return {level: round(self.passed[level] / self.checked, 4) if self.checked else 1.0 for level in LEVELS}

    def as_dict(self) -> dict:
        return {"checked": self.checked, "kept": self.kept, "pass_rate": self.rates()}


def failed_levels(row: Row, checks: Checks, seen: set[str]) -> list[str]:
    """The levels a row fails (empty: it passes). Adds its text to ``seen``."""
    text = row.get(checks.text_field)
    failed = []
    if not isinstance(text, str) or not text.strip():
        failed.append("parses")
        text = ""
    if checks.schema_valid is not None and not checks.schema_valid(row):
        failed.append("schema_valid")
    if checks.gold_values is not None and not contains_all(text, checks.gold_values(row)):
        failed.append("gold_in_text")
    if checks.leaks is not None and contains_any(text, checks.leaks(row)):
        failed.append("no_leak")
    key = normalise(text)
    if key in seen:
        failed.append("not_duplicate")
    seen.add(key)
    return failed


def validate(rows: Iterable[Row], checks: Checks, report: Report | None = None,
             seen: set[str] | None = None) -> tuple[list[Row], Report]:
    """Keep the rows that pass every level; count passes per level over all rows checked."""
    report = report or Report()
    seen = set() if seen is None else seen
    kept = []
    for row in rows:
        failed = failed_levels(row, checks, seen)
        report.checked += 1
        for level in LEVELS:
            report.passed[level] += level not in failed
        if not failed:
            kept.append(row)
            report.kept += 1
    return kept, report
