"""The answers ``edgebench.load(...)`` models give: small frozen dataclasses, no heavy imports."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Prediction:
    """A label, each offered label's probability (softmax over the task's label scores) and the
    chosen label's probability as ``confidence``."""

    label: str
    scores: dict[str, float] = field(default_factory=dict)
    confidence: float = 0.0


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
