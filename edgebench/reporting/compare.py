"""Compare two runs (``results.json``): quality kept by run B against run A, against size and edge cost.

Definitions (also printed in the table header):

- **difference** = B − A for every metric both runs report on a task they share.
- **significant** = |B − A| > 2·se. Where both runs logged samples (``--log-samples``) and scored the
  same ones, se is the **paired cluster bootstrap** stderr of B − A (the same templates resampled for
  both runs: ``edgebench.reporting.compare_paired``); otherwise se = sqrt(stderr_A² + stderr_B²), which treats the
  runs as independent (a rough "more than noise" flag). None when neither is available.
- **retention** = B / A (None when A is 0). It reads as "quality kept" for higher-is-better metrics;
  for rates where lower is better (``invalid_rate``) a retention above 1 is a loss.
- **headline** metric of a task = the first metric that run A reports for it (the first one its task
  config lists, e.g. ``top1_acc``, ``json_exact``).
- **MB saved** = (bytes on disk of A − bytes on disk of B) / 10⁶.
- **retention per MB saved** = mean headline retention over the shared tasks / MB saved: the share of
  A's quality that B keeps for each MB it saves. None when B is not smaller than A (nothing saved).
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError
from edgebench.results import RESULTS_FILE

MB = 1_000_000
SIGNIFICANCE_SIGMAS = 2.0
# Per-task edge-cost figures from results["cost"][task], shown side by side (missing keys are skipped).
COST_KEYS = (("latency_p50_s", "latency p50 (s)"), ("computed_samples_per_s", "samples/s"),
             ("tokens_per_s", "tokens/s"))


def load_results(path: str | Path, label: str = "RESULTS") -> dict[str, Any]:
    """Read a results.json written by ``edgebench run``, given the file or the folder holding it."""
    p = Path(path)
    hint = "pass a results.json written by 'edgebench run' or the folder holding it"
    if p.is_dir():
        p = p / RESULTS_FILE
        if not p.is_file():
            raise EdgeBenchError(f"{label} '{path}' holds no {RESULTS_FILE}; {hint}")
    elif not p.is_file():
        raise EdgeBenchError(f"{label} '{path}' does not exist; {hint}")
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EdgeBenchError(f"{label} '{p}' is not JSON ({exc}); {hint}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), dict) or not isinstance(doc.get("model"), dict):
        raise EdgeBenchError(f"{label} '{p}' is not an EdgeBench results document (no 'results' and 'model'); {hint}")
    return doc


def _number(value: Any) -> float | None:
    """A finite float, or None for missing, non-numeric or NaN values."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def metric_names(metrics: dict[str, Any]) -> list[str]:
    """The metric keys of one task's results, in order, without ``alias`` and ``*_stderr``."""
    return [k for k in metrics if k != "alias" and not k.endswith("_stderr")]


def compare_metric(a: dict[str, Any], b: dict[str, Any], name: str, paired_se: float | None = None) -> dict[str, Any]:
    """A, B, B − A, combined stderr, significance and retention of one metric of one task
    (``paired_se``: the paired bootstrap stderr of B − A, which the test then uses)."""
    va, vb = _number(a.get(name)), _number(b.get(name))
    sa, sb = _number(a.get(f"{name}_stderr")), _number(b.get(f"{name}_stderr"))
    diff = vb - va if va is not None and vb is not None else None
    combined = math.sqrt(sa ** 2 + sb ** 2) if sa is not None and sb is not None else None
    se = paired_se if paired_se is not None else combined
    return {
        "a": va, "b": vb, "diff": diff, "stderr_a": sa, "stderr_b": sb, "combined_stderr": combined,
        "paired_stderr": paired_se, "test": "paired_cluster_bootstrap" if paired_se is not None else "independent",
        "significant": (abs(diff) > SIGNIFICANCE_SIGMAS * se) if diff is not None and se is not None else None,
        "retention": vb / va if va is not None and vb is not None and va != 0 else None,
    }


def _side(doc: dict[str, Any]) -> dict[str, Any]:
    # Size and memory live in model.info and totals; newer documents also gather them under edge_cost.
    sources = [doc["model"].get("info") or {}, doc.get("totals") or {}, doc.get("edge_cost") or {}]

    def first(key: str) -> Any:
        return next((src[key] for src in sources if src.get(key) is not None), None)

    return {"spec": doc["model"].get("spec"), "hash": doc["model"].get("hash"),
            "parameters": first("parameters"), "bytes_on_disk": first("bytes_on_disk"), "dtype": first("dtype"),
            "peak_rss_bytes": first("peak_rss_bytes"), "limit": (doc.get("settings") or {}).get("limit")}


def _task_field(doc: dict[str, Any], task: str, key: str) -> Any:
    return ((doc.get("tasks") or {}).get(task) or {}).get(key)


def _warnings(a: dict[str, Any], b: dict[str, Any], shared: list[str]) -> list[str]:
    out = []
    for key, what in (("dataset_fingerprint", "different task data (dataset fingerprint)"),
                      ("version", "different task versions")):
        differ = [t for t in shared if _task_field(a, t, key) != _task_field(b, t, key)]
        if differ:
            out.append(f"the runs used {what} for {', '.join(differ)}: "
                       f"those differences mix model and task")
    limit_a, limit_b = (a.get("settings") or {}).get("limit"), (b.get("settings") or {}).get("limit")
    if limit_a != limit_b:
        out.append(f"the runs used different --limit ({limit_a} vs {limit_b}): they scored different samples")
    return out


def compare(a: dict[str, Any], b: dict[str, Any], samples_a: dict[str, list] | None = None,
            samples_b: dict[str, list] | None = None) -> dict[str, Any]:
    """The comparison document of run B against run A (see the module docstring for definitions);
    ``samples_a`` / ``samples_b``: each run's per-task sample records, for the paired test."""
    from edgebench.reporting.compare_paired import paired_stderr
    from edgebench.plugins import get_registry

    registry = get_registry().metrics if samples_a and samples_b else {}
    shared = [t for t in a["results"] if t in b["results"]]
    if not shared:
        raise EdgeBenchError(f"RESULTS_A ({', '.join(a['results']) or 'no task'}) and RESULTS_B "
                             f"({', '.join(b['results']) or 'no task'}) share no task; compare runs over the same tasks")
    tasks: dict[str, Any] = {}
    headline_retention = []
    for name in shared:
        ma, mb = a["results"][name], b["results"][name]
        names = [m for m in metric_names(ma) if m in mb]
        both = name in (samples_a or {}) and name in (samples_b or {})
        metrics = {m: compare_metric(ma, mb, m, paired_stderr(registry[m], samples_a[name], samples_b[name])
                                     if both and m in registry else None) for m in names}
        cost_a, cost_b = (a.get("cost") or {}).get(name) or {}, (b.get("cost") or {}).get(name) or {}
        cost = {key: {"a": cost_a.get(key), "b": cost_b.get(key)} for key, _ in COST_KEYS
                if cost_a.get(key) is not None or cost_b.get(key) is not None}
        headline = names[0] if names else None
        tasks[name] = {"headline": headline, "metrics": metrics, "cost": cost,
                       "n": {"a": ((a.get("n-samples") or {}).get(name) or {}).get("effective"),
                             "b": ((b.get("n-samples") or {}).get(name) or {}).get("effective")}}
        if headline is not None and metrics[headline]["retention"] is not None:
            headline_retention.append(metrics[headline]["retention"])
    side_a, side_b = _side(a), _side(b)
    bytes_a, bytes_b = _number(side_a["bytes_on_disk"]), _number(side_b["bytes_on_disk"])
    mb_saved = (bytes_a - bytes_b) / MB if bytes_a is not None and bytes_b is not None else None
    mean_retention = sum(headline_retention) / len(headline_retention) if headline_retention else None
    per_mb = mean_retention / mb_saved if mean_retention is not None and mb_saved is not None and mb_saved > 0 else None
    return {
        "a": side_a, "b": side_b, "tasks": tasks,
        "only_in_a": [t for t in a["results"] if t not in b["results"]],
        "only_in_b": [t for t in b["results"] if t not in a["results"]],
        "mb_saved": mb_saved, "mean_headline_retention": mean_retention, "retention_per_mb_saved": per_mb,
        "warnings": _warnings(a, b, shared),
    }


HEADER = """\
B against A. B − A: difference; 2·se: twice the paired cluster-bootstrap stderr of B − A where both runs
logged the same samples (marked p), else 2·sqrt(seA² + seB²), the stderrs combined as independent;
signif.: |B − A| > 2·se; B/A: retention (quality kept; for lower-is-better rates above 1 is a loss).
* marks a task's headline metric (its first). MB = 10^6 bytes on disk; MB saved = A − B.
retention per MB saved = mean headline retention over the shared tasks / MB saved.
Edge cost '-': no sample computed for it in that run (answers from the response cache)."""


def _fmt(value: Any, spec: str = ".4f") -> str:
    return "-" if value is None else format(value, spec)


def _mb(value: Any) -> str:
    return "-" if value is None else f"{value / MB:,.2f}"


def format_comparison(cmp: dict[str, Any]) -> str:
    """The comparison as rich tables plus the size / retention summary lines."""
    import io

    from rich.console import Console
    from rich.table import Table

    a, b = cmp["a"], cmp["b"]
    console = Console(width=120, file=io.StringIO())
    console.print(HEADER, highlight=False)
    quality = Table(title=f"A = {a['spec']}   B = {b['spec']}")
    for col in ("task", "metric", "A", "B", "B − A", "2·se", "signif.", "B/A"):
        quality.add_column(col, justify="left" if col in ("task", "metric", "signif.") else "right")
    for name, entry in cmp["tasks"].items():
        for i, (metric, row) in enumerate(entry["metrics"].items()):
            se = row["paired_stderr"] if row["paired_stderr"] is not None else row["combined_stderr"]
            two_se = None if se is None else SIGNIFICANCE_SIGMAS * se
            signif = {True: "yes", False: "no", None: "-"}[row["significant"]]
            quality.add_row(name if i == 0 else "", f"{metric}{' *' if metric == entry['headline'] else ''}",
                            _fmt(row["a"]), _fmt(row["b"]), _fmt(row["diff"], "+.4f"),
                            _fmt(two_se) + (" p" if row["paired_stderr"] is not None else ""), signif,
                            _fmt(row["retention"], ".3f"))
    console.print(quality)

    cost = Table(title="size and edge cost")
    for col in ("", "A", "B"):
        cost.add_column(col, justify="left" if not col else "right")
    cost.add_row("parameters", _fmt(a["parameters"], ","), _fmt(b["parameters"], ","))
    cost.add_row("bytes on disk (MB)", _mb(a["bytes_on_disk"]), _mb(b["bytes_on_disk"]))
    cost.add_row("dtype", str(a["dtype"] or "-"), str(b["dtype"] or "-"))
    cost.add_row("peak RSS (MB)", _mb(a["peak_rss_bytes"]), _mb(b["peak_rss_bytes"]))
    labels = dict(COST_KEYS)
    for name, entry in cmp["tasks"].items():
        for key, pair in entry["cost"].items():
            cost.add_row(f"{name} {labels[key]}", _fmt(pair["a"], ",.4g"), _fmt(pair["b"], ",.4g"))
    console.print(cost)

    lines = [f"MB saved: {_fmt(cmp['mb_saved'], ',.2f')}",
             f"mean headline retention (B/A over {len(cmp['tasks'])} shared tasks): "
             f"{_fmt(cmp['mean_headline_retention'], '.3f')}",
             f"retention per MB saved: {_fmt(cmp['retention_per_mb_saved'], '.4g')}"
             f"{'' if cmp['retention_per_mb_saved'] is not None else ' (B saves no bytes, or sizes are unknown)'}"]
    if cmp["only_in_a"]:
        lines.append(f"only in A: {', '.join(cmp['only_in_a'])}")
    if cmp["only_in_b"]:
        lines.append(f"only in B: {', '.join(cmp['only_in_b'])}")
    return console.file.getvalue() + "\n".join(lines) + "\n"
