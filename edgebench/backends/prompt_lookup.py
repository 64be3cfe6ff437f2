"""Draft tokens for copy speculation (prompt lookup): the tokens that followed the last n-gram of a row
the first time it occurred earlier in the row's prompt or answer.

Extraction and call answers copy spans of their input (an ID, an amount, a name, the schema's keys),
so the next tokens are often a continuation seen before. The drafts are only guesses: the rolling
decoder (``edgebench.backends.rolling``) feeds them in one forward and keeps the prefix that greedy
decoding itself would have produced, so the output does not depend on them. transformers'
``prompt_lookup_num_tokens`` shows the idea for one sequence; it does not run inside a rolling batch,
hence this.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np


def draft(sequence: Sequence[int], count: int, max_ngram: int = 3, min_ngram: int = 1) -> list[int]:
    """Up to ``count`` tokens that followed the first earlier occurrence of ``sequence``'s last n tokens
    (the longest n from ``max_ngram`` down to ``min_ngram`` that occurs); [] when none does."""
    if count <= 0 or len(sequence) < min_ngram + 1:
        return []
    seq = np.asarray(sequence, dtype=np.int64)
    for n in range(min(max_ngram, len(seq) - 1), min_ngram - 1, -1):
        tail = seq[-n:]
        # windows starting at 0 .. len - n - 1: every occurrence before the tail itself
        windows = np.lib.stride_tricks.sliding_window_view(seq[:-1], n)
        hits = np.flatnonzero((windows == tail).all(axis=1))
        for start in hits:
            follow = seq[start + n:start + n + count]
            if len(follow):
                return follow.tolist()
    return []
