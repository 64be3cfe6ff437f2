"""EdgePII data v2: chats, emails, forms and call transcripts from the phrase banks of ``pii_frames``,
composed per row (``doc_registers``) and split by frame (``frame_splits``): same seed, same rows.

Gold spans come from the renderer: each PII slot's span is where its value was written, never searched
for afterwards. Registers, layouts and typos change literal text only, so the spans stay exact.
"""
from __future__ import annotations

import hashlib
import json
import random
import string
from typing import Any, Callable

from faker import Faker

from edgebench.data.writing import compose, doc_registers, frame_splits
from edgebench.data.filters import pii_frames as F
from edgebench.data.filters import v1
from edgebench.errors import EdgeBenchError

VERSION = "pii-2.1"  # 2.1: duplicates found case- and space-blind, as the validator finds them
RNG_SALT = "pii-2"  # the draws stay those of 2
DEFAULTS = {"rows": 3000, "test_templates": 5, "test_rows": 2, "test_share": 0.3, "typo_rate": 0.25}
BANKS: frame_splits.Banks = {"pii": F.PII_KINDS, "none": F.NONE_KINDS}
CHANNELS = ("chat", "email", "form", "transcript")
SLOTS = set(F.PII_SLOTS) | set(F.DISTRACTORS)
PROJECTS = ("budget", "roadmap", "migration", "onboarding", "launch", "pricing", "redesign", "hiring", "API", "offsite")


def digest() -> str:
    """sha256 of the phrase banks and registers: part of the dataset cache key (an edited frame rebuilds)."""
    banks = [F.PII_KINDS, F.NONE_KINDS, F.SUBJECTS, F.GREETINGS, F.SIGNOFFS, F.ROLES, F.PII_SLOTS, F.DISTRACTORS,
             PROJECTS, compose.SMS_WORDS, doc_registers.FORM_LAYOUTS, doc_registers.TRANSCRIPT_STYLES,
             doc_registers.ROLES, doc_registers.FILLERS]
    return hashlib.sha256(json.dumps(banks, sort_keys=True).encode()).hexdigest()


def train_frame_count(test_share: float = DEFAULTS["test_share"]) -> int:
    return frame_splits.train_frame_count(BANKS, test_share)


def frame_types(frame: str) -> tuple[str, set[str]]:
    """A frame's channel and the PII types it always writes (slots outside any ``[a|b]``)."""
    channel, _, body = frame.partition("|")
    fixed = compose.ALTERNATIVES.sub("", body)
    slots = {slot.rstrip(string.digits) for _, slot, _, _ in string.Formatter().parse(fixed) if slot}
    return channel.replace("email_signed", "email"), {F.PII_SLOTS[s] for s in slots if s in F.PII_SLOTS}


def covers(held: frame_splits.Held) -> bool:
    """Every PII type is written in every channel on both sides of the split."""
    from edgebench.data.filters.v1 import PII_TYPES

    sides: dict[bool, set[tuple[str, str]]] = {True: set(), False: set()}
    for kind, frames in F.PII_KINDS.items():
        for i, frame in enumerate(frames):
            channel, types = frame_types(frame)
            sides[(kind, i) in held] |= {(channel, t) for t in types}
    need = {(c, t) for c in CHANNELS for t in PII_TYPES}
    return need <= sides[True] and need <= sides[False]


def render(template: str, fill: dict[str, Callable[[], str]]) -> tuple[str, dict[str, str]]:
    """The template with every slot filled, and ``{"spans": JSON [{start, end, type, text}]}`` of its
    PII slots, taken where each value is written (``v1.render``)."""
    for _, slot, _, _ in string.Formatter().parse(template):
        if slot and slot.rstrip(string.digits) not in SLOTS:  # e.g. {first_name}: a name the gold would not mark
            raise EdgeBenchError(f"PII frame uses slot '{{{slot}}}', which is neither in pii_frames.PII_SLOTS nor "
                                 f"in DISTRACTORS: {template[:60]!r}")
    text, spans = v1.render(template, fill, pii=True, pii_slots=F.PII_SLOTS)
    return text, {"spans": json.dumps(spans)}


def generate(seed: int = 1234, rows: int = DEFAULTS["rows"], test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"], test_share: float = DEFAULTS["test_share"],
             typo_rate: float = DEFAULTS["typo_rate"]) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, template, frame, kind, channel, register, text, spans}``; spans is the JSON text of
    ``[{start, end, type, text}]`` as in data v1 (``[]`` for the kinds without PII)."""
    from edgebench.data.filters.v1 import _digits, _fillers  # the slot fillers every filter generator shares

    rng = random.Random(f"{RNG_SALT}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fill = _fillers(fake, rng)
    letter = lambda: rng.choice(string.ascii_uppercase)  # noqa: E731
    fill.update({
        "project": lambda: rng.choice(PROJECTS),
        "licence": lambda: rng.choice((f"{letter()}{_digits(rng, 7)}",
                                       f"{letter()}{_digits(rng, 3)}-{_digits(rng, 4)}-{_digits(rng, 4)}")),
    })
    styles = {cls: frame_splits.Style({}, F.SUBJECTS[cls], F.GREETINGS[cls], F.SIGNOFFS[cls], shouty=True)
              for cls in BANKS}

    def composer(kind: str, *args: Any, **kwargs: Any) -> compose.Template:
        return doc_registers.compose_doc(kind, *args, roles=F.ROLES.get(kind, doc_registers.ROLES), **kwargs)

    return frame_splits.build(BANKS, styles, rng, lambda template: render(template, fill), rows=rows,
                              test_templates=test_templates, test_rows=test_rows, test_share=test_share,
                              typo_rate=typo_rate, composer=composer, covers=covers,
                              weights={"pii": 3.0, "none": 1.0})  # about data v1's share of rows without PII
