"""``distill``: a small decoder trained from scratch on task prompts -> gold targets, with the loss

    kl_weight · KL(teacher ‖ student, temperature T) · T²  +  ce_weight · cross-entropy

on the target tokens (0.5 / 0.5 by default). The teacher is any backend that exposes logits
(``trainers.teaching.teacher``); it shares the student's tokenizer (SmolLM2's), so the two vocabularies
line up id for id.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from trainers.base import Trainer
from trainers.corpus.data import SFTData, build_sft_data
from trainers.teaching.kl import distill_kl
from trainers.fitting.loop import Batch, fit
from trainers.fitting.losses import target_logits
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import Recipe
from trainers.run import TRAINING_DIR, publish
from trainers.teaching.teacher import Teacher

# the teacher keys, shared with lora_sft's objective (a LoRA student may distil too)
TEACHER_PROPERTIES: dict[str, Any] = {
    "teacher": {"type": "string"},                             # a model spec, e.g. hf:/path/to/mlm-135m
    "temperature": {"type": "number", "exclusiveMinimum": 0},
    "kl_weight": {"type": "number", "minimum": 0},
    "ce_weight": {"type": "number", "minimum": 0},
}
OBJECTIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["teacher"],
    "properties": {"loss": {"const": "distill"}, **TEACHER_PROPERTIES},
}
DEFAULTS = {"temperature": 2.0, "kl_weight": 0.5, "ce_weight": 0.5}


def distill_loss(teacher: Teacher, *, temperature: float, kl_weight: float, ce_weight: float):
    """The loop's ``loss_fn``: (summed weighted loss over target tokens, number of target tokens)."""

    def loss_fn(model: torch.nn.Module, batch: Batch) -> tuple[torch.Tensor, int]:
        student, labels, picked = target_logits(model, batch)
        teacher_logits = teacher.target_logits(batch, picked)
        kl = distill_kl(student, teacher_logits, None, temperature)  # both already at the target positions
        ce = torch.nn.functional.cross_entropy(student.float(), labels, reduction="sum")
        return kl_weight * kl + ce_weight * ce, int(picked.sum())

    return loss_fn


def teacher_objective(recipe: Recipe, tokenizer: Any) -> tuple[Any, dict[str, Any]]:
    """The loop's ``loss_fn`` for the recipe's ``objective.teacher``, and what checkpoints record of the teacher."""
    objective = {**DEFAULTS, **recipe["objective"]}
    device = "cuda" if torch.cuda.is_available() else "cpu"
    teacher = Teacher.load(objective["teacher"], tokenizer, device=device, threads=recipe["threads"])
    loss_fn = distill_loss(teacher, temperature=objective["temperature"], kl_weight=objective["kl_weight"],
                           ce_weight=objective["ce_weight"])
    return loss_fn, {"teacher": teacher.spec, "teacher_parameters": teacher.parameters}


class DistillTrainer(Trainer):
    name = "distill"
    objective_schema = OBJECTIVE_SCHEMA

    def build_data(self, recipe: Recipe) -> SFTData:
        return build_sft_data(recipe, load_tokenizer(recipe["model"]))

    def train(self, recipe: Recipe, data: SFTData, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        tokenizer = data.tokenizer
        model = load_model(recipe["model"], tokenizer)
        loss_fn, meta = teacher_objective(recipe, tokenizer)
        result = fit(model, data.train, data.validation, recipe, out_dir / TRAINING_DIR,
                     pad_id=tokenizer.pad_token_id, resume=resume, stop_after=stop_after, loss_fn=loss_fn,
                     meta=meta)
        if not result.finished:
            return None
        return publish(model, tokenizer, recipe, out_dir, fit=result, fingerprints=data.fingerprints,
                       data_stats=data.stats)
