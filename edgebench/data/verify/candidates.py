"""edge_verify's rows: each a row of a source task (EdgeJSON, EdgeIntent) with a proposed answer,
the gold one or a corrupted copy, and whether it is right. The corruption is the generator's own
act, so the gold verdict is known, never judged afterwards.

Corruptions: ``wrong_value`` (one leaf of the object replaced by another row's value of the same
field, or a nudged number or date), ``missing_field`` (one top-level field dropped), ``wrong_label``
(another label of the source's list). Splits follow the source's: train rows come from its train
split, test rows from its test split (held-out frames), so test candidates are about texts the
train split never saw.
"""
from __future__ import annotations

import copy
import datetime as dt
import json
import random
import re
from typing import Any, Iterable, Mapping, Sequence

VERSION = "verify-1.0"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PROBLEMS = ("wrong_value", "missing_field", "wrong_label")


def leaves(obj: Any, path: tuple = ()) -> Iterable[tuple[tuple, Any]]:
    """(path, value) of every scalar in a JSON value, depth first."""
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from leaves(value, path + (key,))
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            yield from leaves(value, path + (i,))
    else:
        yield path, obj


def set_at(obj: Any, path: tuple, value: Any) -> None:
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


def _field(path: tuple) -> str:
    return ".".join(str(p) for p in path if not isinstance(p, int))


def nudged(value: Any, rng: random.Random) -> Any:
    """A different value of the same JSON type: numbers moved, dates shifted, booleans flipped."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + rng.choice((1, 2, 3, 10, -1)) if value > 1 else value + rng.choice((1, 2, 5))
    if isinstance(value, float):
        return round(value + rng.choice((1.0, 2.5, 10.0, 0.5)), 2)
    if isinstance(value, str) and DATE.match(value):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return None
        return (day + dt.timedelta(days=rng.choice((1, 2, 7, -1, 30)))).isoformat()
    return None


def corrupt_value(gold: dict, others: Sequence[dict], rng: random.Random) -> tuple[dict, str] | None:
    """``gold`` with one leaf wrong, and that leaf's field; None when no leaf can be changed."""
    spots = list(leaves(gold))
    rng.shuffle(spots)
    pools: dict[str, list[Any]] = {}
    for other in others:
        for path, value in leaves(other):
            pools.setdefault(_field(path), []).append(value)
    for path, value in spots:
        if value is None:
            continue
        choices = [v for v in pools.get(_field(path), []) if type(v) is type(value) and v != value]
        new = rng.choice(choices) if choices and not isinstance(value, bool) else nudged(value, rng)
        if new is None or new == value:
            continue
        out = copy.deepcopy(gold)
        set_at(out, path, new)
        return out, _field(path)
    return None


def corrupt_missing(gold: dict, rng: random.Random) -> tuple[dict, str] | None:
    keys = sorted(gold)
    if len(keys) < 2:
        return None
    key = rng.choice(keys)
    return {k: v for k, v in gold.items() if k != key}, key


def json_rows(rows: Sequence[Mapping[str, Any]], schemas: Mapping[str, dict], source: str, n: int,
              rng: random.Random, wrong_share: float) -> list[dict[str, Any]]:
    """Up to ``n`` verify rows from EdgeJSON rows (``text``, ``schema`` name, ``gold`` JSON text)."""
    by_schema: dict[str, list[dict]] = {}
    for row in rows:
        by_schema.setdefault(row["schema"], []).append(json.loads(row["gold"]))
    picked = rng.sample(range(len(rows)), min(n, len(rows)))
    out = []
    for i in picked:
        row, gold = rows[i], json.loads(rows[i]["gold"])
        candidate, problem, field = gold, "none", ""
        if rng.random() < wrong_share:
            others = [g for g in by_schema[row["schema"]] if g != gold]
            made = (corrupt_value(gold, others, rng) if rng.random() < 0.6 else None) or corrupt_missing(gold, rng) \
                or corrupt_value(gold, others, rng)
            if made:
                candidate, field = made
                problem = "missing_field" if len(candidate) < len(gold) else "wrong_value"
        out.append(_row(source, row, "JSON object", json.dumps(candidate, ensure_ascii=False, separators=(",", ":")),
                        problem, field, schema=json.dumps(schemas[row["schema"]], sort_keys=True)))
    return out


def label_rows(rows: Sequence[Mapping[str, Any]], labels: Sequence[str], source: str, n: int,
               rng: random.Random, wrong_share: float) -> list[dict[str, Any]]:
    """Up to ``n`` verify rows from intent rows (``text``, ``label``): the gold label or another one."""
    picked = rng.sample(range(len(rows)), min(n, len(rows)))
    out = []
    for i in picked:
        row = rows[i]
        candidate, problem = str(row["label"]), "none"
        if rng.random() < wrong_share:
            # a label of the same domain prefix where there is one (``music_play`` vs ``music_pause``): harder
            domain = candidate.split("_")[0]
            near = [x for x in labels if x != candidate and x.split("_")[0] == domain]
            candidate, problem = rng.choice(near or [x for x in labels if x != candidate]), "wrong_label"
        out.append(_row(source, row, "intent", candidate, problem, "", labels=json.dumps(list(labels))))
    return out


def _row(source: str, row: Mapping[str, Any], what: str, candidate: str, problem: str, field: str,
         schema: str = "", labels: str = "") -> dict[str, Any]:
    return {"source": source, "source_id": str(row.get("id", "")),
            "frame": f"{source}:{row.get('frame') or row.get('template') or row.get('id')}",
            "template": f"{source}:{row.get('template', '')}", "text": row["text"], "what": what,
            "candidate": candidate, "problem": problem, "field": field, "schema": schema, "labels": labels,
            "label": "ok" if problem == "none" else "wrong"}


def build(sources: Sequence[tuple[str, str, Any]], *, seed: int, train_rows: int, test_rows: int,
          wrong_share: float) -> dict[str, list[dict[str, Any]]]:
    """``sources``: (name, kind "json" | "intent", task) -> ``{train, test}`` rows, ids ``split/n``."""
    rng = random.Random(f"{VERSION}/{seed}")
    splits: dict[str, list[dict]] = {"train": [], "test": []}
    for split, n in (("test", test_rows), ("train", train_rows)):
        for name, kind, task in sources:
            if split not in task.dataset:
                continue
            rows = task.dataset[split].to_list()
            made = (json_rows(rows, task.schemas, name, n, rng, wrong_share) if kind == "json"
                    else label_rows(rows, task.labels, name, n, rng, wrong_share))
            splits[split] += made
        rng.shuffle(splits[split])
        for i, row in enumerate(splits[split]):
            row["id"] = f"{split}/{i}"
    return splits
