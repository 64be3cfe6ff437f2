"""PII as token tagging for the nlm trainer (``objective.pii: tag``).

A PII row becomes the message's tokens with a BIO tag each (``edgebench.backends.span_tagger``), and
the model grows a tagger head over its decoder's hidden states; the other rows (spam, toxicity) keep
their prompt -> label examples. One step's loss is both: the LM rows' summed target cross-entropy and,
for each tagging row, ``weight`` x its mean tag cross-entropy (so a 100-token message counts as
``weight`` targets, about what its JSON answer did, and does not drown the one-token labels).
"""
from __future__ import annotations

from typing import Any, Sequence

import torch

from edgebench.backends.span_tagger import IGNORE, SpanTagger, gold_tags
from trainers.corpus.data import Example

ATTRIBUTE = "span_tagger"  # the head's name on the model: saved in checkpoints, exported beside the weights


def tag_example(tokenizer: Any, text: str, spans: Sequence[dict[str, Any]], types: Sequence[str], max_length: int,
                source: str, weight: float) -> Example:
    """One tagging example: the text's tokens (cut at ``max_length``) and their gold tags."""
    enc = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"][:max_length], enc["offset_mapping"][:max_length]
    return Example(list(ids), [IGNORE] * len(ids), source, tags=gold_tags(offsets, spans, types), tag_weight=weight)


def attach(model: torch.nn.Module, types: Sequence[str], width: int) -> SpanTagger:
    """A new tagger head on ``model`` (a registered submodule, so the optimizer and checkpoints see it)."""
    torch.manual_seed(0)  # the head starts the same in a resumed run's rebuild as in the first
    tagger = SpanTagger(model.config.hidden_size, types, width)
    setattr(model, ATTRIBUTE, tagger)
    return tagger


def _rows(batch: dict, rows: list[int]) -> dict:
    """The batch's ``rows``, cut to their longest real length (right padding)."""
    index = torch.tensor(rows, device=batch["input_ids"].device)
    width = int(batch["attention_mask"][index].sum(dim=1).max())
    out = {k: (v[index][:, :width] if isinstance(v, torch.Tensor) else [v[i] for i in rows]) for k, v in batch.items()}
    return out


def tagging_loss(base: Any):
    """The loop's ``loss_fn``: ``base`` on the LM rows, the tagger's weighted mean tag cross-entropy on
    the tagging rows (module docstring); returns (summed loss, targets)."""

    def loss_fn(model: torch.nn.Module, batch: dict) -> tuple[torch.Tensor, float]:
        tags = batch.get("tags")
        tagged = [] if tags is None else [r for r in range(len(tags)) if bool((tags[r] != IGNORE).any())]
        plain = [r for r in range(batch["input_ids"].shape[0]) if r not in tagged]
        total, count = torch.zeros((), device=batch["input_ids"].device), 0.0
        if plain:
            loss, n = base(model, _rows(batch, plain) if tagged else batch)
            total, count = total + loss, count + n
        if tagged:
            sub = _rows(batch, tagged)
            states = model.get_decoder()(input_ids=sub["input_ids"], attention_mask=sub["attention_mask"]).last_hidden_state
            logits = getattr(model, ATTRIBUTE)(states, sub["attention_mask"])
            per_token = torch.nn.functional.cross_entropy(logits.float().transpose(1, 2), sub["tags"],
                                                          ignore_index=IGNORE, reduction="none")
            known = (sub["tags"] != IGNORE).float()
            per_row = (per_token * known).sum(dim=1) / known.sum(dim=1).clamp(min=1)
            weights = torch.tensor(sub["tag_weight"], device=per_row.device, dtype=per_row.dtype)
            total = total + (weights * per_row).sum()
            count += float(weights.sum())
        return total, count

    return loss_fn
