"""EdgeFuncCall data v2: requests written many ways, split by whole frame families.

A *frame* is one template family of one function (v1's ``TEMPLATES`` plus ``edge_funccall_frames.EXTRA``)
or one request that no offered function serves (``NEAR_MISSES``: a device or service next to a domain's
functions; ``CHIT_CHAT``). A row writes its frame as a *template*: one pick per ``[a|b]``, then
``request_style`` (synonyms, a register, an opener, a closer). The template id is the frame, the register
and a hash of the template text, so two sets of picks that write the same text are one template. Typos
vary per row and touch neither a slot nor a word that fixes a value (``PROTECTED``).

Test split: about ``test_share`` of each function's frames and of each irrelevance kind's frames, held out
whole (``frame_splits.held_out``), every function keeping a train frame for each parameter a held-out
frame names; ``test_templates`` distinct templates per frame, ``test_rows`` rows per template (simple,
multiple and irrelevance in turn); and parallel requests joining held-out frames of 2-3 functions (half as
many as held-out function frames). Train split: ``rows`` rows from the other frames only. Gold comes from
the generator, as in v1 (``edge_funccall.acceptable``). Same catalog, seed and settings: same rows.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Sequence

from faker import Faker

from edgebench.data.writing import compose, frame_splits, request_style
from edgebench.data.funccall import edge_funccall as v1
from edgebench.data.funccall import edge_funccall_frames as F
from edgebench.data.funccall import edge_funccall_templates as T
from edgebench.data.validation import normalise
from edgebench.errors import EdgeBenchError

VERSION = "edge_funccall-2"
DEFAULTS = {"rows": 3000, "test_templates": 3, "test_rows": 1, "test_share": 0.25, "typo_rate": 0.2}
# Single-call test rows of a function frame take these in turn; the near-miss and chit-chat frames add
# about as many irrelevance rows again. The train split draws categories in the test split's shares.
TEST_CYCLE = ("simple", "multiple", "simple", "multiple", "simple", "multiple", "irrelevance")
TRAIN_WEIGHTS = {"simple": 0.32, "multiple": 0.32, "parallel": 0.13, "irrelevance": 0.23}
NEAR_MISS_SHARE = 0.55  # of the irrelevance train rows, those from near-miss and chit-chat frames
JOINERS = (", and ", " and ", ", then ", ". Also, ", "; also ", " and then ", ", plus ", ". Oh and ",
           ", after that ")
RETRIES = 20  # fresh values (and typos) for one template before a duplicate text is given up
IRRELEVANT_SLOTS: dict[str, tuple[T.Sampler, dict]] = {  # the slots of near-miss and chit-chat frames
    "room": (T.pick(T.ROOMS), {}), "city": (T.pick(T.CITIES), {}), "artist": (T.pick(T.ARTISTS), {}),
    "contact": (lambda rng, fake, values: fake.first_name(), {}),
    "company": (lambda rng, fake, values: fake.company(), {}),
    "digits": (lambda rng, fake, values: fake.numerify("####"), {}),
    "grocery": (T.pick(T.GROCERIES), {}), "product": (T.pick(F.REVIEW_PRODUCTS), {}),
    "medication": (T.pick(T.MEDICATIONS), {}), "weight": (T.ints(55, 62, 70, 78, 85, 93), {}),
    "topic": (T.pick(F.TOPICS), {}), "chore": (T.pick(T.TODOS), {}),
    "date": (T.DATE_SAMPLER, {"format": "date"}), "time": (T.TIME_SAMPLER, {"pattern": v1.TIME_PATTERN}),
}
_PROTECTED = re.compile(r"\b(" + "|".join(F.PROTECTED) + r")\b", re.IGNORECASE)
# SMS-speak writes "to"/"for" as "2"/"4": right before a number ("volume 2 30") that reads as part of it.
_SMS_DIGIT = re.compile(r"(?<!\S)([24]) (?=[\d{])")


@dataclass(frozen=True)
class Frame:
    """One frame family: its text (``[a|b]`` and ``{slots}``), the function it calls (None: no offered
    function serves it) and, for a near miss, the domain whose functions are offered."""

    kind: str  # a function name, "near_miss.<domain>" or "chit_chat.<kind>"
    index: int
    text: str
    fixed: Mapping[str, Any] = field(default_factory=dict)
    function: str | None = None
    domain: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}/{self.index}"


@dataclass(frozen=True)
class Template:
    """A request's surface pattern: ``{c<i>_<param>}`` slots, one prefix per clause (frame)."""

    id: str
    text: str
    register: str
    frames: tuple[Frame, ...]


def digest() -> str:
    """sha256 of the phrase banks, value pools and request styles: part of the dataset cache key."""
    h = hashlib.sha256()
    for module in (T, F):
        h.update(Path(module.__file__).read_bytes())
    h.update(request_style.digest().encode())
    h.update(repr([TEST_CYCLE, TRAIN_WEIGHTS, NEAR_MISS_SHARE, JOINERS, sorted(IRRELEVANT_SLOTS)]).encode())
    return h.hexdigest()


# -- frames ---------------------------------------------------------------------------------------
def expansions(text: str) -> list[str]:
    """Every text ``[a|b]`` picks can make of ``text``."""
    parts = compose.ALTERNATIVES.split(text)
    literals, groups = parts[0::2], [g.split("|") for g in parts[1::2]]
    return ["".join(itertools.chain.from_iterable(zip(literals, (*choice, "")))) for choice in itertools.product(*groups)]


def _named(frame: Frame) -> set[str]:
    return {p for text in expansions(frame.text) for p in v1.placeholders(text)} | set(frame.fixed)


def _check_function(spec: Mapping, frames: list[Frame]) -> None:
    name = spec["name"]
    if len(frames) < 2:
        raise EdgeBenchError(f"edge_funccall v2: function '{name}' has {len(frames)} request frame(s); whole frames "
                             f"are held out, so it needs at least 2: add some to edge_funccall_frames.EXTRA")
    props, required = spec["parameters"]["properties"], set(spec["parameters"].get("required", []))
    for frame in frames:
        for text in expansions(frame.text):
            named = set(v1.placeholders(text)) | set(frame.fixed)
            if not named <= set(props) or not required <= named:
                raise EdgeBenchError(f"edge_funccall v2: frame '{frame.text}' of '{name}' must name only its "
                                     f"parameters and, in every [a|b] pick, each required one ({', '.join(sorted(required))})")
            if frame.fixed and not _PROTECTED.search(text):
                raise EdgeBenchError(f"edge_funccall v2: frame '{frame.text}' of '{name}' fixes {sorted(frame.fixed)} "
                                     f"but no word of edge_funccall_frames.PROTECTED carries it; add the word there")


def frames(functions: Mapping[str, Mapping]) -> dict[str, list[Frame]]:
    """Every frame by kind: each catalog function's (v1's families first, so their indexes are v1's),
    then the near misses of the catalog's domains, then the chit-chat."""
    out: dict[str, list[Frame]] = {}
    for name, spec in functions.items():
        entries = [*T.TEMPLATES.get(name, []), *F.EXTRA.get(name, [])]
        out[name] = [Frame(name, i, *((e, {}) if isinstance(e, str) else e), function=name)
                     for i, e in enumerate(entries)]
        _check_function(spec, out[name])
    domains = {spec["domain"] for spec in functions.values()}
    for domain, texts in F.NEAR_MISSES.items():
        if domain in domains:
            out[f"near_miss.{domain}"] = [Frame(f"near_miss.{domain}", i, t, domain=domain) for i, t in enumerate(texts)]
    for kind, texts in F.CHIT_CHAT.items():
        out[f"chit_chat.{kind}"] = [Frame(f"chit_chat.{kind}", i, t) for i, t in enumerate(texts)]
    for kind, frs in out.items():
        for frame in frs:
            unknown = _named(frame) - set(IRRELEVANT_SLOTS) if frame.function is None else set()
            if unknown:
                raise EdgeBenchError(f"edge_funccall v2: frame '{frame.text}' ({kind}) uses slot(s) "
                                     f"{sorted(unknown)}; add them to edge_funccall_v2.IRRELEVANT_SLOTS")
    return out


def _covers(kinds: Mapping[str, list[Frame]], held: frame_splits.Held) -> bool:
    """Every parameter a held-out frame names is also named by a train frame of its function."""
    for kind, frs in kinds.items():
        if frs[0].function is None:
            continue
        test = set().union(*(_named(f) for f in frs if (kind, f.index) in held))
        train = set().union(*(_named(f) for f in frs if (kind, f.index) not in held))
        if not test <= train:
            return False
    return True


# -- templates and rows ---------------------------------------------------------------------------
def _prefixed(text: str, i: int) -> str:
    """``text`` with each ``{slot}`` renamed ``{c<i>_slot}``: clauses of one request keep their values apart."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(compose._escape(literal))
        if name is not None:
            out.append("{" + f"c{i}_{name}" + "}")
    return "".join(out)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def template(parts: Sequence[Frame], rng: random.Random) -> Template:
    """One template of a request for ``parts`` (one frame, or 2-3 joined into a parallel request)."""
    clauses = [_prefixed(compose.pick(frame.text, rng)[0], i) for i, frame in enumerate(parts)]
    text = clauses[0]
    for clause in clauses[1:]:
        text = text.rstrip(".?!") + rng.choice(JOINERS) + _lower_first(clause)
    frame_id = "+".join(frame.id for frame in parts)
    styled = request_style.style(frame_id, text, rng)  # styled as one request: one register, opener, closer
    text = styled.text
    if styled.register == "sms_speak":
        text = _SMS_DIGIT.sub(lambda m: ("to " if m.group(1) == "2" else "for "), text)
    tid = f"{frame_id}/{styled.register}/{hashlib.sha1(text.encode()).hexdigest()[:10]}"
    return Template(tid, text, styled.register, tuple(parts))


def _typos(text: str, rng: random.Random, rate: float) -> str:
    """``compose.typos`` with the words that fix a value held aside as if they were slots."""
    kept: list[str] = []

    def hold(match: re.Match) -> str:
        kept.append(match.group(0))
        return "{" + f"kw{len(kept) - 1}" + "}"

    masked = []
    for literal, name, _, _ in string.Formatter().parse(text):
        masked.append(_PROTECTED.sub(hold, compose._escape(literal)))
        if name is not None:
            masked.append("{" + name + "}")
    noisy = compose.typos("".join(masked), rng, rate)
    for j, word in enumerate(kept):
        noisy = noisy.replace("{" + f"kw{j}" + "}", word)
    return noisy


def _call(spec: Mapping, used: list[str], fixed: Mapping, rng: random.Random, fake: Faker) -> tuple[dict, dict]:
    """Values for the parameters a clause names or fixes, and the gold call (v1's rules)."""
    name, props = spec["name"], spec["parameters"]["properties"]
    values: dict[str, Any] = {}
    for param, schema in props.items():  # schema order: a sampler may depend on earlier values
        if param in fixed:
            values[param] = fixed[param]
        elif param in used:
            values[param] = v1.sample(name, param, schema, rng, fake, values)
    arguments = {p: v1.acceptable(values[p], s) if p in values
                 else [""] + (v1.acceptable(s["default"], s) if "default" in s else []) for p, s in props.items()}
    return values, {"name": name, "arguments": arguments}


def render(tpl: Template, functions: Mapping[str, Mapping], rng: random.Random, fake: Faker,
           typo_rate: float) -> tuple[str, list[dict]]:
    """A request text from ``tpl`` and its gold calls (one per clause that calls a function)."""
    text = tpl.text if tpl.register == "voice" else _typos(tpl.text, rng, typo_rate)  # speech is not typed
    fills: dict[str, str] = {}
    calls: list[dict] = []
    slots = v1.placeholders(text)
    for i, frame in enumerate(tpl.frames):
        used = [s.split("_", 1)[1] for s in slots if s.startswith(f"c{i}_")]
        if frame.function is None:
            for slot in used:
                sampler, schema = IRRELEVANT_SLOTS[slot]
                fills[f"c{i}_{slot}"] = v1.surface(sampler(rng, fake, {}), schema, rng)
            continue
        spec = functions[frame.function]
        values, call = _call(spec, used, frame.fixed, rng, fake)
        props = spec["parameters"]["properties"]
        fills.update({f"c{i}_{p}": v1.surface(values[p], props[p], rng) for p in used})
        calls.append(call)
    return text.format(**fills), calls


class _Builder:
    """Rows of both splits; one set of texts seen, so no text is on both sides."""

    def __init__(self, functions: dict[str, dict], rng: random.Random, fake: Faker, typo_rate: float):
        self.functions, self.rng, self.fake, self.typo_rate = functions, rng, fake, typo_rate
        self.seen: set[str] = set()
        self.rows: dict[str, list[dict]] = {"train": [], "test": []}

    def _group(self, name: str) -> tuple[str, ...]:
        domain = self.functions[name]["domain"]
        return next((g for g in T.DOMAIN_GROUPS if domain in g), (domain,))

    def _sample(self, names: list[str], k: int) -> list[str]:
        return self.rng.sample(names, min(k, len(names)))

    def _distractors(self, gold: list[str], k: int) -> list[str]:
        """v1's rule: 1-2 of the first gold function's own domain, the rest from anywhere."""
        others = [n for n in self.functions if n not in gold]
        near = [n for n in others if self.functions[n]["domain"] == self.functions[gold[0]]["domain"]]
        chosen = self._sample(near, min(self.rng.randint(1, 2), k))
        return chosen + self._sample([n for n in others if n not in chosen], k - len(chosen))

    def offered(self, category: str, frame: Frame, gold: list[str]) -> list[str]:
        rng, names = self.rng, list(self.functions)
        if category == "simple":
            chosen = list(gold)
        elif category in ("multiple", "parallel"):
            chosen = gold + self._distractors(gold, rng.randint(2, 4) if category == "multiple" else rng.randint(0, 2))
        elif frame.function is not None:  # a real request, and only functions of other domain groups
            group = self._group(frame.function)
            chosen = self._sample([n for n in names if self.functions[n]["domain"] not in group], rng.randint(2, 4))
        elif frame.domain is not None:  # a near miss: the functions of the domain it is next to
            chosen = self._sample([n for n in names if self.functions[n]["domain"] == frame.domain], rng.randint(2, 4))
            chosen += self._sample([n for n in names if n not in chosen], max(0, 2 - len(chosen)))
        else:
            chosen = self._sample(names, rng.randint(2, 4))
        rng.shuffle(chosen)
        return chosen

    def add(self, split: str, category: str, tpl: Template) -> bool:
        for _ in range(RETRIES):
            text, calls = render(tpl, self.functions, self.rng, self.fake, self.typo_rate)
            if normalise(text) in self.seen:
                continue
            self.seen.add(normalise(text))
            names = self.offered(category, tpl.frames[0], [c["name"] for c in calls])
            self.rows[split].append({
                "id": f"{split}/{len(self.rows[split])}", "category": category, "template": tpl.id,
                "frame": "+".join(f.id for f in tpl.frames), "register": tpl.register, "text": text,
                "functions": json.dumps([v1.offered_spec(self.functions[n]) for n in names], separators=(",", ":"),
                                        ensure_ascii=False),
                "gold": json.dumps([] if category == "irrelevance" else calls, ensure_ascii=False)})
            return True
        return False

    def parallel_parts(self, anchor: Frame, pool: list[Frame]) -> list[Frame]:
        """``anchor`` and 1-2 frames of other functions from ``pool`` (one split's frames)."""
        parts, n = [anchor], self.rng.choice((2, 2, 3))
        others = [f for f in pool if f.function != anchor.function]
        while len(parts) < n:
            pick = self.rng.choice(others)
            if pick.function not in {p.function for p in parts}:
                parts.append(pick)
        return parts


def generate(catalog: Mapping[str, Any], *, seed: int = 1234, rows: int = DEFAULTS["rows"],
             test_templates: int = DEFAULTS["test_templates"], test_rows: int = DEFAULTS["test_rows"],
             test_share: float = DEFAULTS["test_share"], typo_rate: float = DEFAULTS["typo_rate"],
             categories: Sequence[str] | None = None) -> dict[str, list[dict]]:
    """Rows ``{id, category, template, frame, register, text, functions, gold}`` for ``train`` and ``test``."""
    if not 1 <= test_rows <= 5:
        raise EdgeBenchError(f"edge_funccall v2: test_rows must be 1..5 (rows per test template), got {test_rows}")
    categories = [c for c in v1.CATEGORIES if c in (categories or v1.CATEGORIES)]
    functions = {f["name"]: dict(f) for f in catalog["functions"]}
    kinds = frames(functions)
    if "irrelevance" not in categories:
        kinds = {k: frs for k, frs in kinds.items() if frs[0].function is not None}
    rng = random.Random(f"{VERSION}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    banks: frame_splits.Banks = {"calls": {}, "none": {}}
    for kind, frs in kinds.items():
        banks["calls" if frs[0].function else "none"][kind] = [f.text for f in frs]
    held = frame_splits.held_out(banks, rng, test_share, covers=lambda h: _covers(kinds, h))
    b = _Builder(functions, rng, fake, typo_rate)

    cycle, turn = [c for c in TEST_CYCLE if c in categories], 0
    for kind, frs in kinds.items():  # the test split first: its texts are then never trained on
        for frame in frs:
            if (kind, frame.index) not in held or (frame.function and not cycle):
                continue
            made: set[str] = set()
            for _ in range(test_templates * 20):
                if len(made) == test_templates:
                    break
                tpl = template([frame], rng)
                if tpl.text in made:
                    continue
                made.add(tpl.text)
                for _ in range(test_rows):
                    category = "irrelevance" if frame.function is None else cycle[turn % len(cycle)]
                    turn += frame.function is not None
                    b.add("test", category, tpl)
    held_calls = [f for frs in kinds.values() for f in frs if f.function and (f.kind, f.index) in held]
    if "parallel" in categories:
        order = rng.sample(held_calls, len(held_calls))
        for anchor in order[:len(order) // 2]:
            b.add("test", "parallel", template(b.parallel_parts(anchor, held_calls), rng))

    train = {kind: [f for f in frs if (kind, f.index) not in held] for kind, frs in kinds.items()}
    calling = sorted(k for k in train if train[k][0].function)
    irrelevant = sorted(k for k in train if train[k][0].function is None)
    weights = [TRAIN_WEIGHTS[c] for c in categories]
    for _ in range(rows * 5):
        if len(b.rows["train"]) >= rows:
            break
        category = rng.choices(categories, weights)[0]
        if category == "parallel":
            parts = [rng.choice(train[k]) for k in rng.sample(calling, rng.choice((2, 2, 3)))]
        elif category == "irrelevance" and irrelevant and rng.random() < NEAR_MISS_SHARE:
            parts = [rng.choice(train[rng.choice(irrelevant)])]
        else:
            parts = [rng.choice(train[rng.choice(calling)])]
        b.add("train", category, template(parts, rng))
    for split_rows in b.rows.values():
        rng.shuffle(split_rows)  # so that `--limit N` takes a mix of categories and functions
    return b.rows
