"""A user's rows from any container: JSON lines, CSV, Parquet, or a ``datasets.save_to_disk`` folder.

``dataset.files`` maps split names to files, the format chosen by extension (``.jsonl`` / ``.json``:
JSON lines, ``.csv``, ``.parquet``); ``dataset.path`` names a folder written by ``save_to_disk`` (a
DatasetDict with its splits, or one Dataset: the test split, or the ``split_from`` split). Every
container yields the same ``(position, row)`` pairs with the same per-field checks (``jsonl.checked``);
the position is the line for JSON lines and CSV, the row index (from 0, as pandas and datasets count)
for Parquet and saved folders, and every error names it.

JSON lines are read by ``edgebench.data.userdata.jsonl``; CSV by the standard library's ``csv`` (it knows the
line each row starts on, which pandas does not, and keeps each cell as its text, where pandas guesses
types); Parquet by ``pyarrow``; folders by ``datasets.load_from_disk``. Where a container holds a
JSON-valued field (gold objects, spans, functions, chat turns) as text, as every CSV cell is, a cell
starting with ``[`` or ``{`` is read as JSON. ``dataset.split_from`` draws the test split from one split
(``edgebench.data.userdata.split_from``).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from edgebench.data.userdata import jsonl, split_from
from edgebench.errors import EdgeBenchError
from edgebench.file_hashes import sha256_of

# the dataset keys that name the user's data, for each family's FROM_FILES schema
PROPERTIES = {
    "files": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}},
    "path": {"type": "string"},
    "split_from": {"type": "string"},
    "test_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "seed": {"type": "integer"},
}
USER_DATA = {"anyOf": [{"required": ["files"]}, {"required": ["path"]}]}  # a dataset block with the user's data
FORMATS = {".jsonl": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}
TABLE_TEXT = "store the column as strings"  # how a Parquet/Arrow value becomes text


def config_schema(*fields: str) -> dict[str, Any]:
    """The ``dataset`` block of a family that reads the user's data: ``files`` or ``path``, ``split_from``,
    ``text_field``, ``cluster_field`` and the family's own string keys ``fields`` (``label_field``, ...)."""
    names = ("text_field", *fields, "cluster_field")
    return {"type": "object", **USER_DATA, "additionalProperties": False,
            "properties": {**PROPERTIES, **{name: {"type": "string"} for name in names}}}


def is_user(spec: Mapping[str, Any]) -> bool:
    """Whether a dataset block names the user's data (``files`` or ``path``) rather than a generator."""
    return "files" in spec or "path" in spec


@dataclass
class Part:
    """One split's rows: ``shown`` is how the config names their file, ``unit`` is ``line`` or ``row``."""

    shown: str
    unit: str
    rows: list[tuple[int, dict[str, Any]]]

    def where(self, n: int) -> str:
        return f"{self.shown} {self.unit} {n}"


def _json_cells(task: str, where: str, row: dict[str, Any], fields: Sequence[str]) -> dict[str, Any]:
    """``row`` with each of ``fields`` that is text starting with ``[`` or ``{`` read as JSON."""
    for field in fields:
        value = row.get(field)
        if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):
            try:
                row[field] = json.loads(value)
            except ValueError as exc:
                raise EdgeBenchError(f"task '{task}': {where}: '{field}' starts like JSON but is not valid JSON "
                                     f"({exc.msg} at column {exc.colno}); write the cell as JSON text") from None
    return row


def _csv(task: str, path: Path, shown: str, strings: Sequence[str], present: Sequence[str]) -> Part:
    raw = _read_bytes(task, path, shown)
    try:
        text = raw.decode("utf-8-sig")  # -sig: spreadsheets often start the file with a byte-order mark
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise EdgeBenchError(f"task '{task}': {shown} line {line} is not UTF-8; save the file as UTF-8 CSV") from None
    csv.field_size_limit(1 << 30)  # a cell may hold a long JSON list of functions or chat turns
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, dict[str, Any]]] = []
    header: list[str] | None = None
    before = 0
    try:
        for cells in reader:
            n, before = before + 1, reader.line_num  # the line the row starts on (a quoted cell may span lines)
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = [cell.strip() for cell in cells]
                twice = sorted({c for c in header if header.count(c) > 1 or not c})
                if twice:
                    raise EdgeBenchError(f"task '{task}': {shown} line {n}: the header names "
                                         f"{', '.join(repr(c) for c in twice)} twice or not at all; give each "
                                         f"column one name")
                continue
            if len(cells) != len(header):
                raise EdgeBenchError(f"task '{task}': {shown} line {n} has {len(cells)} cells, the header "
                                     f"{len(header)}; quote cells that hold commas")
            where = f"{shown} line {n}"
            row = _json_cells(task, where, dict(zip(header, cells)), present)
            rows.append((n, jsonl.checked(task, where, row, strings, present)))
    except csv.Error as exc:
        raise EdgeBenchError(f"task '{task}': {shown} line {reader.line_num} is not valid CSV ({exc}); "
                             f"fix the quoting") from None
    return Part(shown, "line", rows)


def _table(task: str, rows: Iterable[dict[str, Any]], shown: str, strings: Sequence[str],
           present: Sequence[str]) -> Part:
    out = []
    for i, row in enumerate(rows):
        where = f"{shown} row {i}"
        out.append((i, jsonl.checked(task, where, _json_cells(task, where, row, present), strings, present,
                                     TABLE_TEXT)))
    return Part(shown, "row", out)


def _parquet(task: str, path: Path, shown: str, strings: Sequence[str], present: Sequence[str]) -> Part:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise EdgeBenchError(f"task '{task}': {shown} is not a readable Parquet file ({first[:80]}); "
                             f"write it with pandas' to_parquet or pyarrow") from None
    return _table(task, table.to_pylist(), shown, strings, present)


def _read_bytes(task: str, path: Path, shown: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise EdgeBenchError(f"task '{task}': cannot read data file '{shown}' ({exc.strerror}); "
                             f"check the path") from None


def _file(task: Any, rel: str, strings: Sequence[str], present: Sequence[str]) -> Part:
    kind = FORMATS.get(Path(rel).suffix.lower())
    if kind is None:
        raise EdgeBenchError(f"task config '{task.source.label}': data file '{rel}' has an unknown format "
                             f"('{Path(rel).suffix or 'no extension'}'); name it .jsonl (JSON lines), .csv or "
                             f".parquet, or give a save_to_disk folder as dataset.path")
    path = task.resolve_file(rel)
    if kind == "jsonl":
        return Part(rel, "line", jsonl.read_rows(path, rel, task.name, strings, present))
    return (_csv if kind == "csv" else _parquet)(task.name, path, rel, strings, present)


def _folder_path(task: Any, rel: str) -> Path:
    folder = task.source.path.parent / rel
    if not folder.is_dir():
        raise EdgeBenchError(f"task config '{task.source.label}': dataset.path '{rel}' is not a folder (paths are "
                             f"relative to the config's folder)")
    return folder


def _folder(task: Any, spec: Mapping[str, Any], strings: Sequence[str], present: Sequence[str]) -> dict[str, Part]:
    import datasets
    import pyarrow as pa

    rel = spec["path"]
    try:
        data = datasets.load_from_disk(str(_folder_path(task, rel)))
    except (OSError, ValueError, KeyError, TypeError, pa.ArrowException) as exc:
        raise EdgeBenchError(f"task config '{task.source.label}': dataset.path '{rel}' is not a folder written by "
                             f"datasets' save_to_disk ({type(exc).__name__}); save it with Dataset.save_to_disk "
                             f"or DatasetDict.save_to_disk") from None
    if isinstance(data, datasets.Dataset):  # one Dataset: the split the test split is drawn from, else test
        return {spec.get("split_from", "test"): _table(task.name, data.to_list(), rel, strings, present)}
    return {name: _table(task.name, split.to_list(), f"{rel.rstrip('/')}/{name}", strings, present)
            for name, split in data.items()}


def _split(task: Any, spec: Mapping[str, Any], parts: dict[str, Part]) -> dict[str, Part]:
    source = spec["split_from"]
    if source == "test":
        raise EdgeBenchError(f"task '{task.name}': dataset.split_from names the split to draw the test split "
                             f"from; name another split than 'test' (it has: {', '.join(parts)})")
    if source not in parts:
        raise EdgeBenchError(f"task '{task.name}': dataset.split_from names split '{source}', which the data does "
                             f"not have (it has: {', '.join(parts)}); name one of them")
    if "test" in parts:
        raise EdgeBenchError(f"task '{task.name}': dataset.split_from draws the test split from '{source}', but "
                             f"the data has a 'test' split already; drop split_from or the test split")
    part = parts[source]
    for n, row in part.rows:  # a row without an id is named where it is, not by the split it lands in
        row.setdefault("id", f"{source}/{n}")
    cluster = spec.get("cluster_field") or split_from.default_cluster_field([row for _, row in part.rows])
    rest, test = split_from.draw(task.name, source, part.rows, spec.get("test_share", split_from.DEFAULT_SHARE),
                                 spec.get("seed", split_from.DEFAULT_SEED), cluster)
    return {**parts, source: Part(part.shown, part.unit, rest), "test": Part(part.shown, part.unit, test)}


def read_splits(task: Any, spec: Mapping[str, Any], strings: Sequence[str],
                present: Sequence[str] = ()) -> dict[str, Part]:
    """Every split's rows, each field in ``strings`` a non-empty string and each in ``present`` there
    (see ``jsonl.checked``), with the test split drawn by ``split_from`` where the config says so."""
    label = task.source.label
    if "files" in spec and "path" in spec:
        raise EdgeBenchError(f"task config '{label}': dataset.files (a file per split) and dataset.path (a "
                             f"save_to_disk folder) exclude each other; keep one")
    unused = [k for k in ("test_share", "seed") if k in spec and "split_from" not in spec]
    if unused:
        raise EdgeBenchError(f"task config '{label}': dataset.{' and '.join(unused)} apply to a test split drawn "
                             f"with dataset.split_from; add split_from or drop them")
    if "path" in spec:
        parts = _folder(task, spec, strings, present)
    else:
        parts = {split: _file(task, rel, strings, present) for split, rel in spec["files"].items()}
    for part in parts.values():
        for _, row in part.rows:
            if "id" in row and row["id"] in (None, ""):  # an empty CSV cell or a null: no id, the default applies
                del row["id"]
    if "split_from" in spec:
        parts = _split(task, spec, parts)
    if "test" not in parts:
        raise EdgeBenchError(f"task '{task.name}': the data has no 'test' split (it has: {', '.join(parts)}); add "
                             f"one, or set dataset.split_from to draw it from another split")
    return parts


def digest(task: Any, spec: Mapping[str, Any]) -> str:
    """sha256 of every data file's bytes (a folder: each of its files, by relative path) and of the
    dataset keys that shape the splits: the part of a cache key that follows the user's data."""
    if "path" in spec:
        folder = _folder_path(task, spec["path"])
        files = {p.relative_to(folder).as_posix(): sha256_of(p) for p in sorted(folder.rglob("*")) if p.is_file()}
    else:
        files = {split: sha256_of(task.resolve_file(rel)) for split, rel in spec["files"].items()}
    keys = {k: v for k, v in spec.items() if k not in ("files", "path")}
    return hashlib.sha256(json.dumps({"files": files, "keys": keys}, sort_keys=True).encode()).hexdigest()
