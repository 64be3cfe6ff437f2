"""EdgeSpam data v2: SMS and email from the phrase banks of ``spam_frames``, composed per row and split
by frame (``edgebench.data.writing.frame_splits``): same seed, same rows, byte for byte."""
from __future__ import annotations

import hashlib
import json
import random
from typing import Any

from faker import Faker

from edgebench.data.writing import compose, frame_splits
from edgebench.data.filters import spam_frames as F

VERSION = "spam-2.1"  # 2.1: duplicates found case- and space-blind, as the validator finds them
RNG_SALT = "spam-2"  # the draws stay those of 2
DEFAULTS = {"rows": 3000, "test_templates": 6, "test_rows": 2, "test_share": 0.3, "typo_rate": 0.3}
BANKS: frame_splits.Banks = {"spam": F.SPAM_KINDS, "ham": F.HAM_KINDS}


def digest() -> str:
    """sha256 of the phrase banks: part of the dataset cache key (an edited frame rebuilds the data)."""
    banks = [F.SPAM_KINDS, F.HAM_KINDS, F.SUBJECTS, F.GREETINGS, F.SIGNOFFS, compose.SMS_WORDS]
    return hashlib.sha256(json.dumps(banks, sort_keys=True).encode()).hexdigest()


def train_frame_count(test_share: float = DEFAULTS["test_share"]) -> int:
    return frame_splits.train_frame_count(BANKS, test_share)


def generate(seed: int = 1234, rows: int = DEFAULTS["rows"], test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"], test_share: float = DEFAULTS["test_share"],
             typo_rate: float = DEFAULTS["typo_rate"]) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, template, frame, kind, channel, register, text, label}``; label "spam" or "ham"."""
    from edgebench.data.filters.v1 import _fillers, render  # the slot fillers every filter generator shares

    rng = random.Random(f"{RNG_SALT}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fill = _fillers(fake, rng)
    fill.update({
        "shortcode": lambda: str(rng.choice((rng.randint(60000, 89999), rng.randint(800, 999) * 100 + 1))),
        "premium_phone": lambda: f"09{rng.randint(0, 9)}{rng.randint(0, 9)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
        "time2": fill["time"],
    })
    styles = {label: frame_splits.Style({"label": label}, F.SUBJECTS[label], F.GREETINGS[label], F.SIGNOFFS[label],
                                        shouty=label == "spam") for label in BANKS}
    return frame_splits.build(BANKS, styles, rng, lambda template: render(template, fill)[0], rows=rows,
                              test_templates=test_templates, test_rows=test_rows, test_share=test_share,
                              typo_rate=typo_rate)
