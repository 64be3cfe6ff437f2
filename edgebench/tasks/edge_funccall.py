"""EdgeFuncCall: call the right functions with the right arguments (BFCL semantics).

The model sees the offered functions (compact JSON specs) and a request, and must answer with a
JSON list of calls, ``[{"name": ..., "arguments": {...}}]``, or ``[]`` when no function fits.

Reading the answer (the documented tolerant parse of ``edgebench.parsing.extract_json``, then):
the first JSON list or object in the text; a list is the calls; an object is one call, or, with a
``"calls"`` / ``"tool_calls"`` key holding a list, those calls. A call may also be written
OpenAI-style (``{"type": "function", "function": {...}}``), with ``"parameters"`` for
``"arguments"``, or with its arguments as a JSON string. Anything else is a ``parse_error``: on
every category, irrelevance included (unlike BFCL, where any undecodable text counts as declining:
the prompt asks for ``[]``, and a model that never writes JSON must not score there).

Scoring rules and metrics: ``edgebench.metrics.funccall``.
"""
from __future__ import annotations

import json
from functools import cached_property
from typing import Any, Mapping

import yaml
from datasets import DatasetDict

from edgebench.backends.base import GenerateRequest, GenerateResult, Result
from edgebench.data.funccall import edge_funccall as generator
from edgebench.data.funccall import edge_funccall_v2
from edgebench.data.userdata import user_files
from edgebench.data.store import load_or_build
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError
from edgebench.metrics.funccall import match_calls, score_record
from edgebench.parsing import extract_json
from edgebench.tasks import funccall_files, locking, prompting
from edgebench.tasks.base import Task

CATALOG = "functions/edge_functions.yaml"
CALL_LIST_KEYS = ("calls", "tool_calls")
V2_KEYS = ("rows", "test_templates", "test_rows", "test_share", "typo_rate")  # dataset version 2's sizes


def _call(item: Any) -> dict | None:
    """One call in the canonical shape, or None when it is not a call."""
    if isinstance(item, Mapping) and isinstance(item.get("function"), Mapping) and "name" not in item:
        item = item["function"]
    if not isinstance(item, Mapping) or not isinstance(item.get("name"), str):
        return None
    args = item.get("arguments", item.get("parameters", {}))
    if isinstance(args, str):
        try:
            args = json.loads(args) if args.strip() else {}
        except ValueError:
            return None
    if args is None:
        args = {}
    return {"name": item["name"].strip(), "arguments": dict(args)} if isinstance(args, Mapping) else None


def parse_calls(text: str | None) -> tuple[list[dict] | None, str | None]:
    """``(calls, None)`` or ``(None, reason)``; never raises."""
    value, error = extract_json(text, want=(list, dict))
    if error:
        return None, error
    if isinstance(value, dict):
        listed = next((value[k] for k in CALL_LIST_KEYS if isinstance(value.get(k), list)), None)
        value = listed if listed is not None else [value]
    calls = [_call(item) for item in value]
    if any(c is None for c in calls):
        return None, "not_a_call"
    return calls, None


def lock_schema(functions: list[Mapping[str, Any]], max_calls: int | None = None) -> dict[str, Any]:
    """The JSON-lock schema for an answer to ``functions``: the list of calls the prompt asks for, each
    ``{"name": <an offered name>, "arguments": <its parameters>}``, at most one per function (generated
    parallel requests call different functions) unless ``max_calls`` says otherwise, ``[]`` for none."""
    calls = [{"type": "object", "additionalProperties": False, "required": ["name", "arguments"],
              "properties": {"name": {"const": f["name"]}, "arguments": f.get("parameters") or {"type": "object"}}}
             for f in functions]
    return {"type": "array", "maxItems": max_calls or len(functions), **({"items": {"anyOf": calls}} if calls else {})}


def gold_answer(gold: list[dict]) -> list[dict]:
    """The gold as a model should write it: each first acceptable value, may-omit parameters left out."""
    return [{"name": call["name"],
             "arguments": {p: v[0] for p, v in call["arguments"].items()
                           if not any(isinstance(a, str) and a == "" for a in v)}} for call in gold]


class EdgeFuncCallTask(Task):
    family = "funccall"
    default_metrics = ("func_name_acc", "arg_precision", "arg_recall", "arg_f1", "call_exact", "irrelevance_acc")
    config_schema = {
        "type": "object",
        "required": ["dataset", "prompt"],
        "properties": {
            # generated, or the user's rows (if/then/else, not oneOf: a typo is named, not "valid under none")
            "dataset": {"if": user_files.USER_DATA, "then": funccall_files.FROM_FILES, "else": {
                "type": "object",
                "required": ["generator"],
                "additionalProperties": False,
                "properties": {
                    "generator": {"const": "edge_funccall"},
                    "catalog": {"type": "string"},
                    "seed": {"type": "integer"},
                    "per_template": {"type": "integer", "minimum": 1},
                    "categories": {"type": "array", "items": {"enum": list(generator.CATEGORIES)},
                                   "minItems": 1, "uniqueItems": True},
                    # version 2: whole frame families held out, each written many ways (edge_funccall_v2)
                    "version": {"enum": [1, 2]}, "rows": {"type": "integer", "minimum": 10},
                    "test_templates": {"type": "integer", "minimum": 1},
                    "test_rows": {"type": "integer", "minimum": 1, "maximum": 5},
                    "test_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                    "typo_rate": {"type": "number", "minimum": 0, "maximum": 1},
                },
            }},
            "prompt": prompting.PROMPT_SCHEMA,
            "generation": locking.GENERATION_SCHEMA,  # schema_lock: decoding locked to lock_schema()
        },
    }

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.prompt = config["prompt"]
        prompting.check_placeholders(self.prompt, source.label, ("functions", "text"))

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> tuple[DatasetDict, str]:
        spec = self.config["dataset"]
        if user_files.is_user(spec):
            return funccall_files.load(self, spec)
        catalog_file = spec.get("catalog", CATALOG)
        catalog = yaml.safe_load(self.resolve_file(catalog_file).read_text(encoding="utf-8"))
        categories = [c for c in generator.CATEGORIES if c in spec.get("categories", generator.CATEGORIES)]
        if spec.get("version", 1) == 2:
            return self._load_v2(spec, catalog, catalog_file, categories)
        unused = [k for k in V2_KEYS if k in spec]
        if unused:
            raise EdgeBenchError(f"task '{self.name}': {', '.join(unused)} belong to dataset version 2; add "
                                 f"'version: 2' or drop them")
        params = {"generator": generator.GENERATOR_VERSION, "catalog": self.file_digest(catalog_file),
                  "seed": spec.get("seed", 1234), "per_template": spec.get("per_template", 2),
                  "categories": categories}
        return load_or_build(self.name, params, lambda: generator.generate(
            catalog, seed=params["seed"], per_template=params["per_template"], categories=categories))

    def _load_v2(self, spec: Mapping[str, Any], catalog: dict, catalog_file: str,
                 categories: list[str]) -> tuple[DatasetDict, str]:
        if "per_template" in spec:
            raise EdgeBenchError(f"task '{self.name}': dataset version 2 sizes the train split with 'rows', "
                                 f"not 'per_template'")
        d = edge_funccall_v2.DEFAULTS
        params = {"generator": edge_funccall_v2.VERSION, "banks": edge_funccall_v2.digest(),
                  "catalog": self.file_digest(catalog_file), "seed": spec.get("seed", 1234),
                  **{k: spec.get(k, d[k]) for k in V2_KEYS}, "categories": categories}
        return load_or_build(self.name, params, lambda: edge_funccall_v2.generate(
            catalog, seed=params["seed"], categories=categories, **{k: params[k] for k in V2_KEYS}))

    def checks(self) -> Checks:
        return generator.checks()

    # -- requests ------------------------------------------------------------------------------
    def user_text(self, doc: Mapping[str, Any]) -> str:
        functions = json.dumps(json.loads(doc["functions"]), separators=(",", ":"), ensure_ascii=False)
        return self.prompt["template"].format(functions=functions, text=doc["text"])

    def request(self, doc: Mapping[str, Any]) -> GenerateRequest:
        k = int(self.prompt.get("fewshot", 0))
        shots = [(self.user_text(d), json.dumps(gold_answer(json.loads(d["gold"])), ensure_ascii=False))
                 for d in self.fewshot_docs(k, exclude_text=doc["text"])]
        prompt, messages = prompting.build(self.prompt, self.user_text(doc), shots)
        gen = self.config.get("generation", {})
        schema = json.dumps(lock_schema(json.loads(doc["functions"]), self._max_calls), separators=(",", ":"),
                            ensure_ascii=False)
        return GenerateRequest(prompt=prompt, messages=messages, max_new_tokens=gen.get("max_new_tokens", 192),
                               stop=tuple(gen.get("stop", [])), answer_json=("array", "object"),
                               json_schema=schema if gen.get("schema_lock") else None)

    @cached_property
    def _max_calls(self) -> int | None:
        """The lock's bound on calls: for a user's rows, which may call one function several times, the
        task's largest (``funccall_files.max_calls``); generated rows keep one call per function."""
        return funccall_files.max_calls(self.dataset) if user_files.is_user(self.config["dataset"]) else None

    def target(self, doc: Mapping[str, Any]) -> str:
        """The calls as the few-shot answers write them (``gold_answer``), ``[]`` for irrelevance."""
        return json.dumps(gold_answer(json.loads(doc["gold"])), ensure_ascii=False)

    # -- scoring -------------------------------------------------------------------------------
    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        gold = json.loads(doc["gold"])
        output = result.text if isinstance(result, GenerateResult) else None
        pred, _ = parse_calls(output)
        match = match_calls(pred, gold)
        return {"doc_id": doc.get("id"), "input": doc["text"], "category": doc["category"], "output": output,
                "gold": gold, "pred": pred, "error": match.error, "scores": score_record(match)}
