"""edgebench export: int8 smaller than fp32, ONNX equal to torch under onnxruntime, GGUF equal to
torch under llama.cpp, retention through --eval, and bad flags / models failing in one line.
The model is a tiny Llama with the NLM's own BPE tokenizer, built in a second."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

from conftest import run_cli

TEXTS = ["Message:\nWIN a FREE cruise now! Reply YES to claim", "ok see you at 5 then", "Call Ann Lee at 555-0199",
         "Your parcel is waiting, pay the fee at http://x.co", "meeting moved to Monday 10:30, room 4"] * 20


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> Path:
    from transformers import LlamaConfig, LlamaForCausalLM

    from trainers.corpus.bpe import train_bpe

    torch.set_num_threads(1)
    torch.manual_seed(0)
    tok = train_bpe(TEXTS + ["spam", "ham"] * 10, 320, min_frequency=1)
    config = LlamaConfig(vocab_size=len(tok), hidden_size=64, intermediate_size=256, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
                         tie_word_embeddings=True, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    model = LlamaForCausalLM(config).eval()
    folder = tmp_path_factory.mktemp("export") / "tiny"
    model.save_pretrained(folder)
    tok.save_pretrained(folder)
    return folder


def test_int8_is_smaller_than_fp32(tiny_model):
    from edgebench.variants import export_variant

    info = export_variant(str(tiny_model), "int8")
    assert Path(info["path"]) == tiny_model.parent / "tiny-int8" and (Path(info["path"]) / "model_int8.pt").is_file()
    assert info["bytes"] < 0.6 * info["source_bytes"], info
    assert (Path(info["path"]) / "tokenizer.json").is_file() and (Path(info["path"]) / "config.json").is_file()


def test_int8_small_model_stores_its_tied_table_once_as_int8(tiny_model):
    """A small model's token table is per-row int8 (fp32 scales), one copy serving the embedding and the
    tied LM head; the saved variant rebuilds to the same logits, close to fp32's."""
    from transformers import AutoConfig, AutoModelForCausalLM

    from edgebench.backends.hf_int8 import Int8Head, Int8Table, int8_layers, quantize_int8
    from edgebench.variants import export_variant

    info = export_variant(str(tiny_model), "int8")
    state = torch.load(Path(info["path"]) / "model_int8.pt", weights_only=False)
    config = AutoConfig.from_pretrained(tiny_model)
    tables = [k for k, v in state.items() if isinstance(v, torch.Tensor) and v.shape == (config.vocab_size, 64)]
    assert tables == ["model.embed_tokens.qweight"] and state[tables[0]].dtype == torch.int8, list(state)
    assert not any(k.startswith("lm_head") for k in state) and "table" in info["quantization"]

    fp32 = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32).eval()
    layers = json.loads((Path(info["path"]) / "int8_layers.json").read_text())["weight_only"]
    again = quantize_int8(AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32).eval())
    assert layers == int8_layers(again) and len(layers) < 14  # the calibration is deterministic
    rebuilt = quantize_int8(AutoModelForCausalLM.from_config(config).eval(), weight_only=layers)
    rebuilt.load_state_dict(state)
    assert isinstance(rebuilt.get_input_embeddings(), Int8Table) and isinstance(rebuilt.get_output_embeddings(), Int8Head)
    assert rebuilt.get_output_embeddings()._table() is rebuilt.get_input_embeddings()
    ids = torch.tensor([[5, 17, 40, 2, 99], [7, 7, 300, 1, 12]])
    with torch.no_grad():
        want, got = fp32(ids).logits, rebuilt(ids).logits
        table = fp32.get_input_embeddings().weight
        q = rebuilt.get_input_embeddings()
        # each row within half a step of the fp32 row; the head is hidden @ (dequantized table)^T
        assert (q(torch.arange(len(table))) - table).abs().max() <= q.scale.max() / 2 + 1e-7
        hidden = torch.randn(3, 64)
        dequant = q.qweight.float() * q.scale[:, None]
        assert torch.allclose(rebuilt.get_output_embeddings()(hidden), hidden @ dequant.T, atol=1e-5)
    assert (got - want).abs().max() < 0.05 * want.abs().max(), (got - want).abs().max()


def test_int8_keeps_a_large_models_table_fp32(tiny_model, monkeypatch):
    """Above INT8_TABLE_MAX_PARAMETERS (SmolLM2-135M) only the Linear layers but the head are int8."""
    from transformers import AutoModelForCausalLM

    from edgebench.backends import hf_int8

    monkeypatch.setattr(hf_int8, "INT8_TABLE_MAX_PARAMETERS", 1_000)  # the tiny model counts as large here
    model = hf_int8.quantize_int8(AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32).eval())
    assert type(model.get_input_embeddings()) is torch.nn.Embedding
    assert type(model.get_output_embeddings()) is torch.nn.Linear
    assert model.get_output_embeddings().weight is model.get_input_embeddings().weight
    explicit = hf_int8.quantize_int8(AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32).eval(),
                                     embeddings=True)
    assert isinstance(explicit.get_input_embeddings(), hf_int8.Int8Table)


def test_int8_makes_the_layers_an_outlier_channel_feeds_weight_only_and_rebuilds_them(tiny_model):
    """A channel 300x the others (as SmolLM2's down_proj inputs have) crushes one per-tensor activation
    scale: the layers it feeds become weight-only int8, x @ (per-channel dequantized W)^T exactly; the rest
    stay dynamic; the cache tag names the set; a rebuild from the config with the recorded set is the same model."""
    from transformers import AutoModelForCausalLM

    from edgebench.backends import hf_int8

    def loaded():
        model = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32).eval()
        with torch.no_grad():
            model.model.layers[0].post_attention_layernorm.weight[3] = 300.0  # feeds layer 0's gate and up
        return model

    fp32, model = loaded(), hf_int8.quantize_int8(loaded())
    plain = hf_int8.int8_layers(hf_int8.quantize_int8(AutoModelForCausalLM.from_pretrained(tiny_model).eval()))
    outlier_fed = {"model.layers.0.mlp.gate_proj", "model.layers.0.mlp.up_proj"}
    added = set(hf_int8.int8_layers(model)) - set(plain)
    assert set(plain) <= set(hf_int8.int8_layers(model)) and added and added <= outlier_fed - set(plain), added
    words, tag = hf_int8.describe(model)
    assert f"{len(plain) + len(added)} of 14" in words and tag.startswith(":int8-wo-") and tag.endswith(":int8-table")
    name = sorted(added)[0]
    layer, ref = model.get_submodule(name), fp32.get_submodule(name)
    assert isinstance(layer, hf_int8.Int8Linear) and layer.qweight.dtype == torch.int8
    x = torch.randn(4, ref.in_features)
    x[:, 3] = 300.0
    dequant = layer.qweight.float() * layer.scale[:, None]
    assert torch.allclose(layer(x), x @ dequant.T, rtol=1e-4, atol=1e-3)
    assert (dequant - ref.weight).abs().max() <= layer.scale.max() / 2 + 1e-7
    dynamic = hf_int8.quantize_int8(loaded(), weight_only=())
    err = lambda m: ((m.get_submodule(name)(x) - ref(x)).norm() / ref(x).norm()).item()
    assert err(model) < 0.01 < err(dynamic), (err(model), err(dynamic))
    assert hf_int8.describe(dynamic)[1] == ":int8-table"  # all dynamic: the first scheme's tag, caches kept
    assert hf_int8.describe(dynamic)[0].startswith("int8-dynamic (torch.ao, Linear layers)")
    rebuilt = hf_int8.quantize_int8(AutoModelForCausalLM.from_config(fp32.config).eval(),
                                    weight_only=hf_int8.int8_layers(model))
    rebuilt.load_state_dict(model.state_dict())
    ids = torch.tensor([[5, 17, 40, 2, 99]])
    with torch.no_grad():
        assert torch.equal(rebuilt(ids).logits, model(ids).logits)


def test_onnx_matches_torch_under_onnxruntime(tiny_model):
    import numpy as np
    import onnx
    import onnxruntime as ort
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.variants import export_variant
    from edgebench.variants.onnx import LogitsOnly

    info = export_variant(str(tiny_model), "onnx")
    assert info["max_abs_logit_diff"] <= 1e-3
    assert info["int8_bytes"] < 0.6 * info["bytes"] and info["int8_max_abs_logit_diff"] < 1.0, info
    for name in ("model.onnx", "model.int8.onnx"):  # the tied table is one initializer; no debug metadata
        graph = onnx.load(str(Path(info["path"]) / name))
        tables = [i.name for i in graph.graph.initializer if list(i.dims) == [len(AutoTokenizer.from_pretrained(tiny_model)), 64]]
        assert len(tables) == 1, (name, tables)
        assert not any(node.metadata_props for node in graph.graph.node), name
        if name == "model.int8.onnx":  # the head reads the int8 table itself: no per-call dequantized copy
            assert info["int8_head"] == "QGemm" and any(n.op_type == "QGemm" and tables[0] in n.input
                                                        for n in graph.graph.node)
            assert not any(n.op_type == "DequantizeLinear" and n.input[0] == tables[0] for n in graph.graph.node)
    # a batch the export never saw: other lengths, left padding
    tok = AutoTokenizer.from_pretrained(tiny_model)
    tok.padding_side = "left"
    enc = tok(["Call Ann", "Your parcel is waiting, pay the fee now or lose it"], return_tensors="pt", padding=True,
              add_special_tokens=False)
    batch = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}
    session = ort.InferenceSession(str(Path(info["path"]) / "model.onnx"), providers=["CPUExecutionProvider"])
    (got,) = session.run(["logits"], {k: v.numpy() for k, v in batch.items()})
    with torch.no_grad():
        model = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32).eval()
        want = LogitsOnly(model)(**batch).numpy()
        alone = model(input_ids=enc["input_ids"][1:]).logits[:, -1:].numpy()  # unpadded row, plain transformers
    assert got.shape == (2, 1, len(tok)) and np.abs(got - want).max() < 1e-3
    assert np.abs(got[1:] - alone).max() < 1e-3


def test_gguf_matches_torch_under_llama_cpp(tiny_model):
    llama_cpp = pytest.importorskip("llama_cpp")
    import numpy as np
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.variants import export_variant

    info = export_variant(str(tiny_model), "gguf")
    tok = AutoTokenizer.from_pretrained(tiny_model)
    text = "Message:\nWIN a FREE cruise now"
    ids = tok(text, add_special_tokens=False)["input_ids"]
    llm = llama_cpp.Llama(info["path"], logits_all=True, verbose=False, n_threads=1, n_ctx=128)
    assert llm.tokenize(text.encode(), add_bos=False, special=True) == ids  # same tokenizer
    llm.eval(ids)
    with torch.no_grad():
        want = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32)(torch.tensor([ids])).logits[0]
    assert np.abs(np.array(llm.scores[:len(ids)]) - want.numpy()).max() < 1e-3


def test_quantized_ggufs_shrink_in_order_and_stay_near_torch(tiny_model):
    llama_cpp = pytest.importorskip("llama_cpp")
    import numpy as np
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from edgebench.variants import export_variant

    tok = AutoTokenizer.from_pretrained(tiny_model)
    ids = tok("Message:\nWIN a FREE cruise now", add_special_tokens=False)["input_ids"]
    with torch.no_grad():
        want = AutoModelForCausalLM.from_pretrained(tiny_model, dtype=torch.float32)(torch.tensor([ids])).logits[0].numpy()
    sizes, errors = {}, {}
    for kind in ("gguf-f16", "gguf-q8_0", "gguf-q4_0"):
        info = export_variant(str(tiny_model), kind)
        assert info["path"].endswith(f"-{kind.removeprefix('gguf-')}.gguf") and info["kind"] == kind
        llm = llama_cpp.Llama(info["path"], logits_all=True, verbose=False, n_threads=1, n_ctx=128)
        llm.eval(ids)
        sizes[kind], errors[kind] = info["bytes"], float(np.abs(np.array(llm.scores[:len(ids)]) - want).max())
    assert sizes["gguf-f16"] > sizes["gguf-q8_0"] > sizes["gguf-q4_0"], sizes
    # quantization error grows as bits fall, and even 4 bits keep the logits of a random tiny model close
    assert errors["gguf-f16"] < errors["gguf-q8_0"] < errors["gguf-q4_0"] < 0.5, errors


def test_cli_int8_with_retention(tiny_model):
    proc = run_cli("export", str(tiny_model), "--int8", "--eval", "edge_spam", "--limit", "2", "--threads", "1",
                   timeout=300)
    assert "int8: wrote" in proc.stdout and "mean headline retention" in proc.stdout, proc.stdout
    # both sides logged the same rows, so the difference is tested paired (compare's "p" after 2·se)
    evals = tiny_model.parent / "tiny-int8" / "eval"
    assert all((evals / side / "samples_edge_spam.jsonl").is_file() for side in ("fp32", "int8"))
    assert " p " in proc.stdout or " p│" in proc.stdout, proc.stdout


def test_cli_retention_can_lock_json(tiny_model):
    """--json-lock both scores fp32 and the variant free and schema-locked: the locked rows of even a random
    model are schema-valid, in both precisions."""
    from conftest import read_json

    proc = run_cli("export", str(tiny_model), "--int8", "--eval", "edge_json", "--limit", "1", "--threads", "1",
                   "--json-lock", "both", timeout=600)
    assert "edge_json_locked" in proc.stdout, proc.stdout
    for side in ("fp32", "int8"):
        results = read_json(tiny_model.parent / "tiny-int8" / "eval" / side / "results.json")["results"]
        assert set(results) == {"edge_json", "edge_json_locked"}, list(results)
        assert results["edge_json_locked"]["schema_valid"] == 1.0


@pytest.mark.parametrize("args, needle", [
    (["{model}"], "name a variant: --int8, --onnx, --gguf"),
    (["{tmp}/no-such-model", "--int8"], "is not a Hugging Face model folder"),
    (["hf:NoSuchShippedModel", "--int8"], "unknown model 'hf:NoSuchShippedModel'"),
    (["{model}", "--int8", "--json-lock"], "add --eval TASKS"),
    (["{model}", "--int8", "--eval", "edge_spam", "--json-lock", "on"], "has a JSON schema to lock"),
    (["{gpt2}", "--gguf"], "knows the llama architecture only"),
    (["{model}", "--onnx", "--eval", "edge_spam"], "has no EdgeBench backend"),
])
def test_bad_export_fails_in_one_line(tiny_model, tmp_path, args, needle):
    from transformers import GPT2Config, GPT2LMHeadModel

    gpt2 = tmp_path / "gpt2"
    if "{gpt2}" in args:
        GPT2LMHeadModel(GPT2Config(n_layer=1, n_embd=32, n_head=2, vocab_size=64)).save_pretrained(gpt2)
    args = [a.format(model=tiny_model, tmp=tmp_path, gpt2=gpt2) for a in args]
    proc = run_cli("export", *args, check=False, timeout=300)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], proc.stderr


def test_int8_backend_names_the_table_scheme_and_caches_apart(tiny_model, monkeypatch):
    """A small model's int8 answers (token table int8) must not be served from the cache of the older
    Linear-only int8, nor the other way round: the scheme is part of the cache namespace (the weight-only
    layers' tag: test_int8_makes_the_layers_an_outlier_channel_feeds_weight_only_and_rebuilds_them)."""
    from edgebench.backends import hf, hf_int8

    nano = hf.HFBackend(f"hf:{tiny_model}", dtype="int8", threads=1)
    assert "token table" in nano.quantization and nano.cache_namespace().endswith(":int8-table")
    assert ":int8" in nano.cache_namespace()
    monkeypatch.setattr(hf_int8, "INT8_TABLE_MAX_PARAMETERS", 1_000)
    linear_only = hf.HFBackend(f"hf:{tiny_model}", dtype="int8", threads=1)
    assert "token table" not in linear_only.quantization
    assert "table" not in linear_only.cache_namespace() and linear_only.cache_namespace() != nano.cache_namespace()


def test_export_takes_a_shipped_or_embedded_name(smollm2_folder):
    """``hf:NAME`` of the embedded model (or a shipped one) is the folder ``edgebench run`` loads, so its
    variants are those of the model that is scored; a path keeps meaning the path."""
    from edgebench import models
    from edgebench.variants import load_folder

    assert load_folder("hf:SmolLM2-135M-Instruct") == models.resolve_hf("SmolLM2-135M-Instruct") == smollm2_folder
    assert load_folder(f"hf:{smollm2_folder}") == smollm2_folder == load_folder(str(smollm2_folder))
