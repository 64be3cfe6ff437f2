"""Quantized GGUF variants (f16, Q8_0, Q4_0) for llama.cpp: the f16 GGUF that ``variants.gguf`` writes,
requantized by llama.cpp's own ``llama_model_quantize`` (through llama-cpp-python, extra ``llamacpp``).

Why llama.cpp's quantizer and not the ``gguf`` package: the package writes tensors but does not quantize
K-/block types the way llama.cpp's kernels expect; the library call is the reference implementation.
Q4_0 and Q8_0 (blocks of 32) fit widths such as SmolLM2's 576; the K-quants need multiples of 256, which
llama.cpp replaces by a fallback type per tensor where they do not fit.
"""
from __future__ import annotations

import ctypes
from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError

# kind -> llama.cpp's LLAMA_FTYPE_MOSTLY_* value
FTYPES = {"gguf-f16": None, "gguf-q8_0": 7, "gguf-q4_0": 2}


def export_gguf_quantized(folder: Path, out: Path, *, kind: str) -> dict[str, Any]:
    from edgebench.variants.gguf import export_gguf

    if kind not in FTYPES:
        raise EdgeBenchError(f"unknown GGUF kind '{kind}'; choose one of {', '.join(FTYPES)}")
    if FTYPES[kind] is None:
        info = export_gguf(folder, out, f16=True)
        return {**info, "kind": kind}
    try:
        import llama_cpp
    except ImportError:
        raise EdgeBenchError(f"--{kind}: quantizing needs llama-cpp-python: pip install 'edgebench[llamacpp]' "
                             f"(or make install-dev)") from None
    f16 = out.with_name(out.name + ".f16.tmp")
    try:
        info = export_gguf(folder, f16, f16=True)
        params = llama_cpp.llama_model_quantize_default_params()
        params.ftype = FTYPES[kind]
        rc = llama_cpp.llama_model_quantize(str(f16).encode(), str(out).encode(), ctypes.byref(params))
        if rc != 0 or not out.exists():
            raise EdgeBenchError(f"--{kind}: llama.cpp's quantizer failed on '{folder}' (code {rc}); see its log above")
    finally:
        f16.unlink(missing_ok=True)
    return {**info, "kind": kind, "path": str(out), "bytes": out.stat().st_size}
