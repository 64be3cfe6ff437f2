"""EdgeFuncCall from the user's files: a request, the offered functions and the gold calls per row.

The rows come from JSON lines, CSV, Parquet or a saved folder (``edgebench.data.userdata.user_files``).

Each row becomes the generator's shape (``edgebench.data.funccall.edge_funccall``): ``text``, ``functions`` (the
specs' JSON text), ``gold`` (the JSON text of ``[{"name", "arguments": {param: [acceptable, ...]}}]`` with
every parameter of the function listed) and ``category``, so prompting, the JSON lock and the metrics
work unchanged. Layouts read: ``edgebench.data.userdata.bfcl_format``; a function may also be a plain name,
looked up in ``dataset.catalog``. Every problem is one line naming the file, the line and the field.
"""
from __future__ import annotations

import json
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any, Mapping

import yaml
from datasets import Dataset, DatasetDict
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError, best_match

from edgebench.data.userdata import bfcl_format, jsonl, user_files
from edgebench.data.funccall.edge_funccall import offered_spec
from edgebench.data.store import fingerprint_rows
from edgebench.errors import EdgeBenchError

CATALOG = "functions/edge_functions.yaml"  # in task_configs when the config names none
FROM_FILES = user_files.config_schema("functions_field", "gold_field", "catalog")


def _catalog(task: Any, spec: Mapping[str, Any]) -> tuple[str, dict[str, dict]]:
    """(how the config names the catalog, its functions by name as a model sees them)."""
    shown = spec.get("catalog", CATALOG)
    path = task.resolve_file(shown) if "catalog" in spec else Path(str(package_files("task_configs"))) / CATALOG
    try:
        functions = yaml.safe_load(path.read_text(encoding="utf-8"))["functions"]
        return shown, {f["name"]: offered_spec(f) for f in functions}
    except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, KeyError) as exc:
        raise EdgeBenchError(f"task '{task.name}': catalog '{shown}' is not a YAML file with a 'functions' list "
                             f"of name, description and parameters ({type(exc).__name__}); fix the file") from None


class _Reader:
    """Reads the rows of one task's files; the catalog is read once, when a row first names a function."""

    def __init__(self, task: Any, spec: Mapping[str, Any]) -> None:
        self.task, self.spec = task, spec
        self.text_field = spec.get("text_field", "text")
        self.functions_field = spec.get("functions_field", "functions")
        self.gold_field = spec.get("gold_field", "gold")
        self._catalog: tuple[str, dict[str, dict]] | None = None

    def fail(self, where: str, field: str, problem: str) -> EdgeBenchError:
        return EdgeBenchError(f"task '{self.task.name}': {where}: '{field}' {problem}")

    def functions(self, raw: Any, where: str) -> list[dict[str, Any]]:
        field = self.functions_field
        raw = [raw] if isinstance(raw, dict) else raw
        if not isinstance(raw, list) or not raw:
            raise self.fail(where, field, "must be a non-empty list of functions (specs or catalog names)")
        out = []
        for item in raw:
            if isinstance(item, str):
                if self._catalog is None:
                    self._catalog = _catalog(self.task, self.spec)
                shown, catalog = self._catalog
                if item.strip() not in catalog:
                    raise self.fail(where, field, f"names '{item}', which is not in the catalog '{shown}'; fix the "
                                                  f"name or set dataset.catalog")
                out.append(catalog[item.strip()])
                continue
            try:
                out.append(bfcl_format.function_spec(item))
                Draft202012Validator.check_schema(out[-1]["parameters"])
            except bfcl_format.FormatError as exc:
                raise self.fail(where, field, str(exc)) from None
            except SchemaError as exc:
                raise self.fail(where, field, f"function '{out[-1]['name']}': 'parameters' is not a valid JSON "
                                              f"Schema ({exc.message})") from None
        names = [f["name"] for f in out]
        if len(set(names)) < len(names):
            raise self.fail(where, field, f"offers a function twice ({', '.join(names)}); offer each once")
        return out

    def gold(self, raw: Any, offered: list[dict[str, Any]], where: str) -> list[dict[str, Any]]:
        """The gold calls with every parameter of each function listed (one the file leaves out accepts
        only omission, BFCL's convention), in the function's parameter order, each checked."""
        from edgebench.tasks.edge_funccall import gold_answer  # imported on use: that module imports this one

        field, specs = self.gold_field, {f["name"]: f for f in offered}
        try:
            calls = bfcl_format.gold_calls(raw)
        except bfcl_format.FormatError as exc:
            raise self.fail(where, field, str(exc)) from None
        out = []
        for call in calls:
            if call["name"] not in specs:
                raise self.fail(where, field, f"calls '{call['name']}', which is not among the offered functions "
                                              f"({', '.join(specs)}); fix the name or offer the function")
            parameters = specs[call["name"]]["parameters"]
            props = parameters.get("properties", {})
            unknown = [p for p in call["arguments"] if p not in props]
            if unknown:
                raise self.fail(where, field, f"call '{call['name']}' gives '{unknown[0]}', which the function does "
                                              f"not define (it takes: {', '.join(props) or 'nothing'})")
            arguments = {p: call["arguments"].get(p, [""]) for p in props}
            answer = gold_answer([{"name": call["name"], "arguments": arguments}])[0]["arguments"]
            error = best_match(Draft202012Validator(parameters, format_checker=Draft202012Validator.FORMAT_CHECKER)
                               .iter_errors(answer))
            if error is not None:
                at = "/".join(str(p) for p in error.absolute_path) or "its arguments"
                raise self.fail(where, field, f"call '{call['name']}' does not fit the function's parameters "
                                              f"({at}: {error.message}); fix the gold or the function")
            out.append({"name": call["name"], "arguments": arguments})
        return out

    def row(self, split: str, n: int, row: dict[str, Any], where: str) -> dict[str, Any]:
        try:
            text = bfcl_format.request_text(row[self.text_field])
        except bfcl_format.FormatError as exc:
            raise self.fail(where, self.text_field, str(exc)) from None
        offered = self.functions(row[self.functions_field], where)
        gold = self.gold(row[self.gold_field], offered, where)
        category = row.get("category")
        if not isinstance(category, str) or not category.strip():
            category = ("irrelevance" if not gold else "parallel" if len(gold) > 1
                        else "simple" if len(offered) == 1 else "multiple")
        elif category == "irrelevance" and gold:
            raise self.fail(where, self.gold_field, "holds calls on an 'irrelevance' row; write [] or fix the category")
        used = (self.text_field, self.functions_field, self.gold_field)
        return {**{k: v for k, v in row.items() if k not in used}, "id": str(row.get("id", f"{split}/{n}")),
                "category": category, "text": text,
                "functions": json.dumps(offered, separators=(",", ":"), ensure_ascii=False),
                "gold": json.dumps(gold, ensure_ascii=False)}


def load(task: Any, spec: Mapping[str, Any]) -> tuple[DatasetDict, str]:
    """Every split's rows in the generator's shape, and their content fingerprint."""
    reader = _Reader(task, spec)
    fields = (reader.text_field, reader.functions_field, reader.gold_field)
    splits = {}
    for split, part in user_files.read_splits(task, spec, (), fields).items():
        splits[split] = [reader.row(split, n, row, part.where(n)) for n, row in part.rows]
    splits = jsonl.uniform(splits)
    return DatasetDict({s: Dataset.from_list(r) for s, r in splits.items()}), fingerprint_rows(splits)


def max_calls(data: DatasetDict) -> int:
    """The most calls any row's gold makes, or offers functions for: the JSON lock's bound on a list of calls
    for a user's rows, where one function may be called several times (BFCL's parallel category). One
    bound for the whole task, so that the lock never tells a model how many calls a row needs."""
    most = 1
    for split in data.values():
        for functions, gold in zip(split["functions"], split["gold"]):
            most = max(most, len(json.loads(functions)), len(json.loads(gold)))
    return most
