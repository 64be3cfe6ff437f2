"""``nlm``: a nano language model (a few million parameters) trained from scratch, with its own BPE
tokenizer, to write the answers of filter tasks (spam, toxicity, PII).

Label tokens, not a classification head: the model is an ordinary causal LM (Llama blocks) trained
on the task's prompt -> gold answer, exactly like the SFT recipes. A binary filter's answer is its
label word (``spam`` / ``ham``), which EdgeBench scores by log-likelihood; PII's answer is the
generated JSON list. So one small model serves both kinds of task, and any ``hf:`` loader
(``edgebench run``, transformers) can use the folder with no custom head code.

``model.tokenizer: bpe`` trains the tokenizer (``trainers.bpe``) on the recipe's train split;
``objective.tokenizer`` sets its size. Any other ``model.tokenizer`` spec is loaded as is.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from edgebench.errors import EdgeBenchError
from trainers.base import Trainer
from trainers.bpe import chatml, prompt_pieces, tokenizer_hash, train_bpe
from trainers.checkpoint import Checkpoints
from trainers.data import IGNORE, SFTData, _task_rows, build_sft_data, render
from trainers.loop import Batch, fit
from trainers.modeling import load_model, load_tokenizer
from trainers.recipe import Recipe
from trainers.run import TRAINING_DIR, publish

TRAINED = "bpe"  # model.tokenizer value that asks for a tokenizer trained on the train split
OBJECTIVE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "loss": {"const": "sft"},  # cross-entropy on the answer tokens (label word or PII JSON) only
        "tokenizer": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "vocab_size": {"type": "integer", "minimum": 300},
                "min_frequency": {"type": "integer", "minimum": 1},
                "prompt_tokens": {"type": "boolean"},  # each task's fixed prompt text as one token
            },
        },
    },
}
TOKENIZER_DEFAULTS = {"vocab_size": 8192, "min_frequency": 2, "prompt_tokens": True}


def _corpus(recipe: Recipe) -> tuple[list[str], list[str]]:
    """Rendered prompt + answer of every train row (the tokenizer's corpus) and each task's fixed prompt pieces."""
    from edgebench.tasks.config import select

    data_cfg = recipe["data"]
    if data_cfg.get("files"):
        raise EdgeBenchError(f"recipe '{Path(recipe.source).name}': key 'data.files' is not supported with "
                             f"model.tokenizer: {TRAINED}; name data.tasks, or give model.tokenizer an hf: spec")
    include = [str(recipe.folder / p) for p in data_cfg.get("include_paths", [])]
    texts: list[str] = []
    pieces: list[str] = []
    for task in select(",".join(data_cfg["tasks"]), include):
        train_docs, _ = _task_rows(task, data_cfg, recipe["seed"])
        rendered = []
        for doc in train_docs:
            req = task.request(doc)
            rendered.append(chatml(req.messages) if req.messages else req.prompt)
            texts.append(rendered[-1] + task.target(doc))
        pieces += prompt_pieces(rendered)
    return texts, pieces


def build_tokenizer(recipe: Recipe) -> Any:
    """The recipe's tokenizer: trained on its train split (``model.tokenizer: bpe``) or loaded."""
    if recipe["model"].get("tokenizer") != TRAINED:
        return load_tokenizer(recipe["model"])
    cfg = {**TOKENIZER_DEFAULTS, **recipe["objective"].get("tokenizer", {})}
    texts, pieces = _corpus(recipe)
    tokenizer = train_bpe(texts, cfg["vocab_size"], pieces=pieces if cfg["prompt_tokens"] else (),
                          min_frequency=cfg["min_frequency"])
    # the hf: backend renders through the saved chat template; training rendered through chatml()
    probe = (("system", "s"), ("user", "u"))
    assert render(tokenizer, "", probe) == chatml(probe), "chat template and chatml() disagree"
    return tokenizer


def answer_only_loss(model: torch.nn.Module, batch: Batch) -> tuple[torch.Tensor, int]:
    """Summed next-token cross-entropy on the answer tokens, with the LM head applied to those
    positions only: the same loss as ``trainers.loop.causal_lm_loss``, but a label answer is 2 tokens
    of a 30-token example, and at 5M parameters the 8k-vocabulary head over every position was
    about 40 % of a step's compute."""
    hidden = model.get_decoder()(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    labels = batch["labels"][:, 1:]
    picked = labels != IGNORE
    logits = model.get_output_embeddings()(hidden[:, :-1][picked])
    loss = torch.nn.functional.cross_entropy(logits.float(), labels[picked], reduction="sum")
    return loss, int(picked.sum())


class NLMTrainer(Trainer):
    name = "nlm"
    objective_schema = OBJECTIVE_SCHEMA

    def build_data(self, recipe: Recipe) -> SFTData:
        return build_sft_data(recipe, build_tokenizer(recipe))

    def train(self, recipe: Recipe, data: SFTData, out_dir: Path, *, resume: bool = False,
              stop_after: int | None = None) -> Path | None:
        tokenizer = data.tokenizer
        digest = tokenizer_hash(tokenizer)
        if resume:
            latest = Checkpoints(out_dir / TRAINING_DIR / "checkpoints", recipe["keep_last"]).latest()
            if latest is not None and Checkpoints.meta(latest).get("tokenizer_sha256") not in (None, digest):
                raise EdgeBenchError(f"--resume: checkpoint '{latest}' was trained with another tokenizer (the train "
                                     f"split or tokenizers version changed); use a new --out to start over")
        model = load_model(recipe["model"], tokenizer)
        result = fit(model, data.train, data.validation, recipe, out_dir / TRAINING_DIR, pad_id=tokenizer.pad_token_id,
                     resume=resume, stop_after=stop_after, loss_fn=answer_only_loss,
                     meta={"tokenizer_sha256": digest})
        if not result.finished:
            return None
        stats = {**data.stats, "vocab_size": len(tokenizer), "tokenizer_sha256": digest}
        return publish(model, tokenizer, recipe, out_dir, fit=result, fingerprints=data.fingerprints, data_stats=stats)
