"""What a JSON lock bounds: every string, number, array and object of a schema, so that a locked
output always closes; and ``format: date`` as an exact pattern. Shared by every backend that locks
(hf through ``edgebench.decoding``; llama.cpp and API servers get the bounded schema)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from edgebench.errors import EdgeBenchError


@dataclass(frozen=True)
class Bounds:
    """What ``bound_schema`` allows at most where a schema sets no tighter limit."""

    max_string: int = 256         # characters in a string
    max_items: int = 16           # items in an array
    max_digits: int = 15          # digits before the decimal point
    max_fraction_digits: int = 6  # digits after it (numbers)


# Keywords whose value is one subschema, a list of them, or a name -> subschema map.
_ONE = ("items", "additionalProperties", "additionalItems", "contains", "not", "if", "then", "else")
_LIST = ("anyOf", "oneOf", "allOf", "prefixItems")
_MAP = ("properties", "patternProperties", "$defs", "definitions")


def map_schema(schema: Any, fn: Callable[[dict], dict]) -> Any:
    """``fn`` applied to every subschema (children first), on a copy; booleans stay as they are."""
    if not isinstance(schema, Mapping):
        return schema
    out = dict(schema)
    for key in _ONE:
        if isinstance(out.get(key), Mapping):
            out[key] = map_schema(out[key], fn)
        elif key == "items" and isinstance(out.get(key), list):  # draft-07 tuple form
            out[key] = [map_schema(s, fn) for s in out[key]]
    for key in _LIST:
        if isinstance(out.get(key), list):
            out[key] = [map_schema(s, fn) for s in out[key]]
    for key in _MAP:
        if isinstance(out.get(key), Mapping):
            out[key] = {name: map_schema(s, fn) for name, s in out[key].items()}
    return fn(out)


def _types(node: Mapping[str, Any]) -> set[str]:
    declared = node.get("type")
    types = set(declared) if isinstance(declared, list) else {declared} if declared else set()
    if not types and "properties" in node:
        types = {"object"}
    return types


def _bound_node(node: dict, bounds: Bounds) -> dict:
    if "enum" in node or "const" in node:
        return node  # a fixed set of values is bounded already
    types = _types(node)
    if "string" in types:
        cap = max(bounds.max_string, node.get("minLength", 0))  # never below what the schema demands
        node["maxLength"] = min(node.get("maxLength", cap), cap)
    if types & {"integer", "number"}:
        limit = 10 ** bounds.max_digits - 1
        node["maximum"] = min(node.get("maximum", limit), limit)
        node["minimum"] = max(node.get("minimum", -limit), -limit)
        if "number" in types and "multipleOf" not in node:
            node["multipleOf"] = 10.0 ** -bounds.max_fraction_digits  # bounds the digits after the point
    if "array" in types:
        cap = max(bounds.max_items, node.get("minItems", 0))
        node["maxItems"] = min(node.get("maxItems", cap), cap)
    if "object" in types and node.get("additionalProperties", True) is True:
        # Free extra keys would let a model write keys forever; the lock admits only named keys.
        node["additionalProperties"] = False
    return node


def bound_schema(schema: Mapping[str, Any], bounds: Bounds = Bounds()) -> dict[str, Any]:
    """A copy of ``schema`` whose every string, number, array and object is bounded.

    Only limits are added (existing tighter ones are kept), so whatever the bounded schema accepts,
    the original accepts too. Strings get ``maxLength``; integers and numbers ``minimum`` /
    ``maximum`` (``max_digits``), numbers also ``multipleOf`` 10^-``max_fraction_digits``; arrays
    ``maxItems``; objects ``additionalProperties: false`` unless it is a schema (then bounded too).
    Untyped any-value subschemas (``{}``, ``true``) are left as they are."""
    if not isinstance(schema, Mapping):
        raise EdgeBenchError(f"JSON-lock: a schema must be a JSON object, got {type(schema).__name__}; fix the task's schema")
    return map_schema(schema, lambda node: _bound_node(node, bounds))


# llguidance's "date" format admits Feb 29 of any year; the results' validator (jsonschema) does not.
_YEAR = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
DATE_PATTERN = (rf"^(?:{_YEAR}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
                rf"|02-(?:0[1-9]|1[0-9]|2[0-8]))|{_LEAP}-02-29)$")


def exact_date(node: dict) -> dict:
    """``format: date`` as an exact pattern: llguidance's date format admits Feb 29 of any year."""
    if node.get("format") == "date" and "pattern" not in node:
        del node["format"]
        node["pattern"] = DATE_PATTERN
    return node
