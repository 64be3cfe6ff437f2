"""EdgeToxicity data v2: chat messages from the phrase banks of ``toxicity_frames``, composed per row
and split by frame (``edgebench.data.writing.frame_splits``): same seed, same rows, byte for byte."""
from __future__ import annotations

import hashlib
import json
import random
from typing import Any

from faker import Faker

from edgebench.data.writing import compose, frame_splits
from edgebench.data.filters import toxicity_frames as F

VERSION = "toxicity-2.1"  # 2.1: duplicates found case- and space-blind, as the validator finds them
RNG_SALT = "toxicity-2"  # the draws stay those of 2
DEFAULTS = {"rows": 3000, "test_templates": 5, "test_rows": 2, "test_share": 0.3, "typo_rate": 0.3}
BANKS: frame_splits.Banks = F.TOXICITY_KINDS


def digest() -> str:
    """sha256 of the phrase banks: part of the dataset cache key (an edited frame rebuilds the data)."""
    return hashlib.sha256(json.dumps([F.TOXICITY_KINDS, F.OPENERS, F.CLOSERS, compose.SMS_WORDS],
                                     sort_keys=True).encode()).hexdigest()


def train_frame_count(test_share: float = DEFAULTS["test_share"]) -> int:
    return frame_splits.train_frame_count(BANKS, test_share)


def generate(seed: int = 1234, rows: int = DEFAULTS["rows"], test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"], test_share: float = DEFAULTS["test_share"],
             typo_rate: float = DEFAULTS["typo_rate"]) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, template, frame, kind, channel, register, text, label, severity}``; label "toxic" or
    "ok", severity mild / moderate / none."""
    from edgebench.data.filters.v1 import _fillers, render  # the slot fillers every filter generator shares

    rng = random.Random(f"{RNG_SALT}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fill = _fillers(fake, rng)
    # Shouting and the openers and closers are open to every class: none of them may cue the label.
    styles = {sev: frame_splits.Style({"label": "ok" if sev == "none" else "toxic", "severity": sev, "channel": "chat"},
                                      shouty=True) for sev in BANKS}
    return frame_splits.build(BANKS, styles, rng, lambda template: render(template, fill)[0], rows=rows,
                              test_templates=test_templates, test_rows=test_rows, test_share=test_share,
                              typo_rate=typo_rate, frame_text=lambda frame: f"sms|{F.OPENERS}{frame}{F.CLOSERS}",
                              weights={"none": 2.0, "mild": 1.0, "moderate": 1.0})  # ok and toxic rows alike
