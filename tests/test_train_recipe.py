"""Recipes: the shipped one carries the issue's values; bad recipes fail in one line naming the key,
before any model loads or any training starts."""
from __future__ import annotations

import pytest

from conftest import run_cli


def test_shipped_recipe_has_the_full_size_values():
    from trainers.recipe import load_recipe

    r = load_recipe("mlm-135m-json")
    assert r["trainer"] == "lora_sft" and r["model"]["base"] == "hf:SmolLM2-135M-Instruct"
    assert r["objective"]["lora"] == {"r": 16, "alpha": 32, "dropout": 0.05,
                                      "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                                         "up_proj", "down_proj"]}
    assert r["optimizer"]["lr"] == 5e-4 and r["schedule"]["warmup_steps"] == 5 and r["schedule"]["max_steps"] == 100
    assert r["batch_size"] * r["grad_accumulation"] == 16 and r["precision"] == "bf16"
    assert r["data"]["val_group"] == "frame" and r["export"] == "best" and r["threads"] == 2
    assert r["data"]["group_batches"] is True
    assert r["data"]["tasks"] == ["edge_json"] and r["eval"]["tasks"] == ["edge_json", "probe_json"]


def test_set_overrides_are_yaml_values_on_dotted_keys(tmp_path):
    from trainers.recipe import load_recipe

    data = tmp_path / "rows.jsonl"
    data.write_text('{"prompt": "2+2=", "target": "4"}\n')
    r = load_recipe("mlm-135m-json", ["schedule.max_steps=7", "optimizer.lr=1e-3", "eval.tasks=[]",
                                      "objective.lora.r=4", f"data.files.train={data}"])
    assert r["schedule"]["max_steps"] == 7 and r["optimizer"]["lr"] == 1e-3 and r["eval"]["tasks"] == []
    assert r["objective"]["lora"]["r"] == 4 and r["objective"]["lora"]["alpha"] == 32  # the rest of lora kept
    assert r.overrides[0] == "schedule.max_steps=7"


def test_eval_json_lock_takes_yaml_bare_on_and_off():
    from trainers.recipe import load_recipe
    from trainers.scoring import lock_mode

    assert [lock_mode(load_recipe("mlm-135m-json", [f"eval.json_lock={v}"])["eval"]["json_lock"])
            for v in ("on", "off", "both", "'on'")] == ["on", "off", "both", "on"]


@pytest.mark.parametrize("override, key, advice", [
    ("schedule.warmup=10", "schedule.warmup", "known keys in schedule"),          # unknown key
    ("optimizer.lr=fast", "optimizer.lr", "must be number"),                      # wrong type
    ("batch_size=[4]", "batch_size", "must be integer"),
    ("objective.lora.rank=8", "objective.lora.rank", "known keys in objective.lora"),  # the trainer's section
    ("data.files.train=no/such.jsonl", "data.files.train", "not found"),          # missing data file
    ("data.tasks=[edge_jsn]", "data.tasks", "unknown task 'edge_jsn'"),
    ("trainer=lora_sfx", "trainer", "available: distill, lora_sft"),
    ("eval.json_lock=always", "eval.json_lock", "is not one of"),
])
def test_bad_recipe_fails_in_one_line_naming_the_key(override, key, advice):
    from edgebench.errors import EdgeBenchError
    from trainers.recipe import load_recipe

    with pytest.raises(EdgeBenchError) as info:
        load_recipe("mlm-135m-json", [override])
    message = str(info.value)
    assert f"'{key}'" in message and advice in message and "\n" not in message


def test_cli_bad_recipe_exits_before_training(tmp_path):
    out = tmp_path / "out"
    proc = run_cli("train", "mlm-135m-json", "--set", "schedule.epoch=1", "--out", str(out), check=False, timeout=120)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "'schedule.epoch'" in lines[0], proc.stderr
    assert not out.exists()  # nothing trained, nothing written

    bad = tmp_path / "bad.yaml"
    bad.write_text("trainer: lora_sft\nmodel: {base: hf:SmolLM2-135M-Instruct}\ndata: {files: {train: rows.jsonl}}\n")
    proc = run_cli("train", str(bad), "--out", str(out), check=False, timeout=120)
    assert proc.returncode == 2 and "'data.files.train'" in proc.stderr and "rows.jsonl" in proc.stderr
    proc = run_cli("train", "no-such-recipe", check=False, timeout=120)
    assert proc.returncode == 2 and "mlm-135m-json" in proc.stderr  # lists the built-in recipes
