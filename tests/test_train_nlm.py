"""nlm (NLM-5M-Filter): the shipped recipe's full-size values, its own BPE tokenizer (exact vocab
size, each task's fixed prompt text one token, label words one token), and a scaled-down smoke run
through the CLI whose loss falls and whose output `edgebench run` scores on the three filter tasks."""
from __future__ import annotations

import json

from conftest import read_json, run_cli

# A 2-layer, 64-wide model with a 1,024-entry BPE on 40 rows per task: about a minute on one thread.
SMOKE = ["threads=1", "progress=false", "model.architecture.hidden_size=64", "model.architecture.num_hidden_layers=2",
         "model.architecture.intermediate_size=128", "model.architecture.num_attention_heads=2",
         "model.architecture.num_key_value_heads=2", "objective.tokenizer.vocab_size=1024", "data.limit=40",
         "data.val_limit=8", "batch_size=8", "schedule.max_steps=30", "schedule.warmup_steps=0",
         "schedule.type=constant", "optimizer.lr=1.0e-2", "eval_every=15", "save_every=15", "log_every=1",
         "eval.limit=2", "eval.batch_size=2"]


def test_shipped_recipe_has_the_full_size_values():
    from trainers.recipe import load_recipe

    r = load_recipe("nlm-5m-filter-scratch")
    arch = r["model"]["architecture"]
    assert r["trainer"] == "nlm" and arch["model_type"] == "llama" and r["model"]["max_length"] == 512
    assert (arch["num_hidden_layers"], arch["hidden_size"], arch["num_attention_heads"]) == (6, 256, 4)
    assert r["model"]["tokenizer"] == "bpe" and r["objective"]["tokenizer"]["vocab_size"] == 6144
    assert r["data"]["tasks"] == ["edge_spam", "edge_toxicity", "edge_pii"] == r["eval"]["tasks"]


def test_own_tokenizer_has_the_vocab_size_and_one_token_per_prompt_piece():
    import torch

    from trainers.corpus.bpe import chatml
    from trainers.kinds.nlm import build_tokenizer
    from trainers.recipe import load_recipe
    from edgebench.tasks.config import select

    torch.set_num_threads(1)
    tok = build_tokenizer(load_recipe("nlm-5m-filter-scratch", ["objective.tokenizer.vocab_size=1024", "data.limit=100"]))
    assert len(tok) == 1024
    assert tok.eos_token == "<|im_end|>" and tok.pad_token == "<|endoftext|>" and tok.chat_template
    for word in ("spam", "ham", "toxic", "ok"):
        assert len(tok(word, add_special_tokens=False)["input_ids"]) == 1, word
    task = select("edge_spam", [])[0]
    doc = task.docs("test")[0]
    rendered = chatml(task.request(doc).messages)
    ids = tok(rendered, add_special_tokens=False)["input_ids"]
    message_ids = tok(doc["text"], add_special_tokens=False)["input_ids"]
    assert len(ids) == len(message_ids) + 2  # the fixed text before and after the message: one token each
    assert tok.decode(ids) == rendered       # lossless


def test_full_size_parameters_fit_five_mb_at_one_byte_each():
    """The issue's <= 5 MB int8: the recipe's architecture at the vocabulary it asks for, one byte a weight."""
    from transformers import AutoConfig

    from trainers.recipe import load_recipe

    r = load_recipe("nlm-5m-filter-scratch")
    arch = dict(r["model"]["architecture"])
    config = AutoConfig.for_model(arch.pop("model_type"), vocab_size=r["objective"]["tokenizer"]["vocab_size"], **arch)
    h, f, n = config.hidden_size, config.intermediate_size, config.num_hidden_layers
    params = config.vocab_size * h + n * (4 * h * h + 3 * h * f + 2 * h) + h  # tied head: the table once
    assert 4_500_000 < params < 4_900_000, params


def test_augment_swaps_only_train_organisation_names_and_keeps_the_rest():
    import random

    from trainers.kinds.nlm import AUGMENT_DEFAULTS, augment_text, organisation_names

    train = ["Summit Bank: your card is locked, verify now", "Your BrightMart order shipped", "ParcelHub: parcel held"]
    names = organisation_names(train)
    assert names == ["Summit Bank", "BrightMart", "ParcelHub"]  # longest first: the regex tries them in order
    assert "City Power" not in names  # a utility no train text names never enters training
    cfg = {**AUGMENT_DEFAULTS, "swap_names": 1.0}
    rng = random.Random(0)
    swapped = [augment_text(train[0], rng, cfg, names) for _ in range(30)]
    assert all(t.endswith(": your card is locked, verify now") for t in swapped)
    assert {t.split(":")[0] for t in swapped} == set(names)  # every name of the pool turns up, nothing else
    assert augment_text(train[0], random.Random(0), AUGMENT_DEFAULTS, names) == train[0]  # all off: unchanged
    dropped = augment_text("a b c d e f g h i j " * 10, random.Random(1), {**AUGMENT_DEFAULTS, "word_dropout": 0.3}, [])
    assert 40 < len(dropped.split()) < 90


def test_generated_train_rows_come_from_the_train_families_only():
    from edgebench.tasks.config import select
    from trainers.kinds.nlm import generated_rows

    task = select("edge_spam", [])[0]
    # data v1 holds out template families, data v2 frames (its kinds are on both sides)
    family = lambda rows: {r.get("frame") or r["template"].split("/")[0] for r in rows}  # noqa: E731
    train, test = list(task.docs("train")), list(task.docs("test"))
    known = {r["text"] for r in train}
    rows = generated_rows(task, 30, known, None)
    assert len(rows) > len(train) and family(rows) == family(train) and not family(rows) & family(test)
    assert not {r["text"] for r in rows} & (known | {r["text"] for r in test})
    assert len(generated_rows(task, 30, known, 7)) == 7
    held = {train[0]["template"], train[1]["template"]}  # data.val_group: template holds these out
    kept = generated_rows(task, 30, known, None, ("template", held))
    assert kept and not {r["template"] for r in kept} & held
    assert len(kept) == len([r for r in rows if r["template"] not in held])


def test_export_best_loads_the_lowest_validation_loss_checkpoint(tmp_path):
    import torch
    from types import SimpleNamespace
    from transformers import LlamaConfig, LlamaForCausalLM

    from trainers.fitting.checkpoint import Checkpoints
    from trainers.run import export_weights

    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=64, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                         num_attention_heads=2, num_key_value_heads=2, tie_word_embeddings=True))
    opt = torch.optim.AdamW(model.parameters())
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0)
    ckpts = Checkpoints(tmp_path, keep_last=1)
    ckpts.save(10, model, opt, sched, val_loss=1.5, meta={})
    at_best = {k: v.clone() for k, v in model.state_dict().items()}
    with torch.no_grad():
        for p in model.parameters():
            p.add_(1.0)
    ckpts.save(20, model, opt, sched, val_loss=2.5, meta={})  # the last one, worse
    result = SimpleNamespace(steps=20, best_checkpoint=str(ckpts.best()))
    assert export_weights(model, "last", result) == 20 and not model.lm_head.weight.equal(at_best["lm_head.weight"])
    assert export_weights(model, "best", result) == 10
    assert all(model.state_dict()[k].equal(v) for k, v in at_best.items())
    assert model.lm_head.weight is model.model.embed_tokens.weight  # still tied


def test_bad_tokenizer_size_fails_in_one_line():
    import pytest

    from edgebench.errors import EdgeBenchError
    from trainers.recipe import load_recipe

    with pytest.raises(EdgeBenchError) as info:
        load_recipe("nlm-5m-filter-scratch", ["objective.tokenizer.vocab_size=100"])
    assert "'objective.tokenizer.vocab_size'" in str(info.value) and "\n" not in str(info.value)


def test_nlm_smoke_run_learns_and_edgebench_scores_it(tmp_path):
    out = tmp_path / "nlm"
    proc = run_cli("train", "nlm-5m-filter-scratch", *[a for s in SMOKE for a in ("--set", s)], "--out", str(out), timeout=300)
    assert f"wrote {out}" in proc.stdout

    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    loss = [r["loss"] for r in log if "loss" in r]
    val = [r["val_loss"] for r in log if "val_loss" in r]
    assert sum(loss[-5:]) / 5 < 0.7 * sum(loss[:5]) / 5, loss
    assert val[-1] < val[0], val
    assert {k for r in log for k in r if k.startswith("val_loss/")} == {f"val_loss/{t}" for t in
                                                                      ("edge_spam", "edge_toxicity", "edge_pii")}
    assert read_json(out / "config.json")["vocab_size"] == 1024
    summary = read_json(out / "training" / "summary.json")
    assert summary["data"]["vocab_size"] == 1024 and set(summary["data"]["rows"]) == {"edge_spam", "edge_toxicity", "edge_pii"}
    assert "EdgeBench scores" in (out / "README.md").read_text()
    assert summary["exported_step"] == 30  # export defaults to the last step

    results = tmp_path / "results"
    run_cli("run", "--model", f"hf:{out}", "--tasks", "edge_spam,edge_toxicity,edge_pii", "--limit", "2",
            "--threads", "1", "--output-path", str(results), "--no-progress", timeout=300)
    scored = read_json(results / "results.json")["results"]
    assert set(scored) == {"edge_spam", "edge_toxicity", "edge_pii"}
    assert 0 <= scored["edge_spam"]["top1_acc"] <= 1 and 0 <= scored["edge_pii"]["span_f1"] <= 1
