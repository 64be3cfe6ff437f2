"""Tolerant reading of model output, the same documented way for every task.

The rule: the first JSON value of the wanted type in text order (prefix chatter, code fences and
trailing text are ignored: a fence line holds no bracket, so the value inside the first fence is
found in place). Failures are typed, never raised. Because the
rule reads in text order, a generation can stop as soon as its answer is settled (``json_settled``).
"""
from __future__ import annotations

import json
from typing import Any

# Error types a parse can end in (per-sample ``error`` fields use these names).
EMPTY = "empty_output"
NO_JSON = "no_json"
INVALID_JSON = "invalid_json"
WRONG_TYPE = "wrong_json_type"


def _int(digits: str) -> int | float:
    """A JSON integer; one too long for Python's int() (over 4,300 digits) stays a number, as a float."""
    return int(digits) if len(digits) <= 4000 else float(digits)


def _scan(text: str, want: tuple[type, ...]) -> tuple[Any, str | None, bool]:
    """The parse, plus whether more text could still change it (``settled``).

    Openers are tried in text order. A decode that fails where the text runs out (an unterminated
    string, a number, literal or escape cut short) might succeed once more text comes, so the
    answer is settled only when every opener before the chosen value failed for good."""
    decoder = json.JSONDecoder(parse_int=_int)
    openers = "".join(sorted({"{" if t is dict else "[" for t in want}))
    saw_opener = saw_other = False
    settled = True
    for i, ch in enumerate(text):
        if ch not in "{[":
            continue
        saw_opener = saw_opener or ch in openers
        try:
            value, _ = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            # The longest JSON token that a later character can still complete is "-Infinity".
            if exc.msg.startswith("Unterminated string") or len(text) - exc.pos <= len("-Infinity"):
                settled = False
            continue
        except RecursionError:
            continue  # nested deeper than the interpreter allows: no answer, and more text cannot make one
        if isinstance(value, want):
            return value, None, settled
        saw_other = True
    if saw_other:
        return None, WRONG_TYPE, False
    return None, INVALID_JSON if saw_opener else NO_JSON, False


def extract_json(text: str | None, want: tuple[type, ...] = (dict,)) -> tuple[Any, str | None]:
    """The first JSON value of a type in ``want`` (``dict``, ``list``) in the text, in text order.

    Returns ``(value, None)``, or ``(None, error_type)``: ``empty_output``, ``no_json`` (no opening
    bracket at all), ``invalid_json`` (an opening bracket but nothing that parses, e.g. unterminated),
    ``wrong_json_type`` (valid JSON, but none of the wanted type)."""
    if text is None or not text.strip():
        return None, EMPTY
    value, error, _ = _scan(text, want)
    return value, error


def json_settled(text: str, want: tuple[type, ...] = (dict,)) -> bool:
    """True when ``extract_json(text + more, want)`` gives the same value for ANY ``more``.

    Generation may stop there without changing the score: a backend's early stop."""
    return bool(text.strip()) and _scan(text, want)[2]
