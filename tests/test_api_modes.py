"""The API's modes (issue 17): verify, explain, aggregate, guard, on a tiny model, on SmolLM2 and through a
scripted backend; and the README's example of each mode, run as written (on a tiny model)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, tiny_llama
from edgebench.api.model import Model
from edgebench.backends.base import GenerateResult, ScoreResult
from edgebench.errors import EdgeBenchError
from test_modes_tasks import Scripted, user_text


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, smollm2_folder):
    return tiny_llama(tmp_path_factory.mktemp("api-modes") / "tiny", smollm2_folder, layers=1, max_positions=4096)


@pytest.fixture(scope="module")
def model(tiny):
    import edgebench

    return edgebench.load(f"hf:{tiny}", cache=False)


def builtin(name):
    from edgebench.api.prompts import builtin as b

    return b(name)


SCHEMA = {"type": "object", "required": ["amount", "currency"], "additionalProperties": False,
          "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}}}


# -- verify -----------------------------------------------------------------------------------------
def test_verify_is_the_benchmarks_verdict_on_an_edge_verify_row(model):
    from edgebench.api import prompts
    from edgebench.evaluator import RunSettings, run_task

    task = builtin("edge_verify")
    outcome = run_task(task, model.backend, None, RunSettings(limit=6, progress=False, bootstrap_iters=10))
    for doc, record in zip(task.docs("test", 6), outcome.records):
        candidate = json.loads(doc["candidate"]) if doc["what"] == "JSON object" else doc["candidate"]
        schema = json.loads(doc["schema"]) if doc["schema"] else None
        labels = json.loads(doc["labels"]) if doc["labels"] else None
        request = task.request(prompts.verify_doc(doc["text"], candidate, schema, labels))
        assert request == task.request(doc)  # the same prompt the benchmark scored
        verdict = model.verify(doc["text"], candidate, schema=schema, labels=labels)
        assert verdict.ok == (record["pred"] == "ok") and verdict.problems == record["problems"]
        assert 0.5 <= verdict.confidence <= 1.0


def test_verify_rules_name_the_problem_whatever_the_model_says(model):
    v = model.verify("Paid 19.90 EUR", {"amount": 19.9}, schema=SCHEMA)
    assert not v.ok and v.confidence == 1.0 and any("currency" in p for p in v.problems)
    v = model.verify("wake me at 6", "order_pizza", labels=["set_alarm", "play_music"])
    assert not v.ok and v.problems == ["'order_pizza' is not one of the offered labels"]
    with pytest.raises(EdgeBenchError, match="candidate must be"):
        model.verify("text", 42)
    with pytest.raises(EdgeBenchError, match="one each"):
        model.verify_many(["a", "b"], ["x"])


def test_verify_runs_on_the_sklearn_baseline():
    import edgebench

    m = edgebench.load("sklearn:tfidf-lr", cache=False)
    verdicts = m.verify_many(["Paid 19.90 EUR", "wake me at 6"], [{"amount": 19.9, "currency": "EUR"}, "set_alarm"])
    assert all(isinstance(v.ok, bool) and 0.5 <= v.confidence <= 1.0 for v in verdicts)


# -- explain ----------------------------------------------------------------------------------------
def test_explain_reads_the_label_after_the_thought_and_keeps_the_scores():
    labels = ["transfer_money", "check_balance"]
    backend = Scripted(generate=lambda r: '[THOUGHT] "savings" is where it goes [/THOUGHT] {"intent": "transfer_money"}',
                       score=lambda r: [-2.0, -0.5])  # the scored label alone would be check_balance
    m = Model(backend)
    plain = m.predict_intent("move $50 to savings", labels)
    p = m.predict_intent("move $50 to savings", labels, explain=True)
    assert plain.label == "check_balance" and plain.rationale is None
    assert p.label == "transfer_money" and p.rationale == '"savings" is where it goes'
    assert p.scores == plain.scores and p.confidence == plain.scores["transfer_money"]
    # an unreadable answer: the scored label, no rationale
    m = Model(Scripted(generate=lambda r: "no idea", score=lambda r: [-2.0, -0.5]))
    p = m.predict_intent("move $50 to savings", labels, explain=True)
    assert p.label == "check_balance" and p.rationale is None


def test_explain_request_lists_the_offered_labels(model):
    from edgebench.api import prompts

    task = prompts.explain_task(["lights_on", "lights_off"])
    request = task.request(prompts.text_doc("dim it"))
    assert "lights_on, lights_off" in request.messages[0][1] and request.kind == "generate"
    p = model.predict_intent("dim it", ["lights_on", "lights_off"], explain=True)
    assert p.label in ("lights_on", "lights_off")


# -- aggregate --------------------------------------------------------------------------------------
def test_aggregate_carries_the_state_and_never_the_history():
    seen = []

    def answer(request):
        text = user_text(request)
        seen.append(text)
        n = len(seen)
        return json.dumps({"parties": [f"P{i}" for i in range(1, n + 1)], "total_amount": 10.0 * n})

    schema = {"type": "object", "properties": {"parties": {"type": "array", "items": {"type": "string"}},
                                               "total_amount": {"type": "number"}}}
    m = Model(Scripted(generate=answer))
    state = m.aggregate(["first doc ALPHA", "second doc BRAVO", "third doc CHARLIE"], schema)
    assert state == {"parties": ["P1", "P2", "P3"], "total_amount": 30.0}
    assert "ALPHA" in seen[0] and "ALPHA" not in seen[1] and "BRAVO" not in seen[2]  # one document per request
    assert '{"parties":["P1"],"total_amount":10.0}' in seen[1]  # the running state is the prefix
    more = m.aggregate(["fourth doc DELTA"], schema, state=state)
    assert '"P3"' in seen[3] and more["total_amount"] == 40.0  # a returned state goes on


def test_aggregate_locked_states_validate_and_garbage_is_one_line(model):
    from jsonschema import Draft202012Validator

    schema = {"type": "object", "required": ["total_amount"], "additionalProperties": False,
              "properties": {"total_amount": {"type": "number"}}}
    state = model.aggregate(["Invoice: $120.00", "Refund: $20.00"], schema)
    assert Draft202012Validator(schema).is_valid(state)
    m = Model(Scripted(generate=lambda r: "no json here"))
    with pytest.raises(EdgeBenchError, match="wrote no JSON object in any of the 2 rounds"):
        m.aggregate(["a", "b"], schema, lock=False)
    with pytest.raises(EdgeBenchError, match="docs must be"):
        model.aggregate("one string", schema)


def test_edge_aggregate_rounds_through_the_evaluator_count_tokens():
    from edgebench.evaluator import RunSettings, run_task

    task = builtin("edge_aggregate")
    doc = task.docs("test", 1)[0]
    gold = doc["gold"]
    backend = Scripted(generate=lambda r: gold)  # a perfect summariser
    outcome = run_task(task, backend, None, RunSettings(limit=1, progress=False, bootstrap_iters=10))
    record = outcome.records[0]
    assert len(backend.calls) == doc["n_docs"] and all(c == ("generate", 1) for c in backend.calls)
    assert record["scores"]["json_exact"] == 1.0 and record["scores"]["state_parse_rate"] == 1.0
    assert record["tokens_read"] > 0 and record["scores"]["context_ratio"] < 1.0
    assert outcome.cost["rounds"] == doc["n_docs"] and outcome.cost["requests"] == doc["n_docs"]
    once = builtin("edge_aggregate_all")
    backend = Scripted(generate=lambda r: gold)
    outcome = run_task(once, backend, None, RunSettings(limit=1, progress=False, bootstrap_iters=10))
    assert backend.calls == [("generate", 1)] and outcome.records[0]["scores"]["json_exact"] == 1.0
    assert abs(outcome.records[0]["scores"]["read_ratio"] - 1.0) < 1e-9


# -- guard ------------------------------------------------------------------------------------------
def test_guard_rules_route_sensitive_pii_to_compliance_and_redact():
    text = "Hi, it's Lisa Park, card 4111 1111 1111 1111 was charged twice."

    def generate(request):
        return json.dumps([{"type": "person", "text": "Lisa Park"}, {"type": "card_number", "text": "4111 1111 1111 1111"}])

    # spam/toxicity: the second label (ham / ok) wins; the route: "normal" (the third) wins
    m = Model(Scripted(generate=generate, score=lambda r: [-5.0, -0.1] if len(r.continuations) == 2 else [-3, -3, -0.1]))
    g = m.guard(text)
    assert g.route == "compliance" and g.flags == {"pii": True, "spam": False, "toxic": False}
    assert g.redacted == "Hi, it's [PERSON], card [CARD_NUMBER] was charged twice."
    assert [s.text for s in g.spans] == ["Lisa Park", "4111 1111 1111 1111"]
    assert max(g.route_scores, key=g.route_scores.get) == "normal"  # the model's own route, before the rules


def test_guard_on_a_tiny_model_is_the_benchmarks_record(model):
    from edgebench.evaluator import RunSettings, run_task

    task = builtin("edge_guard")
    outcome = run_task(task, model.backend, None, RunSettings(limit=2, progress=False, bootstrap_iters=10))
    for doc, record in zip(task.docs("test", 2), outcome.records):
        g = model.guard(doc["text"])
        assert g.route == record["pred"]["route"] and g.flags == record["pred"]["flags"]
        assert g.redacted == record["redacted"]


# -- the README's examples --------------------------------------------------------------------------
def readme_mode_blocks() -> list[str]:
    text = (REPO / "README.md").read_text()
    section = text[text.index("### The modes: verify, explain, aggregate, guard"):text.index("## Writing a plugin")]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_readme_has_a_short_example_per_mode():
    blocks = readme_mode_blocks()
    assert len(blocks) == 4
    for block, call in zip(blocks, ("m.verify(", "explain=True", "m.aggregate(", "m.guard(")):
        assert call in block and len(block.strip().splitlines()) <= 10


@pytest.mark.parametrize("index", range(4))
def test_readme_mode_example_runs(index, tiny, capsys):
    block = readme_mode_blocks()[index].replace('"hf:SmolLM2-135M-Instruct"', repr(f"hf:{tiny}"))
    assert f"hf:{tiny}" in block
    exec(compile(block, f"README mode example {index + 1}", "exec"), {})
    assert capsys.readouterr().out.strip()  # each example prints what it got


def test_smollm2_runs_each_mode(smollm2_folder, tmp_path):
    import edgebench

    m = edgebench.load("hf:SmolLM2-135M-Instruct", cache=tmp_path / "responses.sqlite")
    assert not m.verify("Paid 19.90 EUR", {"amount": 19.9}, schema=SCHEMA).ok
    p = m.predict_intent("move $50 from checking to savings", ["transfer_money", "check_balance"], explain=True)
    assert p.label in ("transfer_money", "check_balance")
    g = m.guard("My SSN is 123-45-6789, please update my file.")
    assert g.route in ("legal", "compliance", "normal") and set(g.flags) == {"pii", "spam", "toxic"}
    schema = {"type": "object", "required": ["total_amount"], "properties": {"total_amount": {"type": "number"}}}
    state = m.aggregate(["Invoice from Brightline Plumbing: $120.00", "Refund of $20.00"], schema)
    assert isinstance(state["total_amount"], (int, float))
