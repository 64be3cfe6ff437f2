"""Read the leaderboard's inputs: results folders, results.json files and submission entry archives."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError
from edgebench.reporting.compare import load_results
from edgebench.results import RESULTS_FILE

ARCHIVE_SUFFIX = ".tar.gz"
HINT = ("pass a results folder or results.json written by 'edgebench run', "
        "or an entry archive (.tar.gz) written by 'edgebench submit'")


@dataclass
class Source:
    """One input: its results document, its per-task sample records and, for an archive, its verification."""

    label: str  # the input as given, for messages and pages
    results: dict[str, Any]
    samples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    verification: dict[str, Any] | None = None
    archive: bool = False


def _check_document(doc: Any, label: str) -> dict[str, Any]:
    # the same shape test as load_results, for documents that did not come from a file of their own
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), dict) or not isinstance(doc.get("model"), dict):
        raise EdgeBenchError(f"RESULTS '{label}' holds no EdgeBench results document (no 'results' and 'model'); "
                             f"{HINT}")
    return doc


def read_samples(folder: Path, tasks: list[str]) -> dict[str, list[dict[str, Any]]]:
    """``samples_<task>.jsonl`` beside a results.json, for the tasks that have one (the others: none)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for task in tasks:
        path = folder / f"samples_{task}.jsonl"
        if not path.is_file():
            continue
        records = []
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise EdgeBenchError(f"'{path}' line {n} is not JSON ({exc}); "
                                     f"run 'edgebench run --log-samples' again or remove the file") from None
            if isinstance(record, dict):
                records.append(record)
        out[task] = records
    return out


def _read_archive(path: Path, label: str) -> Source:
    # imported on use: the submission package is optional to everything but archives
    from edgebench.submission.archive import read_entry, read_verification

    entry = read_entry(path)
    results = _check_document(entry.results, label)
    return Source(label=label, results=results, samples=dict(entry.samples or {}),
                  verification=read_verification(path), archive=True)


def read_input(path: str | Path) -> Source:
    """One input, whatever its kind; EdgeBenchError names it when it is missing or not results."""
    label = str(path)
    p = Path(path)
    if not p.exists():
        raise EdgeBenchError(f"RESULTS '{label}' does not exist; {HINT}")
    if p.is_file() and p.name.endswith(ARCHIVE_SUFFIX):
        return _read_archive(p, label)
    if p.is_dir() and not (p / RESULTS_FILE).is_file():
        raise EdgeBenchError(f"RESULTS '{label}' holds no {RESULTS_FILE}; {HINT}")
    results = load_results(p, label="RESULTS")
    folder = p if p.is_dir() else p.parent
    return Source(label=label, results=results, samples=read_samples(folder, list(results["results"])))


def read_inputs(paths: list[str] | tuple[str, ...]) -> list[Source]:
    """Every input in order; at least one is needed."""
    if not paths:
        raise EdgeBenchError(f"no RESULTS given; {HINT}")
    return [read_input(p) for p in paths]
