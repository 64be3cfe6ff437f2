"""Training core on a tiny Llama (SmolLM2 tokenizer, hidden 64, 2 layers): an interrupted run resumed
ends at the same weights as an uninterrupted one; checkpoints, logs and TensorBoard events."""
from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import load_file

TINY = [
    "model.base=null",
    "model.architecture={model_type: llama, hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, "
    "num_attention_heads: 4, num_key_value_heads: 2, max_position_embeddings: 256}",
    "model.tokenizer=hf:SmolLM2-135M-Instruct",
    "model.max_length=64",
    "data.limit=24", "data.val_limit=4",
    "objective.lora={r: 4, alpha: 8, dropout: 0.1}",   # dropout draws from the torch RNG: resume must restore it
    "optimizer.lr=5.0e-3",
    "schedule={type: cosine, warmup_steps: 2, max_steps: 6}",
    "precision=fp32", "batch_size=2", "grad_accumulation=2",
    "eval_every=2", "save_every=2", "keep_last=1", "log_every=1",
    "threads=1", "progress=false", "eval.tasks=[]",
]


@pytest.fixture(scope="module")
def recipe(smollm2_folder):
    from trainers.recipe import load_recipe

    return load_recipe("mlm-135m-json", TINY)


def test_resumed_run_ends_at_the_same_weights(recipe, tmp_path):
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    whole = train_recipe(recipe, tmp_path / "whole")
    assert train_recipe(recipe, tmp_path / "split", stop_after=3) is None  # interrupted after step 3
    assert not (tmp_path / "split" / "model.safetensors").exists()
    resumed = train_recipe(recipe, tmp_path / "split", resume=True)

    a, b = load_file(str(whole / "model.safetensors")), load_file(str(resumed / "model.safetensors"))
    assert a.keys() == b.keys() and len(a) > 0
    for name in a:
        assert torch.equal(a[name], b[name]), name
    # the adapter really trained: the merged weights differ from the untouched base initialisation
    ckpts = sorted((whole / "training" / "checkpoints").iterdir())
    adapter = load_file(str(ckpts[-1] / "trainable.safetensors"))
    assert any("lora_B" in n and adapter[n].abs().sum() > 0 for n in adapter)

    # the two logs agree step by step on the training loss
    def losses(out):
        return {r["step"]: r["loss"] for r in map(json.loads, (out / "training" / "log.jsonl").read_text().splitlines())
                if "loss" in r}
    assert losses(whole) == pytest.approx(losses(resumed), abs=0) and sorted(losses(whole)) == [1, 2, 3, 4, 5, 6]

    # the resumed run's summary (and card) start from the whole training's first step, not the resumed run's
    fits = [json.loads((out / "training" / "summary.json").read_text())["fit"] for out in (whole, resumed)]
    assert fits[1]["first_loss"] == fits[0]["first_loss"] == losses(whole)[1]
    assert fits[1]["initial_val_loss"] == fits[0]["initial_val_loss"] is not None


def test_checkpoints_keep_last_and_best_and_logs_are_written(recipe, tmp_path):
    from trainers.fitting.checkpoint import Checkpoints
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    out = train_recipe(recipe, tmp_path / "run")
    checkpoints = Checkpoints(out / "training" / "checkpoints", keep_last=1)
    kept = checkpoints.all()
    metas = [checkpoints.meta(p) for p in kept]
    assert kept[-1].name == "step-00000006"                     # the last one
    assert checkpoints.best() in kept and len(kept) <= 2         # plus the best by validation loss
    assert all(m["val_loss"] is not None for m in metas)
    assert list((out / "training" / "tb").glob("events.out.tfevents.*"))
    records = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    assert records[0]["event"] == "start" and any("val_loss" in r and r["step"] == 0 for r in records)
    assert all("tokens_per_s" in r for r in records if "loss" in r)
    for name in ("config.json", "model.safetensors", "generation_config.json", "tokenizer.json", "README.md"):
        assert (out / name).is_file(), name
    # a second run into the same folder must not silently overwrite it
    from edgebench.errors import EdgeBenchError

    with pytest.raises(EdgeBenchError, match="--resume"):
        train_recipe(recipe, out)


def test_interrupted_run_saves_its_last_step_and_resumes_to_the_same_weights(recipe, tmp_path, monkeypatch):
    """Ctrl-C in the middle of step 4 (after its dropout draws): the checkpoint holds step 3 with the
    RNG as step 4 began, and --resume ends where an uninterrupted run ends."""
    from edgebench.errors import Interrupted
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    whole = train_recipe(recipe, tmp_path / "whole")
    clip = torch.nn.utils.clip_grad_norm_
    calls = []

    def interrupt_on_step_4(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:  # called once per step, after the step's forward and backward passes
            raise KeyboardInterrupt
        return clip(*args, **kwargs)

    monkeypatch.setattr(torch.nn.utils, "clip_grad_norm_", interrupt_on_step_4)
    with pytest.raises(Interrupted, match="stopped after step 3; checkpoint saved in .*--resume"):
        train_recipe(recipe, tmp_path / "split")
    monkeypatch.setattr(torch.nn.utils, "clip_grad_norm_", clip)
    saved = sorted((tmp_path / "split" / "training" / "checkpoints").glob("step-*"))
    assert saved[-1].name == "step-00000003"
    log = [json.loads(line) for line in (tmp_path / "split" / "training" / "log.jsonl").read_text().splitlines()]
    assert {"step": 3, "event": "interrupted"}.items() <= log[-1].items()

    resumed = train_recipe(recipe, tmp_path / "split", resume=True)
    a, b = load_file(str(whole / "model.safetensors")), load_file(str(resumed / "model.safetensors"))
    for name in a:
        assert torch.equal(a[name], b[name]), name
