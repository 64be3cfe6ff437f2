"""Intent utterances from a catalog of templates, filled with Faker values from a seed.

The split is by template: each intent keeps ``test_templates`` of its templates for the test
split only, so a model cannot pass the test by remembering phrasings it was trained on.
"""
from __future__ import annotations

import random
import string
from typing import Any, Callable

from faker import Faker

from edgebench.errors import EdgeBenchError

GENERATOR_VERSION = "intents-3"
OUT_OF_SCOPE = "out_of_scope"

# Light, label-preserving noise so the same template does not always read the same way.
OPENERS = ("", "", "", "hi, ", "hey ", "Hello! ", "ok so ", "Quick question: ")
CLOSERS = ("", "", "", " thanks", " please", "!", " asap", " :)")


def _slot_fillers(slots: dict[str, Any], fake: Faker, rng: random.Random) -> dict[str, Callable[[], str]]:
    fillers: dict[str, Callable[[], str]] = {}
    for name, source in slots.items():
        if isinstance(source, list):
            fillers[name] = lambda choices=source: rng.choice(choices)
        elif isinstance(source, str) and source.startswith("faker."):
            method = getattr(fake, source.removeprefix("faker."), None)
            if method is None:
                raise EdgeBenchError(f"intent catalog slot '{name}': Faker has no provider '{source}'")
            fillers[name] = lambda m=method: str(m())
        else:
            raise EdgeBenchError(f"intent catalog slot '{name}' must be a list of values or 'faker.METHOD'")
    return fillers


def _placeholders(template: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


def _out_of_scope_intent(catalog: dict[str, Any]) -> dict[str, Any]:
    """The catalog's out-of-scope utterances as one more class. Each utterance is its own template
    family, so a third of them (seeded) are held out for the test split."""
    utterances = catalog.get("out_of_scope") or []
    if len(utterances) < 6:
        raise EdgeBenchError("dataset.out_of_scope needs at least 6 'out_of_scope' utterances in the catalog")
    return {"name": OUT_OF_SCOPE, "domain": "none", "templates": utterances, "_test_share": len(utterances) // 3}


def generate(catalog: dict[str, Any], *, seed: int, per_template: int, test_templates: int,
             core_only: bool = False, out_of_scope: bool = False) -> dict[str, list[dict]]:
    """Rows ``{id, text, label, domain, template}`` for ``train`` and ``test``, deterministic in ``seed``.

    ``core_only`` keeps the intents marked ``core: true``; ``out_of_scope`` adds the catalog's
    out-of-scope utterances as the class ``out_of_scope``."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fillers = _slot_fillers(catalog.get("slots") or {}, fake, rng)
    splits: dict[str, list[dict]] = {"train": [], "test": []}
    intent_list = [i for i in catalog["intents"] if i.get("core") or not core_only]
    if core_only and not intent_list:
        raise EdgeBenchError("dataset.core_only is set but no intent in the catalog has 'core: true'")
    if out_of_scope:
        intent_list.append(_out_of_scope_intent(catalog))
    for intent in intent_list:
        templates = intent["templates"]
        if len(templates) <= test_templates:
            raise EdgeBenchError(f"intent '{intent['name']}' has {len(templates)} templates; the template split "
                                 f"needs more than test_templates={test_templates}")
        held_out = set(rng.sample(range(len(templates)), intent.get("_test_share", test_templates)))
        for t, template in enumerate(templates):
            split = "test" if t in held_out else "train"
            for j in range(per_template):
                values = {}
                for slot in _placeholders(template):
                    if slot not in fillers:
                        raise EdgeBenchError(f"intent '{intent['name']}' template uses undefined slot '{{{slot}}}'")
                    values[slot] = fillers[slot]()
                text = rng.choice(OPENERS) + template.format(**values) + rng.choice(CLOSERS)
                splits[split].append({"id": f"{intent['name']}/{t}/{j}", "text": text, "label": intent["name"],
                                      "domain": intent.get("domain", ""), "template": f"{intent['name']}/{t}",
                                      "values": list(values.values())})  # what a paraphrase must keep
    for split, rows in splits.items():
        seen: set[str] = set()
        unique = [r for r in rows if not (r["text"] in seen or seen.add(r["text"]))]
        rng.shuffle(unique)  # so that `--limit N` takes a mix of intents, not the first one
        splits[split] = unique
    return splits
