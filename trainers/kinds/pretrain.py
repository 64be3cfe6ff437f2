"""``pretrain``: a decoder trained from scratch on every token of memory-mapped token files.

The token files come from ``python -m trainers.corpus.tokens`` (``trainers.corpus.tokens``); examples are
consecutive windows of ``model.max_length`` tokens. Every logged step also records and prints
tokens/s and MFU (``trainers.fitting.mfu``; on a CPU the peak, and so the MFU, is an estimate).
``objective.compile`` runs the model through torch.compile, ``objective.fp8`` uses FP8 matmuls on
GPUs that have them; either falls back with a one-line note where it cannot run.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tqdm import tqdm

from edgebench.errors import EdgeBenchError
from trainers.base import Trainer
from trainers.fitting.loop import fit
from trainers.fitting.mfu import mfu, peak_flops
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import Recipe
from trainers.run import TRAINING_DIR, publish
from trainers.fitting.speedups import compile_model, enable_fp8
from trainers.corpus.tokens import TokenWindows, read_meta

OBJECTIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["tokens"],
    "properties": {
        "loss": {"const": "causal_lm"},             # next-token cross-entropy on every token
        "tokens": {"type": "string"},               # folder written by python -m trainers.corpus.tokens
        "compile": {"type": "boolean"},
        "fp8": {"type": "boolean"},
        "peak_flops": {"type": ["number", "null"], "exclusiveMinimum": 0},  # for MFU; else from trainers.fitting.mfu
    },
}


@dataclass
class TokenData:
    train: TokenWindows
    validation: TokenWindows
    fingerprints: dict[str, str]
    stats: dict[str, Any] = field(default_factory=dict)
    tokenizer: Any = None


class PretrainTrainer(Trainer):
    name = "pretrain"
    objective_schema = OBJECTIVE_SCHEMA

    def build_data(self, recipe: Recipe) -> TokenData:
        label, folder = Path(recipe.source).name, Path(recipe["objective"]["tokens"]).expanduser()
        meta = read_meta(folder)
        tokenizer = load_tokenizer(recipe["model"])
        if meta["vocab_size"] != len(tokenizer):
            raise EdgeBenchError(f"recipe '{label}': key 'objective.tokens': '{folder}' was tokenized with a vocabulary "
                                 f"of {meta['vocab_size']}, model.tokenizer has {len(tokenizer)}; prepare it again")
        length, data = recipe["model"]["max_length"], recipe["data"]
        train = TokenWindows(folder / "train.bin", meta["dtype"], length, limit=data.get("limit"))
        validation = TokenWindows(folder / "val.bin", meta["dtype"], length, limit=data.get("val_limit"))
        if not len(train):
            raise EdgeBenchError(f"recipe '{label}': key 'objective.tokens': '{folder}/train.bin' holds fewer than 2 "
                                 f"tokens; prepare more text")
        name = str(recipe["objective"]["tokens"])
        return TokenData(train, validation, {name: meta["files"]["train"]["sha256"]},
                         {"rows": {name: len(train)}, "validation_rows": {name: len(validation)}, "truncated": 0,
                          "tokens": meta["files"]["train"]["tokens"], "window": length}, tokenizer)

    def train(self, recipe: Recipe, data: TokenData, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        objective, tokenizer = recipe["objective"], data.tokenizer
        model = load_model(recipe["model"], tokenizer)
        parameters = sum(p.numel() for p in model.parameters())
        if objective.get("fp8"):
            enable_fp8(model)
        if objective.get("compile"):
            compile_model(model)
        peak, origin = peak_flops(objective.get("peak_flops"))

        def on_log(step: int, tokens_per_s: float) -> dict[str, Any]:
            value = mfu(parameters, tokens_per_s, peak)
            tqdm.write(f"step {step}: {tokens_per_s:,.0f} tokens/s, MFU {100 * value:.2f} % "
                       f"(6 x {parameters / 1e6:.1f}M params / {peak / 1e12:.2f} TFLOP/s peak, {origin})", file=sys.stderr)
            return {"mfu": round(value, 5), "peak_flops": peak}

        result = fit(model, data.train, data.validation, recipe, out_dir / TRAINING_DIR,
                     pad_id=tokenizer.pad_token_id, resume=resume, stop_after=stop_after, on_log=on_log,
                     meta={"tokens": data.fingerprints})
        if not result.finished:
            return None
        return publish(model, tokenizer, recipe, out_dir, fit=result, fingerprints=data.fingerprints,
                       data_stats=data.stats)
