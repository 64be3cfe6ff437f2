"""edgebench.load(spec): typed calls built from the built-in tasks' own requests, through the response cache."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import tiny_llama
from edgebench.errors import EdgeBenchError

# every built-in EdgeJSON schema (the 26 of the three levels), locked
from edgebench.data.extraction.edge_json import SPECS  # noqa: E402

JSON_SCHEMAS = sorted(SPECS)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, smollm2_folder):
    """A random 1-layer Llama with SmolLM2's tokenizer (its chat template and vocabulary)."""
    return tiny_llama(tmp_path_factory.mktemp("api") / "tiny", smollm2_folder, layers=1, max_positions=2048)


@pytest.fixture(scope="module")
def model(tiny):
    import edgebench

    return edgebench.load(f"hf:{tiny}", cache=False)


def builtin(name):
    from edgebench.api import prompts

    return prompts.builtin(name)


def row(task_name, where=lambda r: True):
    return next(r for r in builtin(task_name).docs("test") if where(r))


def counting(backend):
    """Wrap the backend's generate and score; returns the list of (kind, n requests) of each call."""
    calls = []
    for kind in ("generate", "score"):
        method = getattr(backend, kind)

        def wrapper(requests, _method=method, _kind=kind):
            calls.append((_kind, len(requests)))
            return _method(requests)

        setattr(backend, kind, wrapper)
    return calls


def one_line_error(fn, *args, **kwargs) -> str:
    with pytest.raises(EdgeBenchError) as info:
        fn(*args, **kwargs)
    message = str(info.value)
    assert message and "\n" not in message, message
    return message


def test_import_edgebench_stays_cheap_and_exports_load():
    code = ("import sys, edgebench; assert 'torch' not in sys.modules and 'datasets' not in sys.modules; "
            "from edgebench.api.types import Prediction; assert edgebench.Prediction is Prediction; "
            "assert callable(edgebench.load); print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


# -- the same requests as the benchmark (no model needed) ---------------------------------------------
def test_each_call_builds_its_tasks_own_request_for_a_test_row():
    from edgebench.api import prompts
    from edgebench.tasks.locking import with_lock

    intent = builtin("edge_intent")
    r = row("edge_intent")
    assert prompts.intent_task(intent.labels).request(prompts.text_doc(r["text"])) == intent.request(r)
    # other labels: the same prompt, those labels scored
    other = prompts.intent_task(["a_b", "c_d"]).request(prompts.text_doc(r["text"]))
    assert other.messages == intent.request(r).messages and other.continuations == ("a_b", "c_d")
    for name, labels in (("edge_spam", ["ham", "spam"]), ("edge_toxicity", ["toxic", "ok"])):
        task, r = builtin(name), row(name)
        assert prompts.filter_task(labels) is task
        assert task.request(prompts.text_doc(r["text"])) == task.request(r)
    js, r = builtin("edge_json"), row("edge_json")
    for lock in (False, True):
        task, schema_name = prompts.json_task(js.schemas[r["schema"]], lock)
        assert task.request(prompts.json_doc(r["text"], schema_name)) == with_lock(js, lock).request(r)
    fc, r = builtin("edge_funccall"), row("edge_funccall")
    functions = prompts.check_functions(json.loads(r["functions"]))
    assert prompts.funccall_task(True).request(prompts.funccall_doc(r["text"], functions)) \
        == with_lock(fc, True).request(r)
    pii, r = builtin("edge_pii"), row("edge_pii")
    assert prompts.pii_task(True).request(prompts.pii_doc(r["text"])) == with_lock(pii, True).request(r)


def test_predict_intent_is_the_benchmarks_pred_for_an_edge_intent_row(model):
    from edgebench.api import prompts
    from edgebench.evaluator import RunSettings, run_task

    task, r = builtin("edge_intent"), row("edge_intent")
    outcome = run_task(task, model.backend, None, RunSettings(limit=1, progress=False, bootstrap_iters=10))
    record = outcome.records[0]
    assert record["input"] == r["text"]
    doc = prompts.text_doc(r["text"])
    api_request = model.requests(prompts.intent_task(task.labels), [doc])[0]
    assert model.backend.render(api_request.prompt, api_request.messages) \
        == model.backend.render(task.request(r).prompt, task.request(r).messages)
    prediction = model.predict_intent(r["text"], task.labels)
    assert prediction.label == record["pred"]
    assert sorted(prediction.scores, key=lambda label: -prediction.scores[label]) == record["ranking"]


# -- types and contracts on a tiny model -------------------------------------------------------------
def test_predict_intent_and_classify_give_predictions_over_the_offered_labels(model):
    from edgebench.api.types import Prediction

    labels = ["set_alarm", "play_music", "weather_forecast"]
    p = model.predict_intent("wake me at 6:30 tomorrow", labels)
    assert isinstance(p, Prediction) and p.label in labels and set(p.scores) == set(labels)
    assert abs(sum(p.scores.values()) - 1) < 1e-6 and p.confidence == p.scores[p.label] == max(p.scores.values())
    for labels in (["spam", "ham"], ["ok", "toxic"]):
        c = model.classify("WIN a free cruise, reply YES now", labels)
        assert isinstance(c, Prediction) and c.label in labels and set(c.scores) == set(labels)
        assert c.confidence == max(c.scores.values())


def test_classify_confidence_is_the_benchmarks_positive_score(model):
    from edgebench.evaluator import RunSettings, run_task

    task = builtin("edge_spam")
    record = run_task(task, model.backend, None, RunSettings(limit=1, progress=False, bootstrap_iters=10)).records[0]
    c = model.classify(record["input"], ["spam", "ham"])
    assert c.label == record["pred"] and abs(c.scores["spam"] - record["score"]) < 1e-9


@pytest.mark.parametrize("schema_name", JSON_SCHEMAS)
def test_locked_extract_json_validates_against_each_builtin_schema(model, schema_name):
    from edgebench.metrics.json import schema_validator

    schema = builtin("edge_json").schemas[schema_name]
    text = row("edge_json", lambda r: r["schema"] == schema_name)["text"]
    out = model.extract_json(text, schema)
    assert isinstance(out, dict)
    errors = [e.message for e in schema_validator(schema).iter_errors(out)]
    assert not errors, errors


def test_call_function_calls_only_offered_functions(model):
    from edgebench.api.types import Call

    r = row("edge_funccall", lambda r: r["category"] == "multiple")
    functions = json.loads(r["functions"])
    calls = model.call_function(r["text"], functions)
    assert isinstance(calls, list) and all(isinstance(c, Call) for c in calls)
    assert {c.name for c in calls} <= {f["name"] for f in functions}
    params = {f["name"]: set(f["parameters"]["properties"]) for f in functions}
    assert all(isinstance(c.arguments, dict) and set(c.arguments) <= params[c.name] for c in calls)
    # locked, at most one call per offered function (edge_funccall's lock)
    assert len(calls) <= len(functions)


def test_find_pii_gives_spans_of_the_message(model):
    from edgebench.api.types import Span

    text = "Hi, I'm Ann Lee, call me on 555-0142 or mail ann.lee@example.com"
    spans = model.find_pii(text)
    assert isinstance(spans, list) and all(isinstance(s, Span) for s in spans)
    types = builtin("edge_pii").types
    assert all(text[s.start:s.end] == s.text and s.type in types for s in spans)


def test_batch_forms_equal_single_forms(model):
    texts = ["set an alarm for 7", "play some jazz", "will it rain in Oslo?"]
    labels = ["set_alarm", "play_music", "weather_forecast"]
    # float32 scores of a row move in the 7th digit with what it is batched with (MKL picks kernels by batch size)
    alike(model.predict_intent_many(texts, labels), [model.predict_intent(t, labels) for t in texts])
    alike(model.classify_many(texts, ["toxic", "ok"]), [model.classify(t, ["toxic", "ok"]) for t in texts])
    schema = builtin("edge_json").schemas["otp_code"]
    codes = ["Your code is 482913, valid 5 minutes.", "Use 7731 to sign in to Bank of Oslo."]
    assert model.extract_json_many(codes, schema) == [model.extract_json(t, schema) for t in codes]
    r = row("edge_funccall", lambda r: r["category"] == "multiple")
    functions = json.loads(r["functions"])
    asks = [r["text"], "turn the flashlight on"]
    assert model.call_function_many(asks, functions) == [model.call_function(t, functions) for t in asks]
    messages = ["Ann Lee, 555-0142", "order 12345 ships today"]
    assert model.find_pii_many(messages) == [model.find_pii(t) for t in messages]
    assert model.predict_intent_many([], labels) == []


def alike(batch, single):
    """The same labels, and scores equal to 1e-6."""
    import pytest

    assert [p.label for p in batch] == [p.label for p in single]
    for a, b in zip(batch, single):
        assert a.scores == pytest.approx(b.scores, abs=1e-6) and a.confidence == pytest.approx(b.confidence, abs=1e-6)


def test_bad_inputs_are_one_line_edgebench_errors(model):
    import edgebench

    assert "available offline" in one_line_error(edgebench.load, "nosuchscheme:model")
    assert "available offline" in one_line_error(edgebench.load, "hf:no-such-model-anywhere")
    one_line_error(model.predict_intent, "hello", [])
    one_line_error(model.predict_intent, "hello", ["only_one"])
    one_line_error(model.predict_intent, "hello", ["a", "a"])
    one_line_error(model.predict_intent, 42, ["a", "b"])
    assert "toxic/ok" in one_line_error(model.classify, "hello", ["good", "bad"])
    assert "not a JSON Schema" in one_line_error(model.extract_json, "x", {"type": 5})
    one_line_error(model.extract_json, "x", "{not json")
    one_line_error(model.extract_json, "x", ["type", "object"])
    one_line_error(model.extract_json, "x", {"type": "array"})
    one_line_error(model.call_function, "x", "set_alarm")
    one_line_error(model.call_function, "x", [])
    one_line_error(model.call_function, "x", [{"description": "no name"}])
    assert "not a JSON Schema" in one_line_error(model.call_function, "x", [{"name": "f", "parameters": {"type": "nope"}}])
    one_line_error(model.call_function, "x", [{"name": "f"}, {"name": "f"}])


# -- the response cache ------------------------------------------------------------------------------
def test_a_repeated_call_comes_from_the_response_cache(tiny, tmp_path):
    import edgebench
    from edgebench.api import prompts
    from edgebench.cache import ResponseCache, request_key

    path = tmp_path / "responses.sqlite"
    m = edgebench.load(f"hf:{tiny}", cache=path)
    calls = counting(m.backend)
    labels = ["set_alarm", "play_music"]
    first = m.predict_intent("wake me at 7", labels)
    assert calls == [("score", 1)]
    assert m.predict_intent("wake me at 7", labels) == first and calls == [("score", 1)]
    schema = builtin("edge_json").schemas["otp_code"]
    out = m.extract_json("code 4417", schema)
    assert m.extract_json("code 4417", schema) == out and calls == [("score", 1), ("generate", 1)]
    m.predict_intent("wake me at 8", labels)  # a new input is computed
    assert calls[-1] == ("score", 1) and len(calls) == 3
    # the key is edgebench run's: model namespace, the task's dataset fingerprint, the request
    task = prompts.intent_task(labels)
    key = request_key(m.backend.cache_namespace(), builtin("edge_intent").fingerprint,
                      task.request(prompts.text_doc("wake me at 7")))
    m.close()
    store = ResponseCache(path)
    assert key in store.get_many([key])
    store.close()
    again = edgebench.load(f"hf:{tiny}", cache=path)  # a new process's model reads the same file
    calls = counting(again.backend)
    assert again.predict_intent("wake me at 7", labels) == first and calls == []
    again.close()
    nocache = edgebench.load(f"hf:{tiny}", cache=False)
    calls = counting(nocache.backend)
    nocache.predict_intent("wake me at 7", labels)
    nocache.predict_intent("wake me at 7", labels)
    assert calls == [("score", 1), ("score", 1)]


# -- the real embedded SmolLM2 -----------------------------------------------------------------------
def test_smollm2_predicts_an_intent_and_shares_the_benchmarks_locked_json_answer(smollm2_folder, tmp_path):
    import edgebench
    from edgebench.evaluator import RunSettings, run_task
    from edgebench.metrics.json import schema_validator
    from edgebench.tasks.locking import with_lock

    m = edgebench.load("hf:SmolLM2-135M-Instruct", cache=tmp_path / "responses.sqlite")
    labels = builtin("edge_intent").labels
    p = m.predict_intent("wake me up at 6:30 tomorrow morning", labels)
    assert p.label in labels and set(p.scores) == set(labels)
    # the benchmark's locked edge_json on its first test row, then the API on that row: the cached answer
    locked = with_lock(builtin("edge_json"), True)
    record = run_task(locked, m.backend, m.cache, RunSettings(limit=1, progress=False, bootstrap_iters=10)).records[0]
    calls = counting(m.backend)
    r = row("edge_json")
    schema = builtin("edge_json").schemas[r["schema"]]
    out = m.extract_json(r["text"], schema)
    assert calls == [] and out == record["pred"]
    assert not list(schema_validator(schema).iter_errors(out))
    m.close()
