"""Compositional message generation: frames with alternatives, registers, typos (data v2).

A frame such as ``"[ok|k] see [u|you] at {time}"`` is turned into a *template* by picking one
alternative per ``[...]`` and a *register* (how it is written: plain, casual, SMS-speak, shouting, an
email with subject, greeting and sign-off); the template id records those picks, so that "distinct
templates" counts surface patterns, not slot values. Slot values and typos then vary per row.
Nothing here knows about labels; ``edgebench.data.filters.spam_v2`` puts it to work.
"""
from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass

ALTERNATIVES = re.compile(r"\[([^\[\]]*)\]")
SMS_REGISTERS = ("plain", "casual", "sms_speak", "shouty")
# SMS-speak as people write it; applied to the literal text only (never inside a {slot}).
SMS_WORDS = {"you": "u", "your": "ur", "you're": "ur", "are": "r", "to": "2", "for": "4", "please": "pls",
             "thanks": "thx", "tomorrow": "tmrw", "tonight": "2nite", "see": "c", "be": "b", "okay": "ok",
             "great": "gr8", "later": "l8r", "message": "msg", "text": "txt", "people": "ppl", "because": "cos",
             "what": "wat", "with": "w/", "minutes": "mins", "before": "b4", "love": "luv", "i'm": "im",
             "don't": "dont", "can't": "cant", "going": "goin", "know": "kno"}
_WORD = re.compile(r"[A-Za-z']+")


@dataclass(frozen=True)
class Template:
    """One surface pattern: the text with ``{slots}`` left in, and its id (the picks that made it)."""

    id: str
    text: str
    channel: str  # "sms" or "email"
    register: str


def pick(frame: str, rng: random.Random) -> tuple[str, str]:
    """One alternative of every ``[a|b|c]`` in ``frame``; returns the text and the picks as a string."""
    picks: list[str] = []

    def one(match: re.Match) -> str:
        options = match.group(1).split("|")
        i = rng.randrange(len(options))
        picks.append(str(i))
        return options[i]

    return ALTERNATIVES.sub(one, frame), ".".join(picks)


def literal_map(template: str, fn) -> str:
    """``fn`` applied to the literal text between ``{slots}``; the slots stay as they are."""
    out = []
    for literal, field, spec, conv in string.Formatter().parse(template):
        out.append(fn(literal))
        if field is not None:
            out.append(_slot(field, spec, conv))
    return "".join(out)


def _slot(field: str, spec: str | None, conv: str | None) -> str:
    """A ``{slot}`` as string.Formatter().parse split it, written back."""
    return "{" + field + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def register_text(body: str, register: str) -> str:
    """``body`` written in one SMS register (plain, casual, sms_speak, shouty)."""
    if register == "plain":
        return body
    if register == "casual":
        return literal_map(body, lambda s: _escape(s.lower())).rstrip(".")
    if register == "sms_speak":
        def speak(s: str) -> str:
            return _escape(_WORD.sub(lambda m: SMS_WORDS.get(m.group(0).lower(), m.group(0).lower()), s))
        return literal_map(body, speak).rstrip(".")
    if register == "shouty":
        first, sep, rest = body.partition(". ")
        return literal_map(first, lambda s: _escape(s.upper())) + sep + rest
    raise ValueError(f"unknown register {register!r}")


def typos(template: str, rng: random.Random, rate: float) -> str:
    """With probability ``rate``, one or two keyboard slips (swap, drop, double) in literal words of 4+
    letters: the noise of real typing, varied per row, never inside a slot."""
    if rng.random() >= rate:
        return template
    parts = list(string.Formatter().parse(template))
    words = [(p, m) for p, (literal, *_rest) in enumerate(parts) for m in _WORD.finditer(literal) if len(m.group(0)) >= 4]
    if not words:
        return template
    chosen = rng.sample(words, min(rng.choice((1, 1, 2)), len(words)))
    literals = [list(literal) for literal, *_rest in parts]
    for p, m in sorted(chosen, key=lambda pm: -pm[1].start()):  # right to left: earlier offsets stay valid
        chars = literals[p]
        i = rng.randrange(m.start() + 1, m.end() - 1)
        kind = rng.choice(("swap", "drop", "double"))
        if kind == "swap":
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        elif kind == "drop":
            chars[i] = ""
        else:
            chars[i] = chars[i] * 2
    out = []
    for chars, (_, field, spec, conv) in zip(literals, parts):
        out.append(_escape("".join(chars)))
        if field is not None:
            out.append(_slot(field, spec, conv))
    return "".join(out)


def compose(kind: str, index: int, frame: str, rng: random.Random, *, subjects: list[str], greetings: list[str],
            signoffs: list[str], shouty: bool) -> Template:
    """A template of ``frame`` (the ``index``-th frame of ``kind``): its channel (``any`` frames pick one),
    alternatives and register; emails get a subject line, a greeting and a sign-off of their own picks."""
    channel, _, body = frame.partition("|")
    if channel == "any":
        channel = rng.choice(("sms", "email"))
    text, picks = pick(body, rng)
    if channel == "email":
        pieces, parts = [], []
        for bank in (subjects, greetings, signoffs):
            j = rng.randrange(len(bank))
            piece, p = pick(bank[j], rng)
            pieces.append(piece)
            parts.append(f"{j}:{p}")
        subject, greeting, signoff = pieces
        return Template(id=f"{kind}/{index}/email/{picks}/{'/'.join(parts)}", channel="email", register="email",
                        text=f"Subject: {subject}\n\n{greeting}\n\n{text}\n\n{signoff}")
    registers = SMS_REGISTERS if shouty else SMS_REGISTERS[:3]
    register = rng.choice(registers)
    return Template(id=f"{kind}/{index}/{register}/{picks}", text=register_text(text, register), channel="sms",
                    register=register)
