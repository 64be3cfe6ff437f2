"""Model FLOPs utilisation: MFU = 6 · N · tokens/s / peak FLOP/s.

6·N is the forward + backward FLOPs per token of a model with N parameters (Kaplan et al. 2020;
attention's own FLOPs are left out, as in that estimate). The peak is dense bf16 tensor-core
throughput from the table below for a GPU, a recipe value, or for a CPU an *estimate*: cores x
clock x FLOPs per cycle of its widest FMA units.
"""
from __future__ import annotations

import os
from pathlib import Path

import torch

# Dense (no sparsity) bf16 peak FLOP/s, by a substring of torch.cuda.get_device_name().
GPU_PEAK_BF16: dict[str, float] = {
    "H200": 989e12, "H100 PCIe": 756e12, "H100": 989e12, "H800": 989e12, "GH200": 989e12,
    "B200": 2250e12, "A100": 312e12, "A800": 312e12, "L40S": 362e12, "L4": 121e12, "A10G": 70e12, "A10": 125e12,
    "RTX 5090": 209e12, "RTX 4090": 165e12, "RTX 3090": 71e12, "V100": 125e12, "T4": 65e12,
}


def gpu_peak(name: str) -> float | None:
    """Peak bf16 FLOP/s of a GPU by name (longest matching key first), or None if not in the table."""
    for key in sorted(GPU_PEAK_BF16, key=len, reverse=True):
        if key in name:
            return GPU_PEAK_BF16[key]
    return None


def cpu_peak(threads: int | None = None) -> float:
    """Estimated fp32 peak of the CPU threads torch uses: threads x GHz x FLOPs/cycle (2 FMA units of
    16 fp32 lanes with AVX-512, of 8 with AVX2: 64 or 32 FLOPs per cycle)."""
    from edgebench.machine.hardware import _cpuinfo

    _, flags = _cpuinfo()
    per_cycle = 64 if "avx512f" in flags else 32 if "avx2" in flags else 8
    mhz = 0.0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("cpu MHz"):
                mhz = max(mhz, float(line.split(":")[1]))
    except (OSError, ValueError):
        pass
    threads = threads or torch.get_num_threads() or os.cpu_count() or 1
    return threads * (mhz or 2500.0) * 1e6 * per_cycle


def peak_flops(override: float | None = None) -> tuple[float, str]:
    """(peak FLOP/s, where it came from) for this machine's training device."""
    if override:
        return float(override), "recipe value"
    if torch.cuda.is_available():
        name = torch.cuda.get_device_name(0)
        peak = gpu_peak(name)
        if peak:
            return peak, f"{name} bf16 dense"
        return 100e12, f"{name} not in the table: 100 TFLOP/s assumed; set objective.peak_flops"
    return cpu_peak(), "CPU estimate"


def mfu(parameters: int, tokens_per_s: float, peak: float) -> float:
    """Model FLOPs utilisation as a fraction (0.4 = 40 %)."""
    return 6.0 * parameters * tokens_per_s / peak
