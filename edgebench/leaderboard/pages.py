"""What each page shows (the templates' contexts), computed from the rows; no HTML here."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from edgebench.leaderboard.card_markdown import render as render_markdown
from edgebench.leaderboard.provenance import command, fingerprints, versions
from edgebench.leaderboard.rows import Row, retention
from edgebench.reporting.compare import _number, metric_names

CARD = "README.md"
CARD_MAX_BYTES = 200_000  # a card is prose; anything larger is not one and would bloat the page


def safe_name(text: str) -> str:
    """A file-name piece from a task name (task names are already tame; this guards odd plugin ones)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.") or "task"


def task_page(task: str) -> str:
    return f"task-{safe_name(task)}.html"


def samples_page(row: Row, task: str) -> str:
    return f"samples-{row.id}-{safe_name(task)}.html"


def samples_data(row: Row, task: str) -> str:
    return f"data/samples-{row.id}-{safe_name(task)}.js"


def all_tasks(rows: list[Row]) -> dict[str, dict[str, Any]]:
    """task -> family, headline metrics used and description, over every row, sorted by family then name."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        for name, t in row.tasks.items():
            info = out.setdefault(name, {"task": name, "family": t["family"], "metrics": [], "description": ""})
            if t["metric"] and t["metric"] not in info["metrics"]:
                info["metrics"].append(t["metric"])
            config = ((row.doc(name).get("tasks") or {}).get(name) or {}).get("config") or {}
            info["description"] = info["description"] or str(config.get("description") or "")
    return dict(sorted(out.items(), key=lambda kv: (kv[1]["family"], kv[0])))


def row_view(row: Row) -> dict[str, Any]:
    """One index row's figures (the index, leaderboard.json and the tables read the same ones)."""
    return {"id": row.id, "name": row.name, "spec": row.spec, "backend": row.backend, "variant": row.variant,
            "variant_title": row.variant_title, "hardware": row.hardware, "badges": row.badges,
            "categories": " ".join(b["name"] for b in row.badges), "parameters": row.parameters,
            "bytes_on_disk": row.bytes_on_disk, "latency_p50_s": row.latency_p50_s,
            "tokens_per_s": row.tokens_per_s, "peak_rss_bytes": row.peak_rss_bytes,
            "families": row.families, "tasks": row.tasks, "page": f"model-{row.id}.html"}


def _split_metrics(metrics: dict[str, Any]) -> tuple[list[str], dict[str, list[str]]]:
    """(plain metric names, breakdown group -> its metric names) of one task's results."""
    plain, groups = [], {}
    for name in metric_names(metrics):
        if "/" in name:
            metric, group = name.split("/", 1)
            groups.setdefault(group, []).append(metric)
        else:
            plain.append(name)
    return plain, groups


def task_context(task: str, rows: list[Row]) -> dict[str, Any]:
    """Every metric with stderr, every breakdown group and per-field score, per row that ran the task."""
    having = [r for r in rows if task in r.task_source]
    columns: list[str] = []
    entries = []
    for row in having:
        doc = row.doc(task)
        metrics = doc["results"][task]
        plain, groups = _split_metrics(metrics)
        columns += [m for m in plain if m not in columns]
        value = lambda key: (_number(metrics.get(key)), _number(metrics.get(f"{key}_stderr")))  # noqa: E731
        info = (doc.get("tasks") or {}).get(task) or {}
        entries.append({
            "row": row_view(row), "n": row.task(task)["n"], "headline": row.task(task)["metric"],
            "metrics": {m: value(m) for m in plain},
            "breakdown": [{"group": g, "metrics": {m: value(f"{m}/{g}") for m in ms}} for g, ms in groups.items()],
            "fields": info.get("fields") or {}, "missing": info.get("breakdown_missing") or {},
            "errors": (doc.get("errors") or {}).get(task) or {},
            "samples": samples_page(row, task) if row.samples(task) else None})
    breakdown_metrics = sorted({m for e in entries for b in e["breakdown"] for m in b["metrics"]},
                               key=lambda m: columns.index(m) if m in columns else len(columns))
    return {"task": task, "entries": entries, "columns": columns, "breakdown_metrics": breakdown_metrics,
            "has_fields": any(e["fields"] for e in entries)}


def model_card(row: Row) -> Any:
    """The rendered README.md of a model served from a folder, or None (no folder, no card, too big)."""
    source = ((row.results.get("model") or {}).get("info") or {}).get("source")
    if not source:
        return None
    path = Path(str(source)) / CARD
    try:
        if not path.is_file() or path.stat().st_size > CARD_MAX_BYTES:
            return None
        return render_markdown(path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return None


def edge_cost(row: Row) -> list[tuple[str, Any, str]]:
    """(label, value, filter) lines of the row's edge cost, for the model page."""
    ec = row.results.get("edge_cost") or {}
    info = (row.results.get("model") or {}).get("info") or {}
    return [("parameters", row.parameters, "params"), ("on disk (MB)", row.bytes_on_disk, "mb"),
            ("peak RSS (MB)", row.peak_rss_bytes, "mb"),
            ("p50 latency (median over tasks)", row.latency_p50_s, "seconds"),
            ("tokens/s (median over tasks)", row.tokens_per_s, "rate"),
            ("cold start (s)", _number(ec.get("cold_start_s")), "num"),
            ("load (s)", _number(ec.get("load_s") or info.get("load_seconds")), "num"),
            ("fit (s)", _number(ec.get("fit_s")), "num"),
            ("dtype", ec.get("dtype") or info.get("dtype"), "text"),
            ("quantization", ec.get("quantization") or info.get("quantization"), "text"),
            ("threads", ec.get("threads") or info.get("threads"), "text")]


def model_context(row: Row, rows: list[Row]) -> dict[str, Any]:
    """Card, edge cost, the same spec's variants with retention, commands, versions and fingerprints."""
    variants = []
    for other in (r for r in rows if r.spec == row.spec):
        kept = retention(other, rows)
        mean = sum(kept.values()) / len(kept) if kept else None
        variants.append({"row": row_view(other), "retention": kept, "mean_retention": mean,
                         "current": other is row})
    provenance = []
    for source in row.sources:
        cmd, rebuilt = command(source.results)
        provenance.append({"label": source.label, "command": cmd, "reconstructed": rebuilt,
                           "versions": versions(source.results), "fingerprints": fingerprints(source.results),
                           "tasks": list(source.results["results"]), "verification": source.verification,
                           "started_at": source.results.get("started_at")})
    tasks = row.tasks
    return {"row": row_view(row), "card": model_card(row), "edge_cost": edge_cost(row), "variants": variants,
            "variant_tasks": sorted({t for v in variants for t in v["retention"]}),
            "provenance": provenance, "notes": row.notes, "hardware_info": row.results.get("hardware") or {},
            "task_rows": [{**t, "page": task_page(name),
                           "samples": samples_page(row, name) if row.samples(name) else None,
                           "cost": (row.doc(name).get("cost") or {}).get(name) or {}}
                          for name, t in tasks.items()]}
