"""One rolling-batch row's JSON-lock, and the tokens its grammar forces (jump-forward).

The row keeps a one-row ``JsonLockProcessor`` (``edgebench.decoding``) and calls it once a new token,
as ``model.generate`` would: the same masks, the same budget endings, so the same tokens. Where the
grammar leaves a single token (a key name, ``":"``, a closing bracket, the ending or EOS), the model's
logits cannot change the choice, so ``forced`` takes it without a forward: the row feeds those tokens
to the model with its next step, many at once, instead of one a step.
"""
from __future__ import annotations

import copy
from typing import Any

import numpy as np
import torch

from edgebench.decoding import JsonLockProcessor


class RowLock:
    """The lock of one row: ``pick`` a token from the model's logits, or take the ``forced`` one."""

    def __init__(self, processor: JsonLockProcessor) -> None:
        if len(processor.matchers) != 1:
            raise ValueError("a RowLock holds a one-row processor")
        self.processor = processor

    @property
    def seconds(self) -> float:
        return self.processor.seconds

    @property
    def compile_seconds(self) -> float | None:
        return self.processor.compile_seconds[0]

    def pick(self, previous: int, logits: torch.Tensor) -> int:
        """The locked greedy token after ``previous`` (the row's last token), given the model's ``logits``
        (vocabulary,) for the position after it."""
        scores = logits.detach().float().reshape(1, -1).clone()
        return int(self.processor(torch.tensor([[previous]]), scores).argmax())

    def forced(self, previous: int) -> int | None:
        """The token the lock forces after ``previous`` whatever the logits, or None when the grammar leaves
        a choice (then nothing changed: the model's logits decide, through ``pick``)."""
        trial = self._clone()
        vocab = self.processor.engine.vocab_size
        scores = trial(torch.tensor([[previous]]), torch.zeros(1, vocab))
        finite = np.flatnonzero(np.isfinite(scores.numpy()[0]))
        if len(finite) != 1:
            self.processor.seconds = trial.seconds  # the probe's time is the lock's own cost too
            return None
        self.processor = trial
        return int(finite[0])

    def _clone(self) -> JsonLockProcessor:
        proc = self.processor
        twin = copy.copy(proc)
        twin.matchers = [m.copy() if m is not None else None for m in proc.matchers]
        for name in ("errors", "ended", "_finished", "_room", "_checked", "compile_seconds"):
            setattr(twin, name, list(getattr(proc, name)))
        twin._ending = [list(e) for e in proc._ending]
        return twin


def row_locks(tokenizer: Any, schemas: list[str], max_new_tokens: list[int], eos_token_id: int) -> list[RowLock]:
    """One lock per row: ``schemas[i]`` (JSON text) within ``max_new_tokens[i]``."""
    from edgebench.decoding import lock_processor

    return [RowLock(lock_processor(tokenizer, [schema], max_new_tokens=limit, eos_token_id=eos_token_id))
            for schema, limit in zip(schemas, max_new_tokens)]
