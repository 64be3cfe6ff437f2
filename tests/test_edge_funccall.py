"""EdgeFuncCall: the BFCL-style matcher against hand-computed cases, the answer parser, the task's
requests, and the generator's invariants. No language model runs here."""
import json
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from edgebench.backends.base import GenerateResult, ScoreResult
from edgebench.data.funccall import edge_funccall as gen
from edgebench.data.funccall import edge_funccall_v2
from edgebench.data.funccall import edge_funccall_templates as templates
from edgebench.data.store import fingerprint_rows
from edgebench.data.validation import contains_all, validate
from edgebench.metrics import funccall as fc
from edgebench.tasks.config import BASE_SCHEMA, ConfigSource, validate_schema
from edgebench.tasks.edge_funccall import EdgeFuncCallTask, gold_answer, parse_calls

CONFIG = Path("task_configs/edge_funccall.yaml").resolve()
CONFIG_3SHOT = Path("task_configs/edge_funccall_3shot.yaml").resolve()
CATALOG = yaml.safe_load((CONFIG.parent / "functions" / "edge_functions.yaml").read_text())

# Gold calls used throughout (hand-written, BFCL's convention: "" = may be omitted).
ALARM = {"name": "set_alarm", "arguments": {"time": ["07:00"], "label": [""], "repeat": ["", "once"]}}
TIMER = {"name": "start_timer", "arguments": {"minutes": [20, "20"], "label": ["pasta"]}}
THERMO = {"name": "set_thermostat", "arguments": {"temperature": [20], "mode": ["", "auto"]}}


def call(name, **arguments):
    return {"name": name, "arguments": arguments}


@lru_cache(maxsize=4)
def data(seed=1234):
    return gen.generate(CATALOG, seed=seed, per_template=2)


def make_task(path=CONFIG):
    return EdgeFuncCallTask(yaml.safe_load(path.read_text()), ConfigSource(path, "builtin"))


# -- match_call: one call ------------------------------------------------------------------------
def test_acceptable_values_and_may_omit():
    assert fc.match_call(call("set_alarm", time="07:00"), ALARM) == (True, None)
    assert fc.match_call(call("set_alarm", time="07:00", repeat=" ONCE "), ALARM) == (True, None)  # casefold, strip
    assert fc.match_call(call("set_alarm", time="07:00", label=""), ALARM) == (True, None)  # "" = omitted
    assert fc.match_call(call("set_alarm", time="07:00", label=None), ALARM) == (True, None)  # null = omitted
    assert fc.match_call(call("set_alarm", time="07:00", repeat="daily"), ALARM) == (False, "wrong_value")
    # only "" acceptable: any value is wrong, and no type is known to call it a type error
    assert fc.match_call(call("set_alarm", time="07:00", label="gym"), ALARM) == (False, "wrong_value")
    assert fc.match_call(call("start_timer", minutes=20, label="Pasta."), TIMER) == (True, None)  # trailing '.'


def test_numbers_compare_numerically_and_strings_only_where_listed():
    ok = (True, None)
    assert fc.match_call(call("set_thermostat", temperature=20), THERMO) == ok
    assert fc.match_call(call("set_thermostat", temperature=20.0), THERMO) == ok  # 20 == 20.0
    assert fc.match_call(call("set_thermostat", temperature="20"), THERMO) == (False, "wrong_type")  # "20" not listed
    assert fc.match_call(call("set_thermostat", temperature=True), THERMO) == (False, "wrong_type")  # bool is no number
    assert fc.match_call(call("set_thermostat", temperature=21), THERMO) == (False, "wrong_value")
    assert fc.match_call(call("start_timer", minutes="20", label="pasta"), TIMER) == ok  # "20" listed beside 20
    assert fc.match_call(call("start_timer", minutes=" 20 ", label="pasta"), TIMER) == ok
    assert fc.match_call(call("start_timer", minutes=20.5, label="pasta"), TIMER) == (False, "wrong_value")
    assert fc.match_call(call("start_timer", minutes=[20], label="pasta"), TIMER) == (False, "wrong_type")


def test_each_single_call_error_type_in_order():
    assert fc.match_call(call("set_timer", minutes=20, label="pasta"), TIMER) == (False, "wrong_function")
    assert fc.match_call(call("start_timer", minutes=20), TIMER) == (False, "missing_required")  # label given in text
    assert fc.match_call(call("set_alarm", label="gym"), ALARM) == (False, "missing_required")
    assert fc.match_call(call("set_alarm", time=None), ALARM) == (False, "missing_required")
    assert fc.match_call(call("set_alarm", time="07:00", volume=5), ALARM) == (False, "unexpected_argument")
    # missing is reported before unexpected, as in BFCL's checker
    assert fc.match_call(call("set_alarm", volume=5), ALARM) == (False, "missing_required")
    assert fc.match_call("set_alarm", ALARM) == (False, "parse_error")
    assert fc.match_call({"name": "set_alarm", "arguments": ["07:00"]}, ALARM) == (False, "parse_error")


def test_arrays_compare_in_order_against_each_listed_order():
    gold = {"name": "add_to_shopping_list", "arguments": {"items": [["milk", "eggs"], ["eggs", "milk"]]}}
    assert fc.match_call(call("add_to_shopping_list", items=["Eggs", "milk"]), gold) == (True, None)
    assert fc.match_call(call("add_to_shopping_list", items=["milk"]), gold) == (False, "wrong_value")
    assert fc.match_call(call("add_to_shopping_list", items="milk, eggs"), gold) == (False, "wrong_type")


# -- match_calls: several calls, order-free ------------------------------------------------------
def test_parallel_is_order_free():
    pred = [call("start_timer", minutes=20, label="pasta"), call("set_alarm", time="07:00")]
    m = fc.match_calls(pred, [ALARM, TIMER])
    assert (m.exact, m.error, m.names_ok) == (True, None, True)
    # 3 predicted arguments, all right; 3 that may not be omitted (time; minutes, label), all given
    assert (m.arg_hits_pred, m.arg_pred, m.arg_hits_gold, m.arg_gold) == (3, 3, 3, 3)


def test_parallel_same_function_twice_is_assigned_by_arguments():
    kitchen = {"name": "set_light_state", "arguments": {"room": ["kitchen"], "state": ["off"], "brightness": [""]}}
    bedroom = {"name": "set_light_state", "arguments": {"room": ["bedroom"], "state": ["on"], "brightness": [""]}}
    pred = [call("set_light_state", room="bedroom", state="on"), call("set_light_state", room="kitchen", state="off")]
    assert fc.match_calls(pred, [kitchen, bedroom]).exact


def test_parallel_one_wrong_of_two_by_hand():
    pred = [call("set_alarm", time="08:00"), call("start_timer", minutes=20, label="pasta")]
    m = fc.match_calls(pred, [ALARM, TIMER])
    assert (m.exact, m.error, m.names_ok) == (False, "wrong_value", True)
    assert (m.arg_hits_pred, m.arg_pred, m.arg_hits_gold, m.arg_gold) == (2, 3, 2, 3)
    record = {"category": "parallel", "scores": fc.score_record(m)}
    assert fc.arg_precision([record]) == pytest.approx(2 / 3)
    assert fc.arg_recall([record]) == pytest.approx(2 / 3)
    assert fc.call_exact([record]) == 0.0 and fc.func_name_acc([record]) == 1.0


def test_call_level_errors():
    m = fc.match_calls([call("set_alarm", time="07:00")], [ALARM, TIMER])
    assert (m.error, m.names_ok) == ("wrong_count", False)
    assert (m.arg_hits_pred, m.arg_pred, m.arg_hits_gold, m.arg_gold) == (1, 1, 1, 3)
    assert fc.match_calls([], [ALARM]).error == "no_call_when_needed"
    assert fc.match_calls(None, [ALARM]).error == "parse_error"
    assert fc.match_calls([{"arguments": {}}], [ALARM]).error == "parse_error"  # a call with no name
    two = [call("set_alarm", time="07:00"), call("skip_tracks")]
    assert fc.match_calls(two, [ALARM, TIMER]).error == "wrong_function"
    assert set(fc.ERRORS) == {"wrong_function", "missing_required", "unexpected_argument", "wrong_type", "wrong_value",
                              "parse_error", "wrong_count", "called_when_irrelevant", "no_call_when_needed"}


def test_irrelevance_both_ways():
    right = fc.match_calls([], [])
    assert (right.exact, right.error, right.names_ok) == (True, None, True)
    wrong = fc.match_calls([call("set_alarm", time="07:00")], [])
    assert (wrong.exact, wrong.error, wrong.names_ok, wrong.arg_pred) == (False, "called_when_irrelevant", False, 1)


def test_record_metrics_by_hand():
    def record(category, pred, gold):
        return {"category": category, "scores": fc.score_record(fc.match_calls(pred, gold))}

    timer, alarm_8 = call("start_timer", minutes=20, label="pasta"), call("set_alarm", time="08:00")
    records = [record("simple", [timer], [TIMER]), record("parallel", [alarm_8, timer], [ALARM, TIMER]),
               record("irrelevance", [call("set_alarm", time="07:00")], []), record("irrelevance", [], [])]
    # names right: 1, 1, 0, 1; exact: 1, 0, 0, 1; args (hits/pred, hits/gold): 2/2 2/2, 2/3 2/3, 0/1 0/0, 0/0 0/0
    assert fc.func_name_acc(records) == 0.75
    assert fc.call_exact(records) == 0.5
    assert fc.arg_precision(records) == pytest.approx(4 / 6)
    assert fc.arg_recall(records) == pytest.approx(4 / 5)
    assert fc.arg_f1(records) == pytest.approx(2 * (4 / 6) * (4 / 5) / (4 / 6 + 4 / 5))  # = 8/11
    assert fc.irrelevance_acc(records) == 0.5
    assert fc.irrelevance_acc(records[:2]) == 1.0  # documented: no irrelevance records -> 1.0
    assert fc.arg_precision(records[3:]) == 1.0 and fc.arg_recall(records[3:]) == 1.0  # silent and nothing asked
    assert fc.arg_precision(records[2:3]) == 0.0 and fc.arg_recall(records[2:3]) == 0.0  # a call nobody asked for


# -- the task: parsing answers and building requests -----------------------------------------------
def doc(category="simple", gold=(TIMER,), text="Set a timer for 20 minutes for the pasta"):
    functions = [s for s in CATALOG["functions"] if s["name"] in ("start_timer", "set_alarm")]
    return {"id": "d1", "category": category, "template": "start_timer/0", "text": text,
            "functions": json.dumps([gen.offered_spec(s) for s in functions]), "gold": json.dumps(list(gold))}


@pytest.mark.parametrize("output", ["", "   ", "I cannot", "I cannot help with that.",
                                    '[{"name": "start_timer", "arguments": {"minutes": 2', "[1, 2]",
                                    '{"answer": "start_timer"}', '[{"name": "start_timer", "arguments": "{oops"}]'])
def test_process_on_garbage_is_a_parse_error(output):
    record = make_task().process(doc(), GenerateResult(text=output))
    assert record["error"] == "parse_error" and record["pred"] is None
    assert record["scores"] == {"func_name_acc": 0, "call_exact": 0, "arg_hits_pred": 0, "arg_pred": 0,
                                "arg_hits_gold": 0, "arg_gold": 2}
    assert set(record) == {"doc_id", "input", "category", "output", "gold", "pred", "error", "scores"}


def test_process_irrelevance_needs_an_empty_list():
    task, irrelevant = make_task(), doc("irrelevance", gold=(), text="What's the weather in Oslo?")
    assert task.process(irrelevant, GenerateResult(text="[]"))["scores"]["call_exact"] == 1
    assert task.process(irrelevant, GenerateResult(text="I cannot help with that"))["error"] == "parse_error"
    assert task.process(irrelevant, ScoreResult(logprobs=[]))["error"] == "parse_error"


@pytest.mark.parametrize("output", [
    'Sure!\n```json\n[{"name": "start_timer", "arguments": {"minutes": 20, "label": "pasta"}}]\n```',
    '{"name": "start_timer", "arguments": {"minutes": "20", "label": "pasta"}}',
    '{"tool_calls": [{"type": "function", "function": {"name": "start_timer", '
    '"arguments": "{\\"minutes\\": 20, \\"label\\": \\"pasta\\"}"}}]}',
    '{"calls": [{"name": "start_timer", "parameters": {"minutes": 20.0, "label": "Pasta"}}]}',
])
def test_process_accepts_the_documented_answer_shapes(output):
    record = make_task().process(doc(), GenerateResult(text=output))
    assert (record["error"], record["scores"]["call_exact"]) == (None, 1)


def test_parse_calls_shapes():
    assert parse_calls("[]") == ([], None)
    assert parse_calls('{"calls": []}') == ([], None)
    assert parse_calls('[{"name": " set_wifi ", "arguments": null}]') == ([{"name": "set_wifi", "arguments": {}}], None)
    assert parse_calls("nothing here")[0] is None


def test_requests_zero_and_three_shot(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    for path in (CONFIG, CONFIG_3SHOT):
        config = yaml.safe_load(path.read_text())
        validate_schema(config, BASE_SCHEMA, ConfigSource(path, "builtin"))
        validate_schema(config, EdgeFuncCallTask.config_schema, ConfigSource(path, "builtin"))
    zero, three = make_task(CONFIG), make_task(CONFIG_3SHOT)
    row = zero.docs("test")[0]
    req = zero.request(row)
    assert [role for role, _ in req.messages] == ["system", "user"]
    assert row["text"] in req.messages[-1][1]
    assert json.dumps(json.loads(row["functions"]), separators=(",", ":")) in req.messages[-1][1]
    assert 0 < req.max_new_tokens <= 256
    req3 = three.request(row)
    assert [role for role, _ in req3.messages] == ["system"] + ["user", "assistant"] * 3 + ["user"]
    answers = [content for role, content in req3.messages if role == "assistant"]
    for shot, answer in zip(three.fewshot_docs(3, exclude_text=row["text"]), answers):
        assert answer == json.dumps(gold_answer(json.loads(shot["gold"])))
        assert three.process(shot, GenerateResult(text=answer))["error"] is None  # a shot's answer is exact
    # the shipped configs use data v2 (tests/test_data_v2_funccall.py); v1 stays selectable by leaving out version
    assert three.fingerprint == zero.fingerprint == fingerprint_rows(edge_funccall_v2.generate(CATALOG, seed=1234))
    assert three.checks() is not None


# -- the generator ---------------------------------------------------------------------------------
def test_catalog_and_templates_are_large_enough():
    names = [f["name"] for f in CATALOG["functions"]]
    assert len(names) >= 40 and len(set(names)) == len(names)
    assert all(len(templates.TEMPLATES[n]) >= 4 for n in names)
    assert all("_" in n for n in names)  # a bare word could occur in a request and read as a leak


def test_same_seed_same_rows_other_seed_other_rows():
    a, b = data(), gen.generate(CATALOG, seed=1234, per_template=2)
    assert a == b and fingerprint_rows(a) == fingerprint_rows(b)
    assert fingerprint_rows(data(seed=7)) != fingerprint_rows(a)


def test_sizes_and_every_category_in_both_splits():
    d = data()
    assert len(d["train"]) >= 800 and len(d["test"]) >= 200
    for rows in d.values():
        assert {r["category"] for r in rows} == set(gen.CATEGORIES)


def test_split_is_by_template_family():
    d = data()
    families = {s: {part for r in rows for part in r["template"].split("+")} for s, rows in d.items()}
    assert families["train"] and families["test"] and not families["train"] & families["test"]
    # exactly one held-out family per function
    assert sorted(f.split("/")[0] for f in families["test"]) == sorted(f["name"] for f in CATALOG["functions"])


def test_rows_follow_their_category():
    by_name = {f["name"]: f for f in CATALOG["functions"]}
    for row in data()["train"] + data()["test"]:
        offered = [f["name"] for f in json.loads(row["functions"])]
        gold = json.loads(row["gold"])
        assert all(c["name"] in offered for c in gold)  # every gold call names an offered function
        assert all(set(c["arguments"]) == set(by_name[c["name"]]["parameters"]["properties"]) for c in gold)
        n = {"simple": (1, 1), "multiple": (3, 5), "parallel": (2, 5), "irrelevance": (2, 4)}[row["category"]]
        assert n[0] <= len(offered) <= n[1] and len(set(offered)) == len(offered)
        if row["category"] == "irrelevance":
            source = row["template"].split("/")[0]
            group = next(g for g in templates.DOMAIN_GROUPS if by_name[source]["domain"] in g)
            assert gold == [] and not any(by_name[n]["domain"] in group for n in offered)
        else:
            assert len(gold) == (len(row["template"].split("+")))
            assert (len(gold) in (2, 3)) == (row["category"] == "parallel")
            assert len({c["name"] for c in gold}) == len(gold)


def test_required_gold_values_are_in_the_text_and_all_levels_pass():
    checks = gen.checks()
    for split, rows in data().items():
        for row in rows:
            assert contains_all(row["text"], checks.gold_values(row)), row
        kept, report = validate(rows, checks)
        assert report.rates() == {level: 1.0 for level in report.rates()}, (split, report.as_dict())


def test_gold_answers_round_trip_to_exact():
    task = make_task()
    for row in data()["test"]:
        record = task.process(row, GenerateResult(text=json.dumps(gold_answer(json.loads(row["gold"])))))
        assert record["error"] is None and record["scores"]["call_exact"] == 1, row


def test_checks_catch_broken_rows():
    row = next(r for r in data()["train"] if r["category"] == "simple" and "set_thermostat" in r["template"])
    checks = gen.checks()
    gold = json.loads(row["gold"])
    gold[0]["arguments"]["temperature"] = ["hot"]
    assert not checks.schema_valid({**row, "gold": json.dumps(gold)})
    assert not checks.schema_valid({**row, "gold": "[]"})  # a relevant row with no gold call
    assert not contains_all("Set the thermostat please", checks.gold_values(row))
    assert "set_thermostat" in checks.leaks(row)


def test_aggregate_breaks_down_by_category(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    task = make_task()
    rows = task.docs("test", limit=40)
    # a model that always answers [] : right on irrelevance only
    records = [task.process(row, GenerateResult(text="[]")) for row in rows]
    out = task.aggregate(records, {fn.__name__: fn for fn in fc.METRICS}, bootstrap_iters=20, seed=0)
    share = sum(r["category"] == "irrelevance" for r in rows) / len(rows)
    assert out["call_exact"] == pytest.approx(share) and out["irrelevance_acc"] == 1.0
    assert out["call_exact/irrelevance"] == 1.0 and out["call_exact/simple"] == 0.0
    assert out["arg_recall"] == 0.0 and out["arg_precision"] == 0.0  # gold arguments asked, none given
    assert {r["error"] for r in records if r["category"] != "irrelevance"} == {"no_call_when_needed"}


def test_irrelevance_accuracy_is_left_out_of_groups_without_irrelevance_records():
    from edgebench.metrics import funccall
    from edgebench.tasks.config import ConfigSource

    task = EdgeFuncCallTask({"task": "t", "family": "funccall", "version": 1, "breakdown": ["category"],
                             "metrics": ["irrelevance_acc"], "dataset": {"generator": "edge_funccall"},
                             "prompt": {"template": "{functions} {text}"}},
                            ConfigSource(Path("task_configs/edge_funccall.yaml").resolve(), "builtin"))
    records = [{"category": "irrelevance", "scores": {"call_exact": 1}},
               {"category": "irrelevance", "scores": {"call_exact": 0}},
               {"category": "simple", "scores": {"call_exact": 1}}]
    out = task.aggregate(records, {"irrelevance_acc": funccall.irrelevance_acc}, bootstrap_iters=0, seed=0)
    assert out["irrelevance_acc"] == 0.5 and out["irrelevance_acc/irrelevance"] == 0.5
    assert "irrelevance_acc/simple" not in out


def test_argument_metrics_leave_out_a_group_of_irrelevance_rows():
    """0 of 0 arguments is a vacuous 1.0: over irrelevance rows alone (an unreadable answer included) the
    argument metrics say nothing, so a breakdown group of them has none."""
    from edgebench.metrics import funccall as fm

    zero = {"arg_hits_pred": 0, "arg_pred": 0, "arg_hits_gold": 0, "arg_gold": 0}
    irrelevant = [{"category": "irrelevance", "scores": dict(zero)} for _ in range(3)]
    simple = {"category": "simple", "scores": {"arg_hits_pred": 1, "arg_pred": 2, "arg_hits_gold": 1, "arg_gold": 1}}
    assert fm.arg_f1(irrelevant) == 1.0  # what a group would have shown
    assert not any(m.applies(irrelevant) for m in (fm.arg_precision, fm.arg_recall, fm.arg_f1))
    assert all(m.applies([*irrelevant, simple]) for m in (fm.arg_precision, fm.arg_recall, fm.arg_f1))
    assert fm.arg_precision([*irrelevant, simple]) == 0.5 and fm.arg_recall([*irrelevant, simple]) == 1.0
