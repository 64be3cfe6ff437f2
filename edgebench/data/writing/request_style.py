"""How people really word a request to a device assistant (data v2 of intents and function calls).

A request *frame* (``"Can you turn on the lights in the {room}?"``) becomes a *template* by choices that
change the surface, never a ``{slot}``: synonyms for common phrases, a register (as written, casual,
SMS-speak, a voice transcript, terse and elliptical), an opener and a closer. The template id records
every choice, so "distinct templates" counts surface patterns, not slot values. Typos vary per row
(``compose.typos``). Written for EdgeBench; no public data set was used.
"""
from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass

from edgebench.data.writing import compose

REGISTERS = ("as_written", "casual", "sms_speak", "voice", "terse")
# Phrase -> ways of saying it; matched on word boundaries, case-insensitively, in literal text only.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "can you": ("can you", "could you", "would you", "can u", "will you"),
    "please": ("please", "pls", "plz"),
    "i want to": ("i want to", "i'd like to", "i need to", "i wanna", "lemme"),
    "i need a": ("i need a", "i want a", "i'd like a", "gimme a"),
    "turn on": ("turn on", "switch on", "put on"),
    "turn off": ("turn off", "switch off", "shut off"),
    "tell me": ("tell me", "show me", "give me", "let me know"),
    "what is": ("what is", "what's", "whats", "wat is"),
    "what's": ("what's", "what is", "whats"),
    "right now": ("right now", "now", "at the moment", "rn"),
    "cancel": ("cancel", "call off", "scrap"),
    "set up": ("set up", "arrange"),
    "remind me": ("remind me", "ping me", "nudge me", "don't let me forget"),
    # verbs that are also nouns or idioms ("can't find my card", "check in", "bus stop") only where they
    # head an object, so that no synonym changes what is asked
    "find me a": ("find me a", "look up a", "search for a", "get me a"),
    "book a": ("book a", "reserve a", "get me a"),
    "send a": ("send a", "shoot a", "fire off a"),
    "stop the": ("stop the", "end the", "halt the"),
    "start a": ("start a", "begin a", "kick off a"),
    "check my": ("check my", "look at my", "see my"),
    "thanks": ("thanks", "thank you", "thx", "ty", "cheers"),
}
_SYNONYM = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(SYNONYMS, key=len, reverse=True)) + r")\b",
                      re.IGNORECASE)
OPENERS = {
    "any": ("", "", "hey, ", "hi, ", "ok so ", "quick one: ", "hello, ", "so ", "hey there, ", "yo ", "um, ",
            "sorry to bother you but ", "when you get a sec, ", "before i forget, "),
    "voice": ("", "hey assistant ", "ok device ", "um ", "uh ", "so um ", "okay so ", "hey "),
    "terse": ("",),
}
CLOSERS = {
    "any": ("", "", "", " thanks", " please", "!", " asap", " :)", " thx", " if you can", " real quick",
            " for me", " ty", " cheers", "??", " lol"),
    "voice": ("", "", " thanks", " please", " uh thanks"),
    "terse": ("", "", "?", "!"),
}
_FILLERS = ("um", "uh", "like", "you know")
# A request's polite lead-in and tail, dropped by the terse register ("Can you please X for me?" -> "X").
_LEAD = re.compile(r"^\s*(?:(?:hey|hi|hello|ok|okay|so|um|uh)[,!]?\s+)*(?:(?:can|could|would|will) (?:you|u)\s+"
                   r"(?:(?:please|pls|plz)\s+)?(?:help me\s+)?|(?:i want to|i'd like to|i would like to|i need to|"
                   r"i wanna|lemme|please|pls|plz)\s+)", re.IGNORECASE)
_TAIL = re.compile(r"(?:,?\s+(?:please|pls|plz|for me|thanks|thank you|thx|ty|cheers))*[?.!]*\s*$", re.IGNORECASE)
_PUNCT = re.compile(r"[.,!?;:]+")


@dataclass(frozen=True)
class Styled:
    """A request template (``{slots}`` left in) and the register it is written in."""

    id: str
    text: str
    register: str


def synonyms(frame: str, rng: random.Random) -> tuple[str, str]:
    """Each known phrase in the literal text swapped for one of its synonyms (or kept); returns the text
    and the picks. A leading capital stays a capital."""
    picks: list[str] = []

    def one(match: re.Match) -> str:
        options = SYNONYMS[match.group(0).lower()]
        i = rng.randrange(len(options))
        picks.append(str(i))
        word = options[i]
        return word[0].upper() + word[1:] if match.group(0)[0].isupper() else word

    text = compose.literal_map(frame, lambda s: compose._escape(_SYNONYM.sub(one, s)))
    return text, ".".join(picks)


def register_text(text: str, register: str, rng: random.Random) -> str:
    """``text`` (with ``{slots}``) in one register; only literal text changes."""
    if register == "as_written":
        return text
    if register in ("casual", "sms_speak"):
        return compose.register_text(text, register).rstrip("?!")
    if register == "voice":  # speech to text: lower case, no punctuation, a filler where people pause
        def spoken(s: str) -> str:
            return compose._escape(_PUNCT.sub("", s.lower()))
        out = compose.literal_map(text, spoken)
        words = out.split(" ")
        if len(words) > 3 and rng.random() < 0.5:
            at = rng.randrange(1, len(words) - 1)
            if "{" not in words[at - 1] and "}" not in words[at]:
                words.insert(at, rng.choice(_FILLERS))
        return re.sub(r"\s+", " ", " ".join(words)).strip()
    if register == "terse":  # the bare request: no lead-in, no tail, lower case
        parts = compose.literal_map(text, lambda s: compose._escape(s.lower()))
        short = _TAIL.sub("", _LEAD.sub("", parts, count=1))
        return short if short.strip() else parts
    raise ValueError(f"unknown register {register!r}")


def style(frame_id: str, frame: str, rng: random.Random, registers: tuple[str, ...] = REGISTERS) -> Styled:
    """One template of ``frame``: synonyms, a register, an opener and a closer, all seeded by ``rng``."""
    text, picks = synonyms(frame, rng)
    register = rng.choice(registers)
    text = register_text(text, register, rng)
    bank = register if register in OPENERS else "any"
    opener, closer = rng.randrange(len(OPENERS[bank])), rng.randrange(len(CLOSERS[bank]))
    head = OPENERS[bank][opener]
    if head and register == "as_written" and text[:1].isupper():
        text = text[0].lower() + text[1:] if not text[1:2].isupper() else text
    tail = CLOSERS[bank][closer]
    if tail[:1] in ("!", "?"):  # one run of punctuation at the end, not "??!"
        text = text.rstrip("?.!")
    elif tail[:1] == " " and text.endswith("."):  # "... anymore thanks", not "... anymore. thanks"
        text = text[:-1]
    text = f"{compose._escape(head)}{text}{compose._escape(tail)}".strip()
    key = f"{register}/{picks}/{opener}.{closer}"
    # The id names the frame and register in the clear and the rest as a short hash: ids stay readable.
    return Styled(id=f"{frame_id}/{register}/{hashlib.sha1(key.encode()).hexdigest()[:10]}", text=text,
                  register=register)


def digest() -> str:
    """sha256 of the banks above: part of a dataset's cache key."""
    banks = [REGISTERS, SYNONYMS, OPENERS, CLOSERS, _FILLERS, _LEAD.pattern, _TAIL.pattern, compose.SMS_WORDS]
    return hashlib.sha256(repr(banks).encode()).hexdigest()
