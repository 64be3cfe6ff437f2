"""Tasks and docs for API calls: each call is a row of a built-in task, so its prompt is the benchmark's.

A call's input is put in the doc fields that task's ``request(doc)`` reads; where a config fixes what the
user gives (labels, a schema, functions), a copy of the built-in task is made with the user's values,
sharing the built-in task's data (and so its dataset fingerprint, which keys the response cache).
"""
from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from typing import Any, Mapping, Sequence

from edgebench.errors import EdgeBenchError

INTENT_TASK = "edge_intent"
EXPLAIN_TASK = "edge_intent_explain"
VERIFY_TASK = "edge_verify"
AGGREGATE_TASK = "edge_aggregate"
GUARD_TASK = "edge_guard"
JSON_TASK = "edge_json"
FUNCCALL_TASK = "edge_funccall"
PII_TASK = "edge_pii"


@lru_cache(maxsize=None)
def builtin(name: str):
    """The task ``edgebench run --tasks NAME`` builds (one per process)."""
    from edgebench.tasks.config import select

    return select(name)[0]


def _twin(task, config: dict[str, Any]):
    """A task of the same family with ``config``, sharing ``task``'s rows (as ``locking.with_lock`` does)."""
    twin = type(task)(config, task.source)
    twin.load = lambda: task._loaded  # type: ignore[method-assign]
    return twin


def _locked(task, lock: bool):
    from edgebench.tasks.locking import with_lock

    return with_lock(task, lock)


def check_text(call: str, text: Any) -> str:
    if not isinstance(text, str):
        raise EdgeBenchError(f"{call}: text must be a string, not {type(text).__name__}")
    return text


def check_labels(call: str, labels: Any) -> list[str]:
    if isinstance(labels, str) or not isinstance(labels, Sequence) or len(labels) < 2 \
            or not all(isinstance(x, str) and x.strip() for x in labels) or len(set(labels)) != len(labels):
        raise EdgeBenchError(f"{call}: labels must be a list of at least two distinct non-empty strings, "
                             f"not {labels!r:.80}")
    return list(labels)


# -- predict_intent: edge_intent --------------------------------------------------------------------
def _with_labels(name: str, labels: Sequence[str]):
    """The built-in task ``name`` with ``labels`` as its label list (itself when they are its own)."""
    base = builtin(name)
    labels = check_labels("predict_intent", labels)
    if labels == base.labels:
        return base
    config = copy.deepcopy(base.config)
    config["labels"] = labels
    return _twin(base, config)


def intent_task(labels: Sequence[str]):
    """edge_intent's task with ``labels`` as its label list (every label scored by log-likelihood)."""
    return _with_labels(INTENT_TASK, labels)


def text_doc(text: str) -> dict[str, Any]:
    """A row of an intent or filter task (the gold label is unknown: left empty)."""
    return {"text": text, "label": ""}


# -- classify: the binary_filter task with these labels (edge_spam, edge_toxicity) --------------------
def filter_task(labels: Sequence[str]):
    """The built-in binary_filter task whose labels are ``labels`` (in any order): ``[spam, ham]`` is
    edge_spam, ``[toxic, ok]`` edge_toxicity; ``edge_*`` tasks win over other configs with those labels."""
    labels = check_labels("classify", labels)
    filters = _filters()
    for name, task_labels in filters:
        if set(task_labels) == set(labels):
            return builtin(name)
    known = "; ".join(f"{'/'.join(ls)} ({name})" for name, ls in filters)
    raise EdgeBenchError(f"classify: no filter task has the labels {', '.join(labels)}; known: {known}")


@lru_cache(maxsize=None)
def _filters() -> tuple[tuple[str, tuple[str, ...]], ...]:
    import yaml

    from edgebench.tasks.config import discover

    found = []
    for name, source in discover().items():
        try:
            config = yaml.safe_load(source.path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(config, dict) and config.get("family") == "binary_filter" and config.get("labels"):
            found.append((name, tuple(config["labels"])))
    return tuple(sorted(found, key=lambda f: (not f[0].startswith("edge_"), f[0])))


# -- extract_json: edge_json ------------------------------------------------------------------------
def check_schema(schema: Any, call: str = "extract_json") -> dict[str, Any]:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    if isinstance(schema, str):
        try:
            schema = json.loads(schema)
        except ValueError as exc:
            raise EdgeBenchError(f"{call}: schema is a string that is not JSON ({exc})") from None
    if not isinstance(schema, Mapping):
        raise EdgeBenchError(f"{call}: schema must be a JSON Schema (a dict), not {type(schema).__name__}")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        raise EdgeBenchError(f"{call}: schema is not a JSON Schema ({' '.join(exc.message.split())})") from None
    if schema.get("type") != "object":
        raise EdgeBenchError(f"{call}: the schema must describe an object (\"type\": \"object\")")
    return dict(schema)


def json_task(schema: Mapping[str, Any], lock: bool):
    """edge_json's task knowing ``schema`` (named by its hash), locked or not; returns (task, name)."""
    schema = check_schema(schema)
    name = "api-" + hashlib.sha256(json.dumps(schema, sort_keys=True).encode()).hexdigest()[:16]
    task = _locked(builtin(JSON_TASK), lock)
    task.__dict__["schemas"] = {name: schema}  # the cached_property's value: the prompt and validator use it
    return task, name


def json_doc(text: str, schema_name: str) -> dict[str, Any]:
    return {"text": text, "schema": schema_name, "gold": "{}"}


# -- call_function: edge_funccall -------------------------------------------------------------------
def check_functions(functions: Any) -> list[dict[str, Any]]:
    """Function definitions ``{"name", "description"?, "parameters"?}`` (OpenAI's ``{"type": "function",
    "function": {...}}`` form is unwrapped); names distinct, parameters a JSON Schema."""
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    what = "call_function: functions must be a non-empty list of function definitions ({\"name\", \"parameters\"})"
    if isinstance(functions, (str, Mapping)) or not isinstance(functions, Sequence) or not functions:
        raise EdgeBenchError(what)
    out = []
    for i, f in enumerate(functions):
        if isinstance(f, Mapping) and f.get("type") == "function" and isinstance(f.get("function"), Mapping):
            f = f["function"]
        if not isinstance(f, Mapping) or not isinstance(f.get("name"), str) or not f["name"].strip():
            raise EdgeBenchError(f"{what}; item {i} has no name")
        params = f.get("parameters", {"type": "object", "properties": {}})
        try:
            if not isinstance(params, Mapping):
                raise SchemaError("not an object")
            Draft202012Validator.check_schema(params)
        except SchemaError as exc:
            raise EdgeBenchError(f"{what}; '{f['name']}': parameters is not a JSON Schema "
                                 f"({' '.join(exc.message.split())})") from None
        out.append(dict(f))  # as given: the prompt shows the user's own definitions
    names = [f["name"] for f in out]
    if len(set(names)) != len(names):
        raise EdgeBenchError(f"{what}; names repeat: {', '.join(sorted({n for n in names if names.count(n) > 1}))}")
    return out


def funccall_task(lock: bool):
    """edge_funccall's task; locked, its answer is a list of calls to the offered functions only."""
    return _locked(builtin(FUNCCALL_TASK), lock)


def funccall_doc(text: str, functions: list[dict[str, Any]]) -> dict[str, Any]:
    return {"text": text, "functions": json.dumps(functions, ensure_ascii=False), "gold": "[]", "category": "api"}


# -- find_pii: edge_pii -----------------------------------------------------------------------------
def pii_task(lock: bool):
    """edge_pii's task; locked, the answer is a list of ``{type, text}`` with the task's types."""
    return _locked(builtin(PII_TASK), lock)


def pii_doc(text: str) -> dict[str, Any]:
    return {"text": text, "spans": "[]"}


# -- predict_intent(explain=True): edge_intent_explain ------------------------------------------------
def explain_task(labels: Sequence[str]):
    """edge_intent_explain's task with ``labels`` (the prompt lists them)."""
    return _with_labels(EXPLAIN_TASK, labels)


# -- verify: edge_verify ----------------------------------------------------------------------------
def verify_doc(text: str, candidate: Any, schema: Any = None, labels: Any = None) -> dict[str, Any]:
    """A row of edge_verify: a dict candidate is a JSON object (checked against ``schema`` when given),
    a string a label (checked against ``labels`` when given)."""
    if isinstance(candidate, Mapping):
        return {"text": text, "what": "JSON object", "label": "", "labels": "", "problem": "",
                "candidate": json.dumps(candidate, ensure_ascii=False, separators=(",", ":"), default=str),
                "schema": json.dumps(check_schema(schema, "verify")) if schema is not None else ""}
    if isinstance(candidate, str) and candidate.strip():
        return {"text": text, "what": "intent", "candidate": candidate, "label": "", "problem": "", "schema": "",
                "labels": json.dumps(check_labels("verify", labels)) if labels is not None else ""}
    raise EdgeBenchError(f"verify: candidate must be a JSON object (a dict) or a label (a string), not {candidate!r:.60}")


# -- aggregate: edge_aggregate ----------------------------------------------------------------------
def aggregate_task(lock: bool):
    return _locked(builtin(AGGREGATE_TASK), lock)


def aggregate_doc(docs: Any, schema: Any, state: Any) -> dict[str, Any]:
    """A case of edge_aggregate: documents as strings or ``{"text", "channel"?}``, the user's schema and
    a start state (a dict, or None for ``{}``)."""
    what = "aggregate: docs must be a non-empty list of strings or {\"text\": ...} objects"
    if isinstance(docs, (str, Mapping)) or not isinstance(docs, Sequence) or not docs:
        raise EdgeBenchError(what)
    items = []
    for i, d in enumerate(docs):
        if isinstance(d, str):
            d = {"text": d}
        if not isinstance(d, Mapping) or not isinstance(d.get("text"), str):
            raise EdgeBenchError(f"{what}; item {i} is {d!r:.60}")
        items.append({"channel": str(d.get("channel", "document")), "text": d["text"]})
    if state is not None and not isinstance(state, Mapping):
        raise EdgeBenchError(f"aggregate: state must be the dict an earlier call returned, or None, not {state!r:.60}")
    return {"docs": json.dumps(items, ensure_ascii=False), "gold": "{}", "n_docs": len(items),
            "schema_json": json.dumps(check_schema(schema, "aggregate"), ensure_ascii=False),
            "start_state": json.dumps(dict(state), ensure_ascii=False) if state else ""}


# -- guard: edge_guard ------------------------------------------------------------------------------
def guard_doc(text: str) -> dict[str, Any]:
    return {"text": text, "spans": "[]", "spam": 0, "toxic": 0, "route": ""}
