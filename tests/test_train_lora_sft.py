"""lora_sft smoke run on the real embedded SmolLM2-135M-Instruct through the CLI: a few steps on
short sequences, loss falls, the output folder is a standalone HF model that `edgebench run` scores."""
from __future__ import annotations

import json

from conftest import read_json, run_cli

# Four train rows for three epochs (2 steps each): the training loss of epoch 3 is measured on the
# same rows as epoch 1's, so it must fall; the held-out validation loss must fall too.
SMOKE = ["threads=1", "progress=false", "model.max_length=128", "data.limit=4", "data.val_limit=2",
         "batch_size=2", "grad_accumulation=1", "schedule.max_steps=6", "schedule.warmup_steps=0",
         "optimizer.lr=3.0e-3", "schedule.type=constant", "eval_every=3", "save_every=3", "log_every=1",
         # one test sample: the barely trained model writes all 384 new tokens, about 30 s on one thread
         "eval.limit=1", "eval.batch_size=1",
         "data.group_batches=false"]  # one schema a batch would change which rows an epoch's steps see


def test_lora_sft_smoke_run_learns_and_its_output_scores(smollm2_folder, tmp_path):
    out = tmp_path / "mlm-135m-json"
    args = [a for s in SMOKE for a in ("--set", s)]
    proc = run_cli("train", "mlm-135m-json", *args, "--out", str(out), timeout=600)
    assert f"wrote {out}" in proc.stdout

    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    loss = {r["step"]: r["loss"] for r in log if "loss" in r}
    val = [r["val_loss"] for r in log if "val_loss" in r]
    assert sorted(loss) == [1, 2, 3, 4, 5, 6]
    assert (loss[5] + loss[6]) / 2 < 0.85 * (loss[1] + loss[2]) / 2, loss   # same rows, epoch 3 vs epoch 1
    assert val[-1] < val[0], val                                            # held-out rows too

    # a standalone model: the adapter is merged (no peft files, no lora weights)
    config = read_json(out / "config.json")
    assert config["model_type"] == "llama" and not (out / "adapter_config.json").exists()
    from safetensors import safe_open

    with safe_open(str(out / "model.safetensors"), "pt") as fh:
        names = list(fh.keys())
    assert names and not any("lora" in n for n in names)
    for name in ("generation_config.json", "tokenizer.json", "tokenizer_config.json"):
        assert (out / name).is_file(), name

    # scored at the end, in process, and written next to the model and into the card
    scores = read_json(out / "eval" / "results.json")
    assert scores["n-samples"]["edge_json"]["effective"] == 1 and "json_exact" in scores["results"]["edge_json"]
    card = (out / "README.md").read_text()
    for text in ("EdgeBench scores", "| edge_json | json_exact |", "mlm-135m-json", "lora_sft",
                 scores["tasks"]["edge_json"]["dataset_fingerprint"], "tokens/s", "## Hardware", "r: 16"):
        assert text in card, text
    summary = read_json(out / "training" / "summary.json")
    assert summary["fit"]["tokens_per_s"] > 0 and summary["trainable_parameters"] < summary["parameters"] / 25  # r16 on every linear: 3.5 %

    # the CLI scores the folder; its answers are the in-process run's (same weights hash, same requests)
    run_cli("run", "--model", f"hf:{out}", "--tasks", "edge_json", "--limit", "1", "--threads", "1",
            "--output-path", str(tmp_path / "cli"), "--no-progress")
    cli = read_json(tmp_path / "cli" / "results.json")
    assert cli["results"]["edge_json"]["json_exact"] == scores["results"]["edge_json"]["json_exact"]
    assert cli["totals"]["from_cache"] == 1 and cli["model"]["hash"] == scores["model"]["hash"]
    assert cli["edge_cost"]["bytes_on_disk"] < 700e6  # checkpoints and logs are not counted as the model

    # --score-only: scored again on other eval tasks, the card rewritten, nothing trained
    weights = (out / "model.safetensors").read_bytes()
    proc = run_cli("train", "mlm-135m-json", *args, "--set", "eval.tasks=[edge_spam]", "--set", "eval.limit=3",
                   "--out", str(out), "--score-only")
    assert f"scored {out}" in proc.stdout
    rescored = read_json(out / "eval" / "results.json")
    assert list(rescored["results"]) == ["edge_spam"] and rescored["n-samples"]["edge_spam"]["effective"] == 3
    card = (out / "README.md").read_text()
    assert "| edge_spam | f1 |" in card and "| edge_json | json_exact |" not in card and "eval.tasks=[edge_spam]" in card
    assert (out / "model.safetensors").read_bytes() == weights
    # other training keys than the checkpoints': refused in one line, the folder untouched
    proc = run_cli("train", "mlm-135m-json", *args, "--set", "optimizer.lr=1.0e-3", "--out", str(out), "--score-only",
                   check=False)
    assert proc.returncode == 2 and "error: --score-only" in proc.stderr and "other training keys" in proc.stderr
    assert (out / "README.md").read_text() == card
    proc = run_cli("train", "mlm-135m-json", "--out", str(tmp_path / "none"), "--score-only", check=False)
    assert proc.returncode == 2 and "holds no finished training" in proc.stderr


def test_a_cut_student_distils_a_teacher_and_ships_as_an_adapter(smollm2_folder, tmp_path, monkeypatch):
    """mlm-60m-intent's path at toy size: 2 of SmolLM2's 30 layers, its first 2,000 tokens, LoRA, a tiny
    full-vocabulary teacher's first 2,000 logits; the loss falls, the adapter holds no token table, and the
    packed adapter rebuilds to the trained weights."""
    import torch
    from safetensors.torch import load_file

    from conftest import tiny_llama
    from edgebench import shipped_models

    teacher = tiny_llama(tmp_path / "teacher", smollm2_folder, layers=1, max_positions=512)
    out = tmp_path / "student"
    sets = [s for s in SMOKE if not s.startswith(("model.max_length", "optimizer.lr"))] + [
        f"model.base=hf:{smollm2_folder}", "model.layers=[0, 29]", "model.vocab=2000", "model.max_length=400",
        f"objective.teacher=hf:{teacher}", "objective.lora={r: 8, alpha: 16, target_modules: [q_proj, v_proj, up_proj, down_proj]}",
        "optimizer.lr=3.0e-3", "precision=fp32", "data.val_group=null", "eval.tasks=[edge_intent_50]"]
    run_cli("train", "mlm-60m-intent", *[a for s in sets for a in ("--set", s)], "--out", str(out), timeout=600)
    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    loss = {r["step"]: r["loss"] for r in log if "loss" in r}
    assert (loss[5] + loss[6]) / 2 < 0.85 * (loss[1] + loss[2]) / 2, loss
    assert any(r.get("teacher") == f"hf:{teacher}" for r in log) or "teacher" in (out / "README.md").read_text()
    manifest = read_json(out / shipped_models.MANIFEST)
    assert manifest["vocab"] == 2000 and manifest["layers"] == [0, 29]
    adapter = load_file(str(out / "adapter" / "adapter_model.safetensors"))
    assert adapter and all("lora" in k for k in adapter), [k for k in adapter if "lora" not in k][:3]
    assert read_json(out / "config.json")["vocab_size"] == 2000

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))
    built = shipped_models.resolve("Cut", shipped_models.pack(out, tmp_path / "plugin" / "Cut"))
    want, got = load_file(str(out / "model.safetensors")), load_file(str(built / "model.safetensors"))
    assert want.keys() == got.keys() and all(torch.equal(want[k], got[k]) for k in want)
