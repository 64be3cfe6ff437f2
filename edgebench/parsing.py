"""Tolerant reading of model output, the same documented way for every task.

The rule: strip code fences, then take the first JSON value of the wanted type in the text
(prefix chatter and trailing text are ignored). Failures are typed, never raised.
"""
from __future__ import annotations

import json
import re
from typing import Any

FENCE = re.compile(r"```[A-Za-z0-9_-]*[ \t]*\n?(.*?)(?:```|$)", re.S)

# Error types a parse can end in (per-sample ``error`` fields use these names).
EMPTY = "empty_output"
NO_JSON = "no_json"
INVALID_JSON = "invalid_json"
WRONG_TYPE = "wrong_json_type"


def extract_json(text: str | None, want: tuple[type, ...] = (dict,)) -> tuple[Any, str | None]:
    """The first JSON value of a type in ``want`` (``dict``, ``list``) in the text.

    Returns ``(value, None)``, or ``(None, error_type)``: ``empty_output``, ``no_json`` (no opening
    bracket at all), ``invalid_json`` (an opening bracket but nothing that parses, e.g. unterminated),
    ``wrong_json_type`` (valid JSON, but none of the wanted type)."""
    if text is None or not text.strip():
        return None, EMPTY
    fenced = [m.group(1) for m in FENCE.finditer(text)]
    openers = "".join(sorted({"{" if t is dict else "[" for t in want}))
    decoder = json.JSONDecoder()
    saw_opener = saw_other = False
    for candidate in [*fenced, text]:
        for i, ch in enumerate(candidate):
            if ch not in "{[":
                continue
            saw_opener = saw_opener or ch in openers
            try:
                value, _ = decoder.raw_decode(candidate, i)
            except json.JSONDecodeError:
                continue
            if isinstance(value, want):
                return value, None
            saw_other = True
    if saw_other:
        return None, WRONG_TYPE
    return None, INVALID_JSON if saw_opener else NO_JSON
