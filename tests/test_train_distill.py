"""distill (MLM-60M-Intent): the KL term against a hand-computed case, the loss as its definition,
teacher checks, and a scaled-down smoke run (tiny student, tiny teacher with the SmolLM2 tokenizer)
whose loss falls and whose output `edgebench run` scores."""
from __future__ import annotations

import json
import math

import pytest
import torch
from safetensors.torch import load_file

from conftest import read_json, run_cli, tiny_llama

TINY_ARCH = ("model.architecture={model_type: llama, hidden_size: 64, intermediate_size: 128, num_hidden_layers: 2, "
             "num_attention_heads: 4, num_key_value_heads: 4, max_position_embeddings: 256, tie_word_embeddings: true}")


@pytest.fixture(scope="module")
def tiny_teacher(tmp_path_factory, smollm2_folder):
    """A random 1-layer Llama with the SmolLM2 tokenizer, saved as a Hugging Face folder."""
    return tiny_llama(tmp_path_factory.mktemp("teacher"), smollm2_folder, layers=1)


def test_shipped_recipe_has_the_full_size_values():
    from trainers.recipe import load_recipe

    r = load_recipe("mlm-60m-intent-scratch")
    arch = r["model"]["architecture"]
    assert r["trainer"] == "distill" and r["data"]["tasks"] == ["edge_intent_50"] and r["eval"]["tasks"] == ["edge_intent_50"]
    assert (arch["num_hidden_layers"], arch["hidden_size"], arch["num_attention_heads"]) == (12, 512, 8)
    assert arch["max_position_embeddings"] == 1024 and r["model"]["tokenizer"] == "hf:SmolLM2-135M-Instruct"
    assert r["objective"]["kl_weight"] == r["objective"]["ce_weight"] == 0.5 and r["objective"]["temperature"] > 0


def test_kl_term_matches_a_hand_computed_case():
    from trainers.teaching.kl import distill_kl

    student = torch.tensor([[[1.0, 2.0, 0.0], [0.5, 0.5, 0.5]]])
    teacher = torch.tensor([[[2.0, 0.0, 1.0], [3.0, 0.0, 0.0]]])
    mask = torch.tensor([[True, False]])  # only the first position counts
    T = 2.0
    p = [math.exp(x / T) for x in (2.0, 0.0, 1.0)]
    q = [math.exp(x / T) for x in (1.0, 2.0, 0.0)]
    p, q = [x / sum(p) for x in p], [x / sum(q) for x in q]
    by_hand = sum(pi * math.log(pi / qi) for pi, qi in zip(p, q)) * T * T
    assert float(distill_kl(student, teacher, mask, T)) == pytest.approx(by_hand, rel=1e-6)
    assert float(distill_kl(teacher, teacher, torch.ones(1, 2, dtype=torch.bool), T)) == pytest.approx(0, abs=1e-6)


def _tiny_llama(seed: int, vocab: int = 13):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(seed)
    return LlamaForCausalLM(LlamaConfig(vocab_size=vocab, hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                                        num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=32)).eval()


TINY_BATCH = {"input_ids": torch.tensor([[5, 6, 3, 4, 1], [7, 2, 5, 0, 0]]),
              "attention_mask": torch.tensor([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0]]),
              "labels": torch.tensor([[-100, -100, 3, 4, 1], [-100, 2, 5, -100, -100]])}


def test_distill_loss_is_half_kl_plus_half_cross_entropy_of_the_full_logits():
    """The loss reads the head at target positions only and the teacher through its cache; both
    must give exactly what the full logits of both models give, position by position."""
    from trainers.kinds.distill import distill_loss
    from trainers.teaching.teacher import Teacher

    student, teacher_model = _tiny_llama(0), _tiny_llama(1)
    teacher = Teacher(teacher_model, vocab=13)
    labels = TINY_BATCH["labels"]
    with torch.no_grad():
        full_s = student(input_ids=TINY_BATCH["input_ids"], attention_mask=TINY_BATCH["attention_mask"]).logits
        full_t = teacher_model(input_ids=TINY_BATCH["input_ids"], attention_mask=TINY_BATCH["attention_mask"]).logits
    kl = ce = 0.0
    for b in range(2):
        for t in range(4):  # position t predicts token t + 1
            if labels[b, t + 1] == -100:
                continue
            ls, lt = torch.log_softmax(full_s[b, t] / 3, -1), torch.log_softmax(full_t[b, t] / 3, -1)
            kl += float((lt.exp() * (lt - ls)).sum()) * 9
            ce -= float(torch.log_softmax(full_s[b, t], -1)[labels[b, t + 1]])
    loss_fn = distill_loss(teacher, temperature=3.0, kl_weight=0.5, ce_weight=0.5)
    loss, n = loss_fn(student, TINY_BATCH)
    assert n == 5 and float(loss) == pytest.approx(0.5 * kl + 0.5 * ce, rel=1e-3)  # fp16 teacher cache
    assert len(teacher._cache) == 2
    # the second pass reads the cache: a teacher whose weights changed still gives the first logits,
    # also when another batch pads the same rows wider
    torch.nn.init.zeros_(teacher_model.lm_head.weight)
    assert float(loss_fn(student, TINY_BATCH)[0]) == pytest.approx(float(loss), rel=1e-6)
    wider = {"input_ids": torch.cat([TINY_BATCH["input_ids"], torch.zeros(2, 3, dtype=torch.long)], dim=1),
             "attention_mask": torch.cat([TINY_BATCH["attention_mask"], torch.zeros(2, 3, dtype=torch.long)], dim=1),
             "labels": torch.cat([TINY_BATCH["labels"], torch.full((2, 3), -100)], dim=1)}
    assert float(loss_fn(student, wider)[0]) == pytest.approx(float(loss), rel=1e-5) and len(teacher._cache) == 2


@pytest.mark.parametrize("lora", [False, True])
def test_answer_only_loss_equals_cross_entropy_of_the_full_logits(lora):
    from trainers.fitting.losses import answer_only_loss

    model = _tiny_llama(2)
    if lora:
        from peft import LoraConfig, get_peft_model

        model = get_peft_model(model, LoraConfig(r=2, lora_alpha=4, target_modules=["q_proj", "v_proj"],
                                                 task_type="CAUSAL_LM", init_lora_weights=False))
    with torch.no_grad():
        full = model(input_ids=TINY_BATCH["input_ids"], attention_mask=TINY_BATCH["attention_mask"]).logits
        expected = torch.nn.functional.cross_entropy(full[:, :-1].reshape(-1, 13), TINY_BATCH["labels"][:, 1:].reshape(-1),
                                                     ignore_index=-100, reduction="sum")
        loss, n = answer_only_loss(model, TINY_BATCH)
    assert n == 5 and float(loss) == pytest.approx(float(expected), rel=1e-5)


def test_teacher_must_share_the_tokenizer_and_give_logits(tiny_teacher, monkeypatch):
    from transformers import AutoTokenizer

    from edgebench.errors import EdgeBenchError
    from trainers.teaching.teacher import Teacher

    tokenizer = AutoTokenizer.from_pretrained(tiny_teacher)
    tokenizer.add_tokens(["<extra-token>"])
    with pytest.raises(EdgeBenchError, match="vocabulary is not the student's") as info:
        Teacher.load(f"hf:{tiny_teacher}", tokenizer, device="cpu")
    assert "\n" not in str(info.value)
    # a student cut to the teacher's first ids (model.vocab) learns the teacher's first logits
    from edgebench.surgery.vocab_trim import trim_tokenizer

    cut = trim_tokenizer(AutoTokenizer.from_pretrained(tiny_teacher), 2000)
    teacher = Teacher.load(f"hf:{tiny_teacher}", cut, device="cpu")
    ids = torch.tensor([cut("hello there")["input_ids"]])
    picked = torch.zeros(1, ids.shape[1] - 1, dtype=torch.bool)
    picked[0, -1] = True
    got = teacher.target_logits({"input_ids": ids, "attention_mask": torch.ones_like(ids)}, picked)
    with torch.no_grad():
        whole = teacher.model(input_ids=ids).logits[0, -2]
    assert got.shape == (1, 2000) and torch.allclose(got[0], whole[:2000], atol=2e-2)  # fp16 cache
    with torch.autocast("cpu", dtype=torch.bfloat16):  # how a bf16 recipe calls it: the fp16 cache still reads
        again = teacher.target_logits({"input_ids": ids, "attention_mask": torch.ones_like(ids)}, picked)
    assert torch.equal(again, got)
    monkeypatch.setattr("edgebench.models.load_backend", lambda spec, **_: object())
    with pytest.raises(EdgeBenchError, match="does not expose logits; use an hf: spec"):
        Teacher.load("gguf:model.gguf", tokenizer, device="cpu")


def test_distill_smoke_run_learns_and_its_output_scores(tiny_teacher, tmp_path):
    from trainers.recipe import load_recipe
    from trainers.run import train_recipe

    torch.set_num_threads(1)
    # Four rows, two per step: steps 11-12 see the same rows as steps 1-2 (epoch 6 vs epoch 1).
    recipe = load_recipe("mlm-60m-intent-scratch", [
        TINY_ARCH, "model.max_length=128", f"objective.teacher=hf:{tiny_teacher}", "data.limit=4", "data.val_limit=2",
        "batch_size=2", "schedule={type: constant, warmup_steps: 0, max_steps: 12}", "optimizer.lr=5.0e-3",
        "precision=fp32", "eval_every=6", "save_every=6", "log_every=1", "threads=1", "progress=false",
        "eval.limit=1", "eval.batch_size=1"])
    out = train_recipe(recipe, tmp_path / "mlm-60m-intent")
    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    loss = {r["step"]: r["loss"] for r in log if "loss" in r}
    assert (loss[11] + loss[12]) / 2 < 0.8 * (loss[1] + loss[2]) / 2, loss
    scores = read_json(out / "eval" / "results.json")
    assert scores["n-samples"]["edge_intent_50"]["effective"] == 1 and "top1_acc" in scores["results"]["edge_intent_50"]
    card = (out / "README.md").read_text()
    assert "distill" in card and "## Size and edge cost" in card
    params = sum(int(v.numel()) for v in load_file(str(out / "model.safetensors")).values())
    assert f"Size: {params:,} parameters" in card and "| edge_intent_50 |" in card.split("## Training")[0]

    run_cli("run", "--model", f"hf:{out}", "--tasks", "edge_intent_50", "--limit", "1", "--threads", "1",
            "--output-path", str(tmp_path / "cli"), "--no-progress", timeout=300)
    cli = read_json(tmp_path / "cli" / "results.json")
    assert cli["results"]["edge_intent_50"]["top1_acc"] == scores["results"]["edge_intent_50"]["top1_acc"]


def test_shared_length_stops_at_the_first_difference_and_before_the_first_target():
    from trainers.fitting.shared_prefix import shared_length

    ids = torch.tensor([list(range(1, 13)) + [20, 21], list(range(1, 13)) + [30, 0]])
    mask = torch.tensor([[1] * 14, [1] * 13 + [0]])
    late = torch.zeros(2, 13, dtype=torch.bool)
    late[:, 12] = True
    assert shared_length(ids, mask, late) == 12          # rows differ at index 12
    early = late.clone()
    early[1, 9] = True                                   # row 1's first target is read at position 9
    assert shared_length(ids, mask, early) == 9
    early[1, 3] = True
    assert shared_length(ids, mask, early) == 0          # 3 tokens: below MIN_SHARED
    assert shared_length(ids[:1], mask[:1], late[:1]) == 0


def test_shared_prefix_pass_gives_the_plain_loss_and_gradients():
    from trainers.fitting.losses import answer_only_loss

    prefix = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]
    rows = [prefix + [7, 8, 11, 12], prefix + [9, 12], prefix + [2, 7, 7, 10, 12]]
    width = max(map(len, rows))
    ids = torch.tensor([r + [0] * (width - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (width - len(r)) for r in rows])
    labels = torch.tensor([[-100] * (len(r) - 2) + r[-2:] + [-100] * (width - len(r)) for r in rows])
    batch = {"input_ids": ids, "attention_mask": mask, "labels": labels}
    model = _tiny_llama(3)
    loss, n = answer_only_loss(model, batch)
    loss.backward()
    shared_grads = [p.grad.clone() for p in model.parameters()]
    model.zero_grad()
    full = model(input_ids=ids, attention_mask=mask).logits
    plain = torch.nn.functional.cross_entropy(full[:, :-1].reshape(-1, 13), labels[:, 1:].reshape(-1),
                                              ignore_index=-100, reduction="sum")
    plain.backward()
    assert n == 6 and float(loss) == pytest.approx(float(plain), rel=1e-5)
    for shared, p in zip(shared_grads, model.parameters()):
        assert torch.allclose(shared, p.grad, atol=1e-6, rtol=1e-4)
