"""EdgeJSON: metrics against hand-computed cases, the generator's invariants, parsing and aggregation.

No language model here: pure functions, the data generator, and the task fed hand-made outputs."""
import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from edgebench.backends.base import GenerateResult
from edgebench.data.extraction import edge_json as gen
from edgebench.data.store import fingerprint_rows
from edgebench.data.validation import contains_all, validate
from edgebench.errors import EdgeBenchError
from edgebench.metrics import json as jm
from edgebench.tasks.config import ConfigSource, read_config, validate_schema
from edgebench.tasks.edge_json import EdgeJSONTask

REPO = Path(__file__).resolve().parent.parent
METRICS = {name: getattr(jm, name) for name in jm.SCORES}


# -- metrics -----------------------------------------------------------------------------------
def test_canonical_ignores_key_order_case_whitespace_and_int_vs_float():
    a = {"b": 1, "a": "  Hello   World ", "c": [{"y": 2.0, "x": "Q"}]}
    b = {"a": "hello world", "c": [{"x": "q", "y": 2}], "b": 1.0}
    assert jm.canonical(a) == jm.canonical(b) and jm.exact_match(a, b)
    assert jm.canonical(0.1 + 0.2) == 0.3                          # rounded to 6 places
    assert not jm.exact_match({"l": [1, 2]}, {"l": [2, 1]})        # list order is kept
    assert not jm.exact_match({"a": True}, {"a": 1})               # JSON true is not 1
    assert not jm.exact_match({"a": "1"}, {"a": 1})                # a string is not a number
    assert not jm.exact_match({"a": 1}, {"a": 1, "b": None})       # an extra key is a difference


def test_flatten_paths():
    obj = {"a": {"b": 1}, "items": [{"p": 2}, {"p": 3, "q": [4]}], "e": [], "o": {}}
    assert jm.flatten(obj) == {"a.b": 1, "items[0].p": 2, "items[1].p": 3, "items[1].q[0]": 4, "e": [], "o": {}}
    assert jm.flatten({}) == {}


def test_field_prf_hand_computed():
    gold = {"name": "Ann", "total": {"amount": 10, "currency": "USD"},
            "items": [{"n": "x", "q": 1}, {"n": "y", "q": 2}]}
    pred = {"name": "ann ", "total": {"amount": 10.0, "currency": "EUR"},            # currency wrong
            "items": [{"n": "X", "q": 1}, {"n": "y"}], "note": "hi"}                 # q missing, note extra
    # gold leaves: name, amount, currency, n0, q0, n1, q1 (7); pred: name, amount, currency, n0, q0, n1,
    # note (7); matching pairs: name, amount, n0, q0, n1 (5) -> P = 5/7, R = 5/7, F1 = 5/7
    assert jm.field_prf(pred, gold) == pytest.approx((5 / 7, 5 / 7, 5 / 7))
    # one of three fields missing: P 1, R 2/3, F1 0.8; one extra field: P 3/4, R 1, F1 6/7
    assert jm.field_prf({"a": 1, "b": 2}, {"a": 1, "b": 2, "c": 3}) == pytest.approx((1, 2 / 3, 0.8))
    assert jm.field_prf({"a": 1, "b": 2, "c": 3, "d": 4}, {"a": 1, "b": 2, "c": 3}) == pytest.approx((0.75, 1, 6 / 7))
    # nested wrong value: 1 of 2 leaves right on both sides
    assert jm.field_prf({"x": {"y": 1, "z": 2}}, {"x": {"y": 1, "z": 3}}) == pytest.approx((0.5, 0.5, 0.5))
    # array items swapped: index paths differ, so nothing matches but the unchanged key
    assert jm.field_prf({"k": 1, "l": [{"v": "a"}, {"v": "b"}]},
                        {"k": 1, "l": [{"v": "b"}, {"v": "a"}]}) == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert jm.field_prf({}, {}) == (1.0, 1.0, 1.0)
    assert jm.field_prf({}, {"a": 1}) == (0.0, 0.0, 0.0)
    assert jm.field_prf({"a": 1}, {}) == (0.0, 0.0, 0.0)


def test_sample_scores_and_record_metrics():
    gold = {"a": 1, "b": "x"}
    records = [{"scores": jm.sample_scores({"b": "X ", "a": 1.0}, gold, True)},   # exact, valid
               {"scores": jm.sample_scores({"a": 1}, gold, False)},               # F1 2/3, schema-invalid
               {"scores": jm.sample_scores(None, gold, False)}]                   # parse failure: all 0
    assert records[2]["scores"] == {name: 0.0 for name in jm.SCORES}
    assert jm.json_exact(records) == pytest.approx(1 / 3)
    assert jm.field_f1(records) == pytest.approx((1 + 2 / 3 + 0) / 3)
    assert jm.schema_valid(records) == pytest.approx(1 / 3)
    assert jm.parse_rate(records) == pytest.approx(2 / 3)


# -- schemas and generator ---------------------------------------------------------------------
SCHEMAS = gen.builtin_schemas()


def _objects(node):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from _objects(value)
    elif isinstance(node, list):
        for value in node:
            yield from _objects(value)


def test_schema_files_are_well_formed():
    assert len(SCHEMAS) >= 25
    levels = Counter(s["x-edgebench-level"] for s in SCHEMAS.values())
    assert set(levels) == set(gen.LEVELS) and min(levels.values()) >= 8
    for name, schema in SCHEMAS.items():
        Draft202012Validator.check_schema(schema)
        assert schema["title"] and schema["x-edgebench-domain"] and "$id" not in schema, name
        for obj in _objects(schema):
            assert obj["additionalProperties"] is False, name
            assert set(obj["required"]) <= set(obj["properties"]), name
        assert name in gen.SPECS and len(gen.SPECS[name].templates) >= 4, name
    assert "$schema" not in gen.public_schema(SCHEMAS["invoice"])
    assert not any(k.startswith("x-") for k in gen.public_schema(SCHEMAS["invoice"]))


@pytest.fixture(scope="module")
def data():
    return gen.generate(SCHEMAS)


def test_same_seed_same_rows_other_seed_other_rows():
    a, b = gen.generate(SCHEMAS, seed=7, per_template=2), gen.generate(SCHEMAS, seed=7, per_template=2)
    assert a == b and fingerprint_rows(a) == fingerprint_rows(b)
    assert fingerprint_rows(gen.generate(SCHEMAS, seed=8, per_template=2)) != fingerprint_rows(a)


def test_default_sizes_levels_and_row_shape(data):
    assert len(data["train"]) >= 1000 and len(data["test"]) >= 250
    for split in data.values():
        assert {r["level"] for r in split} == set(gen.LEVELS)
        for r in split:
            assert r["template"].split("/")[0] == r["schema"] and r["id"].startswith(r["template"] + "/")
            assert isinstance(r["gold"], str) and isinstance(json.loads(r["gold"]), dict)
            assert r["level"] == SCHEMAS[r["schema"]]["x-edgebench-level"]


def test_split_is_by_template_family_one_held_out_per_schema(data):
    train = {r["template"] for r in data["train"]}
    test = {r["template"] for r in data["test"]}
    assert not train & test
    assert Counter(t.split("/")[0] for t in test) == Counter({name: 1 for name in SCHEMAS})
    assert {t.split("/")[0] for t in train} == set(SCHEMAS)


def test_every_gold_is_schema_valid_and_readable_in_its_text(data):
    checks = gen.checks(SCHEMAS)
    for split, rows in data.items():
        for row in rows:
            assert checks.schema_valid(row), row["id"]
            assert contains_all(row["text"], gen.gold_values(row)), row["id"]
        kept, report = validate(rows, checks)
        assert report.rates() == {level: 1.0 for level in report.rates()}, split


def test_optional_fields_are_sometimes_absent(data):
    seen = defaultdict(Counter)
    for row in data["train"] + data["test"]:
        seen[row["schema"]].update(json.loads(row["gold"]).keys())
        seen[row["schema"]]["_rows"] += 1
    for name, schema in SCHEMAS.items():
        for key in set(schema["properties"]) - set(schema["required"]):
            assert 0 < seen[name][key] < seen[name]["_rows"], (name, key)


def test_validator_rejects_bad_rows():
    checks = gen.checks(SCHEMAS)
    row = {"schema": "otp_code", "text": "Fintra: 123456 is your code. It expires in 10 minutes.",
           "gold": json.dumps({"service": "Fintra", "code": "123456", "expires_in_minutes": 10})}
    assert validate([row], checks)[1].kept == 1
    lost = dict(row, gold=json.dumps({"service": "Fintra", "code": "654321", "expires_in_minutes": 10}))
    invalid = dict(row, gold=json.dumps({"service": "Fintra", "code": "123456"}))
    leaked = dict(row, text=row["text"] + " " + row["gold"])
    for bad, level in ((lost, "gold_in_text"), (invalid, "schema_valid"), (leaked, "no_leak")):
        assert validate([bad], checks)[1].passed[level] == 0, level
    # a date gold is found in any style the templates write it in
    dated = {"text": "due March 5, 2025", "gold": json.dumps({"d": "2025-03-05", "t": "14:30", "n": 42.5})}
    assert gen.gold_values(dict(dated, text="due March 5, 2025 at 2:30 PM, 42.50 USD")) == \
        ["March 5, 2025", "2:30 PM", "42.5"]


# -- the task ----------------------------------------------------------------------------------
def make_task(name="edge_json", **changes):
    source = ConfigSource(REPO / "task_configs" / f"{name}.yaml", "builtin")
    config = read_config(source)
    for key, value in changes.items():
        config[key] = {**config.get(key, {}), **value}
    validate_schema(config, EdgeJSONTask.config_schema, source)
    return EdgeJSONTask(config, source)


@pytest.fixture(scope="module")
def task(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EDGEBENCH_CACHE", str(tmp_path_factory.mktemp("edge-json-cache")))
        t = make_task()
        t.dataset  # noqa: B018  # built inside the patched cache
        yield t


def doc_of(task, schema, split="test"):
    return next(d for d in task.docs(split) if d["schema"] == schema)


def test_configs_are_valid_and_leave_room_for_the_longest_answer(task):
    for name in ("edge_json", "edge_json_3shot"):
        config = make_task(name).config
        assert config["breakdown"] == ["level"] and config["metrics"] == list(EdgeJSONTask.default_metrics)
        longest = max(len(g) for split in task.dataset.values() for g in split["gold"])
        assert longest / 3.5 < config["generation"]["max_new_tokens"] <= 384
    with pytest.raises(EdgeBenchError, match="prompt.template"):
        make_task(prompt={"template": "{schema} {text} {label}"})


def test_request_holds_schema_and_text(task):
    doc = doc_of(task, "invoice")
    req = task.request(doc)
    user = req.messages[-1][1]
    schema_text = json.dumps(gen.public_schema(SCHEMAS["invoice"]), separators=(",", ":"))
    assert schema_text in user and doc["text"] in user and req.json_schema is None
    assert req.stop == () and req.max_new_tokens == 384 and req.messages[0][0] == "system"
    locked = make_task(generation={"schema_lock": True})
    assert locked.request(doc).json_schema == schema_text


def test_three_shot_uses_train_golds_as_answers(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    shot_task = make_task("edge_json_3shot", dataset={"rows": 60})
    doc = shot_task.docs("test")[0]
    messages = shot_task.request(doc).messages
    assert [role for role, _ in messages] == ["system"] + ["user", "assistant"] * 3 + ["user"]
    train_golds = set(shot_task.dataset["train"]["gold"])
    assert all(messages[i][1] in train_golds for i in (2, 4, 6))


@pytest.mark.parametrize("wrap,error", [
    ("```json\n{gold}\n```", None),
    ("Sure! Here is the extracted object: {gold} Let me know if you need more.", None),
    ("", "empty_output"),
    ("I could not find any data.", "no_json"),
    ("[1, 2, 3]", "wrong_json_type"),
])
def test_process_reads_outputs_the_documented_way(task, wrap, error):
    doc = doc_of(task, "receipt")
    record = task.process(doc, GenerateResult(text=wrap.replace("{gold}", doc["gold"])))
    assert record["error"] == error and record["schema"] == "receipt" and record["level"] == "complex"
    expected = 1.0 if error is None else 0.0
    assert record["scores"] == {name: expected for name in jm.SCORES}
    assert record["gold"] == json.loads(doc["gold"]) and (record["pred"] is None) == (error is not None)


def test_process_truncated_and_schema_invalid(task):
    doc = doc_of(task, "otp_code")
    truncated = task.process(doc, GenerateResult(text=doc["gold"][:-8]))
    assert truncated["error"] == "invalid_json" and truncated["pred"] is None
    assert truncated["scores"]["parse_rate"] == 0.0 and truncated["scores"]["field_f1"] == 0.0
    gold = json.loads(doc["gold"])
    del gold["expires_in_minutes"]                                                 # a required field
    partial = task.process(doc, GenerateResult(text=json.dumps(gold)))
    assert partial["error"] == "schema_invalid" and partial["pred"] == gold
    assert partial["scores"] == {"json_exact": 0.0, "field_f1": pytest.approx(0.8), "schema_valid": 0.0,
                                 "parse_rate": 1.0}
    shuffled = dict(reversed(list(json.loads(doc["gold"]).items())))
    shuffled["service"] = "  " + shuffled["service"].upper() + " "
    assert task.process(doc, GenerateResult(text=json.dumps(shuffled)))["scores"]["json_exact"] == 1.0


def test_aggregate_breaks_metrics_down_by_level(task):
    simple, medium, complex_ = (doc_of(task, n) for n in ("otp_code", "invoice", "receipt"))
    records = [task.process(simple, GenerateResult(text=simple["gold"])),            # perfect
               task.process(simple, GenerateResult(text="no idea")),                 # no_json
               task.process(medium, GenerateResult(text=medium["gold"])),            # perfect
               task.process(complex_, GenerateResult(text='{"store": {"name": 1}}'))]  # schema_invalid
    out = task.aggregate(records, METRICS, bootstrap_iters=10, seed=0)
    assert out["json_exact"] == 0.5 and out["parse_rate"] == 0.75 and out["schema_valid"] == 0.5
    assert out["json_exact/simple"] == 0.5 and out["json_exact/medium"] == 1.0 and out["json_exact/complex"] == 0.0
    assert out["parse_rate/complex"] == 1.0 and out["field_f1/complex"] == 0.0
    assert out["json_exact_stderr"] is not None and out["json_exact/medium_stderr"] is None  # one record
    assert {k for k in out if not k.endswith("_stderr")} == {
        f"{m}{s}" for m in jm.SCORES for s in ("", "/simple", "/medium", "/complex")}
