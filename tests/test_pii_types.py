"""The pii family's span types from the config (`types:`), and a bad gold span in a user's file named
precisely: the type, the offsets or the text, with the file, the line and the field (issue 14, friction 5)."""
import json

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from edgebench.backends.base import GenerateResult
from edgebench.cli import cli
from edgebench.data.validation import validate
from edgebench.errors import EdgeBenchError
from edgebench.tasks.config import ConfigSource, read_config
from edgebench.tasks.filters import PRED_SCHEMA, PIITask

CONFIG = """task: clinic_pii
family: pii
version: 1
dataset:
  files: {{test: test.jsonl}}
  spans_field: gold
{types}prompt:
  template: "Types: {{types}}\\nMessage: {{text}}"
  chat: false
generation: {{schema_lock: true}}
metrics: [span_precision, span_recall, span_f1]
"""
SEVEN = "person, email, phone, address, card_number, account_number, id_number"
TEXT = "Patient Ann Lee, born 1990-04-02, member M-7781."
GOLD = [{"start": 8, "end": 15, "type": "person", "text": "Ann Lee"},
        {"start": 22, "end": 32, "type": "dob", "text": "1990-04-02"},
        {"start": 41, "end": 47, "type": "member_id", "text": "M-7781"}]


def write(folder, rows, types="types: [person, dob, member_id]\n"):
    folder.mkdir(exist_ok=True)
    (folder / "task.yaml").write_text(CONFIG.format(types=types))
    (folder / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return folder / "task.yaml"


def task_of(path):
    source = ConfigSource(path.resolve(), "include-path")
    return PIITask(read_config(source), source)


def test_the_gold_offsets_above_are_right():
    assert [TEXT[s["start"]:s["end"]] for s in GOLD] == [s["text"] for s in GOLD]


def test_custom_types_reach_the_prompt_the_lock_and_the_scores(tmp_path):
    task = task_of(write(tmp_path / "t", [{"text": TEXT, "gold": GOLD}, {"text": "No data here.", "gold": []}]))
    assert task.types == ("person", "dob", "member_id")
    doc = task.docs("test")[0]
    request = task.request(doc)
    assert request.prompt == f"Types: person, dob, member_id\nMessage: {TEXT}"
    schema = json.loads(request.json_schema)
    assert schema["items"]["properties"]["type"]["enum"] == ["person", "dob", "member_id"]
    lock = Draft202012Validator(schema)
    assert lock.is_valid([{"type": "dob", "text": "1990-04-02"}])
    assert not lock.is_valid([{"type": "email", "text": "a@b.test"}])  # one of the seven, not this task's
    # "Name" -> person (an alias whose target is listed), "DOB" -> dob (cleaned), "Member ID" -> member_id;
    # the phone is a type the task does not have: a false positive.
    output = json.dumps([{"type": "Name", "text": "Ann Lee"}, {"type": "DOB", "text": "1990-04-02"},
                         {"type": "Member ID", "text": "M-7781"}, {"type": "phone", "text": "born"}])
    record = task.process(doc, GenerateResult(text=output))
    assert [(s["start"], s["end"], s["type"]) for s in record["pred"]] == [
        (8, 15, "person"), (22, 32, "dob"), (41, 47, "member_id"), (17, 21, "phone")]
    assert (record["scores"]["tp"], record["scores"]["fp"], record["scores"]["fn"]) == (3, 1, 0)
    assert record["scores"]["f1"] == pytest.approx(2 * 0.75 * 1.0 / 1.75)
    assert record["redacted_gold"] == "Patient [PERSON], born [DOB], member [MEMBER_ID]."
    # the type half wrong: the date as a member id is located but does not match the gold span
    wrong = task.process(doc, GenerateResult(text='[{"type": "member_id", "text": "1990-04-02"}]'))
    assert (wrong["scores"]["tp"], wrong["scores"]["fp"], wrong["scores"]["fn"]) == (0, 1, 3)


def test_an_alias_applies_only_where_its_target_is_a_type_of_the_task(tmp_path):
    rows = [{"text": "Call Bo.", "gold": [{"start": 5, "end": 7, "type": "name", "text": "Bo"}]}]
    task = task_of(write(tmp_path / "t", rows, types="types: [name, dob]\n"))
    doc = task.docs("test")[0]
    record = task.process(doc, GenerateResult(text='[{"type": "Name", "text": "Bo"}]'))
    assert record["pred"][0]["type"] == "name" and record["scores"]["tp"] == 1  # not rewritten to person
    record = task.process(doc, GenerateResult(text='[{"type": "full name", "text": "Bo"}]'))
    assert record["pred"][0]["type"] == "full_name" and record["scores"]["fp"] == 1  # person is not a type here


def test_without_types_the_seven_as_before(tmp_path):
    rows = [{"text": "Call Bo.", "gold": [{"start": 5, "end": 7, "type": "person", "text": "Bo"}]}]
    task = task_of(write(tmp_path / "t", rows, types=""))
    doc = task.docs("test")[0]
    assert task.request(doc).prompt == f"Types: {SEVEN}\nMessage: Call Bo."
    assert json.loads(task.request(doc).json_schema) == PRED_SCHEMA
    assert task.process(doc, GenerateResult(text='[{"type": "name", "text": "Bo"}]'))["scores"]["tp"] == 1


def test_the_quality_validator_takes_the_tasks_types(tmp_path):
    task = task_of(write(tmp_path / "t", [{"text": TEXT, "gold": GOLD}]))
    row = dict(task.docs("test")[0])
    kept, report = validate([row], task.checks())
    assert kept == [row] and report.passed["schema_valid"] == 1
    from edgebench.data.filters.v1 import checks
    assert validate([row], checks("pii"))[1].passed["schema_valid"] == 0  # the seven alone: dob is unknown


def one_error(args):
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def changed(i, **edit):
    return [dict(s, **edit) if j == i else s for j, s in enumerate(GOLD)]


@pytest.mark.parametrize("gold,needle", [
    (changed(1, type="birthday"), "test.jsonl line 2: 'gold'[1].type: type 'birthday' is not one of the task's "
                                  "types (person, dob, member_id): add it to 'types:'"),
    (changed(2, end=60), "test.jsonl line 2: 'gold'[2]: offsets 41..60 are out of range for a text of 48 characters"),
    (changed(0, start=-1), "'gold'[0]: offsets -1..15 are out of range"),
    (changed(0, start=15), "test.jsonl line 2: 'gold'[0]: start 15 >= end 15"),
    (changed(0, start=9), "test.jsonl line 2: 'gold'[0]: text[9:15] is \"nn Lee\", which differs from the span's "
                          "text \"Ann Lee\"; fix the offsets or the text"),
    (changed(0, text="Anne Lee"), "text[8:15] is \"Ann Lee\", which differs from the span's text \"Anne Lee\""),
    (changed(1, start="22"), "'gold'[1].start is \"22\", not an integer character offset"),
    ([{"start": 8, "end": 15, "text": "Ann Lee"}], "'gold'[0] has no type; every span needs"),
    ([["Ann Lee"]], "'gold'[0] is [\"Ann Lee\"], not a span object"),
    ({"person": "Ann Lee"}, "'gold' is {\"person\": \"Ann Lee\"}, not a list of spans"),
    ("[{oops", "test.jsonl line 2: 'gold' is a string that is not JSON"),
])
def test_each_span_problem_is_one_line_naming_the_part(tmp_path, gold, needle):
    config = write(tmp_path / "t", [{"text": "No data here.", "gold": []}, {"text": TEXT, "gold": gold}])
    assert needle in one_error(["validate", str(config)])
    with pytest.raises(EdgeBenchError, match="clinic_pii") as caught:
        task_of(config).dataset
    assert needle in str(caught.value)


def test_spans_as_json_text_are_read_too(tmp_path):
    task = task_of(write(tmp_path / "t", [{"text": TEXT, "gold": json.dumps(GOLD)}]))
    assert json.loads(task.docs("test")[0]["spans"]) == GOLD


@pytest.mark.parametrize("types,needle", [
    ("types: [person, Date of Birth]\n", "types: 'Date of Birth' is not a type name; write it as 'date_of_birth'"),
    ("types: []\n", "types"),
    ("types: [dob, dob]\n", "types"),
])
def test_bad_types_in_the_config(tmp_path, types, needle):
    config = write(tmp_path / "t", [{"text": TEXT, "gold": []}], types=types)
    line = one_error(["validate", str(config)])
    assert needle in line and "task.yaml" in line


def test_the_generator_needs_its_seven_types(tmp_path):
    source = ConfigSource((tmp_path / "g.yaml").resolve(), "include-path")
    cfg = {"task": "gen_pii", "family": "pii", "version": 1, "dataset": {"generator": "pii"},
           "prompt": {"template": "{types}: {text}"}, "types": ["person", "email", "dob"]}
    with pytest.raises(EdgeBenchError, match="types leaves out phone, address, card_number, account_number, "
                                             "id_number, which the pii generator's gold spans use"):
        PIITask(cfg, source)
