"""EdgeJSON data: edge-device texts (emails, SMS, receipts, chats, voicemails) and the JSON object each holds.

Every schema in ``task_configs/schemas`` has a ``Spec`` in ``edge_json_templates``: gold values drawn
with Faker from a seed, and four or more text families that write those values with noise around them
(greetings, sign-offs, reference numbers, bystanders, other amounts and dates). Gold comes from the
generator, never from a model. The split is by family: per schema one family, a seeded choice, is
held out for the test split, so a model cannot pass the test by remembering phrasings.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from importlib.resources import files
from typing import Any, Mapping

from faker import Faker

from edgebench.data.extraction.edge_json_templates import DATE_STYLES, SPECS, TIME_STYLES
from edgebench.data.extraction.edge_json_templates.common import noise, noise_pool, render
from edgebench.data.validation import Checks, normalise
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import flatten, schema_validator

GENERATOR_VERSION = "edge-json-1"  # bump when templates or value draws change (cache key)
DEFAULT_SEED = 1234
DEFAULT_PER_TEMPLATE = 14  # 26 schemas x 3 train families x 14 = 1092 train, 26 x 14 = 364 test
LEVELS = ("simple", "medium", "complex")

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}$")


def builtin_schemas() -> dict[str, dict[str, Any]]:
    """The schemas shipped in ``task_configs/schemas``, by file stem."""
    folder = files("task_configs") / "schemas"
    return {p.name[:-5]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.iterdir(), key=lambda p: p.name) if p.name.endswith(".json")}


def public_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The schema as a model sees it: EdgeBench's ``x-edgebench-*`` notes and ``$schema`` left out."""
    return {k: v for k, v in schema.items() if not k.startswith("x-edgebench-") and k != "$schema"}


def generate(schemas: Mapping[str, Mapping[str, Any]], *, seed: int = DEFAULT_SEED,
             per_template: int = DEFAULT_PER_TEMPLATE) -> dict[str, list[dict]]:
    """Rows ``{id, schema, level, domain, template, text, gold}`` for ``train`` and ``test``.

    ``gold`` is the gold object as JSON text (one Arrow type for every schema). Deterministic in
    ``seed``: the same seed, schemas and ``per_template`` give identical rows."""
    unknown = sorted(set(schemas) - set(SPECS))
    if unknown:
        raise EdgeBenchError(f"edge_json: no text templates for schema(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(SPECS))}")
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    pool = noise_pool(fake)
    splits: dict[str, list[dict]] = {"train": [], "test": []}
    for name in sorted(schemas):
        schema, spec = schemas[name], SPECS[name]
        held_out = rng.randrange(len(spec.templates))
        for t, template in enumerate(spec.templates):
            split = "test" if t == held_out else "train"
            for j in range(per_template):
                gold, ctx = spec.values(fake, rng)
                text = render(template, {**noise(pool, rng), **ctx}, rng)
                splits[split].append({
                    "id": f"{name}/{t}/{j}", "schema": name, "level": schema.get("x-edgebench-level", ""),
                    "domain": schema.get("x-edgebench-domain", ""), "template": f"{name}/{t}", "text": text,
                    "gold": json.dumps(gold, ensure_ascii=False)})
    for split, rows in splits.items():
        seen: set[str] = set()
        unique = [r for r in rows if not (r["text"] in seen or seen.add(r["text"]))]
        rng.shuffle(unique)  # so that `--limit N` takes a mix of schemas and levels
        splits[split] = unique
    return splits


# -- the quality validator's view of a row ---------------------------------------------------------
def surface_forms(value: Any) -> list[str]:
    """How a gold leaf may be written in a text: numbers without trailing zeros (42.5 is in '42.50'),
    dates and times in every style the templates use; the first form is the canonical one."""
    if isinstance(value, bool):
        return [str(value).lower()]
    if isinstance(value, (int, float)):
        return [f"{value:.6f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)]
    text = str(value)
    if _DATE.match(text):
        day = dt.date.fromisoformat(text)
        return [style(day) for style in DATE_STYLES.values()]
    if _TIME.match(text):
        clock = dt.time.fromisoformat(text)
        return [style(clock) for style in TIME_STYLES.values()]
    return [text]


def gold_values(row: Mapping[str, Any]) -> list[str]:
    """Every gold leaf as the text writes it (the first surface form found, else the canonical one)."""
    haystack = normalise(row["text"])
    out = []
    for value in flatten(json.loads(row["gold"])).values():
        if value is None or value == [] or value == {}:
            continue
        forms = surface_forms(value)
        out.append(next((form for form in forms if normalise(form) in haystack), forms[0]))
    return out


def leaks(row: Mapping[str, Any]) -> list[str]:
    """The answer given away: the gold object's literal JSON, pretty or compact."""
    gold = json.loads(row["gold"])
    return [json.dumps(gold, ensure_ascii=False), json.dumps(gold, ensure_ascii=False, separators=(",", ":"))]


def checks(schemas: Mapping[str, Mapping[str, Any]] | None = None) -> Checks:
    """The validator's checks for EdgeJSON rows: gold values in the text, gold valid for its schema, no leak."""
    validators = {name: schema_validator(s) for name, s in (schemas or builtin_schemas()).items()}

    def valid(row: Mapping[str, Any]) -> bool:
        validator = validators.get(row["schema"])
        return validator is not None and validator.is_valid(json.loads(row["gold"]))

    return Checks(gold_values=gold_values, leaks=leaks, schema_valid=valid)
