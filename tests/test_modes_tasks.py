"""The app modes' tasks (issue 17): explain, verify, aggregate, guard. Metrics against hand-computed
cases, the rules stated in code, and the rounds a task asks in, through a scripted backend."""
from __future__ import annotations

import json
import math

import pytest

from edgebench.backends.base import Backend, GenerateResult, ScoreResult
from edgebench.errors import EdgeBenchError
from edgebench.evaluator import RunSettings, run_task
from edgebench.metrics import modes
from edgebench.tasks import steps
from edgebench.tasks.modes.explain import cited, grounded, split_thought


def task(name):
    from edgebench.api.prompts import builtin

    return builtin(name)


class Scripted(Backend):
    """Answers from functions of the request; counts calls per kind."""

    scheme = "scripted"

    def __init__(self, spec="scripted:x", generate=None, score=None, **kw):
        super().__init__(spec, **kw)
        self._generate = generate or (lambda r: "{}")
        self._score = score or (lambda r: [-1.0 - i for i in range(len(r.continuations))])
        self.calls: list[tuple[str, int]] = []

    def generate(self, requests):
        self.calls.append(("generate", len(requests)))
        return [GenerateResult(text=self._generate(r), prompt_tokens=len(r.messages[-1][1]) // 4,
                               completion_tokens=5) for r in requests]

    def score(self, requests):
        self.calls.append(("score", len(requests)))
        return [ScoreResult(logprobs=list(self._score(r)), num_tokens=[1] * len(r.continuations)) for r in requests]

    def info(self):
        return {"backend": "scripted", "spec": self.spec, "hash": "scripted"}


def user_text(request) -> str:
    return request.messages[-1][1] if request.messages else request.prompt


# -- explain ----------------------------------------------------------------------------------------
def test_thought_is_split_and_its_words_never_change_the_label():
    t = task("edge_intent_explain")
    doc = {"text": "please move $50 from checking to savings", "label": "transfer_money", "id": "x"}
    answer = '[THOUGHT] "move" and "savings" mean a transfer, not check_balance [/THOUGHT] {"intent": "transfer_money"}'
    record = t.process(doc, GenerateResult(text=answer))
    stripped = t.process(doc, GenerateResult(text=split_thought(answer)[1]))
    assert record["pred"] == stripped["pred"] == "transfer_money"
    assert record["scores"]["top1"] == stripped["scores"]["top1"] == 1
    assert record["cited"] == ["move", "savings"] and record["scores"]["grounded"] == 1
    # a thought naming another label, with the JSON's label unchanged: still read from the JSON
    other = '[THOUGHT] "savings" could be {"intent": "check_balance"} [/THOUGHT] {"intent": "transfer_money"}'
    assert t.process(doc, GenerateResult(text=other))["pred"] == "transfer_money"
    assert stripped["error"] == "no_thought" and stripped["scores"]["parsed"] == 0
    # a block opened and never closed ends where the JSON begins
    unclosed = t.process(doc, GenerateResult(text='[THOUGHT] "move" it to "savings"\n{"intent": "transfer_money"}'))
    assert unclosed["rationale"] == '"move" it to "savings"' and unclosed["pred"] == "transfer_money"
    assert unclosed["error"] is None and unclosed["scores"]["explained"] == 1


def test_grounding_hand_cases():
    msg = "Could you turn on the kitchen lights?"
    assert grounded('"kitchen lights" is a lights request', msg)
    assert grounded("'turn on' the 'Kitchen'", msg)  # case-blind
    assert not grounded('"bedroom" lights', msg)  # a quote the message does not hold
    assert not grounded('"kitchen" and "lamp"', msg)  # every quote must be there
    assert not grounded("it is about lights", msg)  # no quote at all
    assert not grounded('"kit"', msg)  # whole words only
    assert not grounded(None, msg)
    assert cited('“turn on” and "lights"') == ["turn on", "lights"]


def test_explain_metrics_hand_computed():
    records = [{"scores": {"parsed": 1, "grounded": 1, "explained": 1}},
               {"scores": {"parsed": 1, "grounded": 0, "explained": 0}},
               {"scores": {"parsed": 0, "grounded": 0, "explained": 0}},
               {"scores": {"parsed": 1, "grounded": 1, "explained": 0}}]
    assert modes.explain_parse_rate(records) == 0.75
    assert modes.rationale_grounded(records) == 0.5
    assert modes.explained_acc(records) == 0.25


# -- verify -----------------------------------------------------------------------------------------
def test_verify_candidates_follow_their_sources_splits_and_corruptions():
    t = task("edge_verify")
    test, train = t.dataset["test"], t.dataset["train"]
    assert len(test) == 300 and set(test["label"]) == {"ok", "wrong"}
    assert not set(test["frame"]) & set(train["frame"])  # held-out frames stay held out
    json_task = task("edge_json")
    by_id = {r["id"]: r for r in json_task.dataset["test"]}
    for row in test:
        if row["what"] != "JSON object":
            labels = json.loads(row["labels"])
            assert row["candidate"] in labels
            continue
        gold = json.loads(by_id[row["source_id"]]["gold"])
        candidate = json.loads(row["candidate"])
        assert (candidate == gold) == (row["problem"] == "none")  # a corrupted candidate always differs
        if row["problem"] == "missing_field":
            assert set(candidate) == set(gold) - {row["field"]}


def test_verify_candidates_are_deterministic_per_seed():
    from edgebench.data.verify import candidates

    t = task("edge_verify")
    sources = t._sources()
    one = candidates.build(sources, seed=7, train_rows=40, test_rows=30, wrong_share=0.5)
    assert one == candidates.build(sources, seed=7, train_rows=40, test_rows=30, wrong_share=0.5)
    other = candidates.build(sources, seed=8, train_rows=40, test_rows=30, wrong_share=0.5)
    assert [r["candidate"] for r in one["test"]] != [r["candidate"] for r in other["test"]]
    problems = {r["problem"] for r in one["test"] + one["train"]}
    assert problems == {"none", "wrong_value", "missing_field", "wrong_label"}


def test_verify_rule_layer_and_model_verdict():
    t = task("edge_verify")
    row = next(r for r in t.docs("test") if r["what"] == "JSON object" and r["problem"] == "missing_field"
               and t._sources and json.loads(r["schema"]).get("required")
               and r["field"] in json.loads(r["schema"])["required"])
    says_ok = ScoreResult(logprobs=[-0.1, -3.0], num_tokens=[1, 1])  # labels [ok, wrong]
    record = t.process(row, says_ok)
    assert record["pred"] == "wrong" and record["score"] == 1.0  # the schema rejects it: wrong by rule
    assert any(row["field"] in p for p in record["problems"])
    fine = next(r for r in t.docs("test") if r["problem"] == "none")
    record = t.process(fine, says_ok)
    assert record["pred"] == "ok" and record["problems"] == [] and record["scores"]["top1"] == 1
    says_wrong = ScoreResult(logprobs=[-3.0, -0.1], num_tokens=[1, 1])
    record = t.process(fine, says_wrong)
    assert record["pred"] == "wrong" and record["problems"] and record["score"] > 0.9


# -- rounds -----------------------------------------------------------------------------------------
def test_one_request_tasks_ask_once_and_records_are_unchanged():
    t = task("edge_spam")
    docs = t.docs("test", 4)
    backend = Scripted()
    answers = steps.run_rounds(t, docs, lambda rs: backend.score(rs))
    assert [len(a) for a in answers] == [1, 1, 1, 1] and backend.calls == [("score", 4)]
    assert steps.process(t, docs[0], answers[0]) == t.process(docs[0], answers[0][0])


def test_guard_asks_four_things_in_one_round(monkeypatch):
    pytest.importorskip("edgebench.data.guard.guard_v2")
    t = task("edge_guard")
    doc = dict(t.docs("test")[0])
    requests = t.next_requests(doc, [])
    assert [r.kind for r in requests] == ["generate", "score", "score", "score"]
    assert requests[0] == task("edge_pii").request({"text": doc["text"], "spans": "[]"})  # edge_pii's own prompt
    assert requests[1] == task("edge_spam").request({"text": doc["text"], "label": ""})
    assert t.next_requests(doc, [GenerateResult(text="[]")] * 4) == []


def test_guard_rule_layer_hand_cases():
    pytest.importorskip("edgebench.data.guard.policy")
    from edgebench.tasks.modes.guard import decide

    card = [{"start": 0, "end": 16, "type": "card_number", "text": "4111111111111111"}]
    name = [{"start": 0, "end": 3, "type": "person", "text": "Ann"}]
    unlocated = [{"start": -1, "end": -1, "type": "card_number", "text": "4111"}]
    assert decide(card, False, False, "normal")["route"] == "compliance"
    assert decide(card, False, False, "legal")["route"] == "legal"
    assert decide(name, False, False, "normal") == {"flags": {"pii": True, "spam": False, "toxic": False},
                                                    "route": "normal"}
    assert decide(unlocated, True, False, "normal") == {"flags": {"pii": False, "spam": True, "toxic": False},
                                                        "route": "normal"}
    assert decide([], False, True, "compliance")["route"] == "compliance"


def test_guard_metrics_hand_computed():
    def rec(gold, pred, tp, fp, fn, flags, red):
        right = {"route": int(gold == pred), "flags": flags, "redaction_exact": red}
        return {"gold": {"route": gold}, "pred": {"route": pred},
                "scores": {**right, "tp": tp, "fp": fp, "fn": fn, "exact": int(all(right.values()))}}

    records = [rec("legal", "legal", 2, 0, 0, 1, 1), rec("legal", "normal", 0, 1, 1, 1, 0),
               rec("normal", "normal", 1, 0, 1, 0, 0), rec("compliance", "legal", 0, 0, 0, 1, 1)]
    assert modes.route_acc(records) == 0.5
    # legal: tp 1 fp 1 fn 1 -> 0.5; normal: tp 1 fp 1 fn 0 -> 2/3; compliance: tp 0 fn 1 -> 0
    assert math.isclose(modes.route_macro_f1(records), (0.5 + 2 / 3 + 0) / 3)
    assert modes.flag_acc(records) == 0.75
    assert math.isclose(modes.guard_span_f1(records), 2 * 3 / (2 * 3 + 1 + 2))
    assert modes.guard_redaction_exact(records) == 0.5
    assert modes.guard_exact(records) == 0.25


def test_aggregate_metrics_hand_computed_and_skip_unknown_token_counts():
    records = [{"scores": {"state_parse_rate": 1.0, "read_ratio": 1.5, "context_ratio": 0.25}},
               {"scores": {"state_parse_rate": 0.5, "read_ratio": 2.5, "context_ratio": 0.75}},
               {"scores": {"state_parse_rate": 0.0, "read_ratio": None, "context_ratio": None}}]
    assert modes.state_parse_rate(records) == 0.5
    assert modes.read_ratio(records) == 2.0 and modes.context_ratio(records) == 0.5
    assert not modes.read_ratio.applies(records[2:])
