"""A distillation teacher: any registered backend whose model gives next-token logits.

The ``hf:`` backend does (its ``model`` is a transformers causal LM); a backend without logits
(llama.cpp, an API, scikit-learn) fails in one line. Teacher and student must share a tokenizer:
the KL compares their distributions token id by token id.
"""
from __future__ import annotations

from typing import Any

import torch

from edgebench.errors import EdgeBenchError


class Teacher:
    """Frozen next-token logits of a backend's model, on the student's device."""

    def __init__(self, spec: str, tokenizer: Any, *, device: str, threads: int | None = None) -> None:
        from edgebench.models import load_backend

        backend = load_backend(spec, dtype="float32", threads=threads)
        model = getattr(backend, "model", None)
        if not isinstance(model, torch.nn.Module) or getattr(backend, "tokenizer", None) is None:
            raise EdgeBenchError(f"objective.teacher '{spec}': the {type(backend).__name__} backend does not expose "
                                 f"logits; use an hf: spec (a Hugging Face model folder) as the teacher")
        if backend.tokenizer.get_vocab() != tokenizer.get_vocab():
            raise EdgeBenchError(f"objective.teacher '{spec}': its tokenizer's vocabulary differs from the student's "
                                 f"(model.tokenizer); distill from a teacher with the same tokenizer (SmolLM2's)")
        self.spec, self.vocab = spec, len(tokenizer)
        self.model = model.to(device).eval().requires_grad_(False)
        self.parameters = sum(p.numel() for p in self.model.parameters())

    @torch.no_grad()
    def logits(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
        # a model may pad its embedding rows past the tokenizer; those ids never occur, so drop them
        return self.model(input_ids=input_ids, attention_mask=attention_mask).logits[..., :self.vocab]
