"""Optional 8-bit AdamW (bitsandbytes) for GPU runs: a quarter of AdamW's optimizer-state memory."""
from __future__ import annotations

import sys
from typing import Any, Callable

import torch


def adamw_8bit_factory() -> Callable[[list[torch.nn.Parameter], dict[str, Any]], torch.optim.Optimizer] | None:
    """A factory for ``trainers.fitting.loop.fit`` building bitsandbytes' AdamW8bit, or None (with a one-line
    note) where there is no GPU or no bitsandbytes: the loop's torch AdamW is used then."""
    if not torch.cuda.is_available():
        print("note: objective.optimizer_8bit: no GPU here, so torch AdamW (32-bit states) is used", file=sys.stderr)
        return None
    try:
        import bitsandbytes as bnb
    except ImportError:
        print("note: objective.optimizer_8bit: bitsandbytes is not installed (pip install bitsandbytes), so torch "
              "AdamW is used", file=sys.stderr)
        return None

    def build(params: list[torch.nn.Parameter], opt: dict[str, Any]) -> torch.optim.Optimizer:
        return bnb.optim.AdamW8bit(params, lr=opt["lr"], betas=tuple(opt["betas"]), eps=opt["eps"],
                                   weight_decay=opt["weight_decay"])

    return build
