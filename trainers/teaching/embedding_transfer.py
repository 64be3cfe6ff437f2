"""Start a small model's token table from a large model's knowledge (``objective.init_embeddings``).

A nano model with its own BPE cannot take SmolLM2's 49,152 x 576 table (28M weights), but it can take
what that table knows about *its* tokens: each BPE token's text is tokenized by SmolLM2, the SmolLM2
embeddings of those pieces are averaged, and the averages of the whole vocabulary are projected onto
their top ``hidden_size`` principal directions (PCA, scikit-learn), scaled to the usual init's spread.
Tokens that SmolLM2 places near each other (``free``/``FREE``/``fre``, ``idiot``/``moron``) start near
each other, so a word variant the train split never showed is not a random vector. The same idea as
WECHSEL/FOCUS-style vocabulary transfer, with PCA because the widths differ.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import torch

from edgebench.errors import EdgeBenchError


def source_vectors(tokenizer: Any, source_tokenizer: Any, source_table: np.ndarray) -> tuple[np.ndarray, int]:
    """(vocabulary x source width) mean source embedding of each token's text, and how many tokens had none."""
    out = np.zeros((len(tokenizer), source_table.shape[1]), dtype=np.float32)
    empty = 0
    for token_id in range(len(tokenizer)):
        text = tokenizer.decode([token_id])
        ids = source_tokenizer(text, add_special_tokens=False)["input_ids"] if text else []
        if ids:
            out[token_id] = source_table[ids].mean(axis=0)
        else:
            empty += 1
    return out, empty


def transfer(model: torch.nn.Module, tokenizer: Any, source_spec: str) -> dict[str, Any]:
    """Overwrite ``model``'s input embeddings (and so a tied head) in place; returns what was done."""
    from safetensors import safe_open
    from sklearn.decomposition import PCA
    from transformers import AutoTokenizer

    from trainers.modeling import resolve_folder

    folder = resolve_folder(source_spec, "objective.init_embeddings")
    table = None
    for path in sorted(folder.glob("*.safetensors")):
        with safe_open(str(path), framework="np") as fh:
            name = next((k for k in fh.keys() if k.endswith("embed_tokens.weight")), None)
            if name is not None:
                table = fh.get_tensor(name).astype(np.float32)
                break
    if table is None:
        raise EdgeBenchError(f"objective.init_embeddings: '{source_spec}' has no embed_tokens.weight in its "
                             f"safetensors; give a Llama-style hf: model folder")
    vectors, empty = source_vectors(tokenizer, AutoTokenizer.from_pretrained(folder), table)
    embedding = model.get_input_embeddings().weight
    width = embedding.shape[1]
    if width > min(vectors.shape):
        raise EdgeBenchError(f"objective.init_embeddings: the model is {width} wide, more than PCA can give from "
                             f"{vectors.shape[0]} tokens of width {vectors.shape[1]}")
    pca = PCA(n_components=width, random_state=0)
    projected = pca.fit_transform(vectors)
    projected *= float(embedding.detach().std()) / max(float(projected.std()), 1e-8)
    with torch.no_grad():
        embedding.copy_(torch.from_numpy(projected).to(embedding.dtype))
    return {"source": source_spec, "tokens": len(tokenizer), "tokens_without_source": empty,
            "explained_variance": round(float(pca.explained_variance_ratio_.sum()), 4)}
