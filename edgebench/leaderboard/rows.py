"""The leaderboard's rows: one per (model spec, variant, hardware profile), from any number of inputs.

- **variant** = the weights' dtype and quantization (``edge_cost``, else ``model.info``).
- **hardware profile** = CPU name, threads the model used, and the GPU when there is one.
- **headline** metric of a task = the first metric its config lists that the run reports (the rule of
  ``edgebench compare``); a family's figure is the mean of its tasks' headlines, with stderr
  sqrt(sum se²) / n (the tasks' test sets are disjoint, so their errors are taken as independent).
- inputs that share a row add their tasks to it; a task two inputs both report is taken from the later.
"""
from __future__ import annotations

import hashlib
import math
import re
import statistics
from dataclasses import dataclass, field
from typing import Any

from edgebench.leaderboard.badges import badges, is_language_model
from edgebench.leaderboard.inputs import Source
from edgebench.reporting.compare import _number, metric_names

REFERENCE_DTYPES = ("float32", "fp32")  # retention is measured against the full-precision variant


def headline(results: dict[str, Any], task: str) -> str | None:
    """The task's headline metric: its config's first metric where the run reports it, else the first reported."""
    metrics = results["results"].get(task) or {}
    listed = (((results.get("tasks") or {}).get(task) or {}).get("config") or {}).get("metrics") or []
    for name in listed[:1]:
        if isinstance(name, str) and name in metrics:
            return name
    names = [m for m in metric_names(metrics) if "/" not in m]  # "metric/group" keys are breakdowns
    return names[0] if names else None


def _first(doc: dict[str, Any], key: str) -> Any:
    # newer documents gather size and memory under edge_cost; older ones only have model.info and totals
    for src in (doc.get("edge_cost") or {}, (doc.get("model") or {}).get("info") or {}, doc.get("totals") or {}):
        if src.get(key) is not None:
            return src[key]
    return None


def short_quantization(quantization: Any) -> str | None:
    """The quantization's name without its explanation: 'int8-dynamic (torch.ao) Linear ...' -> 'int8-dynamic'."""
    if not quantization:
        return None
    return re.split(r"[\s(,;]", str(quantization).strip(), maxsplit=1)[0] or None


def variant_of(doc: dict[str, Any]) -> tuple[str, str]:
    """(short label, full description) of the weights' dtype and quantization."""
    dtype, quant = _first(doc, "dtype"), _first(doc, "quantization")
    parts = [str(dtype)] if dtype else []
    short = short_quantization(quant)
    if short and short not in parts:
        parts.append(short)
    label = " / ".join(parts) or "default"
    full = ", ".join(p for p in (f"dtype {dtype}" if dtype else "", f"quantization {quant}" if quant else "") if p)
    return label, full or "dtype and quantization not reported"


def threads_of(doc: dict[str, Any]) -> Any:
    backend = ((doc.get("settings") or {}).get("backend") or {})
    return _first(doc, "threads") or backend.get("threads") or (doc.get("hardware") or {}).get("torch_threads")


def hardware_of(doc: dict[str, Any]) -> str:
    """'CPU · N threads · GPU' (the GPU only when the run had one)."""
    hw = doc.get("hardware") or {}
    parts = [str(hw.get("cpu") or "unknown CPU")]
    threads = threads_of(doc)
    if threads:
        parts.append(f"{threads} thread{'s' if threads != 1 else ''}")
    gpu = hw.get("gpu")
    if gpu:
        parts.append(str(gpu.get("name") or gpu) if isinstance(gpu, dict) else str(gpu))
    return " · ".join(parts)


def display_name(spec: str) -> tuple[str, str]:
    """(name, backend) of a model spec: 'hf:/work/runs/mlm-135m' -> ('mlm-135m', 'hf')."""
    backend, _, rest = spec.partition(":") if ":" in spec else ("", "", spec)
    name = rest.rstrip("/").rsplit("/", 1)[-1] or rest or spec
    return name, backend


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "model"


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class Row:
    """One leaderboard row and the inputs it was built from."""

    id: str
    spec: str
    name: str
    backend: str
    variant: str
    variant_title: str
    hardware: str
    sources: list[Source] = field(default_factory=list)
    task_source: dict[str, int] = field(default_factory=dict)  # task -> index into sources
    notes: list[str] = field(default_factory=list)

    @property
    def results(self) -> dict[str, Any]:
        return self.sources[0].results

    def doc(self, task: str) -> dict[str, Any]:
        return self.sources[self.task_source[task]].results

    def samples(self, task: str) -> list[dict[str, Any]] | None:
        return self.sources[self.task_source[task]].samples.get(task)

    @property
    def verification(self) -> dict[str, Any] | None:
        return next((s.verification for s in self.sources if s.verification), None)

    @property
    def parameters(self) -> float | None:
        return _number(_first(self.results, "parameters"))

    @property
    def bytes_on_disk(self) -> float | None:
        return _number(_first(self.results, "bytes_on_disk"))

    @property
    def peak_rss_bytes(self) -> float | None:
        # the largest over the inputs: the row needs at least that much memory
        values = [v for s in self.sources if (v := _number(_first(s.results, "peak_rss_bytes"))) is not None]
        return max(values) if values else None

    def _cost(self, key: str) -> float | None:
        values = [_number(((self.doc(t).get("cost") or {}).get(t) or {}).get(key)) for t in self.task_source]
        return _median([v for v in values if v is not None])

    @property
    def latency_p50_s(self) -> float | None:
        """Median over the row's tasks of each task's p50 latency."""
        return self._cost("latency_p50_s")

    @property
    def tokens_per_s(self) -> float | None:
        """Median over the row's tasks of each task's tokens per second."""
        return self._cost("tokens_per_s")

    @property
    def badges(self) -> list[dict[str, str]]:
        info = ((self.doc(next(iter(self.task_source))) if self.task_source else {}).get("model") or {}).get("info") or {}
        return badges(self.parameters, self.bytes_on_disk, self.verification, is_language_model(info))

    def task(self, task: str) -> dict[str, Any]:
        """The task's family, headline metric, value, stderr and sample count in this row."""
        doc = self.doc(task)
        metric = headline(doc, task)
        metrics = doc["results"][task]
        return {"task": task, "family": ((doc.get("tasks") or {}).get(task) or {}).get("family") or "other",
                "metric": metric, "value": _number(metrics.get(metric)) if metric else None,
                "stderr": _number(metrics.get(f"{metric}_stderr")) if metric else None,
                "n": (((doc.get("n-samples") or {}).get(task) or {}).get("effective"))}

    @property
    def tasks(self) -> dict[str, dict[str, Any]]:
        return {t: self.task(t) for t in sorted(self.task_source)}

    @property
    def families(self) -> dict[str, dict[str, Any]]:
        """family -> mean headline over its tasks, its stderr (see the module docstring) and the tasks."""
        by: dict[str, list[dict[str, Any]]] = {}
        for t in self.tasks.values():
            by.setdefault(t["family"], []).append(t)
        out = {}
        for family, items in sorted(by.items()):
            values = [t["value"] for t in items if t["value"] is not None]
            ses = [t["stderr"] for t in items if t["value"] is not None]
            value = sum(values) / len(values) if values else None
            se = math.sqrt(sum(s * s for s in ses)) / len(ses) if ses and None not in ses else None
            out[family] = {"value": value, "stderr": se, "tasks": [t["task"] for t in items]}
        return out


def row_key(doc: dict[str, Any]) -> tuple[str, str, str]:
    return (str(doc["model"].get("spec") or "unknown"), variant_of(doc)[0], hardware_of(doc))


def build_rows(sources: list[Source]) -> list[Row]:
    """Group the inputs into rows, in the order each row first appears."""
    rows: dict[tuple[str, str, str], Row] = {}
    for source in sources:
        doc = source.results
        key = row_key(doc)
        row = rows.get(key)
        if row is None:
            spec, variant, hardware = key
            name, backend = display_name(spec)
            digest = hashlib.sha1("\x00".join(key).encode()).hexdigest()[:8]
            row = rows[key] = Row(id=f"{_slug(name)}-{digest}", spec=spec, name=name, backend=backend,
                                  variant=variant, variant_title=variant_of(doc)[1], hardware=hardware)
        row.sources.append(source)
        for task in doc["results"]:
            if task in row.task_source:
                row.notes.append(f"{task}: taken from {source.label}, which came later than "
                                 f"{row.sources[row.task_source[task]].label}")
            row.task_source[task] = len(row.sources) - 1
    return list(rows.values())


def reference_row(row: Row, rows: list[Row]) -> Row:
    """The row a variant's retention is measured against: the same spec's float32 row, else its first row."""
    same = [r for r in rows if r.spec == row.spec]
    full = [r for r in same if str(_first(r.results, "dtype") or "").lower() in REFERENCE_DTYPES
            and not _first(r.results, "quantization")]
    return (full or same)[0]


def retention(row: Row, rows: list[Row]) -> dict[str, float | None]:
    """task -> this row's headline / the reference row's headline, over the tasks both have."""
    ref = reference_row(row, rows)
    out: dict[str, float | None] = {}
    ref_tasks = ref.tasks
    for task, t in row.tasks.items():
        r = ref_tasks.get(task)
        if r and r["metric"] == t["metric"] and t["value"] is not None and r["value"]:
            out[task] = t["value"] / r["value"]
    return out


def row_record(row: Row) -> dict[str, Any]:
    """The machine-readable row (leaderboard.json)."""
    return {"id": row.id, "model": row.spec, "name": row.name, "variant": row.variant, "hardware": row.hardware,
            "badges": [b["name"] for b in row.badges], "parameters": row.parameters,
            "bytes_on_disk": row.bytes_on_disk, "latency_p50_s": row.latency_p50_s,
            "tokens_per_s": row.tokens_per_s, "peak_rss_bytes": row.peak_rss_bytes,
            "families": row.families, "tasks": row.tasks, "inputs": [s.label for s in row.sources]}
