"""``multitask``: one model trained on several tasks at once, mixed by sampling weights, with a
loss weight per task.

Mixing (``objective.mixture``, e.g. 40 % edge_json / 40 % edge_intent / 20 % edge_funccall): each
epoch holds ``examples_per_epoch`` rows (default: every task's train rows once, summed) split
between the tasks by ``trainers.corpus.mixing``. Loss weights (``objective.loss_weights``, default 1): each
target token's cross-entropy is multiplied by its row's task weight (from the batch ``sources``),
and the step's loss is that weighted sum over the step's target tokens (validation loss too).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

import torch

from edgebench.errors import EdgeBenchError
from trainers.base import Trainer
from trainers.corpus.data import SFTData, build_sft_data
from trainers.fitting.loop import Batch, fit
from trainers.fitting.losses import target_cross_entropy
from trainers.corpus.mixing import mix
from trainers.modeling import load_model, load_tokenizer
from trainers.fitting.optim8bit import adamw_8bit_factory
from trainers.recipe import Recipe
from trainers.run import TRAINING_DIR, publish

WEIGHTS = {"type": "object", "additionalProperties": {"type": "number", "exclusiveMinimum": 0}}
OBJECTIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "loss": {"const": "multitask"},
        "mixture": WEIGHTS,                                  # task -> sampling weight (normalised by their sum)
        "loss_weights": WEIGHTS,                             # task -> loss weight (1 when left out)
        "examples_per_epoch": {"type": ["integer", "null"], "minimum": 1},
        "optimizer_8bit": {"type": "boolean"},               # bitsandbytes AdamW8bit on a GPU, if installed
    },
}


def weighted_loss(loss_weights: Mapping[str, float]):
    """The loop's ``loss_fn``: (sum over target tokens of weight(row's task) x cross-entropy, target tokens)."""

    def loss_fn(model: torch.nn.Module, batch: Batch) -> tuple[torch.Tensor, int]:
        per_token, picked = target_cross_entropy(model, batch)
        row_weight = torch.tensor([float(loss_weights.get(s, 1.0)) for s in batch["sources"]], device=per_token.device)
        rows = picked.nonzero()[:, 0]  # the batch row of each target token, in per_token's order
        return (per_token * row_weight[rows]).sum(), int(picked.sum())

    return loss_fn


def check_objective(recipe: Recipe) -> None:
    """Every mixed or weighted task must be one of ``data.tasks``, and a mixture must name them all."""
    label, tasks, objective = Path(recipe.source).name, recipe["data"]["tasks"], recipe["objective"]
    for key in ("mixture", "loss_weights"):
        for name in objective.get(key) or {}:
            if name not in tasks:
                raise EdgeBenchError(f"recipe '{label}': key 'objective.{key}.{name}' names a task not in data.tasks "
                                     f"({', '.join(tasks)}); add it there or drop it")
    missing = [t for t in tasks if objective.get("mixture") and t not in objective["mixture"]]
    if missing:
        raise EdgeBenchError(f"recipe '{label}': key 'objective.mixture' has no weight for task '{missing[0]}'; "
                             f"give every task in data.tasks a weight")


class MultitaskTrainer(Trainer):
    name = "multitask"
    objective_schema = OBJECTIVE_SCHEMA

    def build_data(self, recipe: Recipe) -> SFTData:
        check_objective(recipe)
        data = build_sft_data(recipe, load_tokenizer(recipe["model"]))
        mixture = recipe["objective"].get("mixture")
        if mixture:
            by_task: dict[str, list] = {name: [] for name in mixture}
            for example in data.train:
                by_task[example.source].append(example)
            size = recipe["objective"].get("examples_per_epoch") or len(data.train)
            data.train = mix(by_task, mixture, size, recipe["seed"])
            data.stats["rows"] = {name: sum(e.source == name for e in data.train) for name in mixture}
            data.stats["mixture"] = dict(mixture)
        return data

    def train(self, recipe: Recipe, data: SFTData, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        objective, tokenizer = recipe["objective"], data.tokenizer
        model = load_model(recipe["model"], tokenizer)
        factory = adamw_8bit_factory() if objective.get("optimizer_8bit") else None
        result = fit(model, data.train, data.validation, recipe, out_dir / TRAINING_DIR,
                     pad_id=tokenizer.pad_token_id, resume=resume, stop_after=stop_after,
                     loss_fn=weighted_loss(objective.get("loss_weights") or {}), optimizer_factory=factory)
        if not result.finished:
            return None
        return publish(model, tokenizer, recipe, out_dir, fit=result, fingerprints=data.fingerprints,
                       data_stats=data.stats)
