"""EdgeJSON data v2: the v1 text families (and v2's paper documents) in registers, split by frame.

A frame is one (schema, text family) of ``edge_json_frames``. Per schema ``held_out`` frames, a seeded
choice, go to the test split whole: the train split never sees their phrasing. A template is a frame in
one register (``edge_json_registers``: as written, casual, OCR'd, forwarded, transcribed) with that
register's picks; its id records frame, register and picks. Test rows: ``test_templates`` distinct
templates per held-out frame, ``test_rows`` rows each (<= 5); train rows: ``rows`` of them, each a fresh
template of a train frame (schema drawn evenly). Gold comes from the generator's draws; registers rewrite
only the text around the values. Same seed and version, same rows, byte for byte.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
from importlib.resources import files
from typing import Any, Mapping

from faker import Faker

from edgebench.data.extraction import edge_json_frames as frames_mod
from edgebench.data.extraction import edge_json_registers as R
from edgebench.data.extraction.edge_json import DEFAULT_SEED, gold_values
from edgebench.data.extraction.edge_json_templates import SPECS
from edgebench.data.extraction.edge_json_templates.common import BASE_DAY, noise, noise_pool, render
from edgebench.data.validation import contains_all
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import flatten

GENERATOR_VERSION = "edge-json-2"  # bump when families, registers or value draws change (cache key)
DEFAULTS = {"rows": 2400, "test_templates": 4, "test_rows": 2}  # test: 26 x 2 frames x 4 x 2 = 416 rows
HELD_OUT = 2  # frames per schema held out for the test split
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def digest() -> str:
    """sha256 of the code that writes the texts (templates, frames, registers, this module): part of the
    dataset cache key, so an edited family rebuilds the data even if GENERATOR_VERSION was not bumped."""
    h = hashlib.sha256()
    data = files("edgebench.data.extraction")
    sources = [data / "edge_json.py", data / "edge_json_frames.py", data / "edge_json_registers.py",
               data / "edge_json_v2.py"]
    sources += sorted((p for p in (data / "edge_json_templates").iterdir() if p.name.endswith(".py")),
                      key=lambda p: p.name)
    for path in sources:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _earliest(gold: Any) -> dt.date | None:
    """The gold's earliest date of the data's year (a birth date is not when a text was sent)."""
    days = [dt.date.fromisoformat(v) for v in flatten(gold).values() if isinstance(v, str) and _ISO.match(v)]
    days = [d for d in days if d >= BASE_DAY]
    return min(days) if days else None


class _Writer:
    """Draws one row's values, renders its family and writes it in its register."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"{GENERATOR_VERSION}/{seed}")
        fake = Faker("en_US")
        fake.seed_instance(seed)
        self.fake, self.pool = fake, noise_pool(fake)
        self.seen: set[str] = set()

    def row(self, name: str, schema: Mapping[str, Any], index: int, register: str,
            picks: dict[str, int]) -> dict[str, Any] | None:
        """A row of frame ``name/index`` in ``register``; None when its text is a duplicate (or, never seen,
        when a gold value could not be read in it)."""
        template, _medium = frames_mod.frames(name)[index]
        gold, ctx = SPECS[name].values(self.fake, self.rng)
        ctx = {**noise(self.pool, self.rng), **ctx}
        doc = R.protect(render(template, ctx, self.rng), *R.slot_values(gold, ctx))
        doc, effective = R.apply(doc, register, picks, self.rng, self.pool["people"], _earliest(gold))
        text = R.text_of(doc).strip("\n")
        row = {"schema": name, "level": schema.get("x-edgebench-level", ""),
               "domain": schema.get("x-edgebench-domain", ""), "frame": f"{name}/{index}", "register": register,
               "template": f"{name}/{index}/{register}/{effective}", "text": text,
               "gold": json.dumps(gold, ensure_ascii=False)}
        if text in self.seen or not contains_all(text, gold_values(row)):
            return None  # a value lost would be a bug in a register: the row is left out, never kept wrong
        self.seen.add(text)
        return row

    def registers(self, name: str, index: int) -> tuple[str, ...]:
        return R.FITS[frames_mod.frames(name)[index][1]]

    def template(self, name: str, index: int, register: str | None = None) -> tuple[str, dict[str, int]]:
        register = register or self.rng.choice(self.registers(name, index))
        return register, R.draw(register, self.rng)


def held_out(names: list[str], rng: random.Random) -> dict[str, list[int]]:
    """Per schema, the indexes of its test frames (``HELD_OUT`` of them, at least two left to train on)."""
    out = {}
    for name in names:
        n = len(frames_mod.frames(name))
        if n < HELD_OUT + 2:
            raise EdgeBenchError(f"edge_json v2: schema '{name}' has {n} text families; it needs "
                                 f"{HELD_OUT + 2} to hold {HELD_OUT} out; add families in edge_json_frames")
        out[name] = sorted(rng.sample(range(n), HELD_OUT))
    return out


def generate(schemas: Mapping[str, Mapping[str, Any]], *, seed: int = DEFAULT_SEED, rows: int = DEFAULTS["rows"],
             test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"]) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, schema, level, domain, frame, register, template, text, gold}`` for ``train`` and ``test``;
    ``gold`` is the gold object as JSON text."""
    unknown = sorted(set(schemas) - set(SPECS))
    if unknown:
        raise EdgeBenchError(f"edge_json: no text templates for schema(s) {', '.join(unknown)}; "
                             f"known: {', '.join(sorted(SPECS))}")
    if not 1 <= test_rows <= 5:
        raise EdgeBenchError(f"edge_json v2: test_rows must be 1..5 (rows per test template), got {test_rows}")
    names = sorted(schemas)
    w = _Writer(seed)
    test_frames = held_out(names, w.rng)
    splits: dict[str, list[dict]] = {"train": [], "test": []}
    for name in names:  # the test split first, frame by frame
        for index in test_frames[name]:
            counts: dict[str, int] = {}
            order = w.rng.sample(w.registers(name, index), len(w.registers(name, index)))
            for attempt in range(test_templates * test_rows * 20):
                if len(counts) == test_templates and all(c == test_rows for c in counts.values()):
                    break
                # the frame's registers in turn, so that the test split holds each about as often
                register, picks = w.template(name, index, order[attempt % len(order)])
                for _ in range(test_rows):
                    row = w.row(name, schemas[name], index, register, picks)
                    if row is None:
                        continue
                    t = row["template"]
                    if counts.get(t, 0) < test_rows and (t in counts or len(counts) < test_templates):
                        counts[t] = counts.get(t, 0) + 1
                        splits["test"].append({"id": f"{t}/{counts[t] - 1}", **row})
    train = {name: [i for i in range(len(frames_mod.frames(name))) if i not in test_frames[name]] for name in names}
    made: dict[str, int] = {}
    for _ in range(rows * 5):
        if len(splits["train"]) >= rows:
            break
        name = w.rng.choice(names)
        index = w.rng.choice(train[name])
        row = w.row(name, schemas[name], index, *w.template(name, index))
        if row is not None:
            made[row["template"]] = made.get(row["template"], 0) + 1
            splits["train"].append({"id": f"{row['template']}/{made[row['template']] - 1}", **row})
    for split_rows in splits.values():
        w.rng.shuffle(split_rows)  # so that `--limit N` takes a mix of schemas and registers
    return splits
