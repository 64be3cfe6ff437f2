"""EdgeSpam data v2: SMS and email from the phrase banks of ``spam_frames``, composed per row.

The test split holds out whole frames (about ``test_share`` of each kind's, at least one, never all),
so every kind is on both sides but the test's ways of writing it are new. Test rows: up to
``test_templates`` distinct templates per held-out frame, ``test_rows`` rows each (<= 5). Train rows:
``rows`` of them, each a fresh template of a random train frame (label, then kind, drawn evenly), so
train templates outnumber test templates many times over. Same seed, same rows, byte for byte.
"""
from __future__ import annotations

import hashlib
import json
import random
from typing import Any

from faker import Faker

from edgebench.data import compose
from edgebench.data import spam_frames as F
from edgebench.errors import EdgeBenchError

VERSION = "spam-2"
DEFAULTS = {"rows": 3000, "test_templates": 6, "test_rows": 2, "test_share": 0.3, "typo_rate": 0.3}


def digest() -> str:
    """sha256 of the phrase banks: part of the dataset cache key (an edited frame rebuilds the data)."""
    banks = [F.SPAM_KINDS, F.HAM_KINDS, F.SUBJECTS, F.GREETINGS, F.SIGNOFFS, compose.SMS_WORDS]
    return hashlib.sha256(json.dumps(banks, sort_keys=True).encode()).hexdigest()


def _frames() -> list[tuple[str, str, int, str]]:
    """(kind, label, index, frame) for every frame of both labels."""
    return [(kind, label, i, frame) for label, kinds in (("spam", F.SPAM_KINDS), ("ham", F.HAM_KINDS))
            for kind, frames in kinds.items() for i, frame in enumerate(frames)]


def _held_count(n_frames: int, test_share: float) -> int:
    return min(n_frames - 1, max(1, round(n_frames * test_share)))


def train_frame_count(test_share: float = DEFAULTS["test_share"]) -> int:
    """How many frames the train split draws from (the same for every seed)."""
    return sum(len(frames) - _held_count(len(frames), test_share)
               for kinds in (F.SPAM_KINDS, F.HAM_KINDS) for frames in kinds.values())


def held_out(rng: random.Random, test_share: float) -> set[tuple[str, int]]:
    """(kind, frame index) of the test split's frames: per kind ``test_share`` of them, >= 1, never all."""
    out: set[tuple[str, int]] = set()
    for kinds in (F.SPAM_KINDS, F.HAM_KINDS):
        for kind, frames in sorted(kinds.items()):
            if len(frames) < 2:
                raise EdgeBenchError(f"spam generator v2: kind '{kind}' needs two frames to split")
            out |= {(kind, i) for i in rng.sample(range(len(frames)), _held_count(len(frames), test_share))}
    return out


def generate(seed: int = 1234, rows: int = DEFAULTS["rows"], test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"], test_share: float = DEFAULTS["test_share"],
             typo_rate: float = DEFAULTS["typo_rate"]) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, template, frame, kind, channel, register, text, label}``; label "spam" or "ham"."""
    from edgebench.data.filters import _fillers, render  # the slot fillers every filter generator shares

    if not 1 <= test_rows <= 5:
        raise EdgeBenchError(f"spam generator v2: test_rows must be 1..5 (rows per test template), got {test_rows}")
    rng = random.Random(f"{VERSION}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fill = _fillers(fake, rng)
    fill.update({
        "shortcode": lambda: str(rng.choice((rng.randint(60000, 89999), rng.randint(800, 999) * 100 + 1))),
        "premium_phone": lambda: f"09{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "time2": fill["time"],
    })
    test = held_out(rng, test_share)
    frames = _frames()
    seen: set[str] = set()

    def make(kind: str, label: str, index: int, frame: str) -> compose.Template:
        return compose.compose(kind, index, frame, rng, subjects=F.SUBJECTS[label], greetings=F.GREETINGS[label],
                               signoffs=F.SIGNOFFS[label], shouty=label == "spam")

    def row(template: compose.Template, kind: str, label: str, index: int, split: str, n: int) -> dict | None:
        noisy = compose.typos(template.text, rng, typo_rate) if template.channel == "sms" else template.text
        text, _ = render(noisy, fill)
        if text in seen:
            return None
        seen.add(text)
        return {"id": f"{split}/{n}", "template": template.id, "frame": f"{kind}/{index}", "kind": kind,
                "channel": template.channel, "register": template.register, "text": text, "label": label}

    splits: dict[str, list[dict]] = {"train": [], "test": []}
    for kind, label, index, frame in frames:  # the test split first: its templates are then never trained on
        if (kind, index) not in test:
            continue
        made: set[str] = set()
        for _ in range(test_templates * 20):
            if len(made) == test_templates:
                break
            template = make(kind, label, index, frame)
            if template.id in made:
                continue
            made.add(template.id)
            for _ in range(test_rows):
                r = row(template, kind, label, index, "test", len(splits["test"]))
                if r is not None:
                    splits["test"].append(r)
    train_frames = {label: {} for label in ("spam", "ham")}
    for kind, label, index, frame in frames:
        if (kind, index) not in test:
            train_frames[label].setdefault(kind, []).append((index, frame))
    for _ in range(rows * 5):
        if len(splits["train"]) >= rows:
            break
        label = rng.choice(("spam", "ham"))
        kind = rng.choice(sorted(train_frames[label]))
        index, frame = rng.choice(train_frames[label][kind])
        r = row(make(kind, label, index, frame), kind, label, index, "train", len(splits["train"]))
        if r is not None:
            splits["train"].append(r)
    for rows_ in splits.values():
        rng.shuffle(rows_)  # so that `--limit N` takes a mix of kinds
    return splits
