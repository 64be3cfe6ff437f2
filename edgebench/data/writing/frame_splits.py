"""Train and test splits from banks of frames (data v2), shared by the compositional generators.

A bank maps a *class* (a label, or a severity) to kinds and their frames. The test split holds out
whole frames: of each kind about ``test_share`` of its frames, at least one and never all, so every
kind is on both sides while the test's ways of writing it are new. Test rows: up to ``test_templates``
distinct templates per held-out frame, ``test_rows`` rows each (<= 5). Train rows: ``rows`` of them,
each a fresh template of a random train frame (class, then kind, drawn evenly). Same seed, same rows.
A generator may bring its own ``composer`` (more channels than SMS and email), a ``render`` that also
returns fields of its own (PII spans), and a ``covers`` rule the held-out frames must meet.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Callable

from edgebench.data.writing import compose
from edgebench.data.validation import normalise
from edgebench.errors import EdgeBenchError

Banks = dict[str, dict[str, list[str]]]  # class -> kind -> frames
Held = set[tuple[str, int]]  # (kind, frame index) of the test split's frames
TYPO_CHANNELS = ("sms", "chat")  # typed on a phone: slips; emails, forms and transcripts: none


@dataclass
class Style:
    """How a class's templates are written: email banks (subject, greeting, sign-off), shouting allowed,
    and the fields a row of that class carries (its label, a severity, ...)."""

    row_fields: dict[str, Any]
    subjects: list[str] = field(default_factory=lambda: [""])
    greetings: list[str] = field(default_factory=lambda: [""])
    signoffs: list[str] = field(default_factory=lambda: [""])
    shouty: bool = False


def held_count(n_frames: int, test_share: float) -> int:
    return min(n_frames - 1, max(1, round(n_frames * test_share)))


def train_frame_count(banks: Banks, test_share: float) -> int:
    """How many frames the train split draws from (the same for every seed)."""
    return sum(len(frames) - held_count(len(frames), test_share) for kinds in banks.values() for frames in kinds.values())


def held_out(banks: Banks, rng: random.Random, test_share: float,
             covers: Callable[[Held], bool] | None = None) -> Held:
    """(kind, frame index) of the test split's frames; drawn again (seeded, so still deterministic)
    until ``covers(held)`` holds. Without ``covers`` one draw, as before."""
    for _ in range(1000):
        out: Held = set()
        for kinds in banks.values():
            for kind, frames in sorted(kinds.items()):
                if len(frames) < 2:
                    raise EdgeBenchError(f"frame generator: kind '{kind}' needs two frames to split")
                out |= {(kind, i) for i in rng.sample(range(len(frames)), held_count(len(frames), test_share))}
        if covers is None or covers(out):
            return out
    raise EdgeBenchError("frame generator: no draw of held-out frames meets the generator's coverage rule; "
                         "add frames to the kinds it names")


def build(banks: Banks, styles: dict[str, Style], rng: random.Random,
          render: Callable[[str], str | tuple[str, dict[str, Any]]], *,
          rows: int, test_templates: int, test_rows: int, test_share: float, typo_rate: float,
          frame_text: Callable[[str], str] = lambda frame: frame,
          weights: dict[str, float] | None = None, composer: Callable[..., compose.Template] = compose.compose,
          covers: Callable[[Held], bool] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, template, frame, kind, channel, register, text, **extra, **style.row_fields}``. ``render``
    fills a template's slots and returns the text, or ``(text, extra)`` with fields of its own;
    ``frame_text`` may wrap a frame first (an opener or closer shared by every class); ``weights`` sets
    each class's share of the train rows (default: even); ``composer`` turns a frame into a template
    (``compose.compose``'s signature); ``covers`` is a rule the held-out frames must meet."""
    if not 1 <= test_rows <= 5:
        raise EdgeBenchError(f"frame generator: test_rows must be 1..5 (rows per test template), got {test_rows}")
    test = held_out(banks, rng, test_share, covers)
    seen: set[str] = set()

    def make(cls: str, kind: str, index: int, frame: str) -> compose.Template:
        style = styles[cls]
        return composer(kind, index, frame_text(frame), rng, subjects=style.subjects, greetings=style.greetings,
                        signoffs=style.signoffs, shouty=style.shouty)

    def row(template: compose.Template, cls: str, kind: str, index: int, split: str, n: int) -> dict | None:
        noisy = compose.typos(template.text, rng, typo_rate) if template.channel in TYPO_CHANNELS else template.text
        text, extra = _split(render(noisy))
        key = normalise(text)  # a duplicate as the validator sees one: case and spacing aside
        if key in seen:
            return None
        seen.add(key)
        return {"id": f"{split}/{n}", "template": template.id, "frame": f"{kind}/{index}", "kind": kind,
                "channel": template.channel, "register": template.register, "text": text, **extra,
                **styles[cls].row_fields}

    splits: dict[str, list[dict]] = {"train": [], "test": []}
    for cls, kinds in banks.items():  # the test split first: its templates are then never trained on
        for kind, frames in kinds.items():
            for index, frame in enumerate(frames):
                if (kind, index) not in test:
                    continue
                made: set[str] = set()
                for _ in range(test_templates * 20):
                    if len(made) == test_templates:
                        break
                    template = make(cls, kind, index, frame)
                    if template.id in made:
                        continue
                    made.add(template.id)
                    for _ in range(test_rows):
                        r = row(template, cls, kind, index, "test", len(splits["test"]))
                        if r is not None:
                            splits["test"].append(r)
    train = {cls: {kind: [(i, f) for i, f in enumerate(frames) if (kind, i) not in test]
                   for kind, frames in kinds.items()} for cls, kinds in banks.items()}
    for _ in range(rows * 5):
        if len(splits["train"]) >= rows:
            break
        classes = sorted(train)
        cls = rng.choices(classes, weights=[(weights or {}).get(c, 1.0) for c in classes])[0]
        kind = rng.choice(sorted(train[cls]))
        index, frame = rng.choice(train[cls][kind])
        r = row(make(cls, kind, index, frame), cls, kind, index, "train", len(splits["train"]))
        if r is not None:
            splits["train"].append(r)
    for split_rows in splits.values():
        rng.shuffle(split_rows)  # so that `--limit N` takes a mix of kinds
    return splits


def _split(rendered: str | tuple[str, dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    return rendered if isinstance(rendered, tuple) else (rendered, {})
