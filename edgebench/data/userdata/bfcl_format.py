"""Function-calling rows written in other layouts, read into EdgeBench's: requests, function specs, gold calls.

Accepted, beside EdgeBench's own layout (``edgebench.data.funccall.edge_funccall``):

- a request as chat turns ``[{"role", "content"}]`` or BFCL's list of turns (each a list of turns);
- a function in the OpenAI tools layout (``{"type": "function", "function": {...}}``) or with BFCL's type
  names (``dict``, ``float``, ``tuple``, ``any``), mapped to JSON Schema so that the JSON lock compiles;
- gold in BFCL's layout, ``[{"func_name": {param: [acceptable, ...]}}]``.

Every function raises ``FormatError`` with the problem only; the loader adds the file, line and field.
"""
from __future__ import annotations

import json
from typing import Any

# BFCL's Python-flavoured type names -> JSON Schema; None: any value (the "type" key is dropped).
TYPES: dict[str, str | None] = {"dict": "object", "float": "number", "tuple": "array", "any": None}
SUBSCHEMA_KEYS = ("items", "additionalProperties", "contains", "not", "if", "then", "else")
SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")


class FormatError(ValueError):
    """A value in none of the accepted layouts; the message says which part and why."""


def _short(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


def request_text(value: Any) -> str:
    """The request as one text: a string as it is; chat turns as their content when there is a single
    one, else one ``Role: content`` line per turn (BFCL's nested turns flattened in order)."""
    if isinstance(value, str):
        if not value.strip():
            raise FormatError("is an empty string")
        return value
    if not isinstance(value, list) or not value:
        raise FormatError(f"is {_short(value)}, not a string or a list of chat turns")
    turns = [t for item in value for t in (item if isinstance(item, list) else [item])]
    for turn in turns:
        if not (isinstance(turn, dict) and isinstance(turn.get("role"), str) and isinstance(turn.get("content"), str)):
            raise FormatError(f"has the turn {_short(turn)}; each turn is {{\"role\": ..., \"content\": ...}}")
    if not turns:
        raise FormatError("holds no chat turns")
    if len(turns) == 1:
        return turns[0]["content"]
    return "\n".join(f"{t['role'].strip().capitalize()}: {t['content']}" for t in turns)


def json_schema(node: Any) -> Any:
    """A parameters schema with BFCL's type names mapped to JSON Schema's (a copy; JSON Schema unchanged)."""
    if not isinstance(node, dict):
        return node
    out = dict(node)
    kind = out.get("type")
    if isinstance(kind, str) and kind in TYPES:
        if TYPES[kind] is None:
            del out["type"]
        else:
            out["type"] = TYPES[kind]
    elif isinstance(kind, list):
        mapped = [TYPES.get(k, k) if isinstance(k, str) else k for k in kind]
        if None in mapped:  # one alternative is "any": so is the whole
            del out["type"]
        else:
            out["type"] = list(dict.fromkeys(mapped))
    if isinstance(out.get("properties"), dict):
        out["properties"] = {k: json_schema(v) for k, v in out["properties"].items()}
    for key in SUBSCHEMA_KEYS:
        if key in out:
            out[key] = [json_schema(v) for v in out[key]] if isinstance(out[key], list) else json_schema(out[key])
    for key in SUBSCHEMA_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [json_schema(v) for v in out[key]]
    return out


def function_spec(value: Any) -> dict[str, Any]:
    """``{name, description?, parameters}`` from EdgeBench's / BFCL's spec or the OpenAI tools layout."""
    if isinstance(value, dict) and value.get("type") == "function" and isinstance(value.get("function"), dict):
        value = value["function"]
    if not isinstance(value, dict) or not isinstance(value.get("name"), str) or not value["name"].strip():
        raise FormatError(f"has the function {_short(value)}; a function is a name from the catalog or an object "
                          f"with a 'name' and JSON Schema 'parameters'")
    parameters = json_schema(value.get("parameters") or {"type": "object", "properties": {}})
    if not isinstance(parameters, dict) or parameters.get("type") != "object":
        raise FormatError(f"function '{value['name']}': 'parameters' must be an object schema "
                          f"(\"type\": \"object\" or BFCL's \"dict\"), not {_short(parameters)}")
    spec: dict[str, Any] = {"name": value["name"].strip()}
    if isinstance(value.get("description"), str):
        spec["description"] = value["description"]
    spec["parameters"] = parameters
    return spec


def gold_calls(value: Any) -> list[dict[str, Any]]:
    """``[{"name", "arguments": {param: [acceptable, ...]}}]`` from EdgeBench's layout or BFCL's
    ``[{"func_name": {param: [...]}}]`` (or the JSON text of either); ``[]`` is no call."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise FormatError(f"is text but not JSON ({exc.msg}); write the list of calls") from None
    if not isinstance(value, list):
        raise FormatError(f"is {_short(value)}, not a list of calls ([] for no call)")
    calls = []
    for item in value:
        if isinstance(item, dict) and set(item) == {"name", "arguments"} and isinstance(item["name"], str):
            name, arguments = item["name"], item["arguments"]
        elif isinstance(item, dict) and len(item) == 1:
            name, arguments = next(iter(item.items()))
        else:
            raise FormatError(f"has the call {_short(item)}; a call is {{\"name\": ..., \"arguments\": {{...}}}} "
                              f"or BFCL's {{\"function_name\": {{...}}}}")
        if not isinstance(arguments, dict):
            raise FormatError(f"call '{name}': the arguments are {_short(arguments)}, not an object")
        for param, acceptable in arguments.items():
            if not isinstance(acceptable, list) or not acceptable:
                raise FormatError(f"call '{name}': '{param}' is {_short(acceptable)}; give a list of acceptable "
                                  f"values, e.g. [\"Paris\"] ([\"\"] for may be left out)")
        calls.append({"name": name.strip(), "arguments": dict(arguments)})
    return calls
