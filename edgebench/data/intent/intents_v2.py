"""EdgeIntent data v2: every catalog template is a *frame*, written many ways (``request_style``).

Per intent about ``test_share`` of its frames (at least one, never all: ``frame_splits.held_out``) are
held out whole for the test split: up to ``test_templates`` distinct templates each (synonyms, a
register, an opener, a closer), ``test_rows`` rows per template (<= 5). The train split draws ``rows``
rows, each a fresh template of a random train frame of a random intent. Typos vary per row and never
touch a slot. Same catalog, seed and settings: the same rows, byte for byte.
"""
from __future__ import annotations

import random
from typing import Any

from faker import Faker

from edgebench.data.writing import compose, frame_splits, request_style
from edgebench.data.intent.intents import OUT_OF_SCOPE, _placeholders, _slot_fillers
from edgebench.data.validation import normalise
from edgebench.errors import EdgeBenchError

VERSION = "intents-v2-2"
DEFAULTS = {"rows": 3000, "test_templates": 5, "test_rows": 1, "test_share": 0.25, "typo_rate": 0.25}


def _intents(catalog: dict[str, Any], core_only: bool, out_of_scope: bool) -> list[dict[str, Any]]:
    chosen = [i for i in catalog["intents"] if i.get("core") or not core_only]
    if core_only and not chosen:
        raise EdgeBenchError("dataset.core_only is set but no intent in the catalog has 'core: true'")
    if out_of_scope:
        utterances = catalog.get("out_of_scope") or []
        if len(utterances) < 6:
            raise EdgeBenchError("dataset.out_of_scope needs at least 6 'out_of_scope' utterances in the catalog")
        chosen = [*chosen, {"name": OUT_OF_SCOPE, "domain": "none", "templates": utterances}]
    return chosen


def generate(catalog: dict[str, Any], *, seed: int = 1234, rows: int = DEFAULTS["rows"],
             test_templates: int = DEFAULTS["test_templates"], test_rows: int = DEFAULTS["test_rows"],
             test_share: float = DEFAULTS["test_share"], typo_rate: float = DEFAULTS["typo_rate"],
             core_only: bool = False, out_of_scope: bool = False) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, text, label, domain, template, frame, register, values}`` for ``train`` and ``test``."""
    if not 1 <= test_rows <= 5:
        raise EdgeBenchError(f"intent generator: test_rows must be 1..5 (rows per test template), got {test_rows}")
    rng = random.Random(f"{VERSION}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fillers = _slot_fillers(catalog.get("slots") or {}, fake, rng)
    intents = _intents(catalog, core_only, out_of_scope)
    for intent in intents:
        for template in intent["templates"]:
            missing = [s for s in _placeholders(template) if s not in fillers]
            if missing:
                raise EdgeBenchError(f"intent '{intent['name']}' template uses undefined slot '{{{missing[0]}}}'")
    banks = {i["name"]: {i["name"]: list(i["templates"])} for i in intents}
    test = frame_splits.held_out(banks, rng, test_share)
    seen: set[str] = set()
    splits: dict[str, list[dict[str, Any]]] = {"train": [], "test": []}

    def row(intent: dict[str, Any], styled: request_style.Styled, frame_id: str, split: str) -> dict[str, Any] | None:
        noisy = compose.typos(styled.text, rng, typo_rate)
        values = {slot: fillers[slot]() for slot in dict.fromkeys(_placeholders(noisy))}
        text = noisy.format(**values)
        key = normalise(text)  # the validator's notion of a duplicate: case and spacing aside
        if key in seen:
            return None
        seen.add(key)
        return {"id": f"{split}/{len(splits[split])}", "text": text, "label": intent["name"],
                "domain": intent.get("domain", ""), "template": styled.id, "frame": frame_id,
                "register": styled.register, "values": list(values.values())}

    for intent in intents:  # the test split first: its frames are then never trained on
        for index, frame in enumerate(intent["templates"]):
            if (intent["name"], index) not in test:
                continue
            frame_id, made = f"{intent['name']}/{index}", set()
            for _ in range(test_templates * 20):
                if len(made) == test_templates:
                    break
                styled = request_style.style(frame_id, frame, rng)
                if styled.id in made:
                    continue
                made.add(styled.id)
                for _ in range(test_rows):
                    r = row(intent, styled, frame_id, "test")
                    if r is not None:
                        splits["test"].append(r)
    train = [(intent, i) for intent in intents for i in range(len(intent["templates"]))
             if (intent["name"], i) not in test]
    by_intent: dict[str, list[tuple[dict[str, Any], int]]] = {}
    for intent, i in train:
        by_intent.setdefault(intent["name"], []).append((intent, i))
    names = sorted(by_intent)
    for _ in range(rows * 5):
        if len(splits["train"]) >= rows:
            break
        intent, index = rng.choice(by_intent[rng.choice(names)])
        frame_id = f"{intent['name']}/{index}"
        r = row(intent, request_style.style(frame_id, intent["templates"][index], rng), frame_id, "train")
        if r is not None:
            splits["train"].append(r)
    for split_rows in splits.values():
        rng.shuffle(split_rows)  # so that `--limit N` takes a mix of intents
    return splits
