"""EdgeBench scores of a trained model folder: the recipe's eval tasks through the harness, in process."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from edgebench.results import write_results, write_samples


def lock_mode(value: str | bool) -> str:
    """``eval.json_lock`` as ``--json-lock`` spells it: YAML 1.1 reads a bare ``on`` / ``off`` as a boolean."""
    return {True: "on", False: "off"}.get(value, value) if isinstance(value, bool) else value


def score_folder(out_dir: Path, recipe: Any) -> dict[str, Any] | None:
    """Run ``recipe.eval.tasks`` on ``hf:OUT_DIR`` as ``edgebench run`` would (same response cache, so
    a later ``edgebench run`` of the same folder reuses the answers); writes ``OUT_DIR/eval/``."""
    from edgebench.cache import ResponseCache
    from edgebench.evaluator import RunSettings, evaluate
    from edgebench.models import cache_root, load_backend
    from edgebench.tasks.config import select
    from edgebench.tasks.locking import apply_json_lock

    spec = recipe["eval"]
    if not spec["tasks"]:
        return None
    include = [str(recipe.folder / p) for p in recipe["data"].get("include_paths", [])]
    tasks = apply_json_lock(select(",".join(spec["tasks"]), include), lock_mode(spec.get("json_lock", "off")))
    settings = {"threads": recipe["threads"]} if recipe["threads"] else {}
    backend = load_backend(f"hf:{Path(out_dir).resolve()}", batch_size=spec["batch_size"], **settings)
    results, samples = evaluate(backend, tasks, RunSettings(limit=spec["limit"], batch_size=spec["batch_size"],
                                                            seed=recipe["seed"], progress=recipe["progress"]),
                                ResponseCache(cache_root() / "responses.sqlite"))
    folder = Path(out_dir) / "eval"
    write_results(folder, results)
    for name, records in samples.items():
        write_samples(folder, name, records)
    return results
