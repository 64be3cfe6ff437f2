"""``--batch-size auto``: grow the batch while it fits and still pays, then stay there.

On a CPU nearly any batch "fits" in RAM, so fitting alone would pick absurd sizes whose padding
costs more than batching saves. The sizer doubles from 1 on real work (nothing is computed twice)
while tokens/s rises by at least ``min_gain``, halves and stops on an out-of-memory error, and
keeps one size per request kind (scoring and generation load memory differently).
"""
from __future__ import annotations

from dataclasses import dataclass, field


def is_out_of_memory(exc: BaseException) -> bool:
    """Torch's allocator failures (GPU OOM, CPU 'can't allocate memory') and MemoryError."""
    if isinstance(exc, MemoryError):
        return True
    try:
        import torch

        if isinstance(exc, torch.OutOfMemoryError):
            return True
    except ImportError:
        pass
    text = str(exc).lower()
    return isinstance(exc, RuntimeError) and ("out of memory" in text or "can't allocate memory" in text)


@dataclass
class AutoBatchSizer:
    """One request kind's batch size: probe by doubling, then fixed."""

    max_size: int = 64
    min_gain: float = 1.10
    size: int = 1
    settled: bool = False
    best_rate: float = 0.0
    history: list[tuple[int, float]] = field(default_factory=list)

    def observe(self, batch: int, tokens: int, seconds: float) -> None:
        """Record one finished call of ``batch`` requests; decides the next size."""
        if self.settled or batch != self.size or seconds <= 0:
            return
        rate = tokens / seconds
        self.history.append((batch, round(rate, 2)))
        if self.best_rate and rate < self.best_rate * self.min_gain:
            # No longer pays: go back to the smaller size if this one was slower, then stay.
            if rate < self.best_rate:
                self.size = max(1, self.size // 2)
            self.settled = True
            return
        self.best_rate = max(self.best_rate, rate)
        if self.size * 2 > self.max_size:
            self.settled = True
        else:
            self.size *= 2

    def out_of_memory(self) -> None:
        if self.size == 1:
            raise MemoryError("out of memory at batch size 1")
        self.size //= 2
        self.settled = True
