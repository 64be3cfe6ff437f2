"""Deployable variants of a trained Hugging Face model folder, written next to it (``edgebench export``).

``int8``: dynamic int8 of the Linear layers (what ``edgebench run --dtype int8`` evaluates), saved
packed; ``onnx``: an ONNX graph (input ids + attention mask -> logits) checked against torch by
onnxruntime; ``gguf``: a llama.cpp file for Llama-architecture models, and ``gguf-f16`` / ``gguf-q8_0`` /
``gguf-q4_0`` the same in llama.cpp's quantized types. Each kind is its own module.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError

KINDS = ("int8", "onnx", "gguf", "gguf-f16", "gguf-q8_0", "gguf-q4_0")


def variant_path(model_dir: Path, kind: str) -> Path:
    """Where a variant goes: a sibling of the model folder (inside it, it would count as the model's bytes)."""
    if kind.startswith("gguf-"):
        return model_dir.parent / f"{model_dir.name}-{kind.removeprefix('gguf-')}.gguf"
    return model_dir.parent / (f"{model_dir.name}.gguf" if kind == "gguf" else f"{model_dir.name}-{kind}")


def load_folder(model: str) -> Path:
    """``hf:PATH`` or ``PATH`` -> a local folder holding config.json and weights; ``hf:NAME`` of a shipped
    CycleCore model or the embedded SmolLM2 -> its loadable folder in the cache (an adapter merged once, as
    ``edgebench run`` builds it); else one error line."""
    path = Path(model.removeprefix("hf:")).expanduser()
    if model.startswith("hf:") and not path.exists():
        from edgebench import models

        return models.resolve_hf(model.removeprefix("hf:"))  # an unknown name fails there, in one line
    if not (path / "config.json").is_file():
        raise EdgeBenchError(f"MODEL '{model}' is not a Hugging Face model folder (no config.json); "
                             f"give the folder that edgebench train wrote (e.g. runs/nlm-5m-filter)")
    return path


def export_variant(model: str, kind: str, **options: Any) -> dict[str, Any]:
    """Write the ``kind`` variant of ``model``; returns what was written (path, bytes, checks)."""
    if kind not in KINDS:
        raise EdgeBenchError(f"unknown export kind '{kind}'; choose one of {', '.join(KINDS)}")
    folder = load_folder(model)
    if kind == "int8":
        from edgebench.variants.int8 import export_int8 as run
    elif kind == "onnx":
        from edgebench.variants.onnx import export_onnx as run
    elif kind == "gguf":
        from edgebench.variants.gguf import export_gguf as run
    else:
        from edgebench.variants.gguf_quant import export_gguf_quantized

        return export_gguf_quantized(folder, variant_path(folder, kind), kind=kind, **options)
    return run(folder, variant_path(folder, kind), **options)
