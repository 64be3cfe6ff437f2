"""EdgeGuard data v2: incoming messages (chats, emails, forms, call transcripts) from the phrase banks of
``guard_frames``, composed per row (``doc_registers``) and split by frame (``frame_splits``): same seed,
same rows.

Each row carries its exact PII spans (taken where the renderer writes each value, as in
``edgebench.data.filters.pii_v2``), the spam and toxic flags of its class, the kind route of its class
and its route: ``policy.route(kind_route, span types)``, the one policy the guard's rule layer uses too.
"""
from __future__ import annotations

import hashlib
import inspect
import json
import random
import string
from typing import Any, Callable

from faker import Faker

from edgebench.data.filters import pii_frames as P
from edgebench.data.filters import v1
from edgebench.data.guard import guard_frames as F
from edgebench.data.guard import policy
from edgebench.data.writing import compose, doc_registers, frame_splits
from edgebench.errors import EdgeBenchError

VERSION = "guard-2.0"
RNG_SALT = "guard-2"
DEFAULTS = {"rows": 2000, "test_templates": 4, "test_rows": 1, "test_share": 0.3, "typo_rate": 0.2}
BANKS: frame_splits.Banks = {"legal": F.LEGAL_KINDS, "compliance": F.COMPLIANCE_KINDS, "normal": F.NORMAL_KINDS,
                             "spam": F.SPAM_KINDS, "toxic": F.TOXIC_KINDS}
KIND_ROUTE = {"legal": "legal", "compliance": "compliance", "normal": "normal", "spam": "normal", "toxic": "normal"}
FLAGS = ("spam", "toxic")  # classes that are also flags
# Train rows per class: each route at least a fifth of the rows (normal also gets spam, toxic and the
# normal frames without sensitive PII; compliance also the normal frames with it).
WEIGHTS = {"legal": 1.15, "compliance": 0.9, "normal": 1.3, "spam": 0.5, "toxic": 0.4}
CHANNELS = ("chat", "email", "form", "transcript")
SLOTS = set(P.PII_SLOTS) | set(P.DISTRACTORS) | set(F.EXTRA_SLOTS)
KIND_CLASS = {kind: cls for cls, kinds in BANKS.items() for kind in kinds}
# What the held-out frames must show on both sides of the split (``covers``).
CASES = ("legal", "compliance", "normal", "spam", "toxic", "legal+sensitive", "normal+sensitive", "compliance-no-pii")


def digest() -> str:
    """sha256 of the phrase banks, registers and routing policy: part of the dataset cache key (an edited
    frame, or an edited policy, rebuilds)."""
    banks = [BANKS, F.SUBJECTS, F.GREETINGS, F.SIGNOFFS, F.ROLES, F.EXTRA_SLOTS, F.FIRMS, F.COURTS, F.REGULATORS,
             F.COMPANIES, P.PII_SLOTS, P.DISTRACTORS, KIND_ROUTE, WEIGHTS, policy.ROUTES, policy.SENSITIVE_TYPES,
             inspect.getsource(policy.route), compose.SMS_WORDS, doc_registers.FORM_LAYOUTS,
             doc_registers.TRANSCRIPT_STYLES, doc_registers.ROLES, doc_registers.FILLERS]
    return hashlib.sha256(json.dumps(banks, sort_keys=True).encode()).hexdigest()


def train_frame_count(test_share: float = DEFAULTS["test_share"]) -> int:
    return frame_splits.train_frame_count(BANKS, test_share)


def _types(text: str) -> set[str]:
    slots = {slot.rstrip(string.digits) for _, slot, _, _ in string.Formatter().parse(text) if slot}
    return {P.PII_SLOTS[s] for s in slots if s in P.PII_SLOTS}


def frame_types(frame: str) -> tuple[str, set[str], set[str]]:
    """A frame's channel, the PII types it always writes (outside any ``[a|b]``, or in every alternative
    of one) and the types it may write."""
    channel, _, body = frame.partition("|")
    always = _types(compose.ALTERNATIVES.sub("", body))
    for group in compose.ALTERNATIVES.findall(body):
        always |= set.intersection(*(_types(option) for option in group.split("|")))
    return channel.replace("email_signed", "email"), always, _types(body)


def frame_cases(kind: str, frame: str) -> set[str]:
    """What a frame of ``kind`` shows, of ``CASES``: its route where every row of it has that route, its
    flag, and whether sensitive PII decides (or would decide) its route."""
    cls = KIND_CLASS[kind]
    kind_route = KIND_ROUTE[cls]
    _, always, maybe = frame_types(frame)
    cases = {cls} if cls in FLAGS else set()
    if policy.route(kind_route, always) == policy.route(kind_route, maybe):
        cases.add(policy.route(kind_route, always))
    if kind_route != "compliance" and always & set(policy.SENSITIVE_TYPES):
        cases.add(f"{kind_route}+sensitive")
    if kind_route == "compliance" and not maybe:
        cases.add("compliance-no-pii")
    return cases


def covers(held: frame_splits.Held) -> bool:
    """Every case of ``CASES`` (each route, both flags, sensitive PII in a legal and in a normal message,
    a compliance message without PII) on both sides of the split."""
    sides: dict[bool, set[str]] = {True: set(), False: set()}
    for kinds in BANKS.values():
        for kind, frames in kinds.items():
            for i, frame in enumerate(frames):
                sides[(kind, i) in held] |= frame_cases(kind, frame)
    return set(CASES) <= sides[True] and set(CASES) <= sides[False]


def render(template: str, fill: dict[str, Callable[[], str]]) -> tuple[str, dict[str, str]]:
    """The template with every slot filled, and ``{"spans": JSON [{start, end, type, text}]}`` of its
    PII slots, taken where each value is written (``v1.render``)."""
    for _, slot, _, _ in string.Formatter().parse(template):
        if slot and slot.rstrip(string.digits) not in SLOTS:  # e.g. {first_name}: a name the gold would not mark
            raise EdgeBenchError(f"guard frame uses slot '{{{slot}}}', which is neither a PII slot nor a known "
                                 f"distractor: {template[:60]!r}")
    text, spans = v1.render(template, fill, pii=True, pii_slots=P.PII_SLOTS)
    return text, {"spans": json.dumps(spans)}


def _fill(seed: int, rng: random.Random) -> dict[str, Callable[[], str]]:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fill = v1._fillers(fake, rng)  # the slot fillers every filter generator shares
    letter = lambda: rng.choice(string.ascii_uppercase)  # noqa: E731
    fill.update({
        "project": lambda: rng.choice(("budget", "roadmap", "migration", "onboarding", "launch", "pricing")),
        "licence": lambda: rng.choice((f"{letter()}{v1._digits(rng, 7)}",
                                       f"{letter()}{v1._digits(rng, 3)}-{v1._digits(rng, 4)}-{v1._digits(rng, 4)}")),
        "shortcode": lambda: str(rng.randint(60000, 89999)),
        "case_no": lambda: rng.choice((f"CV-2025-{v1._digits(rng, 5)}", f"25-cv-{v1._digits(rng, 4)}",
                                       f"SC-{v1._digits(rng, 6)}")),
        "firm": lambda: rng.choice(F.FIRMS), "court": lambda: rng.choice(F.COURTS),
        "regulator": lambda: rng.choice(F.REGULATORS), "company": lambda: rng.choice(F.COMPANIES),
    })
    return fill


def generate(seed: int = 1234, rows: int = DEFAULTS["rows"], test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"], test_share: float = DEFAULTS["test_share"],
             typo_rate: float = DEFAULTS["typo_rate"]) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, template, frame, kind, channel, register, text, spans, spam, toxic, kind_route, route,
    label}``: spans the JSON text of ``[{start, end, type, text}]``, spam and toxic 0 or 1, kind_route the
    class's route, route ``policy.route(kind_route, span types)`` and label the route."""
    rng = random.Random(f"{RNG_SALT}/{seed}")
    fill = _fill(seed, rng)
    styles = {cls: frame_splits.Style({"spam": int(cls == "spam"), "toxic": int(cls == "toxic"),
                                       "kind_route": KIND_ROUTE[cls]},
                                      F.SUBJECTS[cls], F.GREETINGS[cls], F.SIGNOFFS[cls], shouty=True)
              for cls in BANKS}

    def composer(kind: str, *args: Any, **kwargs: Any) -> compose.Template:
        return doc_registers.compose_doc(kind, *args, roles=F.ROLES.get(kind, doc_registers.ROLES), **kwargs)

    out = frame_splits.build(BANKS, styles, rng, lambda template: render(template, fill), rows=rows,
                             test_templates=test_templates, test_rows=test_rows, test_share=test_share,
                             typo_rate=typo_rate, composer=composer, covers=covers, weights=WEIGHTS)
    for split in out.values():
        for row in split:
            row["route"] = row["label"] = policy.route(row["kind_route"], [s["type"] for s in json.loads(row["spans"])])
    return out
