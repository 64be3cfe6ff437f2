"""The json and funccall families read a user's own JSONL files: receipts with one schema file, per-row
schemas, BFCL's layout, OpenAI's tools layout and catalog names, each normalised to the generator's row
shape; every bad row is one error line; hand-made answers score as the gold says. No model runs here."""
import json
from pathlib import Path

import llguidance
import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from edgebench.backends.base import GenerateResult
from edgebench.cli import cli
from edgebench.data.funccall.edge_funccall import offered_spec
from edgebench.schema_bounds import bound_schema
from edgebench.plugins import get_registry
from edgebench.tasks.config import ConfigSource, build_task
from edgebench.tasks.edge_funccall import gold_answer, lock_schema
from edgebench.tasks.locking import with_lock

JSON_CONFIG = """task: my_receipts
family: json
version: 1
dataset:
{dataset}
prompt:
  template: "Schema: {{schema}}\\nText: {{text}}\\nJSON:"
  fewshot: {fewshot}
breakdown: [shop_kind]
"""
FUNCCALL_CONFIG = """task: my_calls
family: funccall
version: 1
dataset:
{dataset}
prompt:
  template: "Functions: {{functions}}\\nRequest: {{text}}"
  fewshot: 0
breakdown: [category]
"""
RECEIPT_SCHEMA = {"title": "Till receipt", "type": "object", "additionalProperties": False,
                  "required": ["merchant", "date", "total", "currency"],
                  "properties": {"merchant": {"type": "string", "minLength": 1},
                                 "date": {"type": "string", "format": "date"},
                                 "total": {"type": "number", "minimum": 0},
                                 "currency": {"enum": ["USD", "EUR", "GBP"]}}}
RECEIPTS = [
    {"text": "Juniper Lane Bakery, 2024-03-02. Two rolls and a loaf. TOTAL 18.40 USD, thanks!", "shop_kind": "food",
     "gold": {"merchant": "Juniper Lane Bakery", "date": "2024-03-02", "total": 18.4, "currency": "USD"}},
    {"text": "Kettle & Co hardware - 5 Nov 2023 - paid EUR 7.25 by card", "shop_kind": "hardware",
     "gold": json.dumps({"merchant": "Kettle & Co", "date": "2023-11-05", "total": 7.25, "currency": "EUR"})},
    {"text": "Fernhill Grocer receipt 2024-01-19: amount due GBP 42", "shop_kind": "food",
     "gold": {"merchant": "Fernhill Grocer", "date": "2024-01-19", "total": 42, "currency": "GBP"}},
]
TRAIN_RECEIPTS = [{"text": "Otter Books 2022-07-30 total USD 12.00", "shop_kind": "books",
                   "gold": {"merchant": "Otter Books", "date": "2022-07-30", "total": 12.0, "currency": "USD"}}]


def jsonl(rows) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def write_task(folder, config: str, files: dict) -> str:
    folder.mkdir(exist_ok=True)
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(content if isinstance(content, str) else json.dumps(content))
    (folder / "task.yaml").write_text(config)
    return str(folder / "task.yaml")


def build(path: str):
    return build_task(ConfigSource(Path(path), "path"))


def dataset_block(**keys) -> str:
    return "\n".join(f"  {line}" for line in yaml.safe_dump(keys, sort_keys=False).splitlines())


def one_error(path: str) -> str:
    result = CliRunner().invoke(cli, ["validate", path])
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def answer(task, doc, value) -> dict:
    """The record of a hand-made answer, with the breakdown fields the evaluator copies from the doc."""
    text = value if isinstance(value, str) else json.dumps(value)
    record = task.process(doc, GenerateResult(text=text))
    for field in task.config.get("breakdown", []):
        record.setdefault(field, doc.get(field))
    return record


def aggregate(task, records) -> dict:
    return task.aggregate(records, get_registry().metrics, bootstrap_iters=20, seed=1)


# -- json ---------------------------------------------------------------------------------------
@pytest.fixture
def receipts(tmp_path):
    config = JSON_CONFIG.format(dataset=dataset_block(files={"test": "test.jsonl", "train": "train.jsonl"},
                                                      schema="schemas/receipt_schema.json"), fewshot=1)
    return write_task(tmp_path / "receipts", config, {"schemas/receipt_schema.json": RECEIPT_SCHEMA,
                                                      "test.jsonl": jsonl(RECEIPTS), "train.jsonl": jsonl(TRAIN_RECEIPTS)})


def test_receipts_with_one_schema_file_load_in_the_generator_shape(receipts):
    result = CliRunner().invoke(cli, ["validate", receipts])
    assert result.exit_code == 0 and "task 'my_receipts' (json, v1): test 3, train 1" in result.output, result.output
    task = build(receipts)
    docs = task.docs("test")
    assert {"id", "text", "schema", "gold", "shop_kind"} <= set(docs.column_names)
    assert docs["schema"] == ["receipt_schema"] * 3  # the file's stem
    assert docs["text"] == [r["text"] for r in RECEIPTS] and docs["id"] == ["test/1", "test/2", "test/3"]
    golds = [r["gold"] if isinstance(r["gold"], dict) else json.loads(r["gold"]) for r in RECEIPTS]
    assert [json.loads(g) for g in docs["gold"]] == golds  # an object or its JSON text: the same gold
    assert task.schemas == {"receipt_schema": RECEIPT_SCHEMA}
    request = task.request(docs[0])
    assert request.json_schema is None
    shot_user, shot_answer, user = [content for role, content in request.messages[-3:]]
    assert "Otter Books" in shot_user and json.loads(shot_answer) == TRAIN_RECEIPTS[0]["gold"]
    assert user == f"Schema: {json.dumps(RECEIPT_SCHEMA, separators=(',', ':'))}\nText: {RECEIPTS[0]['text']}\nJSON:"
    locked = with_lock(task, True).request(docs[0])  # a copy of the task sharing the rows finds their schema
    assert json.loads(locked.json_schema) == RECEIPT_SCHEMA


def test_receipt_answers_score_against_the_loaded_gold(receipts):
    task = build(receipts)
    docs = task.docs("test")
    right = answer(task, docs[0], "```json\n" + json.dumps(dict(reversed(list(RECEIPTS[0]["gold"].items()))),
                                                          indent=2) + "\n```")
    wrong_total = answer(task, docs[1], {"merchant": "Kettle & Co", "date": "2023-11-05", "total": 7.52,
                                         "currency": "EUR"})
    as_text = answer(task, docs[2], {"merchant": "Fernhill Grocer", "date": "2024-01-19", "total": "42",
                                     "currency": "GBP"})
    assert right["scores"] == {"json_exact": 1.0, "field_f1": 1.0, "schema_valid": 1.0, "parse_rate": 1.0}
    assert wrong_total["scores"]["json_exact"] == 0.0 and wrong_total["scores"]["field_f1"] == 0.75  # 3 of 4 fields
    assert as_text["error"] == "schema_invalid" and as_text["scores"]["schema_valid"] == 0.0
    out = aggregate(task, [right, wrong_total, as_text])
    # breakdown by the file's own shop_kind field: food = rows 1 and 3, hardware = row 2
    assert out["json_exact"] == pytest.approx(1 / 3) and out["schema_valid"] == pytest.approx(2 / 3)
    assert out["field_f1/food"] == pytest.approx((1 + 0.75) / 2) and out["field_f1/hardware"] == 0.75


def test_per_row_schemas_by_name_inline_and_from_a_schema_dir(tmp_path):
    otp = {"service": "Quillpay", "code": "482913", "expires_in_minutes": 10}
    inline = {"type": "object", "required": ["room"], "properties": {"room": {"type": "string"}}}
    rows = [{"text": "Quillpay: your code is 482913, valid 10 minutes.", "schema": "otp_code", "gold": otp},
            {"text": "Booked: meeting room Birch.", "schema": inline, "gold": {"room": "Birch"}}]
    task = build(write_task(tmp_path / "a", JSON_CONFIG.format(
        dataset=dataset_block(files={"test": "rows.jsonl"}), fewshot=0), {"rows.jsonl": jsonl(rows)}))
    docs = task.docs("test")
    inline_name = docs["schema"][1]
    assert docs["schema"][0] == "otp_code" and inline_name.startswith("inline-") and len(inline_name) == 19
    builtin = json.loads(open("task_configs/schemas/otp_code.json").read())
    assert task.schemas == {"otp_code": builtin, inline_name: inline}
    assert "x-edgebench-level" not in task.request(docs[0]).messages[-1][1]  # shown as the generated task shows it
    assert answer(task, docs[1], {"room": "Birch"})["scores"]["json_exact"] == 1.0
    # a name is looked up in dataset.schema_dir when the config gives one, under its own field name
    ticket = {"type": "object", "required": ["seat"], "properties": {"seat": {"type": "string"}}}
    task = build(write_task(tmp_path / "b", JSON_CONFIG.format(dataset=dataset_block(
        files={"test": "rows.jsonl"}, schema_field="kind", schema_dir="mine"), fewshot=0),
        {"mine/ticket.json": ticket, "rows.jsonl": jsonl([{"text": "Seat 14C", "kind": "ticket",
                                                           "gold": '{"seat": "14C"}'}])}))
    assert task.docs("test")["schema"] == ["ticket"] and task.schemas == {"ticket": ticket}


@pytest.mark.parametrize("rows,keys,needle", [
    ([RECEIPTS[0], {"text": "no gold here", "shop_kind": "food"}], {},
     "test.jsonl line 2 has no 'gold' field"),
    ([RECEIPTS[0], dict(RECEIPTS[0], gold={**RECEIPTS[0]["gold"], "total": "18.40"})], {},
     "test.jsonl line 2: 'gold' does not validate against schema 'receipt_schema' (total: '18.40' is not of type "
     "'number')"),
    ([dict(RECEIPTS[0], gold={**RECEIPTS[0]["gold"], "date": "2024-02-30"})], {},
     "line 1: 'gold' does not validate against schema 'receipt_schema' (date: '2024-02-30' is not a 'date')"),
    ([dict(RECEIPTS[0], gold="{merchant: Juniper}")], {}, "test.jsonl line 1: 'gold' is text but not JSON"),
    ([dict(RECEIPTS[0], gold=[1, 2])], {}, "test.jsonl line 1: 'gold' is [1, 2], not a JSON object"),
    ([{"text": "code 1234", "schema": "no_such_schema", "gold": {}}], {"schema": None},
     "test.jsonl line 1: 'schema' names schema 'no_such_schema', which is not in the built-in schemas"),
    ([{"text": "code 1234", "schema": "../receipt", "gold": {}}], {"schema": None},
     "test.jsonl line 1: 'schema' is \"../receipt\"; give a schema name"),
    ([{"text": "code 1234", "schema": {"type": "objekt"}, "gold": {}}], {"schema": None},
     "test.jsonl line 1: 'schema' is not a valid JSON Schema"),
    ([{"text": "code 1234", "gold": {}}], {"schema": None}, "test.jsonl line 1 has no 'schema' field"),
    ([RECEIPTS[0]], {"schema_field": "kind"}, "dataset.schema (one schema for every row) and dataset.schema_field"),
])
def test_a_bad_json_row_is_one_error_line(tmp_path, rows, keys, needle):
    dataset = {"files": {"test": "test.jsonl"}, "schema": "schemas/receipt_schema.json", **keys}
    dataset = {k: v for k, v in dataset.items() if v is not None}
    path = write_task(tmp_path / "t", JSON_CONFIG.format(dataset=dataset_block(**dataset), fewshot=0),
                      {"schemas/receipt_schema.json": RECEIPT_SCHEMA, "test.jsonl": jsonl(rows)})
    assert needle in one_error(path)


# -- funccall -------------------------------------------------------------------------------------
TIP = {"name": "calculate_tip", "description": "Tip for a restaurant bill.",
       "parameters": {"type": "dict", "required": ["bill", "percent"],
                      "properties": {"bill": {"type": "float", "description": "bill amount"},
                                     "percent": {"type": "integer"}, "split": {"type": "integer", "default": 1}}}}
PLOT = {"name": "plot_points", "description": "Draw points on a chart.",
        "parameters": {"type": "dict", "required": ["points"],
                       "properties": {"points": {"type": "array", "items": {"type": "tuple", "items": {"type": "float"}}},
                                      "style": {"type": "dict", "properties": {"color": {"type": "string"}}},
                                      "note": {"type": "any"}}}}
BFCL_ROWS = [
    {"id": "tip_1", "question": [[{"role": "user", "content": "What do I tip on a 64 dollar dinner at 18 percent?"}]],
     "function": [TIP], "ground_truth": [{"calculate_tip": {"bill": [64.0], "percent": [18]}}]},
    {"id": "tip_2", "question": [[{"role": "user", "content": "Tips please: 40 at 15 percent, and 90 at 20 percent."}]],
     "function": [TIP], "ground_truth": [{"calculate_tip": {"bill": [40.0], "percent": [15]}},
                                         {"calculate_tip": {"bill": [90.0], "percent": [20]}}]},
    {"id": "plot_1", "question": [[{"role": "user", "content": "Plot (1, 2) and (3, 4) in red."}]],
     "function": [PLOT, TIP], "ground_truth": [{"plot_points": {"points": [[[1.0, 2.0], [3.0, 4.0]]],
                                                                "style": [{"color": "red"}, ""]}}]},
    {"id": "none_1", "question": [[{"role": "user", "content": "Sing me something cheerful."}]],
     "function": [TIP, PLOT], "ground_truth": []},
]


@pytest.fixture
def bfcl(tmp_path):
    config = FUNCCALL_CONFIG.format(dataset=dataset_block(files={"test": "bfcl.jsonl"}, text_field="question",
                                                          functions_field="function", gold_field="ground_truth"))
    return write_task(tmp_path / "bfcl", config, {"bfcl.jsonl": jsonl(BFCL_ROWS)})


def test_bfcl_layout_loads_and_normalises(bfcl):
    result = CliRunner().invoke(cli, ["validate", bfcl])
    assert result.exit_code == 0 and "(funccall, v1): test 4" in result.output, result.output
    task = build(bfcl)
    docs = task.docs("test")
    assert docs["id"] == ["tip_1", "tip_2", "plot_1", "none_1"]
    assert docs["category"] == ["simple", "parallel", "multiple", "irrelevance"]
    assert docs["text"][0] == "What do I tip on a 64 dollar dinner at 18 percent?"
    plot, tip = json.loads(docs["functions"][2])
    assert plot["name"] == "plot_points" and tip["name"] == "calculate_tip"
    assert tip["parameters"] == {"type": "object", "required": ["bill", "percent"], "properties": {
        "bill": {"type": "number", "description": "bill amount"}, "percent": {"type": "integer"},
        "split": {"type": "integer", "default": 1}}}
    assert plot["parameters"]["properties"] == {
        "points": {"type": "array", "items": {"type": "array", "items": {"type": "number"}}},
        "style": {"type": "object", "properties": {"color": {"type": "string"}}}, "note": {}}
    # every parameter listed, in the function's order; one the file leaves out accepts only omission
    assert json.loads(docs["gold"][0]) == [{"name": "calculate_tip",
                                            "arguments": {"bill": [64.0], "percent": [18], "split": [""]}}]
    assert json.loads(docs["gold"][2])[0]["arguments"]["note"] == [""] and json.loads(docs["gold"][3]) == []
    assert task.target(docs[2]) == json.dumps([{"name": "plot_points", "arguments": {"points": [[1.0, 2.0], [3.0, 4.0]]}}])


def test_bfcl_types_make_a_lock_that_compiles_and_admits_the_gold(bfcl):
    task = with_lock(build(bfcl), True)
    raw = lock_schema([PLOT, TIP])  # BFCL's names as they are: llguidance refuses them
    grammar = llguidance.LLMatcher.grammar_from_json_schema(bound_schema(raw), overrides={"whitespace_flexible": False})
    assert "Invalid type" in llguidance.LLMatcher.validate_grammar(grammar, None)
    for doc in task.docs("test"):
        lock = json.loads(task.request(doc).json_schema)
        assert lock["maxItems"] == 2  # the task's most calls: tip_2 calls its one function twice
        grammar = llguidance.LLMatcher.grammar_from_json_schema(bound_schema(lock),
                                                                overrides={"whitespace_flexible": False})
        assert llguidance.LLMatcher.validate_grammar(grammar, None) == "", doc["id"]
        assert Draft202012Validator(lock).is_valid(gold_answer(json.loads(doc["gold"]))), doc["id"]


def test_bfcl_answers_score_as_its_gold_says(bfcl):
    task = build(bfcl)
    tip, parallel, plot, none = task.docs("test")
    call = lambda **args: [{"name": "calculate_tip", "arguments": args}]  # noqa: E731
    records = {
        "right": answer(task, tip, call(bill=64, percent=18)),  # 64 == 64.0
        "wrong_arg": answer(task, tip, call(bill=64, percent=20)),
        "unasked_split": answer(task, tip, call(bill=64, percent=18, split=2)),  # gold lists no split: omit it
        "parallel_any_order": answer(task, parallel, call(bill=90, percent=20) + call(bill=40, percent=15)),
        "plot_no_style": answer(task, plot, [{"name": "plot_points", "arguments": {"points": [[1, 2], [3, 4]]}}]),
        "declines": answer(task, none, "[]"),
    }
    exact = {k: r["scores"]["call_exact"] for k, r in records.items()}
    assert exact == {"right": 1, "wrong_arg": 0, "unasked_split": 0, "parallel_any_order": 1, "plot_no_style": 1,
                     "declines": 1}
    assert records["wrong_arg"]["error"] == "wrong_value" and records["unasked_split"]["error"] == "wrong_value"
    out = aggregate(task, list(records.values()))
    assert out["call_exact"] == pytest.approx(4 / 6) and out["call_exact/simple"] == pytest.approx(1 / 3)
    assert out["irrelevance_acc"] == 1.0 and out["call_exact/parallel"] == 1.0


def test_openai_tools_layout_with_chat_turns(tmp_path):
    reminder = {"name": "add_reminder", "description": "Remind the user.", "parameters": {
        "type": "object", "required": ["what"], "properties": {"what": {"type": "string"}, "at": {"type": "string"}}}}
    row = {"text": [{"role": "system", "content": "You help with errands."},
                    {"role": "user", "content": "Remind me to water the ferns."}],
           "functions": [{"type": "function", "function": reminder}],
           "gold": json.dumps([{"name": "add_reminder", "arguments": {"what": ["water the ferns", "water ferns"]}}])}
    task = build(write_task(tmp_path / "o", FUNCCALL_CONFIG.format(dataset=dataset_block(files={"test": "t.jsonl"})),
                            {"t.jsonl": jsonl([row])}))
    doc = task.docs("test")[0]
    assert doc["text"] == "System: You help with errands.\nUser: Remind me to water the ferns."
    assert json.loads(doc["functions"]) == [reminder] and doc["category"] == "simple"
    assert json.loads(doc["gold"]) == [{"name": "add_reminder", "arguments": {"what": ["water the ferns", "water ferns"],
                                                                               "at": [""]}}]
    tool_call = {"tool_calls": [{"type": "function", "function": {"name": "add_reminder",
                                                                  "arguments": '{"what": "Water ferns"}'}}]}
    assert answer(task, doc, tool_call)["scores"]["call_exact"] == 1


def test_function_names_resolve_in_the_catalog(tmp_path):
    catalog = {f["name"]: f for f in yaml.safe_load(open("task_configs/functions/edge_functions.yaml"))["functions"]}
    rows = [{"text": "Wake me at 7:30.", "functions": ["set_alarm", "start_timer"],
             "gold": [{"set_alarm": {"time": ["07:30"]}}]}]
    task = build(write_task(tmp_path / "c", FUNCCALL_CONFIG.format(dataset=dataset_block(files={"test": "t.jsonl"})),
                            {"t.jsonl": jsonl(rows)}))
    doc = task.docs("test")[0]
    assert json.loads(doc["functions"]) == [offered_spec(catalog["set_alarm"]), offered_spec(catalog["start_timer"])]
    assert json.loads(doc["gold"]) == [{"name": "set_alarm", "arguments": {"time": ["07:30"], "label": [""],
                                                                           "repeat": [""]}}]
    assert doc["category"] == "multiple"
    assert answer(task, doc, [{"name": "set_alarm", "arguments": {"time": "07:30"}}])["scores"]["call_exact"] == 1
    assert answer(task, doc, [{"name": "set_alarm", "arguments": {"time": "07:03"}}])["scores"]["call_exact"] == 0
    # a config's own catalog, relative to the config
    mine = {"functions": [{"name": "feed_cat", "description": "Feed the cat.",
                           "parameters": {"type": "object", "properties": {"grams": {"type": "integer"}}}}]}
    task = build(write_task(tmp_path / "d", FUNCCALL_CONFIG.format(dataset=dataset_block(
        files={"test": "t.jsonl"}, catalog="fns.yaml")), {"fns.yaml": yaml.safe_dump(mine), "t.jsonl": jsonl(
            [{"text": "Feed the cat 40 grams", "functions": ["feed_cat"], "gold": [{"feed_cat": {"grams": [40]}}]}])}))
    assert json.loads(task.docs("test")[0]["functions"])[0]["name"] == "feed_cat"


TIMER_ROW = {"text": "Timer for ten minutes", "functions": ["start_timer"],
             "gold": [{"name": "start_timer", "arguments": {"minutes": [10]}}]}


@pytest.mark.parametrize("row,needle", [
    (dict(TIMER_ROW, functions=["start_timer", "warp_drive"]),
     "t.jsonl line 2: 'functions' names 'warp_drive', which is not in the catalog 'functions/edge_functions.yaml'"),
    ({"text": "Timer", "gold": []}, "t.jsonl line 2 has no 'functions' field"),
    (dict(TIMER_ROW, gold=[{"name": "set_alarm", "arguments": {"time": ["07:00"]}}]),
     "line 2: 'gold' calls 'set_alarm', which is not among the offered functions (start_timer)"),
    (dict(TIMER_ROW, gold=[{"start_timer": {"minutes": [10], "sound": ["bell"]}}]),
     "line 2: 'gold' call 'start_timer' gives 'sound', which the function does not define (it takes: minutes, label)"),
    (dict(TIMER_ROW, gold=[{"start_timer": {"minutes": ["ten"]}}]),
     "line 2: 'gold' call 'start_timer' does not fit the function's parameters (minutes: 'ten' is not of type "
     "'integer')"),
    (dict(TIMER_ROW, gold=[{"start_timer": {"label": ["tea"]}}]),
     "call 'start_timer' does not fit the function's parameters (its arguments: 'minutes' is a required property)"),
    (dict(TIMER_ROW, gold=[{"start_timer": {"minutes": 10}}]),
     "line 2: 'gold' call 'start_timer': 'minutes' is 10; give a list of acceptable values"),
    (dict(TIMER_ROW, gold="[{oops"), "line 2: 'gold' is text but not JSON"),
    (dict(TIMER_ROW, category="irrelevance"), "line 2: 'gold' holds calls on an 'irrelevance' row"),
    (dict(TIMER_ROW, text=[{"role": "user"}]), "line 2: 'text' has the turn {\"role\": \"user\"}"),
    (dict(TIMER_ROW, functions=[{"name": "f", "parameters": {"type": "dict", "properties": {"x": {"type": "HashMap"}}}}],
          gold=[]), "line 2: 'functions' function 'f': 'parameters' is not a valid JSON Schema"),
    (dict(TIMER_ROW, functions=["start_timer", "start_timer"]), "line 2: 'functions' offers a function twice"),
])
def test_a_bad_funccall_row_is_one_error_line(tmp_path, row, needle):
    path = write_task(tmp_path / "t", FUNCCALL_CONFIG.format(dataset=dataset_block(files={"test": "t.jsonl"})),
                      {"t.jsonl": jsonl([TIMER_ROW, row])})
    assert needle in one_error(path)


@pytest.mark.parametrize("config", [JSON_CONFIG.format(dataset="  files: {test: t.jsonl}\n  text_feild: body", fewshot=0),
                                    FUNCCALL_CONFIG.format(dataset="  files: {test: t.jsonl}\n  text_feild: body")])
def test_a_typo_in_the_dataset_keys_is_named(tmp_path, config):
    path = write_task(tmp_path / "t", config, {"t.jsonl": jsonl([TIMER_ROW])})
    assert "dataset: Additional properties are not allowed ('text_feild' was unexpected)" in one_error(path)


def readme_block(title: str) -> str:
    text = Path("README.md").read_text()
    return text[text.index(title):].split("```jsonl\n", 1)[1].split("```", 1)[0]


def test_the_readme_examples_load_as_written(tmp_path):
    receipts = build(write_task(tmp_path / "j", JSON_CONFIG.format(dataset=dataset_block(
        files={"test": "test.jsonl"}, schema="receipt.json"), fewshot=0).replace("breakdown: [shop_kind]\n", ""),
        {"receipt.json": RECEIPT_SCHEMA, "test.jsonl": readme_block("**JSON extraction**")}))
    assert len(receipts.docs("test")) == 3
    calls = build(write_task(tmp_path / "f", FUNCCALL_CONFIG.format(dataset=dataset_block(files={"test": "t.jsonl"})),
                             {"t.jsonl": readme_block("**Function calling**")}))
    assert calls.docs("test")["category"] == ["multiple", "simple", "irrelevance"]
