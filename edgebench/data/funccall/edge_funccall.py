"""EdgeFuncCall data: requests to an on-device assistant and the function calls that serve them.

Four categories, as in the Berkeley Function Calling Leaderboard: ``simple`` (the one right function
offered), ``multiple`` (one call, chosen among 3-5 offered functions), ``parallel`` (2-3 calls to
different functions in one request) and ``irrelevance`` (no offered function fits: gold is no call).

Rows: ``{id, category, template, text, functions, gold}``; ``functions`` is the JSON text of the
offered specs and ``gold`` the JSON text of ``[{"name", "arguments": {param: [acceptable, ...]}}]``.
Every parameter of the function is listed; one the request leaves out accepts "" (may be omitted),
BFCL's convention. Numbers accept their string form too ("20" for 20).

The split is by template family: each function keeps one family for the test split only (a seeded
pick), and a parallel row joins families of one split, so no test phrasing is seen in training.
"""
from __future__ import annotations

import itertools
import json
import random
import string
from datetime import date
from typing import Any, Mapping, Sequence

from faker import Faker
from jsonschema import Draft202012Validator

from edgebench.data.funccall import edge_funccall_templates as T
from edgebench.data.validation import Checks, normalise
from edgebench.errors import EdgeBenchError

GENERATOR_VERSION = "edge_funccall-1"
CATEGORIES = ("simple", "multiple", "parallel", "irrelevance")
TIME_PATTERN = "^([01][0-9]|2[0-3]):[0-5][0-9]$"
MIN_TEMPLATES = 4
RETRIES = 40  # fresh values per row before a duplicate text is given up


# -- values: sample, write into text, list what a model may answer --------------------------------
def _is_time(schema: Mapping) -> bool:
    return schema.get("pattern") == TIME_PATTERN


def sample(function: str, param: str, schema: Mapping, rng: random.Random, fake: Faker, values: dict) -> Any:
    sampler = T.SAMPLERS.get(f"{function}.{param}") or T.SAMPLERS.get(param)
    if sampler is not None:
        return sampler(rng, fake, values)
    if "enum" in schema:
        return rng.choice(schema["enum"])
    if schema.get("format") == "date":
        return T.DATE_SAMPLER(rng, fake, values)
    if _is_time(schema):
        return T.TIME_SAMPLER(rng, fake, values)
    if schema.get("type") == "boolean":
        return rng.random() < 0.5
    if schema.get("type") == "integer":
        return rng.randint(schema.get("minimum", 1), min(schema.get("maximum", 100), 100))
    raise EdgeBenchError(f"edge_funccall: no value source for {function}.{param}; add one to SAMPLERS")


def _number_text(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def written_forms(value: Any, schema: Mapping) -> list[str]:
    """The ways a (non-boolean, scalar) gold value may be written in a request, preferred first."""
    if schema.get("format") == "date":
        d = date.fromisoformat(value)
        return [f"{d:%B} {d.day}, {d.year}", value, f"{d.day} {d:%B} {d.year}"]
    if _is_time(schema):
        hour, minute = int(value[:2]), value[3:]
        h12, half = (hour % 12 or 12), ("am" if hour < 12 else "pm")
        forms = [f"{h12}:{minute} {half}", value, f"{h12}:{minute}{half}"]
        return forms + ([f"{h12} {half}"] if minute == "00" else [])
    if isinstance(value, bool):
        return ["on" if value else "off"]
    if isinstance(value, (int, float)):
        return [_number_text(value)]
    return [str(value)]


def surface(value: Any, schema: Mapping, rng: random.Random) -> str:
    """How a template writes a value: dates and times in one of their forms, lists as prose."""
    if isinstance(value, list):
        return value[0] if len(value) == 1 else ", ".join(value[:-1]) + " and " + value[-1]
    forms = written_forms(value, schema)
    if schema.get("format") == "date" or _is_time(schema):
        return rng.choice(forms[:3])
    return forms[0]


def acceptable(value: Any, schema: Mapping) -> list:
    """Every answer accepted for a value given in the request; the first is the canonical one."""
    if isinstance(value, list):  # any order of the items, as the request does not rank them
        return [list(p) for p in itertools.permutations(value)]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [value, _number_text(value)]
    return [value]


# -- rows -------------------------------------------------------------------------------------
def placeholders(template: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(template) if field]


def _template(function: str, index: int) -> tuple[str, dict]:
    entry = T.TEMPLATES[function][index]
    return (entry, {}) if isinstance(entry, str) else entry


def _check_templates(functions: Mapping[str, dict]) -> None:
    for name, spec in functions.items():
        families = T.TEMPLATES.get(name, [])
        if len(families) < MIN_TEMPLATES:
            raise EdgeBenchError(f"edge_funccall: function '{name}' has {len(families)} template families; "
                                 f"the template split needs at least {MIN_TEMPLATES}")
        props, required = spec["parameters"]["properties"], spec["parameters"].get("required", [])
        for i in range(len(families)):
            text, fixed = _template(name, i)
            named = set(placeholders(text)) | set(fixed)
            if not named <= set(props) or not set(required) <= named:
                raise EdgeBenchError(f"edge_funccall: template '{text}' of '{name}' must name only its parameters "
                                     f"and every required one ({', '.join(required)})")


def fill(spec: Mapping, index: int, rng: random.Random, fake: Faker) -> tuple[str, dict]:
    """One request from a template family and its gold call."""
    name, props = spec["name"], spec["parameters"]["properties"]
    text, fixed = _template(name, index)
    used = placeholders(text)
    values: dict[str, Any] = {}
    for param, schema in props.items():  # schema order: a sampler may depend on earlier values
        if param in fixed:
            values[param] = fixed[param]
        elif param in used:
            values[param] = sample(name, param, schema, rng, fake, values)
    rendered = text.format(**{p: surface(values[p], props[p], rng) for p in used})
    arguments = {}
    for param, schema in props.items():
        if param in values:
            arguments[param] = acceptable(values[param], schema)
        else:  # left out of the request: may be omitted, or given as the schema's default
            arguments[param] = [""] + (acceptable(schema["default"], schema) if "default" in schema else [])
    return rendered, {"name": name, "arguments": arguments}


def offered_spec(spec: Mapping) -> dict:
    """What a model sees of a function (the catalog's ``domain`` is generator bookkeeping)."""
    return {"name": spec["name"], "description": spec["description"], "parameters": spec["parameters"]}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


class _SplitBuilder:
    def __init__(self, functions: dict[str, dict], pool: list[tuple[str, int]], rng: random.Random, fake: Faker):
        self.functions, self.pool, self.rng, self.fake = functions, pool, rng, fake
        self.seen: set[str] = set()
        self.rows: list[dict] = []
        self.counters: dict[str, int] = {}

    def _group(self, name: str) -> tuple[str, ...]:
        domain = self.functions[name]["domain"]
        return next((g for g in T.DOMAIN_GROUPS if domain in g), (domain,))

    def _distractors(self, gold: Sequence[str], k: int) -> list[str]:
        others = [n for n in self.functions if n not in gold]
        near = [n for n in others if self.functions[n]["domain"] == self.functions[gold[0]]["domain"]]
        chosen = self.rng.sample(near, min(len(near), self.rng.randint(1, 2), k))
        rest = [n for n in others if n not in chosen]
        return chosen + self.rng.sample(rest, k - len(chosen))

    def _offered(self, category: str, gold: list[str]) -> list[str]:
        rng = self.rng
        if category == "simple":
            names = list(gold)
        elif category == "multiple":
            names = gold + self._distractors(gold, rng.randint(2, 4))
        elif category == "parallel":
            names = gold + self._distractors(gold, rng.randint(0, 2))
        else:
            group = self._group(gold[0])
            far = [n for n in self.functions if self.functions[n]["domain"] not in group]
            names = rng.sample(far, rng.randint(2, 4))
        rng.shuffle(names)
        return names

    def _attempt(self, category: str, parts: list[tuple[str, int]]) -> dict | None:
        rng = self.rng
        clauses, calls = zip(*(fill(self.functions[f], t, rng, self.fake) for f, t in parts))
        text = clauses[0]
        for clause in clauses[1:]:
            text = text.rstrip(".?!") + rng.choice(T.JOINERS) + _lower_first(clause)
        text = rng.choice(T.OPENERS) + text + rng.choice(T.CLOSERS)
        if normalise(text) in self.seen:
            return None
        self.seen.add(normalise(text))
        gold_names = [f for f, _ in parts]
        offered = [offered_spec(self.functions[n]) for n in self._offered(category, gold_names)]
        template = "+".join(f"{f}/{t}" for f, t in parts)
        j = self.counters[f"{category}/{template}"] = self.counters.get(f"{category}/{template}", -1) + 1
        return {"id": f"{category}/{template}/{j}", "category": category, "template": template, "text": text,
                "functions": json.dumps(offered, separators=(",", ":"), ensure_ascii=False),
                "gold": json.dumps([] if category == "irrelevance" else list(calls), ensure_ascii=False)}

    def add(self, category: str, parts_fn) -> None:
        for _ in range(RETRIES):
            row = self._attempt(category, parts_fn())
            if row is not None:
                self.rows.append(row)
                return

    def parallel_parts(self, anchor: tuple[str, int]) -> list[tuple[str, int]]:
        n = self.rng.choice((2, 2, 3))
        others = [p for p in self.pool if p[0] != anchor[0]]
        parts = [anchor]
        while len(parts) < n:
            pick = self.rng.choice(others)
            if pick[0] not in {f for f, _ in parts}:
                parts.append(pick)
        return parts


def generate(catalog: Mapping[str, Any], *, seed: int = 1234, per_template: int = 2,
             categories: Sequence[str] | None = None) -> dict[str, list[dict]]:
    """Rows for ``train`` and ``test``, deterministic in ``seed``.

    Per split: ``per_template`` simple and multiple rows per template family, and
    ``per_template / 2`` parallel and irrelevance rows per family."""
    categories = [c for c in CATEGORIES if c in (categories or CATEGORIES)]
    functions = {f["name"]: dict(f) for f in catalog["functions"]}
    _check_templates(functions)
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    pools: dict[str, list[tuple[str, int]]] = {"train": [], "test": []}
    for name in functions:
        held_out = rng.randrange(len(T.TEMPLATES[name]))
        for t in range(len(T.TEMPLATES[name])):
            pools["test" if t == held_out else "train"].append((name, t))
    splits = {}
    for split, pool in pools.items():
        b = _SplitBuilder(functions, pool, rng, fake)
        for category in categories:
            if category in ("simple", "multiple"):
                for part in pool:
                    for _ in range(per_template):
                        b.add(category, lambda part=part: [part])
                continue
            order = rng.sample(pool, len(pool))
            for i in range(max(1, per_template * len(pool) // 2)):
                anchor = order[i % len(order)]
                if category == "parallel":
                    b.add(category, lambda a=anchor: b.parallel_parts(a))
                else:
                    b.add(category, lambda a=anchor: [a])
        rng.shuffle(b.rows)  # so that `--limit N` takes a mix of categories and functions
        splits[split] = b.rows
    return splits


# -- the quality validator's checks ---------------------------------------------------------------
def _must_give(values: Sequence) -> bool:
    return "" not in [v for v in values if isinstance(v, str)]


def _specs(row: Mapping) -> dict[str, dict]:
    return {f["name"]: f for f in json.loads(row["functions"])}


def gold_values(row: Mapping) -> list[str]:
    """Each required gold value as the request writes it (booleans are worded, not written)."""
    text, specs, out = normalise(row["text"]), _specs(row), []
    for call in json.loads(row["gold"]):
        props = specs.get(call["name"], {}).get("parameters", {}).get("properties", {})
        for param, values in call["arguments"].items():
            value, schema = values[0], props.get(param, {})
            if not _must_give(values) or isinstance(value, bool):
                continue
            for item in value if isinstance(value, list) else [value]:
                forms = written_forms(item, schema)
                out.append(next((f for f in forms if normalise(f) in text), forms[0]))
    return out


def schema_valid(row: Mapping) -> bool:
    """Every gold call names an offered function, and its canonical arguments (each first acceptable
    value, "" meaning left out) validate against that function's parameter schema."""
    try:
        specs, gold = _specs(row), json.loads(row["gold"])
    except (TypeError, ValueError, KeyError):
        return False
    if (row.get("category") == "irrelevance") != (gold == []):
        return False
    for call in gold:
        if call.get("name") not in specs or not all(isinstance(v, list) and v for v in call["arguments"].values()):
            return False
        canonical = {p: v[0] for p, v in call["arguments"].items() if v[0] != ""}
        schema = specs[call["name"]]["parameters"]
        if not Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).is_valid(canonical):
            return False
    return True


def leaks(row: Mapping) -> list[str]:
    """A request must not name a function literally (``set_alarm``)."""
    return list(_specs(row))


def checks() -> Checks:
    return Checks(gold_values=gold_values, leaks=leaks, schema_valid=schema_valid)
