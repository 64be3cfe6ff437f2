"""Optional speed-ups of a training model: torch.compile and FP8 matmuls, each only where it works."""
from __future__ import annotations

import sys

import torch


def compile_model(model: torch.nn.Module) -> bool:
    """Compile ``model`` in place (``nn.Module.compile``: parameter names, checkpoints and export are
    unchanged); False with a one-line note where torch.compile is not usable."""
    if not hasattr(torch, "compile") or not hasattr(model, "compile"):
        print("note: objective.compile: this torch has no torch.compile; training eagerly", file=sys.stderr)
        return False
    model.compile()
    return True


def fp8_supported() -> bool:
    """FP8 tensor cores: CUDA compute capability 8.9 (Ada) or later (Hopper, Blackwell)."""
    return torch.cuda.is_available() and torch.cuda.get_device_capability(0) >= (8, 9)


def enable_fp8(model: torch.nn.Module) -> bool:
    """Swap Linear layers for torchao's float8 training layers (not the tied output head); False with a
    one-line note where the GPU has no FP8 or torchao is not installed."""
    if not fp8_supported():
        print("note: objective.fp8: this device has no FP8 tensor cores (needs a CUDA GPU of compute capability "
              ">= 8.9); training without FP8", file=sys.stderr)
        return False
    try:
        from torchao.float8 import convert_to_float8_training
    except ImportError:
        print("note: objective.fp8: torchao is not installed (pip install torchao); training without FP8",
              file=sys.stderr)
        return False
    # float8 matmuls need dimensions divisible by 16; the output head shares the embedding's weight
    convert_to_float8_training(model, module_filter_fn=lambda mod, fqn: fqn != "lm_head"
                               and mod.in_features % 16 == 0 and mod.out_features % 16 == 0)
    return True
