"""A user's JSON-lines file, read row by row with every field's type checked before a run starts.

``datasets.load_dataset("json")`` infers one Arrow type per column and silently re-encodes a column
whose rows disagree (one integer label turns every label into its JSON text), so a single odd value
would change every score without a word. Here each row is read with ``json`` and each field the task
uses is checked; the first bad one is an error naming the file, the line and the field.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping, Sequence

from edgebench.errors import EdgeBenchError

SCALARS = (str, int, float, bool, type(None))


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", list: "a list", dict: "an object",
            type(None): "null"}.get(type(value), type(value).__name__)


def read_rows(path: Path, shown: str, task: str, strings: Sequence[str],
              present: Sequence[str] = ()) -> list[tuple[int, dict[str, Any]]]:
    """(line number, row) for each row of ``path`` (``shown`` is how the config names it). Every field in
    ``strings`` must be a non-empty string in every row and every field in ``present`` there (kept as
    it is); other fields are kept when they are scalars (for ``breakdown``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise EdgeBenchError(f"task '{task}': cannot read data file '{shown}' ({exc.strerror}); check the path") from None
    rows: list[tuple[int, dict[str, Any]]] = []
    for n, line in enumerate(raw.splitlines(), 1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise EdgeBenchError(f"task '{task}': {shown} line {n} is not UTF-8 (byte {exc.start + 1}); "
                                 f"save the file as UTF-8") from None
        if not text.strip():
            continue
        try:
            row = json.loads(text)
        except ValueError as exc:
            raise EdgeBenchError(f"task '{task}': {shown} line {n} is not valid JSON ({exc.msg} at column "
                                 f"{exc.colno}); one JSON object per line") from None
        if not isinstance(row, dict):
            raise EdgeBenchError(f"task '{task}': {shown} line {n} is {_kind(row)}, not a JSON object; "
                                 f"one JSON object per line")
        rows.append((n, checked(task, f"{shown} line {n}", row, strings, present)))
    return rows


def checked(task: str, where: str, row: Mapping[str, Any], strings: Sequence[str], present: Sequence[str] = (),
            as_text: str = "write it as a JSON string") -> dict[str, Any]:
    """``row`` (read at ``where``, e.g. ``data.csv line 4``) once every field in ``strings`` is a non-empty
    string and every field in ``present`` is there (kept as it is); other fields are kept when they are
    scalars (for ``breakdown``). ``as_text`` is how the container writes a value as text."""
    for field in (*strings, *present):
        if field not in row:
            raise EdgeBenchError(f"task '{task}': {where} has no '{field}' field; add it, or name "
                                 f"the field the file uses in the config's dataset")
        value = row[field]
        if field in present or (isinstance(value, str) and value.strip()):
            continue
        if isinstance(value, str):
            problem, fix = "an empty string", "give it a value or drop the row"
        else:
            problem = f"{_kind(value)} ({json.dumps(value, default=str)[:40]})"
            fix = as_text + (f' ("{value}")' if type(value) in (int, float) else "")
        raise EdgeBenchError(f"task '{task}': {where}: '{field}' is {problem}, not a non-empty "
                             f"string; {fix}")
    return {k: v for k, v in row.items() if k in strings or k in present or isinstance(v, SCALARS)}


def uniform(rows_by_split: Mapping[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Every row of every split with the same columns (None where a row lacks one) and each extra
    column as text, so that Arrow infers one type per column whatever the rows hold."""
    columns = sorted({k for rows in rows_by_split.values() for row in rows for k in row})
    out = {}
    for split, rows in rows_by_split.items():
        out[split] = [{k: (row.get(k) if row.get(k) is None or isinstance(row.get(k), str) else json.dumps(row[k]))
                       for k in columns} for row in rows]
    return out
