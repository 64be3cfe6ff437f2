"""multitask (MLM-120M-Balanced): mixing weights and loss weights against their definitions, and a
scaled-down smoke run whose loss falls and whose output EdgeBench scores."""
from __future__ import annotations

import json
from collections import Counter

import pytest
import torch

TINY = [
    "model.architecture={model_type: llama, hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, "
    "num_attention_heads: 4, num_key_value_heads: 4, max_position_embeddings: 256, tie_word_embeddings: true}",
    "model.max_length=128", "data.limit=4", "data.val_limit=1", "objective.examples_per_epoch=10",
    "batch_size=2", "schedule={type: constant, warmup_steps: 0, max_steps: 15}", "optimizer.lr=5.0e-3",
    "precision=fp32", "eval_every=5", "save_every=15", "log_every=1", "threads=1", "progress=false",
    "eval.tasks=[edge_intent]", "eval.limit=1", "eval.batch_size=1",
]


def test_shipped_recipe_has_the_full_size_values():
    from trainers.recipe import load_recipe

    r = load_recipe("mlm-120m-balanced")
    arch = r["model"]["architecture"]
    assert r["trainer"] == "multitask" and r["model"]["max_length"] == 2048
    assert (arch["num_hidden_layers"], arch["hidden_size"], arch["num_attention_heads"]) == (18, 768, 12)
    assert r["objective"]["mixture"] == {"edge_json": 0.4, "edge_intent": 0.4, "edge_funccall": 0.2}
    assert r["objective"]["loss_weights"] == {"edge_funccall": 1.5} and r["objective"]["optimizer_8bit"] is True


def test_mixture_counts_are_the_weights_shares_by_largest_remainder():
    from trainers.corpus.mixing import mix, mixture_counts

    weights = {"edge_json": 0.4, "edge_intent": 0.4, "edge_funccall": 0.2}
    for size in (1, 7, 10, 33, 1000):
        counts = mixture_counts(weights, size)
        assert sum(counts.values()) == size
        assert all(abs(counts[t] - size * w) < 1 for t, w in weights.items()), counts
    assert mixture_counts(weights, 10) == {"edge_json": 4, "edge_intent": 4, "edge_funccall": 2}
    assert mixture_counts({"a": 1, "b": 1, "c": 1}, 5) == {"a": 2, "b": 2, "c": 1}   # ties: by name
    # rows cycle in whole passes: a task with 3 rows and a share of 8 shows each row 2 or 3 times
    rows = {"a": ["a0", "a1", "a2"], "b": [f"b{i}" for i in range(50)]}
    mixed = mix(rows, {"a": 0.4, "b": 0.6}, 20, seed=1)
    seen = Counter(mixed)
    assert sum(v for k, v in seen.items() if k[0] == "a") == 8 and sorted(seen[r] for r in rows["a"]) == [2, 3, 3]
    assert sum(v for k, v in seen.items() if k[0] == "b") == 12 and max(seen[r] for r in rows["b"]) == 1
    assert mix(rows, {"a": 0.4, "b": 0.6}, 20, seed=1) == mixed != mix(rows, {"a": 0.4, "b": 0.6}, 20, seed=2)
    with pytest.raises(ValueError):
        mixture_counts({"a": 0, "b": 0}, 4)


def test_loss_weights_scale_each_rows_cross_entropy_by_its_task():
    from types import SimpleNamespace

    from trainers.kinds.multitask import weighted_loss

    torch.manual_seed(0)
    logits = torch.randn(2, 4, 6)
    labels = torch.tensor([[-100, 1, 2, 3], [-100, -100, 4, 5]])
    batch = {"input_ids": torch.zeros(2, 4, dtype=torch.long), "attention_mask": torch.ones(2, 4), "labels": labels,
             "sources": ["edge_json", "edge_funccall"]}
    model = lambda **_: SimpleNamespace(logits=logits)  # noqa: E731
    loss, n = weighted_loss({"edge_funccall": 1.5})(model, batch)

    def ce(b: int) -> float:
        return sum(-float(torch.log_softmax(logits[b, t], -1)[labels[b, t + 1]]) for t in range(3) if labels[b, t + 1] >= 0)
    assert n == 5 and float(loss) == pytest.approx(1.0 * ce(0) + 1.5 * ce(1), rel=1e-5)


def test_mixture_naming_an_unknown_task_fails_in_one_line(tmp_path):
    from edgebench.errors import EdgeBenchError
    from trainers.recipe import load_recipe
    from trainers.run import train_recipe

    recipe = load_recipe("mlm-120m-balanced", ["objective.mixture={edge_json: 1, edge_pii: 1}"])
    with pytest.raises(EdgeBenchError, match=r"'objective.mixture.edge_pii' names a task not in data.tasks"):
        train_recipe(recipe, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_multitask_smoke_run_mixes_learns_and_its_output_scores(smollm2_folder, tmp_path, capfd):
    from conftest import read_json
    from trainers.recipe import load_recipe
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    out = train_recipe(load_recipe("mlm-120m-balanced", TINY), tmp_path / "mlm-120m-balanced")
    assert "optimizer_8bit" in capfd.readouterr().err   # the CPU note: torch AdamW instead
    summary = read_json(out / "training" / "summary.json")
    assert summary["data"]["rows"] == {"edge_json": 4, "edge_intent": 4, "edge_funccall": 2}   # 40/40/20 of 10
    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    loss = {r["step"]: r["loss"] for r in log if "loss" in r}
    # 10 rows in 5 steps per epoch: steps 11-15 (epoch 3) see the rows of steps 1-5
    assert sum(loss[s] for s in range(11, 16)) < 0.8 * sum(loss[s] for s in range(1, 6)), loss
    scores = read_json(out / "eval" / "results.json")
    assert scores["n-samples"]["edge_intent"]["effective"] == 1 and "top1_acc" in scores["results"]["edge_intent"]
    assert "multitask" in (out / "README.md").read_text()


def test_validation_loss_is_reported_per_source_and_overall_is_their_token_weighted_mean():
    import contextlib

    from transformers import LlamaConfig, LlamaForCausalLM

    from trainers.corpus.data import IGNORE, Example
    from trainers.fitting.loop import evaluate_loss

    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=32, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                         num_attention_heads=2, num_key_value_heads=2))
    a = [Example([1, 2, 3, 4], [IGNORE, IGNORE, 3, 4], "a"), Example([1, 5, 6], [IGNORE, 5, 6], "a")]
    b = [Example([7, 8, 9, 10, 11], [IGNORE, IGNORE, 9, 10, 11], "b")]
    mixed = [a[0], b[0], a[1]]
    overall, per = evaluate_loss(model, mixed, 2, 0, "cpu", contextlib.nullcontext())
    alone_a, none_a = evaluate_loss(model, a, 2, 0, "cpu", contextlib.nullcontext())
    alone_b, _ = evaluate_loss(model, b, 2, 0, "cpu", contextlib.nullcontext())
    assert none_a == {}  # one source: nothing more to say than the overall figure
    assert per == pytest.approx({"a": alone_a, "b": alone_b}, rel=1e-5)
    # target tokens the loss reads (each label after the first position): a has 2 + 2, b has 3
    assert overall == pytest.approx((4 * alone_a + 3 * alone_b) / 7, rel=1e-5)
