"""Running a recipe end to end, and publishing what a trainer trained.

``train_recipe`` is what ``edgebench train`` calls. ``publish`` is what every trainer calls when its
loop has finished: export the Hugging Face folder, score it on the recipe's eval tasks, write the
card and ``training/summary.json``.
"""
from __future__ import annotations

import json
import random
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import torch

from edgebench.machine import hardware
from edgebench.errors import EdgeBenchError
from edgebench.shipped_models import ADAPTER_DIR, MANIFEST
from trainers.card import write_card
from trainers.fitting.checkpoint import Checkpoints
from trainers.export import export_model
from trainers.fitting.loop import FitResult
from trainers.recipe import Recipe
from trainers.scoring import score_folder

TRAINING_DIR = "training"  # checkpoints, log.jsonl, TensorBoard events, summary.json (not the model)


def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def train_recipe(recipe: Recipe, out_dir: str | Path, *, resume: bool = False,
                 stop_after: int | None = None) -> Path | None:
    """Build the recipe's trainer and data, train, and publish to ``out_dir``; None when
    ``stop_after`` ended the run before its last step (continue it with ``resume``)."""
    from trainers import get_trainer

    out = Path(out_dir)
    if not resume and (out / TRAINING_DIR / "checkpoints").is_dir() and any((out / TRAINING_DIR / "checkpoints").iterdir()):
        raise EdgeBenchError(f"--out '{out}' holds checkpoints of an earlier run; pass --resume to continue it, "
                             f"or choose another --out")
    if recipe["threads"]:
        torch.set_num_threads(recipe["threads"])
    seed_everything(recipe["seed"])
    trainer = get_trainer(recipe["trainer"], Path(recipe.source).name)()
    data = trainer.build_data(recipe)
    seed_everything(recipe["seed"])  # the model's initialisation must not depend on how data was built
    return trainer.train(recipe, data, out, resume=resume, stop_after=stop_after)


def _run_seconds(run_dir: Path) -> tuple[float, int]:
    """Loop seconds of every run of this training (interrupted ones included) and how many runs,
    from the log: each run starts with an ``event: start`` record and counts its own elapsed_s."""
    log = run_dir / "log.jsonl"
    total, runs, last = 0.0, 0, 0.0
    for line in log.read_text().splitlines() if log.exists() else []:
        record = json.loads(line)
        if record.get("event") == "start":
            total, runs, last = total + last, runs + 1, 0.0
        last = record.get("elapsed_s", last)
    return total + last, max(runs, 1)


def rescore(recipe: Recipe, out_dir: str | Path) -> Path:
    """Score the model that ``out_dir`` already holds on ``recipe``'s eval tasks and rewrite its card: the
    recipe's training keys must be the ones it was trained with (the checkpoints' hash says)."""
    out = Path(out_dir)
    summary_path = out / TRAINING_DIR / "summary.json"
    if not summary_path.exists():
        raise EdgeBenchError(f"--score-only: '{out}' holds no finished training ({summary_path} is missing); "
                             f"train it first, or name the right --out")
    checkpoints = Checkpoints(out / TRAINING_DIR / "checkpoints", keep_last=1)
    latest = checkpoints.latest()
    if latest is not None and Checkpoints.meta(latest).get("recipe_hash") != recipe.training_hash():
        raise EdgeBenchError(f"--score-only: '{out}' was trained with other training keys than recipe "
                             f"'{recipe.name}' and these --set values; give the ones it was trained with "
                             f"(only eval.* may differ)")
    summary = json.loads(summary_path.read_text())
    results = score_folder(out, recipe)
    write_card(out, recipe=recipe, summary=summary, results=results)
    return out


def export_weights(model: torch.nn.Module, which: str, fit: FitResult) -> int:
    """The recipe's ``export``: with ``best``, load the checkpoint of lowest validation loss into ``model``
    (in place; tied weights stay tied). Returns the step whose weights the folder will hold."""
    if which != "best" or not fit.best_checkpoint:
        return fit.steps
    best = Path(fit.best_checkpoint)
    Checkpoints(best.parent, keep_last=1).load_weights(best, model)
    return Checkpoints.meta(best)["step"]


def write_manifest(out_dir: Path, recipe: Recipe) -> None:
    """``edgebench-model.json``: how to rebuild this folder from its base and adapter, and the weights hash
    the rebuild must reach (``edgebench.shipped_models``)."""
    from edgebench import models

    manifest = {"base": recipe["model"]["base"], "layers": recipe["model"].get("layers"),
                "vocab": recipe["model"].get("vocab"), "adapter": ADAPTER_DIR,
                "weights_sha256": models.weights_hash(out_dir), "recipe": recipe.name}
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")


def publish(model: torch.nn.Module, tokenizer: Any, recipe: Recipe, out_dir: Path, *, fit: FitResult,
            fingerprints: dict[str, str], data_stats: dict[str, Any]) -> Path:
    """Export the model folder (the weights the recipe's ``export`` names), score it, and write the card;
    returns ``out_dir``."""
    exported_step = export_weights(model, recipe["export"], fit)
    parameters = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    exported = export_model(model, tokenizer, out_dir)
    if (out_dir / ADAPTER_DIR).is_dir():
        write_manifest(out_dir, recipe)
    seconds, runs = _run_seconds(out_dir / TRAINING_DIR)
    summary = {
        "recipe": recipe.name, "trainer": recipe["trainer"], "overrides": recipe.overrides,
        "fit": asdict(fit), "exported_step": exported_step, "train_seconds": seconds, "runs": runs,
        "parameters": parameters, "trainable_parameters": trainable,
        "exported_parameters": sum(p.numel() for p in exported.parameters()),
        "data": {"fingerprints": fingerprints, **data_stats},
        "hardware": hardware.profile(),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    (out_dir / TRAINING_DIR).mkdir(parents=True, exist_ok=True)
    (out_dir / TRAINING_DIR / "summary.json").write_text(json.dumps(summary, indent=2, default=str))
    results = score_folder(out_dir, recipe)
    write_card(out_dir, recipe=recipe, summary=summary, results=results)
    return out_dir
