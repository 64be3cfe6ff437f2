"""EdgeJSON from the user's files: a text, its gold object and the object's JSON Schema per row.

The rows come from JSON lines, CSV, Parquet or a saved folder (``edgebench.data.userdata.user_files``).

The schema is one file for the task (``dataset.schema``) or each row's own (``dataset.schema_field``):
an inline JSON Schema object, or a name looked up as ``<schema_dir>/<name>.json`` (by default the
built-in ``task_configs/schemas``). Rows become the generator's shape (``text``, ``schema`` name,
``gold`` as JSON text) plus ``schema_json``, the schema itself: a copy of the task that shares the
rows (``--json-lock both``) then finds every schema in them. Every gold object is validated against
its schema; every problem is one line naming the file, the line and the field.
"""
from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Mapping

from datasets import Dataset, DatasetDict
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match

from edgebench.data.userdata import jsonl, user_files
from edgebench.data.store import fingerprint_rows
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import schema_validator

FROM_FILES = user_files.config_schema("gold_field", "schema", "schema_field", "schema_dir")
NAME = re.compile(r"^[A-Za-z0-9_.-]+$")  # a schema name is a file stem, never a path


def _checked(task: str, where: str, schema: Any) -> dict[str, Any]:
    if not isinstance(schema, dict):
        raise EdgeBenchError(f"task '{task}': {where} is {json.dumps(schema)[:40]}, not a JSON Schema object")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise EdgeBenchError(f"task '{task}': {where} is not a valid JSON Schema ({exc.message}); fix it") from None
    return schema


def _read(task: str, path: Path, shown: str) -> dict[str, Any]:
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise EdgeBenchError(f"task '{task}': schema file '{shown}' is not readable JSON "
                             f"({getattr(exc, 'msg', None) or type(exc).__name__}); fix the file") from None
    return _checked(task, f"schema file '{shown}'", schema)


class _Schemas:
    """Each schema a row names, read and checked once, and its validator."""

    def __init__(self, task: Any, spec: Mapping[str, Any]) -> None:
        self.task = task
        self.by_name: dict[str, dict[str, Any]] = {}
        self.validators: dict[str, Draft202012Validator] = {}
        if "schema_dir" in spec:
            self.dir_shown = spec["schema_dir"]
            self.dir = task.source.path.parent / spec["schema_dir"]
            if not self.dir.is_dir():
                raise EdgeBenchError(f"task config '{task.source.label}': schema_dir '{self.dir_shown}' is not a "
                                     f"folder (paths are relative to the config's folder)")
        else:
            self.dir_shown, self.dir = "the built-in schemas", Path(str(package_files("task_configs"))) / "schemas"
        self.fixed = None
        if "schema" in spec:
            name = Path(spec["schema"]).stem
            self.fixed = self._add(name, _read(task.name, task.resolve_file(spec["schema"]), spec["schema"]))

    def _add(self, name: str, schema: dict[str, Any]) -> str:
        if name not in self.by_name:
            self.by_name[name], self.validators[name] = schema, schema_validator(schema)
        return name

    def of(self, value: Any, where: str, field: str) -> str:
        """The name of a row's schema: a name in the schema folder, or an inline schema's digest."""
        if isinstance(value, dict):
            _checked(self.task.name, f"{where}: '{field}'", value)
            digest = hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:12]
            return self._add(f"inline-{digest}", value)
        if not isinstance(value, str) or not NAME.match(value):
            raise EdgeBenchError(f"task '{self.task.name}': {where}: '{field}' is {json.dumps(value)[:40]}; give a "
                                 f"schema name (letters, digits, _ . -) or a JSON Schema object")
        if value not in self.by_name:
            path = self.dir / f"{value}.json"
            if not path.is_file():
                raise EdgeBenchError(f"task '{self.task.name}': {where}: '{field}' names schema '{value}', which is "
                                     f"not in {self.dir_shown} (no {value}.json); fix the name or set "
                                     f"dataset.schema_dir")
            self._add(value, _read(self.task.name, path, f"{self.dir_shown}/{value}.json"))
        return value


def _gold(task: str, where: str, field: str, value: Any, schema_name: str,
          validator: Draft202012Validator) -> str:
    """The gold object as JSON text (json.dumps' default layout, as the lock writes it), once it validates."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise EdgeBenchError(f"task '{task}': {where}: '{field}' is text but not JSON ({exc.msg}); write the "
                                 f"gold object or its JSON text") from None
    if not isinstance(value, dict):
        raise EdgeBenchError(f"task '{task}': {where}: '{field}' is {json.dumps(value)[:40]}, not a JSON object")
    error = best_match(validator.iter_errors(value))
    if error is not None:
        at = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        raise EdgeBenchError(f"task '{task}': {where}: '{field}' does not validate against schema '{schema_name}' "
                             f"({at}: {error.message}); fix the row or the schema")
    return json.dumps(value, ensure_ascii=False)


def load(task: Any, spec: Mapping[str, Any]) -> tuple[DatasetDict, str]:
    """Every split's rows in the generator's shape (plus ``schema_json``), and their content fingerprint."""
    if "schema" in spec and "schema_field" in spec:
        raise EdgeBenchError(f"task config '{task.source.label}': dataset.schema (one schema for every row) and "
                             f"dataset.schema_field (each row's own) exclude each other; keep one")
    text_field, gold_field = spec.get("text_field", "text"), spec.get("gold_field", "gold")
    schemas = _Schemas(task, spec)
    schema_field = None if schemas.fixed else spec.get("schema_field", "schema")
    used = (text_field, gold_field, schema_field)
    splits = {}
    present = (gold_field,) if schema_field is None else (gold_field, schema_field)
    for split, part in user_files.read_splits(task, spec, (text_field,), present).items():
        rows = []
        for n, row in part.rows:
            where = part.where(n)
            name = schemas.fixed or schemas.of(row[schema_field], where, schema_field)
            gold = _gold(task.name, where, gold_field, row[gold_field], name, schemas.validators[name])
            # the schema's key order is kept: the prompt shows it and the lock writes keys in it
            rows.append({**{k: v for k, v in row.items() if k not in used}, "id": str(row.get("id", f"{split}/{n}")),
                         "schema": name, "text": row[text_field], "gold": gold,
                         "schema_json": json.dumps(schemas.by_name[name], ensure_ascii=False)})
        splits[split] = rows
    splits = jsonl.uniform(splits)
    return DatasetDict({s: Dataset.from_list(r) for s, r in splits.items()}), fingerprint_rows(splits)


def schemas_of(data: DatasetDict) -> dict[str, dict[str, Any]]:
    """Every schema the rows of any split name, by name, from their ``schema_json``."""
    out: dict[str, dict[str, Any]] = {}
    for split in data.values():
        if len(split):
            for name, text in set(zip(split["schema"], split["schema_json"])):
                out.setdefault(name, json.loads(text))
    return dict(sorted(out.items()))
