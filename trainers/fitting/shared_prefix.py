"""A batch's shared prompt prefix computed once: the decoder's hidden states of a batch whose rows all
begin with the same tokens, from one pass over that prefix (batch 1) and one over the rest.

Why: a task's rows wrap each message in the same system prompt and instructions (edge_intent: 28 of
about 67 SmolLM2 tokens), so at batch 32 the plain pass computes those 28 tokens 32 times. The
states are the same as the plain pass's (the prefix's keys and values are repeated across the batch,
and gradients flow back through the repeat); ``tests/test_train_distill.py`` checks loss and gradients.
"""
from __future__ import annotations

import torch

MIN_SHARED = 8  # tokens: below this the second pass's overhead is not worth it


def shared_length(input_ids: torch.Tensor, attention_mask: torch.Tensor, picked: torch.Tensor) -> int:
    """How many leading tokens every row shares, cut so that no position read at ``picked`` (the
    (batch, length - 1) mask of positions whose next token is a target) lies inside them; 0 when
    it is too short to pay or the batch has one row."""
    if len(input_ids) < 2:
        return 0
    same = ((input_ids == input_ids[:1]) & (attention_mask == 1)).all(dim=0)
    shared = int(same.long().cumprod(0).sum())
    first_read = int(picked.long().argmax(dim=1).min()) if picked.any() else shared
    shared = min(shared, first_read)
    return shared if shared >= MIN_SHARED else 0


def decoder_states(decoder: torch.nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                   picked: torch.Tensor) -> torch.Tensor:
    """Last hidden states (batch, length, hidden) of ``decoder`` (a transformers base model, e.g.
    ``LlamaModel``), the shared prefix computed once."""
    shared = shared_length(input_ids, attention_mask, picked)
    if not shared:
        return decoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
    from transformers import DynamicCache

    from edgebench.backends.rolling import with_cache  # the cache keyword this transformers takes

    cache = DynamicCache(config=decoder.config)
    head = decoder(input_ids=input_ids[:1, :shared], attention_mask=attention_mask[:1, :shared],
                   **with_cache(decoder, cache), use_cache=True).last_hidden_state
    cache.batch_repeat_interleave(len(input_ids))
    # right padding: every row's real tokens keep positions shared.., as in the plain pass
    tail = decoder(input_ids=input_ids[:, shared:], attention_mask=attention_mask, **with_cache(decoder, cache),
                   use_cache=True).last_hidden_state
    return torch.cat([head.expand(len(input_ids), -1, -1), tail], dim=1)
