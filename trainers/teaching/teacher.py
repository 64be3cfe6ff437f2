"""A distillation teacher: any registered backend whose model gives next-token logits.

The ``hf:`` backend does (its ``model`` is a transformers causal LM); a backend without logits
(llama.cpp, an API, scikit-learn) fails in one line. Teacher and student must share a tokenizer:
the KL compares their distributions token id by token id.
"""
from __future__ import annotations

from typing import Any

import torch

from edgebench.errors import EdgeBenchError
from trainers.fitting.shared_prefix import decoder_states


class Teacher:
    """Frozen next-token logits of a backend's model, on the student's device."""

    def __init__(self, model: torch.nn.Module, vocab: int, spec: str = "") -> None:
        self.spec, self.vocab = spec, vocab
        self.model = model.eval().requires_grad_(False)
        self.parameters = sum(p.numel() for p in self.model.parameters())
        self.cache_dtype = torch.float16  # logits of ~±30 keep 3 significant digits: ample for a KL target
        self._cache: dict[bytes, torch.Tensor] = {}

    @classmethod
    def load(cls, spec: str, tokenizer: Any, *, device: str, threads: int | None = None) -> "Teacher":
        """The teacher named by a model spec, checked to give logits over ``tokenizer``'s vocabulary."""
        from edgebench.models import load_backend

        backend = load_backend(spec, dtype="float32", threads=threads)
        model = getattr(backend, "model", None)
        if not isinstance(model, torch.nn.Module) or getattr(backend, "tokenizer", None) is None:
            raise EdgeBenchError(f"objective.teacher '{spec}': the {type(backend).__name__} backend does not expose "
                                 f"logits; use an hf: spec (a Hugging Face model folder) as the teacher")
        theirs, ours = backend.tokenizer.get_vocab(), tokenizer.get_vocab()
        # the student's ids must mean the teacher's tokens; a student cut to the first N ids (model.vocab)
        # learns the teacher's first N logits
        if any(theirs.get(tok) != i for tok, i in ours.items()) or max(ours.values()) >= len(theirs):
            raise EdgeBenchError(f"objective.teacher '{spec}': its tokenizer's vocabulary is not the student's, nor "
                                 f"starts with it; distill from a teacher with the same tokenizer (SmolLM2's)")
        return cls(model.to(device), len(tokenizer), spec)

    @torch.no_grad()
    def target_logits(self, batch: dict[str, Any], picked: torch.Tensor) -> torch.Tensor:
        """The teacher's logits (N, vocabulary) at the student's target positions ``picked`` (the
        (batch, length - 1) mask ``trainers.fitting.losses.target_logits`` returns), row-major.

        The teacher is frozen and deterministic, so each example's logits are computed once and kept
        (fp16, on the device): after the first epoch a step costs the student's passes only."""
        keys = [self._key(batch["input_ids"][row], batch["attention_mask"][row], picked[row])
                for row in range(len(picked))]
        missing = [row for row, key in enumerate(keys) if key not in self._cache]
        if missing:
            ids, mask, sub = batch["input_ids"][missing], batch["attention_mask"][missing], picked[missing]
            hidden = decoder_states(self.model.get_decoder(), ids, mask, sub)[:, :-1]
            # a model may pad its embedding rows past the tokenizer; those ids never occur, so drop them
            logits = self.model.get_output_embeddings()(hidden[sub])[:, :self.vocab]
            for row, part in zip(missing, logits.split(sub.sum(dim=1).tolist())):
                self._cache[keys[row]] = part.to(self.cache_dtype)
        # float each part first: under CPU bf16 autocast, cat of fp16 tensors is refused
        return torch.cat([self._cache[key].float() for key in keys])

    @staticmethod
    def _key(ids: torch.Tensor, mask: torch.Tensor, picked: torch.Tensor) -> bytes:
        """An example's own tokens and target positions: not the padding its batch gave it."""
        return ids[mask.bool()].cpu().numpy().tobytes() + picked.nonzero().cpu().numpy().tobytes()
