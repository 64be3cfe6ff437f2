"""The README.md model card of a trained model: recipe, data, training figures, hardware, EdgeBench scores."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Mapping

import yaml


def _scores_table(results: Mapping[str, Any] | None) -> str:
    if not results:
        return "Not evaluated (the recipe's `eval.tasks` is empty).\n"
    lines = ["| task | metric | value | stderr | samples |", "|---|---|---|---|---|"]
    for task, metrics in results["results"].items():
        n = results["n-samples"][task]["effective"]
        for key, value in metrics.items():
            if key == "alias" or key.endswith("_stderr") or "/" in key:
                continue
            err = metrics.get(f"{key}_stderr")
            lines.append(f"| {task} | {key} | {value:.4f} | {'-' if err is None else f'{err:.4f}'} | {n} |")
    limit = results["settings"]["limit"]
    note = f"the first {limit} test samples of each task" if limit else "every test sample"
    return "\n".join(lines) + f"\n\nScored by `edgebench run` in process on {note}; full results in `eval/results.json`.\n"


def _cost_table(results: Mapping[str, Any] | None) -> str:
    """Size and speed as the scoring run measured them (edge cost of the model, cost of each task)."""
    if not results:
        return ""
    edge = results["edge_cost"]
    size = (f"{edge['parameters']:,} parameters, {edge['bytes_on_disk'] / 1e6:.1f} MB on disk ({edge['dtype']}), "
            f"process peak RSS {edge['peak_rss_bytes'] / 1e6:.0f} MB (of the process that scored it: training "
            f"included unless it was scored by --score-only), load {edge['load_s']:.1f} s, "
            f"{edge['threads']} CPU thread(s)" if edge.get("parameters") else "not measured")
    lines = [f"Size: {size}.", "", "| task | samples/s | latency p50 (s) | tokens/s | batch |", "|---|---|---|---|---|"]
    for task, cost in results["cost"].items():
        if not cost.get("computed"):
            continue
        lines.append(f"| {task} | {_num(cost['computed_samples_per_s'], 2)} | {_num(cost['latency_p50_s'], 3)} | "
                     f"{_num(cost['tokens_per_s'], 1)} | {cost['batch_size']} |")
    return "\n".join(lines) + "\n\nMeasured while scoring, on the hardware below; samples answered from the response cache are not timed.\n"


def _plain(value: Any) -> Any:
    """Plain JSON types (torch's version string is a str subclass that YAML refuses)."""
    return json.loads(json.dumps(value, default=str))


def _num(value: float | None, places: int = 4) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def write_card(out_dir: Path, *, recipe: Any, summary: Mapping[str, Any], results: Mapping[str, Any] | None) -> Path:
    """``out_dir/README.md`` with a Hugging Face metadata header."""
    init = (recipe.get("objective") or {}).get("init_embeddings")
    base = recipe["model"].get("base") or (f"a new model whose token table starts from {init}'s embeddings" if init
                                           else "from scratch")
    header = {"library_name": "transformers", "tags": ["edgebench", "cyclecore", recipe["trainer"]],
              **({"base_model": base.removeprefix("hf:")} if recipe["model"].get("base") else {})}
    fit = summary["fit"]
    data = summary["data"]
    fingerprints = "\n".join(f"| {name} | {rows} | `{data['fingerprints'].get(name, '-')}` |"
                             for name, rows in data["rows"].items())
    text = f"""---
{yaml.safe_dump(header, sort_keys=False).strip()}
---
# {out_dir.name}

Trained by EdgeBench's reference trainer **`{recipe['trainer']}`** with recipe **`{recipe.name}`**
(`edgebench train {recipe.name}{''.join(' --set ' + o for o in recipe.overrides)}`), starting from
**{base}**. Load it with `edgebench run --model hf:{out_dir}` or transformers' `AutoModelForCausalLM`.

## EdgeBench scores

{_scores_table(results)}
## Size and edge cost

{_cost_table(results) or "Not evaluated."}
## Training

| what | value |
|---|---|
| steps | {fit['steps']} (effective batch {recipe['batch_size']} x {recipe['grad_accumulation']}) |
| training loss, first step -> last step | {_num(fit['first_loss'])} -> {_num(fit['last_loss'])} |
| validation loss, before training -> best | {_num(fit['initial_val_loss'])} -> {_num(fit['best_val_loss'])} |
| weights in this folder | step {summary['exported_step']} (recipe `export: {recipe['export']}`) |
| training time | {summary['train_seconds']:.1f} s over {summary['runs']} run(s) |
| tokens/s (last run) | {fit['tokens_per_s']:.1f} |
| precision, device | {fit['precision']}, {fit['device']} |
| trainable parameters | {summary['trainable_parameters']:,} of {summary['parameters']:,} |

## Data

| source | training rows | dataset fingerprint |
|---|---|---|
{fingerprints}

Validation rows: {json.dumps(data['validation_rows'])}; prompts truncated to `model.max_length`: {data['truncated']}.

## Hardware

```yaml
{yaml.safe_dump(_plain(summary['hardware']), sort_keys=False).strip()}
```

## Recipe

```yaml
{recipe.to_yaml().strip()}
```
"""
    path = out_dir / "README.md"
    path.write_text(text, encoding="utf-8")
    return path
