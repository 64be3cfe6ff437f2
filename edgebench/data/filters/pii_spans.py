"""Gold PII spans checked against their text and a task's span types, one named problem at a time.

A user's file row can fail in three different ways (a type the task does not list, offsets outside the
text or reversed, or offsets that cut out other characters than the span's ``text``); each needs a
different fix, so the first problem is described in words rather than answered with a yes or no.
"""
from __future__ import annotations

import json
import re
from typing import Any, Sequence

SPAN_KEYS = ("start", "end", "type", "text")
# Model answers' types are lower-cased with runs of other characters turned into "_" before they are
# compared (edgebench.tasks.filters.canonical_type), so a task's types must already be in that form.
TYPE_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:40]


def span_problem(text: str, spans: Any, types: Sequence[str]) -> str | None:
    """What is wrong with ``spans`` for ``text``, said as ``[i]...: problem; fix`` (``i`` counts from 0),
    or None when every span is ``{start, end, type, text}`` with a listed type and
    ``text[start:end] == span text``."""
    if not isinstance(spans, list):
        return f" is {_shown(spans)}, not a list of spans [{{start, end, type, text}}]"
    for i, span in enumerate(spans):
        if not isinstance(span, dict):
            return f"[{i}] is {_shown(span)}, not a span object {{start, end, type, text}}"
        missing = [key for key in SPAN_KEYS if key not in span]
        if missing:
            return f"[{i}] has no {', '.join(missing)}; every span needs start, end, type and text"
        for key in ("start", "end"):
            value = span[key]
            if not isinstance(value, int) or isinstance(value, bool):
                return f"[{i}].{key} is {_shown(value)}, not an integer character offset"
        for key in ("type", "text"):
            if not isinstance(span[key], str):
                return f"[{i}].{key} is {_shown(span[key])}, not a string"
        start, end, kind = span["start"], span["end"], span["type"]
        if kind not in types:
            return f"[{i}].type: type '{kind}' is not one of the task's types ({', '.join(types)}): add it to 'types:'"
        if start >= end:
            return f"[{i}]: start {start} >= end {end}; end is exclusive and must be after start"
        if start < 0 or end > len(text):
            return (f"[{i}]: offsets {start}..{end} are out of range for a text of {len(text)} characters; "
                    f"offsets count characters from 0")
        if text[start:end] != span["text"]:
            return (f"[{i}]: text[{start}:{end}] is {_shown(text[start:end])}, which differs from the span's "
                    f"text {_shown(span['text'])}; fix the offsets or the text")
    return None
