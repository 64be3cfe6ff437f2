"""The two tables `edgebench run` prints: each task's metrics with stderr, and the edge cost."""
from __future__ import annotations


def format_table(results: dict) -> str:
    import io

    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from edgebench.metrics.json_fields import worst

    table = Table(title=f"{results['model']['spec']}  ({results['model']['hash'][:12]})")
    for col in ("task", "version", "n", "metric", "value", "± stderr"):
        table.add_column(col, justify="right" if col in ("n", "value", "± stderr") else "left")
    for name, metrics in results["results"].items():
        first = True
        for key, value in metrics.items():
            if key == "alias" or key.endswith("_stderr"):
                continue
            err = metrics.get(f"{key}_stderr")
            table.add_row(name if first else "", str(results["tasks"][name]["version"]) if first else "",
                          # escaped: a key holds the user's own values (a breakdown group), "[...]" is rich markup
                          str(results["n-samples"][name]["effective"]) if first else "", escape(key),
                          f"{value:.4f}", f"{err:.4f}" if err is not None else "-")
            first = False
        # json tasks: the worst few fields only (results.json "tasks" -> "fields" holds every one)
        for field, value in worst(results["tasks"].get(name, {}).get("fields") or {}):
            table.add_row("", "", "", escape(f"field_f1[{field}]"), f"{value:.4f}", "-")
    console = Console(width=100, file=io.StringIO())
    console.print(table)
    return console.file.getvalue()


def _mb(n: int | None) -> str:
    return f"{n / 1e6:.1f} MB" if n else "-"


def _fmt(value, spec: str = ".3f") -> str:
    return "-" if value is None else format(value, spec)


def format_cost(results: dict) -> str:
    """The edge-cost side of a run: per-task latency and token rates, then the model's footprint."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title="edge cost (computed samples only)")
    # a model fitted per task (sklearn) has a size and a fit time per task
    per_task = any("model_parameters" in cost for cost in results["cost"].values())
    for col in ("task", "computed", "p50 s", "p95 s", "prefill tok/s", "decode tok/s", "batch",
                *(("params", "MB", "fit s") if per_task else ())):
        table.add_column(col, justify="left" if col == "task" else "right")
    for name, cost in results["cost"].items():
        batch = cost.get("batch_size")
        if isinstance(batch, dict):
            batch = ",".join(f"{kind} {v['chosen']}" for kind, v in batch.items())
        size = cost.get("model_bytes")
        own = (_fmt(cost.get("model_parameters"), ","), _fmt(size / 1e6 if size is not None else None, ".2f"),
               _fmt(cost.get("fit_s"), ".2f")) if per_task else ()
        table.add_row(name, str(cost["computed"]), _fmt(cost.get("latency_p50_s")), _fmt(cost.get("latency_p95_s")),
                      _fmt(cost.get("prompt_tokens_per_s"), ".1f"), _fmt(cost.get("generated_tokens_per_s"), ".1f"),
                      str(batch), *own)
    console = Console(width=100, file=io.StringIO())
    console.print(table)
    edge = results["edge_cost"]
    params = edge.get("parameters")
    if edge.get("per_task_models"):  # one model per task: the largest, each task's own in the table above
        console.print("model (one per task, the largest): ", end="")
        console.print(f"{params / 1e6:.1f}M params" if params and params >= 1e5 else f"{params or 0} params", end="")
        console.print(f", {_mb(edge.get('bytes_on_disk'))} on disk, fitting {_fmt(edge.get('fit_s'), '.1f')} s in all "
                      f"(not in cold start); cold start {_fmt(edge.get('cold_start_s'), '.1f')} s, "
                      f"peak RSS {_mb(edge.get('peak_rss_bytes'))}")
        return console.file.getvalue()
    console.print(f"model: {params / 1e6:.1f}M params" if params and params >= 1e5 else
                  f"model: {params} params" if params else "model: params unknown", end="")
    console.print(f", {_mb(edge.get('bytes_on_disk'))} on disk, {edge.get('dtype') or '-'}"
                  f"{', ' + edge['quantization'] if edge.get('quantization') else ''}, {edge.get('threads') or '-'} threads; "
                  f"load {_fmt(edge.get('load_s'), '.1f')} s, cold start {_fmt(edge.get('cold_start_s'), '.1f')} s, "
                  f"peak RSS {_mb(edge.get('peak_rss_bytes'))}")
    return console.file.getvalue()
