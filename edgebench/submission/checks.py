"""Three of ``edgebench verify``'s checks, none of which runs a model: manifest, metrics, fingerprints.

Each check returns one dict ``{"name", "ran", "ok", "detail"}``, as the verification file stores it.
"""
from __future__ import annotations

import json
import math
from typing import Any, Mapping

from edgebench.tasks import steps
from edgebench.errors import EdgeBenchError
from edgebench.results import RESULTS_FILE
from edgebench.submission.archive import FORMAT, MANIFEST, Entry, samples_name, sha256

REL_TOL = 1e-9  # recomputed metrics: the same code on the same records, so only float noise may differ


def outcome(name: str, ran: bool, ok: bool, detail: str) -> dict[str, Any]:
    return {"name": name, "ran": ran, "ok": ok, "detail": detail}


def unknown_task(check: str, task: str, consequence: str) -> dict[str, Any]:
    """The outcome of a check that meets a task this EdgeBench does not know (it cannot run, so it is not a FAIL)."""
    return outcome(check, False, False, f"task '{task}' is unknown to this EdgeBench, so {consequence}")


class TaskBook:
    """The entry's tasks as this EdgeBench builds them, built once and shared by the checks."""

    def __init__(self) -> None:
        from edgebench.tasks.config import discover

        self._index = discover([])
        self._built: dict[str, Any] = {}
        self._rows: dict[str, dict[str, tuple[int, Mapping]]] = {}

    def task(self, name: str):
        """The Task named ``name``, or None when this EdgeBench has no such task (a tag or path is not one)."""
        if name not in self._index:
            return None
        if name not in self._built:
            from edgebench.tasks.config import select

            # select() with the index just read: the same build as 'edgebench run', its warnings said once
            self._built[name] = select(name, [], index=self._index)[0]
        return self._built[name]

    def rows(self, name: str) -> dict[str, tuple[int, Mapping]]:
        """The task's test docs by the doc_id a record gets (its ``id``, or ``test/<n>`` as the evaluator names it)."""
        if name not in self._rows:
            docs = self.task(name).docs("test")
            self._rows[name] = {str(d.get("id") if d.get("id") is not None else f"test/{i + 1}"): (i, d)
                                for i, d in enumerate(docs)}
        return self._rows[name]


def check_manifest(files: Mapping[str, bytes]) -> dict[str, Any]:
    """Every file in the archive is in the manifest with its sha256 and size, and nothing is missing.
    Takes the raw files, so that it can say what changed even when a changed file no longer parses."""
    try:
        manifest = json.loads(files[MANIFEST])
    except (KeyError, ValueError, UnicodeDecodeError):
        return outcome("manifest", True, False, f"{MANIFEST} is missing or not valid JSON")
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict):
        return outcome("manifest", True, False, f"{MANIFEST} has no 'files' table")
    if manifest.get("format") != FORMAT:
        return outcome("manifest", True, False, f"{MANIFEST} has format {manifest.get('format')!r}, "
                                                f"this EdgeBench reads format {FORMAT}")
    present = {n for n in files if n != MANIFEST}
    missing, extra = sorted(set(listed) - present), sorted(present - set(listed))
    if missing:
        return outcome("manifest", True, False, f"{missing[0]} is in {MANIFEST} but missing from the archive")
    if extra:
        return outcome("manifest", True, False, f"{extra[0]} is in the archive but not in {MANIFEST}")
    for name in sorted(present):
        data, want = files[name], listed[name]
        if not isinstance(want, dict):
            return outcome("manifest", True, False, f"{MANIFEST} entry for {name} is not an object")
        if want.get("bytes") != len(data):
            return outcome("manifest", True, False, f"{name} is {len(data)} bytes, {MANIFEST} says {want.get('bytes')}")
        if want.get("sha256") != sha256(data):
            return outcome("manifest", True, False, f"{name} sha256 is {sha256(data)[:12]}..., "
                                                    f"{MANIFEST} says {str(want.get('sha256'))[:12]}...")
    return outcome("manifest", True, True, f"{len(present)} files match their sha256 and size")


def same_number(a: Any, b: Any, rel_tol: float = REL_TOL, abs_tol: float = 1e-12) -> bool:
    """Equal within a tolerance; None equals None only, NaN equals NaN."""
    if a is None or b is None or isinstance(a, bool) != isinstance(b, bool):
        return a is b or a == b
    try:
        x, y = float(a), float(b)
    except (TypeError, ValueError):
        return a == b
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return math.isclose(x, y, rel_tol=rel_tol, abs_tol=abs_tol)


def _fmt(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else repr(value)


def _task_names(entry: Entry) -> list[str]:
    return list(entry.results.get("results", {}))


def check_metrics(entry: Entry, book: TaskBook) -> dict[str, Any]:
    """Every metric and its stderr in results.json recomputes from the samples, with the entry's own settings."""
    from edgebench.plugins import get_registry

    settings = entry.results.get("settings") or {}
    iters, seed = settings.get("bootstrap_iters"), entry.results.get("seed", settings.get("seed"))
    if not isinstance(iters, int) or not isinstance(seed, int):
        return outcome("metrics", True, False, f"{RESULTS_FILE} has no integer settings.bootstrap_iters and seed "
                                               f"to recompute the error bars with")
    registry = get_registry().metrics
    checked = 0
    for name in _task_names(entry):
        task = book.task(name)
        if task is None:
            return unknown_task("metrics", name, "its metrics cannot be recomputed")
        records = entry.samples.get(name)
        if records is None:
            return outcome("metrics", True, False, f"{name}: {samples_name(name)} is missing")
        effective = (entry.results.get("n-samples", {}).get(name) or {}).get("effective")
        if effective != len(records):
            return outcome("metrics", True, False, f"{name} has {len(records)} samples in {samples_name(name)} "
                                                   f"but n-samples.effective is {effective} in {RESULTS_FILE}")
        claimed = {k: v for k, v in entry.results["results"][name].items() if k != "alias"}
        try:
            recomputed = task.aggregate(records, registry, bootstrap_iters=iters, seed=seed)
        except (KeyError, TypeError, ValueError, EdgeBenchError) as exc:
            return outcome("metrics", True, False, f"{name}: the metrics cannot be recomputed from "
                                                   f"{samples_name(name)} ({type(exc).__name__}: {exc})")
        for metric in claimed:
            if metric not in recomputed:
                return outcome("metrics", True, False, f"{name} {metric} is in {RESULTS_FILE} but "
                                                       f"{task.name} does not compute it")
            if not same_number(claimed[metric], recomputed[metric]):
                return outcome("metrics", True, False,
                               f"{name} {metric} is {_fmt(claimed[metric])} in {RESULTS_FILE} but "
                               f"{_fmt(recomputed[metric])} from {samples_name(name)}")
        for metric in recomputed:
            if metric not in claimed:
                return outcome("metrics", True, False, f"{name} {metric} is missing from {RESULTS_FILE}")
        checked += len(claimed)
    return outcome("metrics", True, True, f"{checked} metrics of {len(_task_names(entry))} tasks recompute from "
                                          f"the samples (relative tolerance {REL_TOL:g}, "
                                          f"bootstrap_iters {iters}, seed {seed})")


def as_json(value: Any) -> Any:
    # what a value reads back as after the samples file (json.dumps with default=str)
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def expected_fields(task, doc: Mapping, index: int) -> dict[str, Any]:
    """The doc_id, input and gold that ``task.process`` writes for ``doc``: they come from the doc, not the
    answer, so an empty answer of the request's kind brings them out with the task's own code."""
    record = steps.blank_record(task, doc)
    if record.get("doc_id") is None:
        record["doc_id"] = f"test/{index + 1}"
    return as_json({k: record.get(k) for k in ("doc_id", "input", "gold")})


def check_fingerprints(entry: Entry, book: TaskBook) -> dict[str, Any]:
    """Each task's dataset fingerprint and version are this EdgeBench's, and each sample's doc_id, input
    and gold are those of the test row with that doc_id."""
    rows_checked = 0
    for name in _task_names(entry):
        task = book.task(name)
        if task is None:
            return unknown_task("fingerprints", name, "its data cannot be compared")
        described = (entry.results.get("tasks") or {}).get(name) or {}
        if described.get("dataset_fingerprint") != task.fingerprint:
            return outcome("fingerprints", True, False,
                           f"{name} dataset_fingerprint is {str(described.get('dataset_fingerprint'))[:12]}... in "
                           f"{RESULTS_FILE} but this EdgeBench generates {task.fingerprint[:12]}...")
        if described.get("version") != task.version:
            return outcome("fingerprints", True, False, f"{name} version is {described.get('version')!r} in "
                                                        f"{RESULTS_FILE} but {task.version!r} here")
        rows = book.rows(name)
        seen: set[str] = set()
        for n, record in enumerate(entry.samples.get(name, []), 1):
            doc_id = str(record.get("doc_id"))
            if doc_id in seen:  # the same row twice would weigh it double
                return outcome("fingerprints", True, False, f"{name} sample {n}: doc_id {doc_id} appears twice")
            seen.add(doc_id)
            if doc_id not in rows:
                return outcome("fingerprints", True, False, f"{name} sample {n}: doc_id {doc_id} is not a test row")
            index, doc = rows[doc_id]
            want = expected_fields(task, doc, index)
            for field in ("input", "gold"):
                if record.get(field) != want[field]:
                    return outcome("fingerprints", True, False,
                                   f"{name} sample {n} (doc_id {doc_id}): its {field} is not the test row's")
            rows_checked += 1
    return outcome("fingerprints", True, True, f"{len(_task_names(entry))} tasks' dataset fingerprints and versions "
                                               f"match, and {rows_checked} samples' inputs and golds")
