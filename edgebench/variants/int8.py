"""int8 variant: the quantization the ``hf:`` backend applies for ``--dtype int8`` (``hf_int8.quantize_int8``, the
same function: dynamic int8 with a per-row int8 token table up to 100M parameters, weight-only int8 of the
Linear layers above), so scoring ``hf:MODEL --dtype int8`` scores this variant. Saved as the packed state dict
plus the config and tokenizer to rebuild it."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import torch


WEIGHTS = "model_int8.pt"
LAYERS = "int8_layers.json"  # the weight-only layers: a rebuild from the config cannot calibrate


def quantize(folder: Path) -> tuple[torch.nn.Module, torch.nn.Module]:
    """(fp32 model, its int8 twin) loaded from ``folder``."""
    from transformers import AutoModelForCausalLM

    # the hf backend's own function: one definition of "int8" for export and evaluation
    from edgebench.backends.hf_int8 import quantize_int8

    fp32 = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    twin = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()
    return fp32, quantize_int8(twin)


def export_int8(folder: Path, out: Path) -> dict[str, Any]:
    import json

    from edgebench.backends.hf_int8 import describe, int8_layers

    fp32, int8 = quantize(folder)
    out.mkdir(parents=True, exist_ok=True)
    from edgebench.backends import span_tagger

    for path in folder.iterdir():  # config, generation config, tokenizer, the tagger's config: all but the weights
        if path.is_file() and path.suffix != ".safetensors" and path.name not in ("README.md", "variants.json"):
            shutil.copy2(path, out / path.name)
    torch.save(int8.state_dict(), out / WEIGHTS)
    tagger_bytes = 0
    tagger = span_tagger.load(folder)
    if tagger is not None:  # int8 as --dtype int8 scores it (span_tagger.quantize_int8); rebuilt by load_int8
        torch.save(span_tagger.quantize_int8(tagger).state_dict(), out / span_tagger.INT8_WEIGHTS)
        tagger_bytes = (out / span_tagger.INT8_WEIGHTS).stat().st_size
    (out / LAYERS).write_text(json.dumps({"weight_only": int8_layers(int8)}, indent=1) + "\n")
    # rebuild: from_config(config) -> quantize_int8(weight_only=int8_layers.json's) -> load_state_dict(model_int8.pt)
    # bytes: the whole deployable's weights (the LM's and the tagger's), as source_bytes counts the fp32 folder's
    return {"kind": "int8", "path": str(out), "bytes": (out / WEIGHTS).stat().st_size + tagger_bytes,
            **({"tagger_bytes": tagger_bytes} if tagger is not None else {}),
            "source_bytes": sum(p.stat().st_size for p in folder.glob("*.safetensors")),
            "quantization": describe(int8)[0] + (span_tagger.INT8_WORDS if tagger is not None else ""),
            "evaluate": f"edgebench run --model hf:{folder} --dtype int8"}
