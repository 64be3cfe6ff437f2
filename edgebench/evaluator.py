"""The run loop: task docs -> requests -> cache or backend (in batches) -> records -> metrics."""
from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Sequence

import numpy as np
from tqdm import tqdm

from edgebench import __version__, hardware
from edgebench.backends.base import Backend, Result
from edgebench.cache import ResponseCache, request_key
from edgebench.metrics.efficiency import latency_summary, peak_rss_bytes
from edgebench.plugins import get_registry
from edgebench.results import SCHEMA_VERSION, git_hash
from edgebench.tasks.base import Task


@dataclass
class RunSettings:
    limit: int | None = None
    batch_size: int = 8
    seed: int = 1234
    bootstrap_iters: int = 1000
    progress: bool = True


@dataclass
class TaskOutcome:
    metrics: dict[str, Any]
    records: list[dict[str, Any]]
    cost: dict[str, Any]
    n_total: int


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _call(backend: Backend, kind: str, requests: Sequence) -> list[Result]:
    results = backend.generate(requests) if kind == "generate" else backend.score(requests)
    if len(results) != len(requests):
        raise RuntimeError(f"backend {backend.spec} answered {len(results)} results for {len(requests)} requests")
    return results


def run_task(task: Task, backend: Backend, cache: ResponseCache | None, settings: RunSettings) -> TaskOutcome:
    started = time.perf_counter()
    docs = task.docs("test", settings.limit)
    backend.prepare(task)
    requests = [task.request(doc) for doc in docs]
    namespace = backend.cache_namespace()
    keys = [request_key(namespace, task.fingerprint, r) for r in requests]
    answers: dict[int, Result] = {}
    if cache is not None:
        hits = cache.get_many(keys)
        answers = {i: hits[k] for i, k in enumerate(keys) if k in hits}
    from_cache = len(answers)
    todo = [i for i in range(len(requests)) if i not in answers]
    latencies: list[float] = []
    with tqdm(total=len(requests), initial=from_cache, desc=task.name, unit="sample",
              disable=not settings.progress, dynamic_ncols=True) as bar:
        for kind in sorted({requests[i].kind for i in todo}):
            pending = [i for i in todo if requests[i].kind == kind]
            for start in range(0, len(pending), settings.batch_size):
                chunk = pending[start:start + settings.batch_size]
                results = _call(backend, kind, [requests[i] for i in chunk])
                for i, res in zip(chunk, results):
                    answers[i] = res
                    latencies.append(res.seconds)
                if cache is not None:  # committed per batch: a kill loses at most this batch
                    cache.put_many((keys[i], kind, res) for i, res in zip(chunk, results))
                bar.update(len(chunk))
    computed_now = set(todo)
    records = []
    for i, doc in enumerate(docs):
        record = task.process(doc, answers[i])
        record["cached"] = i not in computed_now
        records.append(record)
    metrics = task.aggregate(records, get_registry().metrics, bootstrap_iters=settings.bootstrap_iters,
                             seed=settings.seed)
    wall = time.perf_counter() - started
    cost = {"wall_s": round(wall, 3), "computed": len(todo), "from_cache": from_cache,
            "computed_samples_per_s": round(len(todo) / sum(latencies), 3) if latencies and sum(latencies) else None,
            **latency_summary(latencies)}
    return TaskOutcome(metrics=metrics, records=records, cost=cost, n_total=len(task.docs("test")))


def evaluate(backend: Backend, tasks: Sequence[Task], settings: RunSettings,
             cache: ResponseCache | None = None) -> tuple[dict[str, Any], dict[str, list[dict]]]:
    """Run every task; returns the results.json document and each task's sample records."""
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    started_at, started = _now(), time.perf_counter()
    results: dict[str, Any] = {"results": {}, "tasks": {}, "n-samples": {}, "errors": {}, "cost": {}}
    samples: dict[str, list[dict]] = {}
    for task in tasks:
        outcome = run_task(task, backend, cache, settings)
        results["results"][task.name] = {"alias": task.name, **outcome.metrics}
        results["tasks"][task.name] = task.describe()
        results["n-samples"][task.name] = {"original": outcome.n_total, "effective": len(outcome.records)}
        results["errors"][task.name] = dict(sorted(Counter(r["error"] for r in outcome.records if r.get("error")).items()))
        results["cost"][task.name] = outcome.cost
        samples[task.name] = outcome.records
    info = backend.info()
    total = sum(v["effective"] for v in results["n-samples"].values())
    hits = sum(c["from_cache"] for c in results["cost"].values())
    wall = time.perf_counter() - started
    results.update({
        "schema_version": SCHEMA_VERSION,
        "edgebench_version": __version__,
        "git_hash": git_hash(),
        "model": {"spec": backend.spec, "hash": info["hash"], "info": info},
        "settings": {"limit": settings.limit, "batch_size": settings.batch_size, "seed": settings.seed,
                     "bootstrap_iters": settings.bootstrap_iters, "backend": dict(backend.settings),
                     "cache": str(cache.path) if cache is not None else None},
        "totals": {"samples": total, "from_cache": hits, "computed": total - hits, "wall_s": round(wall, 3),
                   "samples_per_s": round(total / wall, 3) if wall else None, "peak_rss_bytes": peak_rss_bytes()},
        "hardware": hardware.profile(),
        "seed": settings.seed,
        "started_at": started_at,
        "finished_at": _now(),
    })
    return results, samples
