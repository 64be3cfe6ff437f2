"""Per-token next-token cross-entropy, the piece the distill and multitask losses build on."""
from __future__ import annotations

import torch

from trainers.data import IGNORE


def shifted(logits: torch.Tensor, labels: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Logits that predict each next token, its label, and the mask of labelled (target) positions."""
    logits, labels = logits[:, :-1], labels[:, 1:]
    return logits, labels, labels != IGNORE


def token_cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Next-token cross-entropy per position, shape (batch, length - 1); 0 where the label is IGNORE."""
    logits, labels, _ = shifted(logits, labels)
    flat = torch.nn.functional.cross_entropy(logits.float().reshape(-1, logits.shape[-1]), labels.reshape(-1),
                                             ignore_index=IGNORE, reduction="none")
    return flat.view(labels.shape)
