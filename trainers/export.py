"""The final model folder in Hugging Face format: config.json, model.safetensors, tokenizer files,
generation_config.json. A LoRA model is merged into a standalone model first."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from edgebench.shipped_models import ADAPTER_DIR


def export_model(model: torch.nn.Module, tokenizer: Any, out_dir: Path) -> torch.nn.Module:
    """Write ``model`` (merged, fp32, on the CPU) and ``tokenizer`` to ``out_dir``; returns the saved model."""
    from peft import PeftModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # the training bar is the one that matters

    if isinstance(model, PeftModel):
        # the adapter alone as well: what a plugin ships instead of the merged weights (edgebench.shipped_models)
        # save_embedding_layers=False: a table cut by model.vocab is rebuilt from the base (edgebench.surgery.vocab_trim),
        # not shipped (peft would save the whole table once it sees a resized embedding)
        model.save_pretrained(out_dir / ADAPTER_DIR, safe_serialization=True, save_embedding_layers=False)
        model = model.merge_and_unload()  # the adapter folded into the base weights: no peft at load time
    model = model.to("cpu", torch.float32).eval()
    gen = model.generation_config
    # the end of a chat turn is where answers stop; the hf: backend and any transformers user rely on it
    gen.eos_token_id = tokenizer.eos_token_id
    gen.pad_token_id = tokenizer.pad_token_id
    model.config.eos_token_id, model.config.pad_token_id = tokenizer.eos_token_id, tokenizer.pad_token_id
    out_dir.mkdir(parents=True, exist_ok=True)
    # a span-tagging head (trainers.teaching.span_tagging) is its own file beside the weights: the folder
    # stays an ordinary causal LM that transformers loads without unexpected keys
    head = model._modules.pop("span_tagger", None)
    model.save_pretrained(out_dir, safe_serialization=True)
    if head is not None:
        head.save(out_dir)
        model.span_tagger = head
    gen.save_pretrained(out_dir)
    tokenizer.save_pretrained(out_dir)
    return model
