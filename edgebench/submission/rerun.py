"""``edgebench verify``'s rerun check: a seeded subset of the samples asked of the model again, no cache."""
from __future__ import annotations

import random
from typing import Any, Mapping

from edgebench.errors import EdgeBenchError
from edgebench.evaluator import call_backend  # the evaluator's own backend call, answers checked the same way
from edgebench.models import load_backend, parse_spec
from edgebench.submission.archive import Entry
from edgebench.submission.checks import TaskBook, as_json, outcome, same_number, unknown_task
from edgebench.tasks import steps

RERUN_SEED = 20261201  # fixed, so that anyone re-verifying an entry re-runs the same samples
DEFAULT_SAMPLE = 8
DEFAULT_TOLERANCE = 1e-4
# bf16 / fp16 / int8 / GGUF arithmetic depends on what a row is batched with (padding, kernel choice): a re-run
# subset is batched differently from the run, so its scores move (seen on CycleCore-MLM-135M-Filter, bf16 on AMD EPYC
# Zen 4: a spam probability 0.9985 -> 0.9988, a toxicity one 0.9526 -> 0.9627). Predictions must still be equal;
# only the scores get the wider bound.
REDUCED_PRECISION_TOLERANCE = 5e-2
FULL_PRECISION = frozenset({None, "float32", "fp32", "float64"})


def default_tolerance(entry: Entry) -> float:
    """The score tolerance for an entry: DEFAULT_TOLERANCE in full precision, wider where it ran reduced."""
    cost = entry.results.get("edge_cost") or {}
    info = (entry.results.get("model") or {}).get("info") or {}
    dtype = cost.get("dtype", info.get("dtype"))
    return DEFAULT_TOLERANCE if dtype in FULL_PRECISION else REDUCED_PRECISION_TOLERANCE


def pick(task: str, n_records: int, n: int) -> list[int]:
    """The indices (in file order) of the ``n`` samples of ``task`` to re-run: seeded by the constant and the task."""
    rng = random.Random(f"{RERUN_SEED}:{task}")
    return sorted(rng.sample(range(n_records), min(n, n_records)))


def _backend(entry: Entry, spec: str | None):
    """The model to re-run: ``spec``, or the entry's own. Returns (backend, None) or (None, why it cannot)."""
    settings = entry.results.get("settings") or {}
    own = (entry.results.get("model") or {}).get("spec")
    target = spec or own
    if not target:
        return None, "the entry names no model spec; pass --model"
    batch = settings.get("batch_size") if isinstance(settings.get("batch_size"), int) else 8
    extra = dict(settings.get("backend") or {})
    if spec and own and parse_spec(spec)[0] != parse_spec(own)[0]:
        extra = {}  # one backend's settings (dtype, threads) mean nothing to another
    try:
        return load_backend(target, batch_size=batch, **extra), None
    except EdgeBenchError as exc:
        if spec:
            raise  # a model asked for by name that cannot load is the user's to fix
        return None, f"the entry's model {own} does not resolve here ({exc}); pass --model"


def _scores(record: Mapping[str, Any]) -> dict[str, Any]:
    """A record's per-sample scores: its ``scores`` table and a top-level ``score``, where present."""
    out = {f"scores.{k}": v for k, v in (record.get("scores") or {}).items()}
    if "score" in record:
        out["score"] = record["score"]
    return out


def _compare(old: Mapping, new: Mapping, generative: bool, tolerance: float) -> str | None:
    """What differs between a sample as submitted and as re-run, or None."""
    for field in ("pred",) + (("output",) if generative else ()):
        if old.get(field) != new.get(field):
            return f"{field} is {old.get(field)!r} in the entry but {new.get(field)!r} re-run"
    a, b = _scores(old), _scores(new)
    for key in sorted(set(a) | set(b)):
        x, y = a.get(key), b.get(key)
        if isinstance(x, (int, float)) and isinstance(y, (int, float)):
            if not same_number(x, y, rel_tol=0.0, abs_tol=tolerance):
                return f"{key} is {x!r} in the entry but {y!r} re-run"
        elif x != y:
            return f"{key} is {x!r} in the entry but {y!r} re-run"
    return None


def check_rerun(entry: Entry, book: TaskBook, *, spec: str | None = None, sample: int = DEFAULT_SAMPLE,
                tolerance: float | None = None) -> dict[str, Any]:
    """Re-run ``sample`` seeded samples per task through ``spec`` (default: the entry's model) and compare
    each prediction exactly and each per-sample score within ``tolerance`` (None: ``default_tolerance``)."""
    if tolerance is None:
        tolerance = default_tolerance(entry)
    if sample < 1:
        raise EdgeBenchError(f"--sample {sample} must be at least 1")
    backend, why = _backend(entry, spec)
    if backend is None:
        return outcome("rerun", False, False, why)
    try:
        return _rerun(entry, book, backend, sample, tolerance)
    except EdgeBenchError as exc:
        if spec:
            raise
        return outcome("rerun", False, False, f"the entry's model {backend.spec} cannot re-run it here ({exc})")


def _rerun(entry: Entry, book: TaskBook, backend, sample: int, tolerance: float) -> dict[str, Any]:
    total, differing = 0, []
    for name in entry.results.get("results", {}):
        task = book.task(name)
        if task is None:
            return unknown_task("rerun", name, "it cannot be re-run")
        records = entry.samples.get(name, [])
        chosen = pick(name, len(records), sample)
        rows = book.rows(name)
        if any(str(records[i].get("doc_id")) not in rows for i in chosen):
            return outcome("rerun", True, False, f"{name}: a chosen sample's doc_id is not a test row")
        docs = [rows[str(records[i].get("doc_id"))] for i in chosen]
        backend.prepare(task)  # a fitted baseline (sklearn) fits on this task first, as in the run

        def answer(requests: list) -> list:
            answers: dict[int, Any] = {}
            for kind in sorted({r.kind for r in requests}):
                positions = [j for j, r in enumerate(requests) if r.kind == kind]
                for j, res in zip(positions, call_backend(backend, kind, [requests[j] for j in positions])):
                    answers[j] = res
            return [answers[j] for j in range(len(requests))]

        rounds = steps.run_rounds(task, [doc for _, doc in docs], answer)
        for j, (i, (_, doc)) in enumerate(zip(chosen, docs)):
            fresh = steps.process(task, doc, rounds[j])
            fresh = as_json(fresh)
            diff = _compare(records[i], fresh, steps.generative(rounds[j]), tolerance)
            if diff:
                differing.append(f"{name} sample {i + 1} (doc_id {records[i].get('doc_id')}): {diff}")
            total += 1
    # the hash after every task, as the run reports it (a fitted baseline's hash names what it fitted last)
    hash_note = ""
    claimed_hash = (entry.results.get("model") or {}).get("hash")
    now_hash = backend.info().get("hash")
    if claimed_hash and now_hash != claimed_hash:
        hash_note = f"; model hash {str(now_hash)[:12]}... differs from the entry's {claimed_hash[:12]}..."
    if differing:
        return outcome("rerun", True, False, f"{differing[0]} with {backend.spec} ({len(differing)} of {total} "
                                             f"re-run samples differ){hash_note}")
    return outcome("rerun", True, True, f"{total} samples re-run with {backend.spec} (up to {sample} per task, "
                                        f"seed {RERUN_SEED}, no cache) match: predictions equal, scores within "
                                        f"{tolerance:g}{hash_note}")
