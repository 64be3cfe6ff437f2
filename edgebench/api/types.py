"""The answers ``edgebench.load(...)`` models give: small frozen dataclasses, no heavy imports."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Prediction:
    """A label, each offered label's probability (softmax over the task's label scores) and the
    chosen label's probability as ``confidence``; with ``explain=True`` also the ``rationale``."""

    label: str
    scores: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0
    rationale: str | None = None


@dataclass(frozen=True)
class Call:
    """One function call: an offered function's name and its arguments."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    """A piece of personal data: ``text == message[start:end]``, ``type`` one of the PII task's types."""

    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True)
class Verdict:
    """A verifier's judgement of a proposed answer: ``ok``, the ``problems`` found (the rule layer's,
    then the model's), and the probability the model gives its verdict."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    confidence: float = 0.0


@dataclass(frozen=True)
class GuardResult:
    """One guard call: PII spans, the text with them redacted (``[TYPE]``), flags ``pii``/``spam``/``toxic``,
    the route after the rule layer (``legal``, ``compliance``, ``normal``) and the model's route scores."""

    spans: list[Span]
    redacted: str
    flags: dict[str, bool]
    route: str
    route_scores: dict[str, float] = field(default_factory=dict)
