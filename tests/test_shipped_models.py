"""Shipped models (issue 15): layer subsets, the adapter manifest a trainer writes, packing into a plugin,
and the rebuild on first use that must reach the trained weights bit for bit (or refuse)."""
from __future__ import annotations

import json

import pytest
import torch

from conftest import tiny_llama
from edgebench.errors import EdgeBenchError


@pytest.fixture()
def tiny_base(tmp_path, smollm2_folder):
    """A random 4-layer Llama with the SmolLM2 tokenizer: the 'embedded base' of these tests."""
    return tiny_llama(tmp_path / "base", smollm2_folder, layers=4, max_positions=128)


def test_keep_layers_keeps_the_chosen_blocks_in_order_and_renumbers_them(tiny_base):
    from transformers import AutoModelForCausalLM

    from edgebench.backends.rolling import cache_out, with_cache
    from edgebench.surgery.layer_subset import keep_layers

    full = AutoModelForCausalLM.from_pretrained(tiny_base)
    wanted = [full.model.layers[i].mlp.up_proj.weight.clone() for i in (0, 3)]
    model = keep_layers(AutoModelForCausalLM.from_pretrained(tiny_base), [0, 3])
    assert model.config.num_hidden_layers == 2 and len(model.model.layers) == 2
    assert all(torch.equal(b.mlp.up_proj.weight, w) for b, w in zip(model.model.layers, wanted))
    assert [b.self_attn.layer_idx for b in model.model.layers] == [0, 1]
    # cached decoding (layer_idx indexes the cache) gives what a full forward pass gives
    ids = torch.tensor([[5, 9, 13, 2, 7]])
    with torch.no_grad():
        whole = model(ids).logits[0, -1]
        past = cache_out(model(ids[:, :-1], use_cache=True))
        step = model(ids[:, -1:], **with_cache(model, past)).logits[0, -1]
    assert torch.allclose(whole, step, atol=1e-5)
    for bad in ([3, 0], [0, 4], [1, 1]):
        with pytest.raises(EdgeBenchError, match="model.layers"):
            keep_layers(AutoModelForCausalLM.from_pretrained(tiny_base), bad)


def _trained_adapter_folder(tiny_base, out, vocab=None):
    """What lora_sft's publish writes, with an adapter that is not zero (so merging changes the weights);
    ``vocab``: the base's tokenizer and table cut to that many ids first (model.vocab)."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.surgery.layer_subset import keep_layers
    from edgebench.surgery.vocab_trim import trim_model, trim_tokenizer
    from trainers.export import export_model
    from trainers.run import write_manifest

    torch.manual_seed(1)
    model = keep_layers(AutoModelForCausalLM.from_pretrained(tiny_base, dtype=torch.float32), [1, 3])
    tokenizer = AutoTokenizer.from_pretrained(tiny_base)
    if vocab:
        model, tokenizer = trim_model(model, vocab), trim_tokenizer(tokenizer, vocab)
    model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "up_proj"],
                                             init_lora_weights=False, task_type="CAUSAL_LM"))
    export_model(model, tokenizer, out)

    class R:  # the two recipe keys write_manifest reads
        name = "tiny"

        def __getitem__(self, key):
            return {"model": {"base": f"hf:{tiny_base}", "layers": [1, 3], "vocab": vocab}}[key]

    write_manifest(out, R())
    (out / "README.md").write_text("# tiny\n")
    return out


@pytest.mark.parametrize("vocab", [None, 1000])
def test_a_packed_adapter_rebuilds_to_the_trained_weights_and_is_cached(tiny_base, tmp_path, monkeypatch, vocab):
    from safetensors.torch import load_file

    from edgebench import models, shipped_models

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))
    trained = _trained_adapter_folder(tiny_base, tmp_path / "trained", vocab=vocab)
    manifest = json.loads((trained / shipped_models.MANIFEST).read_text())
    assert manifest["layers"] == [1, 3] and manifest["weights_sha256"] == models.weights_hash(trained)
    assert manifest["vocab"] == vocab and json.loads((trained / "config.json").read_text())["vocab_size"] == (vocab or 49152)

    shipped = shipped_models.pack(trained, tmp_path / "plugin" / "Tiny-Adapter")
    assert not (shipped / "model.safetensors").exists() and (shipped / "adapter" / "adapter_model.safetensors").exists()
    assert shipped_models.describe("Tiny-Adapter", shipped).endswith("built on first use")
    card = (shipped / "README.md").read_text()
    assert card.startswith("# Tiny-Adapter\n") and "`hf:Tiny-Adapter`" in card and "adapter" in card

    built = shipped_models.resolve("Tiny-Adapter", shipped)
    assert built.parent == tmp_path / "cache" / "models"
    want, got = load_file(str(trained / "model.safetensors")), load_file(str(built / "model.safetensors"))
    assert want.keys() == got.keys() and all(torch.equal(want[k], got[k]) for k in want)
    assert shipped_models.describe("Tiny-Adapter", shipped).endswith(", built")
    assert shipped_models.resolve("Tiny-Adapter", shipped) == built  # reused, not rebuilt


def test_a_rebuild_that_misses_the_trained_hash_is_refused(tiny_base, tmp_path, monkeypatch):
    from safetensors.torch import load_file, save_file

    from edgebench import shipped_models

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))
    shipped = shipped_models.pack(_trained_adapter_folder(tiny_base, tmp_path / "trained"), tmp_path / "Tiny")
    path = shipped / "adapter" / "adapter_model.safetensors"
    tensors = load_file(str(path))
    first = sorted(tensors)[0]
    tensors[first] = tensors[first] + 0.01
    save_file(tensors, str(path))
    with pytest.raises(EdgeBenchError, match="rebuilt weights hash"):
        shipped_models.resolve("Tiny", shipped)
    assert not any((tmp_path / "cache" / "models").iterdir())  # nothing half-built left to be reused


def test_a_shipped_folder_with_neither_config_nor_manifest_is_one_clear_error(tmp_path):
    from edgebench import shipped_models

    (tmp_path / "Broken").mkdir()
    with pytest.raises(EdgeBenchError, match="neither config.json nor edgebench-model.json"):
        shipped_models.resolve("Broken", tmp_path / "Broken")
    (tmp_path / "Broken" / shipped_models.MANIFEST).write_text("{not json")
    with pytest.raises(EdgeBenchError, match="is not JSON"):
        shipped_models.resolve("Broken", tmp_path / "Broken")


def test_exclude_test_of_drops_every_row_of_a_listed_tasks_test_frames():
    from edgebench.tasks.config import select
    from trainers.corpus.data import _held_out_keys, _not_held_out

    t50, t200 = select("edge_intent_50,edge_intent_200")
    keys = _held_out_keys(["edge_intent_50"], [])
    assert {("frame", f) for f in t50.docs("test")["frame"]} == keys
    train200 = list(t200.docs("train"))
    kept = _not_held_out(train200, keys)
    assert 0 < len(kept) < len(train200)  # edge_intent_50's test frames are train frames of edge_intent_200
    assert not {d["frame"] for d in kept} & set(t50.docs("test")["frame"])


def test_a_registered_model_is_listed_and_resolves_by_its_name(tiny_base, tmp_path, monkeypatch):
    from edgebench import models, shipped_models
    from edgebench.plugins import get_registry

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))
    shipped = shipped_models.pack(_trained_adapter_folder(tiny_base, tmp_path / "trained"), tmp_path / "Tiny-Reg")
    monkeypatch.setitem(get_registry().models, "Tiny-Reg", shipped)
    assert "hf:Tiny-Reg" in models.available_specs()
    built = models.resolve_hf("Tiny-Reg")
    assert models.weights_hash(built) == models.weights_hash(tmp_path / "trained")


def test_the_cyclecore_distribution_registers_each_shipped_folder():
    import cyclecore_models

    from edgebench.plugins import get_registry

    shipped = {p.name for p in cyclecore_models.MODELS.iterdir() if (p / "README.md").exists()} \
        if cyclecore_models.MODELS.is_dir() else set()
    registry = get_registry()
    assert {n for n, owner in ((k[1], v) for k, v in registry.owners.items() if k[0] == "models")
            if owner == "cyclecore"} == shipped


def test_the_intent_student_keeps_14_smollm2_layers_16k_tokens_and_fits_60_mb_at_int8(smollm2_folder):
    from transformers import AutoConfig, AutoModelForCausalLM

    from trainers.recipe import load_recipe

    r = load_recipe("mlm-60m-intent")
    assert r["trainer"] == "lora_sft" and r["model"]["base"] == "hf:SmolLM2-135M-Instruct"
    assert len(r["model"]["layers"]) == 14 and r["model"]["vocab"] == 16384 and r["export"] == "best"
    assert r["data"]["val_group"] == "frame" and r["objective"]["teacher"] == "hf:CycleCore-MLM-135M-Intent"
    assert set(r["objective"]["lora"]["target_modules"]) >= {"q_proj", "down_proj"}
    assert any(t.startswith("probe_") for t in r["eval"]["tasks"])
    config = AutoConfig.from_pretrained(smollm2_folder)
    config.num_hidden_layers, config.vocab_size = len(r["model"]["layers"]), r["model"]["vocab"]
    with torch.device("meta"):
        params = sum(p.numel() for p in AutoModelForCausalLM.from_config(config).parameters())
    assert params < 60_000_000, params  # one byte a weight at int8 (the tied table counted once)
    intent = r["data"]
    assert set(intent["tasks"]) == set(intent["exclude_test_of"]) == {"edge_intent_50", "edge_intent_200"}


def _shipped_cyclecore():
    import cyclecore_models

    return sorted(p for p in cyclecore_models.MODELS.iterdir() if (p / "README.md").exists()) \
        if cyclecore_models.MODELS.is_dir() else []


@pytest.mark.parametrize("folder", _shipped_cyclecore(), ids=lambda p: p.name)
def test_each_shipped_cyclecore_model_rebuilds_to_its_trained_weights_and_runs(folder, smollm2_folder, tmp_path):
    """What a fresh clone gets: the model builds from the embedded SmolLM2 (hash-checked) and `edgebench run`
    scores it; its card names the spec and holds the scores it was shipped with."""
    import yaml

    from conftest import read_json, run_cli
    from edgebench import models, shipped_models

    listed = [line for line in run_cli("models").stdout.splitlines() if line.startswith(f"hf:{folder.name} ")]
    assert len(listed) == 1 and "(plugin cyclecore)" in listed[0], listed
    built = models.resolve_hf(folder.name)
    manifest = shipped_models.read_manifest(folder)
    if manifest is not None:
        assert models.weights_hash(built) == manifest["weights_sha256"]
    card = (folder / "README.md").read_text()
    assert f"\n# {folder.name}\n" in card and f"`hf:{folder.name}`" in card and "## EdgeBench scores" in card
    recipe = yaml.safe_load(card.split("## Recipe")[1].split("```yaml")[1].split("```")[0])
    task = recipe["eval"]["tasks"][0]
    assert f"| {task} |" in card.split("## Size")[0]
    run_cli("run", "--model", f"hf:{folder.name}", "--tasks", task, "--limit", "2", "--threads", "1",
            "--output-path", str(tmp_path / "run"), "--no-progress", timeout=600)
    assert read_json(tmp_path / "run" / "results.json")["n-samples"][task]["effective"] == 2
