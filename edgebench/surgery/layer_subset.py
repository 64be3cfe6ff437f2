"""A layer-subset student: a decoder with only some of its base's layers, in their order.

DistilBERT-style initialisation: the student starts from the base's embeddings, norms and chosen
blocks instead of from random weights. Used when a recipe names ``model.layers`` and when a shipped
CycleCore model is rebuilt from the embedded SmolLM2 (``edgebench.shipped_models``).
"""
from __future__ import annotations

from typing import Sequence

import torch

from edgebench.errors import EdgeBenchError


def keep_layers(model: torch.nn.Module, layers: Sequence[int], *, key: str = "model.layers") -> torch.nn.Module:
    """Keep ``layers`` (0-based indices into the base's decoder blocks) in place; the config follows."""
    decoder = model.get_decoder()
    blocks = decoder.layers
    total = len(blocks)
    bad = [i for i in layers if not 0 <= i < total]
    if bad or len(set(layers)) != len(layers) or list(layers) != sorted(layers):
        raise EdgeBenchError(f"{key}: {list(layers)} is not an increasing list of distinct layer indices in "
                             f"0..{total - 1} (the base has {total} layers)")
    decoder.layers = torch.nn.ModuleList(blocks[i] for i in layers)
    for new_index, block in enumerate(decoder.layers):
        # the KV cache is indexed by the layer's own number: renumber, or cached decoding mixes layers up
        if hasattr(block, "self_attn") and hasattr(block.self_attn, "layer_idx"):
            block.self_attn.layer_idx = new_index
    config = model.config
    config.num_hidden_layers = len(layers)
    if getattr(config, "layer_types", None):
        config.layer_types = [config.layer_types[i] for i in layers]
    return model
