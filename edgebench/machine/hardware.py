"""The hardware profile recorded with every result: what the figures were measured on."""
from __future__ import annotations

import functools
import os
import platform
import sys
from pathlib import Path
from typing import Any

# The instruction sets that decide which kernels a library may run (recorded beside every figure).
INTERESTING_FLAGS = ("sse4_2", "avx", "f16c", "fma", "avx2", "avx_vnni", "avx512f", "avx512bw", "avx512vl",
                     "avx512_vnni", "avx512vbmi", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_int8",
                     "amx_bf16", "neon", "asimd", "sve")
SYS_ARCH_PRCTL = 158  # x86_64
ARCH_GET_XCOMP_SUPP = 0x1021
XFEATURE_XTILEDATA = 18


@functools.lru_cache(maxsize=1)
def cpu_flags() -> tuple[str, tuple[str, ...]]:
    """(CPU model name, every flag /proc/cpuinfo lists for the first CPU)."""
    model = platform.processor() or "unknown"
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return model, ()
    flags: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name" and model in ("unknown", "", platform.processor()):
            model = value.strip()
        elif key.strip() in ("flags", "Features") and not flags:
            flags = value.split()
    return model, tuple(flags)


def _cpuinfo() -> tuple[str, list[str]]:
    model, flags = cpu_flags()
    return model, [f for f in INTERESTING_FLAGS if f in flags]


def amx_usable() -> bool | None:
    """Whether the kernel lets a process use AMX tiles (None on a CPU without AMX). A VM may list
    amx_* in /proc/cpuinfo and still not enable the tile state: code that uses it then dies (SIGILL)."""
    _, flags = cpu_flags()
    if "amx_tile" not in flags:
        return None
    if platform.machine() != "x86_64" or not sys.platform.startswith("linux"):
        return None
    import ctypes

    supported = ctypes.c_ulong(0)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.syscall(SYS_ARCH_PRCTL, ARCH_GET_XCOMP_SUPP, ctypes.byref(supported)) != 0:
        return False  # a kernel without dynamic XSTATE features (< 5.16) cannot hand out tiles
    return bool(supported.value >> XFEATURE_XTILEDATA & 1)


def physical_cores(cpus: set[int], sysfs: Path = Path("/sys/devices/system/cpu")) -> int:
    """Distinct physical cores among ``cpus`` (logical CPU numbers): SMT siblings count once."""
    cores = set()
    for cpu in cpus:
        topo = sysfs / f"cpu{cpu}" / "topology"
        try:
            cores.add((topo.joinpath("physical_package_id").read_text().strip(),
                       topo.joinpath("core_id").read_text().strip()))
        except OSError:
            cores.add(("cpu", str(cpu)))  # no topology: count the logical CPU
    return max(1, len(cores))


def default_threads() -> int:
    """Threads a backend uses when --threads is not given: one per physical core this process may
    run on (taskset, cgroups). Two threads on one core's SMT siblings only fight over its FMA units."""
    cpus = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set(range(os.cpu_count() or 1))
    return physical_cores(cpus)


def profile() -> dict[str, Any]:
    import torch

    model, flags = _cpuinfo()
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        memory = None
    gpu = None
    if torch.cuda.is_available():
        gpu = {"name": torch.cuda.get_device_name(0), "count": torch.cuda.device_count()}
    return {
        "cpu": model,
        "cpu_count": os.cpu_count(),
        "cpu_affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "torch_threads": torch.get_num_threads(),
        "instruction_sets": flags,
        "amx_usable": amx_usable(),
        "default_threads": default_threads(),
        "memory_bytes": memory,
        "gpu": gpu,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "torch": torch.__version__,
    }


def native_bf16() -> bool:
    """Whether bfloat16 matmuls run natively here (CUDA, or a CPU with AVX512-BF16 / AMX)."""
    import torch

    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    _, flags = _cpuinfo()
    if not any(f in flags for f in ("avx512_bf16", "amx_bf16")):
        return False
    # The CPU flag is not enough: torch must run its bf16 kernels on it. On an AMD EPYC Zen 4 VM that lists
    # avx512_bf16, torch dispatches at AVX2 and oneDNN reports no bf16: a bf16 linear there is a slow
    # fallback, 3-7x float32's time (docs/benchmarks.md, stop 25).
    return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
