"""A base model with a smaller token table: its byte-level BPE cut to its first ``size`` ids.

Why: SmolLM2's 49,152-token table is 28.3M of its 134.5M parameters; a 60M student that keeps it has room
for 9 of its 30 blocks, one that keeps 16,384 tokens (9.4M) for 14. A BPE whose merges were learned in id
order (SmolLM2's: merge i makes id 252 + i) stays a complete tokenizer when cut at any id: every merge kept
makes a kept id out of two kept ids, and every text still tokenizes (into more, shorter pieces), so no
text is lost, only merges. The model keeps the first ``size`` rows of its table (and tied head). Used when
a recipe names ``model.vocab`` and when a shipped model's manifest does (``edgebench.shipped_models``).
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import torch

from edgebench.errors import EdgeBenchError


def trim_tokenizer_json(data: dict[str, Any], size: int, *, key: str = "model.vocab") -> dict[str, Any]:
    """``tokenizer.json`` content cut to ids ``< size`` (vocab, merges, added tokens); refuses a tokenizer
    whose merges are not in id order, since cutting it could leave a merge whose result is gone."""
    model = data.get("model", {})
    if model.get("type") != "BPE":
        raise EdgeBenchError(f"{key}: only a BPE tokenizer can be cut to {size} tokens; this one is "
                             f"{model.get('type')!r}; remove {key}")
    vocab: dict[str, int] = model["vocab"]
    merges = [m if isinstance(m, list) else m.split(" ") for m in model["merges"]]
    first = len(vocab) - len(merges)  # the id the first merge makes
    if any(vocab.get(a + b) != first + i for i, (a, b) in enumerate(merges)):
        raise EdgeBenchError(f"{key}: this tokenizer's merges are not in id order, so it cannot be cut at an id; "
                             f"remove {key}")
    added = [t["id"] for t in data.get("added_tokens", [])]
    floor = max([first] + [i + 1 for i in added])
    if not floor <= size <= len(vocab):
        raise EdgeBenchError(f"{key}: {size} is outside {floor}..{len(vocab)} (the base's special tokens and "
                             f"single bytes, up to its whole vocabulary); pick a size in that range")
    out = json.loads(json.dumps(data))
    out["model"]["vocab"] = {tok: i for tok, i in vocab.items() if i < size}
    out["model"]["merges"] = [m for m, (a, b) in zip(model["merges"], merges) if vocab[a + b] < size]
    return out


def trim_tokenizer(tokenizer: Any, size: int, *, key: str = "model.vocab") -> Any:
    """A transformers tokenizer like ``tokenizer`` (chat template, special tokens) cut to ``size`` ids."""
    from transformers import AutoTokenizer

    with tempfile.TemporaryDirectory() as tmp:
        tokenizer.save_pretrained(tmp)
        path = Path(tmp) / "tokenizer.json"
        path.write_text(json.dumps(trim_tokenizer_json(json.loads(path.read_text()), size, key=key)))
        trimmed = AutoTokenizer.from_pretrained(tmp)
    if trimmed.pad_token is None:
        trimmed.pad_token = trimmed.eos_token
    return trimmed


def trim_model(model: torch.nn.Module, size: int, *, key: str = "model.vocab") -> torch.nn.Module:
    """Keep the first ``size`` rows of the token table (the tied LM head follows); the config follows."""
    rows = model.get_input_embeddings().weight.shape[0]
    if not 0 < size <= rows:
        raise EdgeBenchError(f"{key}: {size} is not in 1..{rows} (the base's token table)")
    model.resize_token_embeddings(size, mean_resizing=False)
    return model
