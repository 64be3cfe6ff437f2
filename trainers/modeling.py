"""The model a recipe starts from: a base model spec, or an architecture config built from scratch."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from edgebench.errors import EdgeBenchError


def resolve_folder(spec: str, key: str) -> Path:
    """``hf:NAME`` (or a bare folder path) -> a local Hugging Face folder, offline."""
    from edgebench import models

    scheme, sep, name = spec.partition(":")
    if not sep:
        scheme, name = "hf", spec
    if scheme != "hf":
        raise EdgeBenchError(f"recipe key '{key}': '{spec}' is not an hf: spec; training starts from a Hugging "
                             f"Face folder (hf:SmolLM2-135M-Instruct or hf:/path/to/folder)")
    return models.resolve_hf(name)


def load_tokenizer(model_cfg: dict[str, Any]) -> Any:
    from transformers import AutoTokenizer

    key = "model.tokenizer" if model_cfg.get("tokenizer") else "model.base"
    tokenizer = AutoTokenizer.from_pretrained(resolve_folder(model_cfg.get("tokenizer") or model_cfg["base"], key))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    if model_cfg.get("vocab"):
        if not model_cfg.get("base") or model_cfg.get("tokenizer"):
            raise EdgeBenchError("recipe key 'model.vocab' cuts a base model's own tokenizer; set model.base "
                                 "(and no model.tokenizer), or remove it")
        from edgebench.surgery.vocab_trim import trim_tokenizer

        tokenizer = trim_tokenizer(tokenizer, model_cfg["vocab"])
    return tokenizer


def load_model(model_cfg: dict[str, Any], tokenizer: Any) -> torch.nn.Module:
    """fp32 weights (autocast gives bf16 compute where asked); a from-scratch model is initialised
    from the torch seed the caller set."""
    from transformers import AutoConfig, AutoModelForCausalLM

    if model_cfg.get("base"):
        folder = resolve_folder(model_cfg["base"], "model.base")
        model = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32)
        if model_cfg.get("layers"):
            from edgebench.surgery.layer_subset import keep_layers

            keep_layers(model, model_cfg["layers"])
        if model_cfg.get("vocab"):
            from edgebench.surgery.vocab_trim import trim_model

            trim_model(model, model_cfg["vocab"])
        return model
    if model_cfg.get("layers"):
        raise EdgeBenchError("recipe key 'model.layers' picks layers of a base model; set model.base, or remove it")
    arch = dict(model_cfg["architecture"])
    arch.setdefault("vocab_size", len(tokenizer))
    for name in ("bos_token_id", "eos_token_id", "pad_token_id"):
        arch.setdefault(name, getattr(tokenizer, name))
    try:
        config = AutoConfig.for_model(**arch)
    except (ValueError, TypeError) as exc:
        raise EdgeBenchError(f"recipe key 'model.architecture': {exc}; give a transformers model_type "
                             f"(e.g. llama) and its config keys") from None
    return AutoModelForCausalLM.from_config(config, dtype=torch.float32)
