"""Generated datasets: content fingerprints and the on-disk cache of Arrow folders."""
from __future__ import annotations

import contextvars
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from datasets import Dataset, DatasetDict, disable_progress_bars, load_from_disk

from edgebench.models import cache_root

_FRESH = contextvars.ContextVar("edgebench_fresh_builds", default=False)


@contextmanager
def fresh_builds() -> Iterator[None]:
    """Inside this block datasets are generated anew, neither read from nor written to the cache
    (how ``edgebench generate`` shows that a seed reproduces its fingerprint)."""
    token = _FRESH.set(True)
    try:
        yield
    finally:
        _FRESH.reset(token)


def fingerprint_rows(splits: dict[str, list[dict]]) -> str:
    """sha256 of the canonical JSON lines of every split, in split-name order."""
    h = hashlib.sha256()
    for name in sorted(splits):
        h.update(f"[{name}]\n".encode())
        for row in splits[name]:
            h.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode() + b"\n")
    return h.hexdigest()


def params_key(params: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:16]


def load_or_build(name: str, params: dict[str, Any], build: Callable[[], dict[str, list[dict]]]) -> tuple[DatasetDict, str]:
    """The cached dataset for ``params`` (which include the generator version), built once.

    Returns the dataset and its content fingerprint."""
    disable_progress_bars()  # a few hundred rows: the bars are noise
    if _FRESH.get():
        splits = build()
        return DatasetDict({split: Dataset.from_list(rows) for split, rows in splits.items()}), fingerprint_rows(splits)
    folder = cache_root() / "datasets" / name / params_key(params)
    marker = folder / "fingerprint.txt"
    if marker.exists():
        return load_from_disk(str(folder / "data")), marker.read_text().strip()
    splits = build()
    fingerprint = fingerprint_rows(splits)
    data = DatasetDict({split: Dataset.from_list(rows) for split, rows in splits.items()})
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".build-"))
    data.save_to_disk(str(tmp / "data"))
    (tmp / "params.json").write_text(json.dumps(params, indent=2, sort_keys=True))
    (tmp / "fingerprint.txt").write_text(fingerprint + "\n")
    try:
        tmp.rename(folder)
    except OSError:  # built concurrently by another process: keep theirs
        shutil.rmtree(tmp, ignore_errors=True)
    return load_from_disk(str(folder / "data")), fingerprint


V2_KEYS = ("rows", "test_templates", "test_rows", "test_share", "typo_rate")


def v2_dataset_schema(generator: str) -> dict[str, Any]:
    """A task config's ``dataset`` for a data v2 generator module that takes ``V2_KEYS``."""
    return {"type": "object", "required": ["generator"], "additionalProperties": False,
            "properties": {"generator": {"const": generator}, "version": {"const": 2}, "seed": {"type": "integer"},
                           "rows": {"type": "integer", "minimum": 1},
                           "test_templates": {"type": "integer", "minimum": 1},
                           "test_rows": {"type": "integer", "minimum": 1, "maximum": 5},
                           "test_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
                           "typo_rate": {"type": "number", "minimum": 0, "maximum": 1}}}


def load_v2(name: str, module: Any, spec: dict[str, Any]) -> tuple[DatasetDict, str]:
    """The rows of a data v2 generator module (``VERSION``, ``digest()``, ``DEFAULTS``, ``generate(seed, ...)``)
    for a config's ``dataset``, built once per generator version, banks and settings."""
    params = {"generator": module.VERSION, "banks": module.digest(), "seed": spec.get("seed", 1234),
              **{k: spec.get(k, module.DEFAULTS[k]) for k in V2_KEYS}}
    return load_or_build(name, params, lambda: module.generate(seed=params["seed"], **{k: params[k] for k in V2_KEYS}))
