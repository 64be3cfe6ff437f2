"""NLM from knowledge (issue 15): the soft-label loss against a hand-computed case, the embedding transfer's
invariants, and a smoke run that distils a teacher's label probabilities and starts from SmolLM2's table."""
from __future__ import annotations

import json
import math

import pytest
import torch

from conftest import read_json, run_cli


class _Head(torch.nn.Module):
    """A 'model' whose decoder is the identity over fixed hidden states and whose head is a fixed matrix."""

    def __init__(self, hidden: torch.Tensor, head: torch.Tensor) -> None:
        super().__init__()
        self.hidden, self.head = hidden, torch.nn.Linear(head.shape[1], head.shape[0], bias=False)
        self.head.weight.data = head

    def forward(self, input_ids=None, attention_mask=None):
        class Out:
            logits = self.head(self.hidden)
        return Out()


def test_soft_label_loss_mixes_gold_and_teacher_at_the_first_answer_token_only():
    from trainers.teaching.soft_labels import soft_label_loss

    torch.manual_seed(0)
    hidden = torch.randn(1, 4, 3)
    model = _Head(hidden, torch.randn(5, 3))  # 5-token vocabulary
    # positions 0..3; labels shifted by one: answer tokens at input positions 2 and 3 (read at 1 and 2)
    batch = {"input_ids": torch.zeros(1, 4, dtype=torch.long), "attention_mask": torch.ones(1, 4, dtype=torch.long),
             "labels": torch.tensor([[-100, -100, 1, 4]]), "soft": [((1, 2), (0.7, 0.3))]}
    w = 0.25
    total, count = soft_label_loss(w)(model, batch)
    logp = torch.log_softmax(model.head(hidden)[0], -1)
    first_gold, second_gold = -logp[1, 1], -logp[2, 4]
    soft = -(0.7 * logp[1, 1] + 0.3 * logp[1, 2])
    by_hand = (1 - w) * first_gold + w * soft + second_gold
    assert count == 2 and float(total) == pytest.approx(float(by_hand), rel=1e-6)
    batch["soft"] = [None]
    plain, _ = soft_label_loss(w)(model, batch)
    assert float(plain) == pytest.approx(float(first_gold + second_gold), rel=1e-6)


def test_embedding_transfer_gives_same_text_same_vector_and_keeps_the_init_spread(smollm2_folder):
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    from trainers.teaching.embedding_transfer import transfer

    tokenizer = AutoTokenizer.from_pretrained(smollm2_folder)
    torch.manual_seed(0)
    model = LlamaForCausalLM(LlamaConfig(vocab_size=len(tokenizer), hidden_size=16, intermediate_size=32,
                                         num_hidden_layers=1, num_attention_heads=2, num_key_value_heads=2,
                                         tie_word_embeddings=True))
    before = model.get_input_embeddings().weight.detach().clone()
    stats = transfer(model, tokenizer, f"hf:{smollm2_folder}")
    table = model.get_input_embeddings().weight.detach()
    assert stats["tokens"] == len(tokenizer) and 0 < stats["explained_variance"] < 1
    assert float(table.std()) == pytest.approx(float(before.std()), rel=1e-3)
    # the same tokenizer on both sides: each token is its own source, so the table is a linear image of
    # SmolLM2's: its nearest neighbours must be SmolLM2's own (here: a token's case variants stay close)
    ids = [tokenizer(w, add_special_tokens=False)["input_ids"] for w in (" free", " Free", " kitchen")]
    assert all(len(i) == 1 for i in ids), ids
    free, Free, kitchen = (table[i[0]] for i in ids)
    cos = torch.nn.functional.cosine_similarity
    assert float(cos(free, Free, dim=0)) > float(cos(free, kitchen, dim=0))
    assert torch.equal(model.lm_head.weight, model.get_input_embeddings().weight)  # tied: the head follows


SMOKE = ["threads=1", "progress=false", "model.architecture.hidden_size=64", "model.architecture.num_hidden_layers=2",
         "model.architecture.intermediate_size=128", "model.architecture.num_attention_heads=2",
         "model.architecture.num_key_value_heads=2", "objective.tokenizer.vocab_size=1024", "data.limit=24",
         "data.val_limit=4", "batch_size=8", "schedule.max_steps=20", "schedule.warmup_steps=0",
         "schedule.type=constant", "optimizer.lr=1.0e-2", "eval_every=10", "save_every=10", "log_every=1",
         "eval.tasks=[edge_spam]", "eval.limit=2", "eval.batch_size=2", "data.tasks=[edge_spam,edge_pii]",
         "objective.train_per_template={}", "objective.augment={copies: 0}"]


def test_nlm_smoke_run_with_a_teacher_and_transferred_embeddings_learns(tmp_path, smollm2_folder, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))
    out = tmp_path / "nlm"
    sets = SMOKE + [f"objective.teacher=hf:{smollm2_folder}", "objective.teacher_weight=0.5",
                    f"objective.init_embeddings=hf:{smollm2_folder}"]
    run_cli("train", "nlm-5m-filter", *[a for s in sets for a in ("--set", s)], "--out", str(out), timeout=600,
            env={"EDGEBENCH_CACHE": str(tmp_path / "cache")})
    summary = read_json(out / "training" / "summary.json")
    teacher = summary["data"]["teacher"]
    assert teacher["rows"] == summary["data"]["rows"]["edge_spam"] > 0  # every spam train row, no PII row
    assert 0 <= teacher["teacher_agrees_with_gold"] <= teacher["rows"]
    assert summary["data"]["init_embeddings"]["tokens"] == summary["data"]["vocab_size"]
    log = [json.loads(line) for line in (out / "training" / "log.jsonl").read_text().splitlines()]
    loss = {r["step"]: r["loss"] for r in log if "loss" in r}
    assert (loss[19] + loss[20]) / 2 < 0.8 * (loss[1] + loss[2]) / 2, loss
    cached = list((tmp_path / "cache" / "soft-labels").glob("*.json"))
    assert len(cached) == 1 and len(json.loads(cached[0].read_text())) == teacher["rows"]
    assert all(math.isclose(sum(p), 1.0, rel_tol=1e-6) for p in json.loads(cached[0].read_text()))


@pytest.mark.parametrize("pretokenizer, alike", [("copyable", True), ("gpt2", False)])
def test_copyable_bpe_tokenizes_a_value_alike_in_a_message_and_quoted_in_a_json_answer(pretokenizer, alike):
    from trainers.corpus.bpe import train_bpe

    corpus = ['Dear Lisa Wong, call (255)848-7087 or mail lisa.w@example.net today.',
              '[{"type": "person", "text": "Lisa Wong"}, {"type": "phone", "text": "(255)848-7087"}]'] * 20
    tok = train_bpe(corpus, 400, min_frequency=1, pretokenizer=pretokenizer)
    message = tok("Dear Lisa Wong, call (255)848-7087 today.", add_special_tokens=False)["input_ids"]
    for value in ("Lisa Wong", "(255)848-7087"):
        quoted = tok(f'"text": "{value}"}}', add_special_tokens=False)["input_ids"]
        own = tok(value, add_special_tokens=False)["input_ids"]
        inside = any(message[i:i + len(own)] == own for i in range(len(message)))
        in_answer = any(quoted[i:i + len(own)] == own for i in range(len(quoted)))
        assert (inside and in_answer) == alike, (value, tok.convert_ids_to_tokens(message), tok.convert_ids_to_tokens(quoted))
    assert tok.decode(message) == "Dear Lisa Wong, call (255)848-7087 today."


def test_teacher_soft_labels_resume_from_the_rows_already_scored(tmp_path, monkeypatch):
    """A run killed while the teacher scores keeps the rows it scored (a .partial.jsonl beside the cache
    entry): the next run scores only the rest, and the answer is the uninterrupted run's."""
    from trainers.teaching.soft_labels import SoftLabels

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path / "cache"))

    class Task:
        name, family, labels = "fake_filter", "binary_filter", ["spam", "ham"]

        def request(self, doc):
            class Req:
                def key(self_):
                    return f"row-{doc['i']}"
            return Req()

        @staticmethod
        def label_values(result):
            return [result, 0.0]

    class Backend:
        scored, fail_after = [], None

        def info(self):
            return {"hash": "teacher-weights", "dtype": "float32"}

        def score(self, requests):
            if Backend.fail_after is not None and len(Backend.scored) >= Backend.fail_after:
                raise KeyboardInterrupt  # the run is killed here
            Backend.scored += [r.key() for r in requests]
            return [float(r.key().split("-")[1]) / 10 for r in requests]

    monkeypatch.setattr("edgebench.models.load_backend", lambda spec, **_: Backend())
    tokenizer = lambda text, add_special_tokens=False: {"input_ids": [{"spam": 5, "ham": 6}[text]]}

    def labels():
        soft = SoftLabels("hf:fake", tokenizer, batch_size=1, progress=False)  # chunks of 4 rows
        for i in range(10):
            soft.want(Task(), {"i": i})
        return soft

    Backend.fail_after = 4
    with pytest.raises(KeyboardInterrupt):
        labels().probabilities()
    assert Backend.scored == [f"row-{i}" for i in range(4)]
    Backend.fail_after = None
    got = labels().probabilities()
    assert Backend.scored == [f"row-{i}" for i in range(10)]  # rows 0-3 were not scored again
    want = [[math.exp(i / 10) / (math.exp(i / 10) + 1), 1 / (math.exp(i / 10) + 1)] for i in range(10)]
    assert [p for row in got for p in row] == pytest.approx([p for row in want for p in row])
    assert not list((tmp_path / "cache" / "soft-labels").glob("*.partial.jsonl"))
    assert labels().probabilities() == got and len(Backend.scored) == 10  # the finished entry: no scoring at all
