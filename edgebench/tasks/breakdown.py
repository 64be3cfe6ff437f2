"""``breakdown: [field, ...]``: metrics per value of a row field, with rows that lack the field said, not hidden.

A field no test row has is a typo or the wrong file: an error before any request. Rows that lack a field
some other rows have (``None`` or ``""``, which is how a JSONL row without it reads) form the group
``(missing)``, and results.json counts them, so a metric key never reads ``top1_acc/None``.
"""
from __future__ import annotations

from typing import Any, Iterable, Mapping, Sequence

from edgebench.errors import EdgeBenchError

MISSING = "(missing)"

# What every family's record carries whatever the rows hold (gold, pred, error are computed from the
# answer), so these are not looked for among the rows' own fields before the run.
RECORD_FIELDS = frozenset({"doc_id", "input", "output", "gold", "pred", "error", "scores", "cluster", "cached"})


def _absent(value: Any) -> bool:
    return value is None or value == ""


def group_name(value: Any) -> str:
    """The group a record's field value falls in: the value as text, or ``(missing)``."""
    return MISSING if _absent(value) else str(value)


def groups(records: Sequence[Mapping], fields: Iterable[str]) -> list[tuple[str, list[Mapping]]]:
    """``(/value, records)`` for each value of each field, sorted by value, ``(missing)`` last."""
    out: list[tuple[str, list[Mapping]]] = []
    for field in fields:
        names = {group_name(r.get(field)) for r in records}
        for name in sorted(names - {MISSING}) + ([MISSING] if MISSING in names else []):
            out.append((f"/{name}", [r for r in records if group_name(r.get(field)) == name]))
    return out


def check_fields(task: str, fields: Sequence[str], rows: Any) -> None:
    """Raise when a breakdown field is in none of ``rows`` (the test docs: a ``Dataset`` or a list of
    dicts), naming the fields they do have."""
    columns = (lambda f: rows[f] if f in rows.column_names else []) if hasattr(rows, "column_names") \
        else (lambda f: [row.get(f) for row in rows])
    names = rows.column_names if hasattr(rows, "column_names") else sorted({k for row in rows for k in row})
    for field in fields:
        if field in RECORD_FIELDS or not all(_absent(v) for v in columns(field)):
            continue
        have = [name for name in names if not all(_absent(v) for v in columns(name))]
        raise EdgeBenchError(f"task '{task}': breakdown field '{field}' is in none of the test rows (they have: "
                             f"{', '.join(sorted(have))}); name one of those in 'breakdown' or add the field to "
                             f"the rows")


def missing_counts(records: Sequence[Mapping], fields: Iterable[str]) -> dict[str, int]:
    """For results.json: how many records each breakdown field's ``(missing)`` group holds (none: left out)."""
    counts = {field: sum(_absent(r.get(field)) for r in records) for field in fields}
    return {field: n for field, n in counts.items() if n}
