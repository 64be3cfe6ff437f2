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

from edgebench import __version__, answer_checks
from edgebench.machine import hardware
from edgebench.backends.base import Backend, Result
from edgebench.batching import AutoBatchSizer, is_out_of_memory
from edgebench.cache import ResponseCache, request_key
from edgebench.errors import EdgeBenchError, Unsupported
from edgebench.metrics.efficiency import latency_summary, peak_rss_bytes, process_start_time, token_throughput
from edgebench.plugins import get_registry
from edgebench.results import SCHEMA_VERSION, git_hash
from edgebench.tasks import steps
from edgebench.tasks.base import Task


@dataclass
class RunSettings:
    limit: int | None = None
    batch_size: int | str = 8  # or "auto" (edgebench.batching)
    seed: int = 1234
    bootstrap_iters: int = 1000
    progress: bool = True
    skip_unsupported: bool = False  # --tasks all / a tag: a task the backend cannot run is listed, not fatal


@dataclass
class TaskOutcome:
    metrics: dict[str, Any]
    records: list[dict[str, Any]]
    cost: dict[str, Any]
    n_total: int
    first_token_at: float | None = None  # wall clock of this task's first computed token


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def call_backend(backend: Backend, kind: str, requests: Sequence, on_result=None) -> list[Result]:
    """One backend call, every answer checked; ``on_result(j, result)`` hears each answer the backend
    reports as it finishes (rows of a long generation call), so they can be kept before the call ends."""
    method = backend.generate if kind == "generate" else backend.score

    def reporting(batch: Sequence) -> list[Result]:
        backend.on_result = on_result
        try:
            return method(batch)
        finally:
            backend.on_result = None

    return answer_checks.answer(backend.spec, kind, requests, reporting, single=method)


def _size(request) -> int:
    """Characters a request feeds the model: a cheap stand-in for its token count."""
    return (len(request.prompt) + sum(len(content) for _, content in request.messages)
            + sum(len(c) for c in getattr(request, "continuations", ())))


@dataclass
class _Answering:
    """One task's answering state over its rounds: what came from the cache, what was computed, timings."""

    task: Task
    backend: Backend
    cache: ResponseCache | None
    settings: RunSettings
    namespace: str
    bar: Any = None
    from_cache: int = 0
    computed_count: int = 0
    first_token_at: float | None = None

    def __post_init__(self) -> None:
        self.computed: list[Result] = []
        self.call_seconds: list[float] = []
        self.sizers: dict[str, AutoBatchSizer] = {}
        self.fresh: set[int] = set()  # id() of the answers computed now (the rest came from the cache)

    def answer(self, requests: list) -> list[Result]:
        """One round's answers: cache hits first, the rest from the backend in batches by kind."""
        task, backend, cache, settings = self.task, self.backend, self.cache, self.settings
        layout = getattr(backend, "lock_layout", None)
        keys = [request_key(self.namespace, task.fingerprint, r, layout) for r in requests]
        answers: dict[int, Result] = {}
        if cache is not None:
            hits = cache.get_many(keys)
            for i, k in enumerate(keys):
                # a cached answer is checked like a fresh one; one that fails is computed again
                if k in hits and answer_checks.check_one(requests[i].kind, requests[i], hits[k]).error is None:
                    answers[i] = hits[k]
                elif k in hits:
                    cache.unreadable += 1
        self.from_cache += len(answers)
        if self.bar is not None:
            self.bar.update(len(answers))
        todo = [i for i in range(len(requests)) if i not in answers]
        kept: set[int] = set()  # rows already committed as they finished
        for kind in sorted({requests[i].kind for i in todo}):
            # Similar lengths batched together waste less on padding; results keep their doc order.
            pending = sorted((i for i in todo if requests[i].kind == kind), key=lambda i: _size(requests[i]))
            sizer = self.sizers.setdefault(kind, AutoBatchSizer()) if settings.batch_size == "auto" else None
            while pending:
                size = sizer.size if sizer else int(settings.batch_size)
                # a rolling backend refills its batch from the rest of the chunk as rows finish
                chunk = pending[:size * backend.queue_depth(kind)]
                backend.batch_size = size  # backends chunk their own work by it
                call_start = time.time()

                def keep(j: int, res: Result, _chunk=chunk, _kind=kind) -> None:
                    # a finished row is committed at once: a kill mid-call loses only unfinished rows
                    i = _chunk[j]
                    if cache is not None and answer_checks.check_one(_kind, requests[i], res).error is None:
                        cache.put_many([(keys[i], _kind, res)])
                        kept.add(i)

                try:
                    results = call_backend(backend, kind, [requests[i] for i in chunk], keep)
                except Exception as exc:
                    if not is_out_of_memory(exc):
                        raise
                    if sizer is None or sizer.size == 1:
                        raise EdgeBenchError(f"{backend.spec} ran out of memory at batch size {size} on task "
                                             f"'{task.name}'; use a smaller --batch-size or --batch-size auto "
                                             f"(finished samples are cached)") from None
                    sizer.out_of_memory()  # halve and retry the same requests
                    continue
                call_end = time.time()
                pending = pending[len(chunk):]
                if self.first_token_at is None:
                    prefill = [getattr(r, "prefill_seconds", None) for r in results]
                    self.first_token_at = (call_start + sum(prefill)) if None not in prefill else call_end
                for i, res in zip(chunk, results):
                    answers[i] = res
                    self.fresh.add(id(res))
                self.computed.extend(results)
                self.computed_count += len(chunk)
                self.call_seconds.append(call_end - call_start)
                if sizer:
                    tokens = sum((getattr(r, "prompt_tokens", 0) or 0) + (getattr(r, "completion_tokens", 0) or 0)
                                 for r in results)
                    # a backend without token counts (a classifier) is measured in samples
                    sizer.observe(min(len(chunk), size), tokens or len(chunk), call_end - call_start)
                if cache is not None:  # what the backend did not report row by row, committed per call
                    # an unusable answer is not kept: a rerun asks again
                    cache.put_many((keys[i], kind, res) for i, res in zip(chunk, results)
                                   if res.error is None and i not in kept)
                if self.bar is not None:
                    self.bar.update(len(chunk))
        return [answers[i] for i in range(len(requests))]


def run_task(task: Task, backend: Backend, cache: ResponseCache | None, settings: RunSettings) -> TaskOutcome:
    started = time.perf_counter()
    docs = task.docs("test", settings.limit)
    # a config that does not fit the rows fails before the model is asked anything; checked on every test row,
    # not the --limit ones, which may all lack a field that later rows have
    task.preflight(task.docs("test"))
    backend.prepare(task)
    state = _Answering(task, backend, cache, settings, backend.cache_namespace())
    rounds = 0

    def on_round(n: int) -> None:
        nonlocal rounds
        rounds += 1
        # a task that asks in rounds (edgebench.tasks.steps) counts requests: the bar grows with each round
        state.bar.total = n if rounds == 1 else state.bar.total + n
        state.bar.refresh()

    with tqdm(total=len(docs), desc=task.name, unit="sample" if not task.multi_step else "request",
              disable=not settings.progress, dynamic_ncols=True) as bar:
        state.bar = bar
        answers = steps.run_rounds(task, docs, state.answer, on_round)
    records = []
    for i, doc in enumerate(docs):
        record = steps.process(task, doc, answers[i])
        if record.get("doc_id") is None:  # a row without an id is named by its place, as file loaders name it
            record["doc_id"] = f"test/{i + 1}"
        for field in task.config.get("breakdown", []):
            record.setdefault(field, doc.get(field))  # a field of the user's own rows, not only the record's
        record["cluster"] = task.cluster_of(doc, i)
        record["cached"] = not any(id(a) in state.fresh for a in answers[i])
        records.append(record)
    metrics = task.aggregate(records, get_registry().metrics, bootstrap_iters=settings.bootstrap_iters,
                             seed=settings.seed)
    wall = time.perf_counter() - started
    latencies = [r.seconds for r in state.computed]
    call_seconds = state.call_seconds
    cost = {"wall_s": round(wall, 3), "computed": state.computed_count, "from_cache": state.from_cache,
            **({"requests": state.computed_count + state.from_cache, "rounds": rounds} if task.multi_step else {}),
            "computed_samples_per_s": (round(state.computed_count / sum(latencies), 3)
                                       if latencies and sum(latencies) else None),
            **latency_summary(latencies),
            # the time one backend call took: what a sample waits for when it is batched with others
            "call_p50_s": round(float(np.percentile(call_seconds, 50)), 4) if call_seconds else None,
            "call_p95_s": round(float(np.percentile(call_seconds, 95)), 4) if call_seconds else None,
            "batch_size": ({kind: {"chosen": z.size, "probed": z.history} for kind, z in state.sizers.items()}
                           if state.sizers else settings.batch_size),
            **token_throughput(state.computed),
            **backend.task_cost()}  # a model fitted per task (sklearn): its own size and fit_s
    return TaskOutcome(metrics=metrics, records=records, cost=cost, n_total=len(task.docs("test")),
                       first_token_at=state.first_token_at)


def evaluate(backend: Backend, tasks: Sequence[Task], settings: RunSettings,
             cache: ResponseCache | None = None) -> tuple[dict[str, Any], dict[str, list[dict]]]:
    """Run every task; returns the results.json document and each task's sample records."""
    random.seed(settings.seed)
    np.random.seed(settings.seed)
    started_at, started = _now(), time.perf_counter()
    results: dict[str, Any] = {"results": {}, "tasks": {}, "n-samples": {}, "errors": {}, "cost": {}}
    samples: dict[str, list[dict]] = {}
    first_token_at: float | None = None
    fit_before_first_token = 0.0  # per-task fitting (sklearn) is not the model's cold start
    skipped: dict[str, str] = {}
    for task in tasks:
        try:
            outcome = run_task(task, backend, cache, settings)
        except Unsupported as exc:
            if not settings.skip_unsupported:
                raise
            skipped[task.name] = str(exc)
            continue
        if first_token_at is None:
            fit_before_first_token += outcome.cost.get("fit_s") or 0.0
        first_token_at = first_token_at or outcome.first_token_at
        results["results"][task.name] = {"alias": task.name, **outcome.metrics}
        results["tasks"][task.name] = {**task.describe(), **task.summary(outcome.records)}
        results["n-samples"][task.name] = {"original": outcome.n_total, "effective": len(outcome.records)}
        clusters = len({r["cluster"] for r in outcome.records})
        results["tasks"][task.name].update(
            clusters=clusters, cluster_field=task.cluster_field,
            stderr_method="cluster_bootstrap" if clusters < len(outcome.records) else "bootstrap")
        results["errors"][task.name] = dict(sorted(Counter(r["error"] for r in outcome.records if r.get("error")).items()))
        results["cost"][task.name] = outcome.cost
        samples[task.name] = outcome.records
    if skipped and not results["results"]:
        raise EdgeBenchError(f"{backend.spec} can run none of the {len(skipped)} tasks asked for "
                             f"({next(iter(skipped.values()))}); pick tasks it can run")
    results["skipped"] = skipped
    info = backend.info()
    total = sum(v["effective"] for v in results["n-samples"].values())
    # samples whose every answer came from the cache (a task asking in rounds counts requests in its cost)
    hits = sum(sum(1 for r in records if r.get("cached")) for records in samples.values())
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
                   "samples_per_s": round(total / wall, 3) if wall else None},
        "edge_cost": {"parameters": info.get("parameters"), "bytes_on_disk": info.get("bytes_on_disk"),
                      # a model per task (sklearn): parameters and bytes are the largest; each task's in its cost
                      "per_task_models": bool(info.get("per_task_models")), "fit_s": info.get("fit_s"),
                      "dtype": info.get("dtype"), "quantization": info.get("quantization"),
                      "threads": info.get("threads"), "load_s": info.get("load_seconds"),
                      # process start to the first computed token (None when every answer came from the cache),
                      # less the per-task fits before it
                      "cold_start_s": (round(first_token_at - process_start_time() - fit_before_first_token, 3)
                                       if first_token_at else None),
                      "peak_rss_bytes": peak_rss_bytes()},
        "hardware": hardware.profile(),
        "seed": settings.seed,
        "started_at": started_at,
        "finished_at": _now(),
    })
    return results, samples
