"""pretrain (112M from scratch): the memmap prepare step round-trips the tokens, MFU is its
definition, and a scaled-down smoke run prints tokens/s and MFU, learns, and its output scores."""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
import torch

from conftest import read_json

TINY = [
    "model.architecture={model_type: llama, hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, "
    "num_attention_heads: 4, num_key_value_heads: 1, max_position_embeddings: 256, tie_word_embeddings: true}",
    "model.max_length=64", "data.limit=8", "data.val_limit=2", "objective.compile=false",
    "batch_size=2", "schedule={type: cosine, warmup_steps: 2, max_steps: 12}", "optimizer.lr=5.0e-3",
    "precision=fp32", "eval_every=6", "save_every=6", "log_every=2", "threads=1", "progress=false",
    "eval.limit=1", "eval.batch_size=1",
]


@pytest.fixture(scope="module")
def tokenizer(smollm2_folder):
    from trainers.modeling import load_tokenizer

    return load_tokenizer({"tokenizer": f"hf:{smollm2_folder}"})


@pytest.fixture(scope="module")
def intent_tokens(tokenizer, tmp_path_factory):
    """edge_intent's train texts prepared as memmapped tokens."""
    from trainers.corpus.tokens import prepare, task_texts

    folder = tmp_path_factory.mktemp("tokens")
    prepare(task_texts(["edge_intent"], tokenizer), tokenizer, folder)
    return folder


def test_shipped_recipe_has_the_full_size_values():
    from trainers.recipe import load_recipe

    r = load_recipe("pretrain-112m")
    arch = r["model"]["architecture"]
    assert r["trainer"] == "pretrain" and r["model"]["max_length"] == 2048 and r["precision"] == "bf16"
    assert (arch["num_hidden_layers"], arch["hidden_size"], arch["num_attention_heads"], arch["num_key_value_heads"]) \
        == (12, 768, 12, 3)
    assert arch["model_type"] == "llama" and arch["hidden_act"] == "silu"   # SwiGLU, RoPE, RMSNorm
    assert r["schedule"]["type"] == "cosine" and r["schedule"]["warmup_steps"] > 0
    assert r["objective"]["compile"] is True and r["objective"]["fp8"] is True


def test_prepare_round_trips_the_tokens(tokenizer, tmp_path):
    from trainers.corpus.tokens import TokenWindows, prepare

    texts = [f"Message {i}: turn the lights {'on' if i % 2 else 'off'} in room {i}." for i in range(20)]
    meta = prepare(texts, tokenizer, tmp_path, val_fraction=0.1, seed=3)
    assert meta["dtype"] == "uint16" and meta["files"]["val"]["documents"] == 2
    expected = [tokenizer(t, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id] for t in texts]
    train = np.memmap(tmp_path / "train.bin", dtype=np.uint16, mode="r")
    val = np.memmap(tmp_path / "val.bin", dtype=np.uint16, mode="r")
    assert train.size == meta["files"]["train"]["tokens"] and val.size == meta["files"]["val"]["tokens"]
    # every document comes back whole, in one file or the other, and nothing else does
    docs = (np.split(np.asarray(train), np.flatnonzero(train == tokenizer.eos_token_id) + 1)[:-1]
            + np.split(np.asarray(val), np.flatnonzero(val == tokenizer.eos_token_id) + 1)[:-1])
    assert sorted(d.tolist() for d in docs) == sorted(expected)
    assert tokenizer.decode(docs[0][:-1].tolist()) in texts
    windows = TokenWindows(tmp_path / "train.bin", "uint16", 16)
    assert len(windows) == train.size // 16
    assert windows[1].input_ids == train[16:32].tolist() == windows[1].labels
    with pytest.raises(IndexError):
        windows[len(windows)]


def test_prepare_cli_and_missing_tokens_fail_in_one_line(smollm2_folder, tmp_path):
    from edgebench.errors import EdgeBenchError
    from trainers.recipe import load_recipe
    from trainers.run import train_recipe

    text = tmp_path / "notes.jsonl"
    text.write_text("".join(json.dumps({"text": f"note {i}: the gateway restarted"}) + "\n" for i in range(10)))
    proc = subprocess.run([sys.executable, "-m", "trainers.corpus.tokens", str(tmp_path / "tok"), "--files", str(text),
                           "--tokenizer", f"hf:{smollm2_folder}"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "wrote" in proc.stdout and "uint16" in proc.stdout, proc.stderr
    assert read_json(tmp_path / "tok" / "meta.json")["files"]["train"]["documents"] == 9

    recipe = load_recipe("pretrain-112m", [*TINY, f"objective.tokens={tmp_path / 'none'}"])
    with pytest.raises(EdgeBenchError, match="'objective.tokens'.*python -m trainers.corpus.tokens") as info:
        train_recipe(recipe, tmp_path / "out")
    assert "\n" not in str(info.value)


def test_mfu_is_six_n_tokens_per_second_over_peak():
    from trainers.fitting.mfu import gpu_peak, mfu, peak_flops

    assert mfu(112_000_000, 500_000, 989e12) == pytest.approx(6 * 112e6 * 5e5 / 989e12)
    assert gpu_peak("NVIDIA H100 80GB HBM3") == 989e12 and gpu_peak("NVIDIA H100 PCIe") == 756e12
    assert gpu_peak("NVIDIA H200") == 989e12 and gpu_peak("Some Other GPU") is None
    assert peak_flops(123e12) == (123e12, "recipe value")


def test_pretrain_smoke_run_prints_mfu_learns_and_its_output_scores(intent_tokens, tmp_path, capfd):
    from trainers.recipe import load_recipe
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    recipe = load_recipe("pretrain-112m", [*TINY, f"objective.tokens={intent_tokens}"])
    out = train_recipe(recipe, tmp_path / "pretrain")
    printed = capfd.readouterr().err
    assert "tokens/s, MFU" in printed and "CPU estimate" in printed, printed
    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    steps = {r["step"]: r for r in log if "loss" in r}
    assert all(r["mfu"] > 0 and r["tokens_per_s"] > 0 for r in steps.values())
    # 8 windows, 4 steps an epoch: steps 9-12 (epoch 3) read the windows of steps 1-4
    assert steps[12]["loss"] < 0.8 * steps[1]["loss"], {s: r["loss"] for s, r in steps.items()}
    scores = read_json(out / "eval" / "results.json")
    assert scores["n-samples"]["edge_intent"]["effective"] == 1 and "top1_acc" in scores["results"]["edge_intent"]
    assert read_json(out / "config.json")["num_key_value_heads"] == 1


def test_pretrain_resumed_from_the_token_files_ends_at_the_same_weights(intent_tokens, tmp_path):
    from safetensors.torch import load_file

    from trainers.recipe import load_recipe
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    recipe = load_recipe("pretrain-112m", [*TINY, f"objective.tokens={intent_tokens}", "schedule.max_steps=6",
                                           "save_every=3", "eval_every=3", "eval.tasks=[]"])
    whole = train_recipe(recipe, tmp_path / "whole")
    assert train_recipe(recipe, tmp_path / "split", stop_after=4) is None
    resumed = train_recipe(recipe, tmp_path / "split", resume=True)
    a, b = load_file(str(whole / "model.safetensors")), load_file(str(resumed / "model.safetensors"))
    assert a.keys() == b.keys() and all(torch.equal(a[n], b[n]) for n in a)
