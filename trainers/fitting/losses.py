"""Next-token losses on the target tokens, with the LM head applied at those positions only.

Why only there: a target is a few tokens of a longer example (an intent label is ~5 tokens of ~67),
and a small model's head is a large share of its compute (SmolLM2's 49,152 x 512 head is 25M of a
61M student's weights; at 5M parameters the NLM's 8k head was ~40 % of a step). The loss is the
same as from the full logits; ``tests/test_train_distill.py`` checks it against them.
"""
from __future__ import annotations

import torch

from trainers.corpus.data import IGNORE
from trainers.fitting.shared_prefix import decoder_states


def target_logits(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(logits predicting each target token (N, vocabulary), those tokens (N,), the (batch, length - 1)
    mask of the positions they were read at): row-major order, the order of ``tensor[mask]``.

    The rows' shared prompt prefix is computed once (``trainers.fitting.shared_prefix``). A model without
    ``get_decoder`` (no separate head) gives its full logits, masked."""
    labels = batch["labels"][:, 1:]
    picked = labels != IGNORE
    decoder = getattr(model, "get_decoder", None)
    if decoder is None:
        logits = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
        return logits[:, :-1][picked], labels[picked], picked
    hidden = decoder_states(decoder(), batch["input_ids"], batch["attention_mask"], picked)
    return model.get_output_embeddings()(hidden[:, :-1][picked]), labels[picked], picked


def target_cross_entropy(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """Cross-entropy of each target token (N,), row-major, and the mask it was read at."""
    logits, labels, picked = target_logits(model, batch)
    return torch.nn.functional.cross_entropy(logits.float(), labels, reduction="none"), picked


def answer_only_loss(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, int]:
    """The loop's default ``loss_fn``: summed next-token cross-entropy on the target tokens, and their count."""
    per_token, picked = target_cross_entropy(model, batch)
    return per_token.sum(), int(picked.sum())
