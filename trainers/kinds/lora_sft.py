"""``lora_sft``: LoRA (peft) supervised fine-tuning of a causal LM on task prompts -> gold targets.

The adapter trains; the base weights stay frozen. On export the adapter is merged into a
standalone model (``trainers.export``), so the output needs no peft to load.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from trainers.base import Trainer
from trainers.corpus.data import SFTData, build_sft_data
from trainers.fitting.losses import answer_only_loss
from trainers.fitting.loop import fit
from trainers.kinds.distill import TEACHER_PROPERTIES, teacher_objective
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import Recipe
from trainers.run import TRAINING_DIR, publish

OBJECTIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "loss": {"const": "sft"},  # cross-entropy on the target tokens only
        # with a teacher (a model spec): the distill trainer's loss on the target tokens instead
        # (kl_weight x KL(teacher || student at temperature) x T^2 + ce_weight x cross-entropy: trainers.kinds.distill)
        **TEACHER_PROPERTIES,
        "lora": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "r": {"type": "integer", "minimum": 1},
                "alpha": {"type": "number", "exclusiveMinimum": 0},
                "dropout": {"type": "number", "minimum": 0, "maximum": 1},
                "target_modules": {"type": "array", "items": {"type": "string"}, "minItems": 1},
            },
        },
    },
}
LORA_DEFAULTS = {"r": 16, "alpha": 32, "dropout": 0.05, "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj"]}


class LoraSFTTrainer(Trainer):
    name = "lora_sft"
    objective_schema = OBJECTIVE_SCHEMA

    def build_data(self, recipe: Recipe) -> SFTData:
        return build_sft_data(recipe, load_tokenizer(recipe["model"]))

    def train(self, recipe: Recipe, data: SFTData, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        from peft import LoraConfig, get_peft_model

        sft, tokenizer = data, data.tokenizer
        lora = {**LORA_DEFAULTS, **recipe["objective"].get("lora", {})}
        model = get_peft_model(load_model(recipe["model"], tokenizer), LoraConfig(
            r=lora["r"], lora_alpha=lora["alpha"], lora_dropout=lora["dropout"],
            target_modules=list(lora["target_modules"]), task_type="CAUSAL_LM"))
        loss_fn, meta = answer_only_loss, None
        if recipe["objective"].get("teacher"):
            loss_fn, meta = teacher_objective(recipe, tokenizer)
        result = fit(model, sft.train, sft.validation, recipe, out_dir / TRAINING_DIR, pad_id=tokenizer.pad_token_id,
                     resume=resume, stop_after=stop_after, loss_fn=loss_fn, meta=meta)
        if not result.finished:
            return None
        return publish(model, tokenizer, recipe, out_dir, fit=result, fingerprints=sft.fingerprints,
                       data_stats=sft.stats)
