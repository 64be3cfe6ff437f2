"""Small hand-made results folders for the leaderboard tests (the shape ``edgebench run`` writes)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FAMILY = {"edge_spam": "binary_filter", "probe_spam": "binary_filter", "edge_intent": "intent", "edge_pii": "pii",
          "example_sentiment": "intent"}
XSS = '<script>window.PWNED=1</script><img src=x onerror="window.PWNED=1"> & </script>'


def results_doc(spec: str, scores: dict[str, Any], *, parameters: int | None = 100_000_000,
                bytes_on_disk: int | None = 400_000_000, dtype: str | None = "bfloat16",
                quantization: str | None = None, cpu: str = "Test CPU", threads: int = 2,
                latency: float | None = 0.1, rss: int | None = 2_000_000_000, gpu: Any = None,
                metrics: dict[str, list[str]] | None = None, command: Any = None) -> dict[str, Any]:
    """A results.json: ``scores`` maps task -> value (headline ``top1_acc``, stderr value/20) or a full
    metrics dict; ``metrics`` overrides a task's config metric list (its headline is the first)."""
    results, tasks, cost = {}, {}, {}
    for task, value in scores.items():
        metric_dict = dict(value) if isinstance(value, dict) else {"top1_acc": value, "top1_acc_stderr": value / 20}
        results[task] = {"alias": task, **metric_dict}
        listed = (metrics or {}).get(task) or [k for k in metric_dict if not k.endswith("_stderr") and "/" not in k]
        tasks[task] = {"family": FAMILY.get(task, "other"), "version": 1, "dataset_fingerprint": f"fp-{task}",
                       "config": {"task": task, "metrics": listed, "description": f"The {task} task."}}
        cost[task] = {"latency_p50_s": latency, "tokens_per_s": 500.0 if latency else None}
    doc = {
        "results": results, "tasks": tasks, "cost": cost, "schema_version": 1, "edgebench_version": "0.1.0",
        "git_hash": "0" * 40, "n-samples": {t: {"original": 120, "effective": 120} for t in scores},
        "errors": {t: {} for t in scores},
        "model": {"spec": spec, "info": {"backend": spec.split(":")[0], "spec": spec, "parameters": parameters,
                                         "bytes_on_disk": bytes_on_disk, "dtype": dtype, "quantization": quantization}},
        "settings": {"limit": None, "batch_size": 8, "seed": 1234, "backend": {"dtype": dtype, "threads": threads}},
        "edge_cost": {"parameters": parameters, "bytes_on_disk": bytes_on_disk, "dtype": dtype,
                      "quantization": quantization, "threads": threads, "peak_rss_bytes": rss, "cold_start_s": 3.0},
        "hardware": {"cpu": cpu, "torch_threads": threads, "gpu": gpu, "torch": "2.13.0+cpu", "python": "3.11.7"},
    }
    if command is not None:
        doc["command"] = command
    return doc


def sample_records(n: int, *, wrong_every: int = 3, error_every: int = 10, xss_at: int = 5) -> list[dict[str, Any]]:
    """``n`` records: record i (0-based) is wrong when i % wrong_every == 0, has error 'unparsable' when
    i % error_every == 1, and record ``xss_at`` carries HTML in its input and output."""
    out = []
    for i in range(n):
        right = i % wrong_every != 0
        text = XSS if i == xss_at else f"message number {i}"
        out.append({"doc_id": f"test/{i}", "input": text, "output": XSS if i == xss_at else {"spam": -0.1, "ham": -2.0},
                    "gold": "spam", "pred": "spam" if right else "ham", "scores": {"top1": int(right), "top5": 1},
                    "error": "unparsable" if i % error_every == 1 else None, "cluster": f"c{i % 7}"})
    return out


def write_folder(folder: Path, doc: dict[str, Any], samples: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """Write results.json (and samples_<task>.jsonl files) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(doc), encoding="utf-8")
    for task, records in (samples or {}).items():
        (folder / f"samples_{task}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return folder
