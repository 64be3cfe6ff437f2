"""JSON-lock: schema bounds, the lock schemas of every family, --json-lock modes, and locked
generation with the real SmolLM2 (valid every time, closes within a tight budget, leaves unlocked
rows alone), end to end through the CLI."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import read_json, run_cli
from edgebench.backends.base import GenerateRequest
from edgebench.decoding import get_engine, lock_processor
from edgebench.schema_bounds import DATE_PATTERN, Bounds, bound_schema
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import schema_validator
from edgebench.tasks.config import select
from edgebench.tasks.edge_funccall import gold_answer, lock_schema
from edgebench.tasks.filters import PRED_SCHEMA
from edgebench.tasks.locking import apply_json_lock, lockable_tasks

SCHEMAS = Path("task_configs/schemas")


# -- bound_schema --------------------------------------------------------------------------------
def test_bounds_are_added_where_missing_and_tighter_ones_kept():
    schema = {"type": "object", "properties": {
        "free": {"type": "string"}, "short": {"type": "string", "maxLength": 8},
        "long": {"type": "string", "minLength": 300},
        "count": {"type": "integer", "minimum": 1}, "amount": {"type": "number", "maximum": 50},
        "step": {"type": "number", "multipleOf": 0.5},
        "tags": {"type": "array", "items": {"type": "string"}},
        "few": {"type": "array", "maxItems": 3, "items": {"enum": ["a", "b"]}},
        "map": {"type": "object", "additionalProperties": {"type": "integer"}},
        "maybe": {"type": ["string", "null"]}, "pick": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/n"}]}},
        "$defs": {"n": {"type": "number"}}}
    original = json.loads(json.dumps(schema))
    out = bound_schema(schema, Bounds(max_string=256, max_items=16, max_digits=15, max_fraction_digits=6))
    assert schema == original  # a copy: the task's schema is never changed
    p = out["properties"]
    assert p["free"]["maxLength"] == 256 and p["short"]["maxLength"] == 8
    assert p["long"]["maxLength"] == 300  # never below what the schema demands
    assert p["count"] == {"type": "integer", "minimum": 1, "maximum": 10 ** 15 - 1}
    assert p["amount"]["maximum"] == 50 and p["amount"]["minimum"] == -(10 ** 15 - 1)
    assert p["amount"]["multipleOf"] == pytest.approx(1e-6) and p["step"]["multipleOf"] == 0.5
    assert p["tags"]["maxItems"] == 16 and p["tags"]["items"]["maxLength"] == 256
    assert p["few"]["maxItems"] == 3 and p["few"]["items"] == {"enum": ["a", "b"]}  # enums are bounded already
    assert p["map"]["additionalProperties"]["maximum"] == 10 ** 15 - 1
    assert out["additionalProperties"] is False  # free extra keys closed off
    assert p["maybe"]["maxLength"] == 256 and p["pick"]["anyOf"][0]["maxLength"] == 256
    assert out["$defs"]["n"]["multipleOf"] == pytest.approx(1e-6)
    Draft202012Validator.check_schema(out)


def test_bound_schema_refuses_a_non_object():
    with pytest.raises(EdgeBenchError, match="must be a JSON object"):
        bound_schema([{"type": "string"}])


def test_date_pattern_matches_exactly_the_real_dates():
    import re

    from jsonschema import FormatChecker

    checker = FormatChecker()
    for text in ["2024-02-29", "2000-02-29", "2023-02-29", "1900-02-29", "2023-04-31", "2023-12-31", "0000-01-01",
                 "0001-01-01", "2023-13-01", "2023-00-10", "9999-12-31", "1600-02-29", "2023-1-01"]:
        assert bool(re.fullmatch(DATE_PATTERN[1:-1], text)) == checker.conforms(text, "date"), text


# -- the lock admits every right answer ------------------------------------------------------------
def in_schema_order(value, schema):
    """The value with object keys in the schema's property order (the lock writes them in that order)."""
    if isinstance(value, dict) and "properties" in schema:
        order = list(schema["properties"])
        keys = sorted(value, key=lambda k: order.index(k) if k in order else len(order))
        return {k: in_schema_order(value[k], schema["properties"].get(k, {})) for k in keys}
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        return [in_schema_order(v, schema["items"]) for v in value]
    return value


def admits(engine, schema: dict, value) -> bool:
    matcher = engine.compile(bound_schema(schema)).inner
    tokens = engine.tokenizer.tokenize_str(json.dumps(value, ensure_ascii=False))  # the gold answers' layout
    return matcher.try_consume_tokens(tokens) == len(tokens) and matcher.is_accepting()


@pytest.fixture(scope="module")
def engine(smollm2_folder):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(smollm2_folder)
    return get_engine(tokenizer, tokenizer.eos_token_id)


def test_every_gold_answer_fits_its_lock(engine):
    task = select("edge_json")[0]
    for doc in task.docs("test"):
        schema = json.loads(task._schema_texts[doc["schema"]])
        assert admits(engine, schema, in_schema_order(json.loads(doc["gold"]), schema)), doc["id"]
    funccall = select("edge_funccall")[0]
    for doc in funccall.docs("test"):
        assert admits(engine, lock_schema(json.loads(doc["functions"])), gold_answer(json.loads(doc["gold"]))), doc["id"]


def test_funccall_lock_takes_offered_calls_or_none(engine):
    functions = json.loads(select("edge_funccall")[0].docs("test")[0]["functions"])
    schema = lock_schema(functions)
    first = functions[0]
    assert [c["properties"]["name"]["const"] for c in schema["items"]["anyOf"]] == [f["name"] for f in functions]
    assert admits(engine, schema, [])  # irrelevance: no call
    assert not admits(engine, schema, [{"name": "no_such_function", "arguments": {}}])
    assert not admits(engine, schema, [{"name": first["name"], "arguments": {"not_a_parameter": 1}}])
    assert not admits(engine, schema, [{"name": first["name"]}])  # arguments always written


def test_pii_lock_and_whitespace(engine):
    assert admits(engine, PRED_SCHEMA, [{"type": "email", "text": "a@b.co"}])
    assert not admits(engine, PRED_SCHEMA, [{"type": "pet", "text": "Rex"}])
    matcher = engine.compile(bound_schema(PRED_SCHEMA)).inner
    loose = engine.tokenizer.tokenize_str('[ {"type": "email"')
    assert matcher.try_consume_tokens(loose) < len(loose)  # no free whitespace
    matcher = engine.compile(bound_schema(PRED_SCHEMA)).inner
    compact = engine.tokenizer.tokenize_str('[{"type":"email"')
    assert matcher.try_consume_tokens(compact) < len(compact)  # nor compact: ", " and ": " as json.dumps writes them


def test_lock_refuses_bad_schemas_with_one_line(smollm2_folder):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(smollm2_folder)
    with pytest.raises(EdgeBenchError, match="not valid JSON"):
        lock_processor(tokenizer, ["{nope"])
    with pytest.raises(EdgeBenchError, match="cannot compile schema 'Odd'.*without --json-lock"):
        lock_processor(tokenizer, [json.dumps({"title": "Odd", "type": "string", "format": "uri-reference"})])


# -- --json-lock modes ---------------------------------------------------------------------------------
def test_modes_lock_schema_tasks_only():
    tasks = select("edge_json,edge_funccall,edge_pii,edge_spam")
    assert apply_json_lock(tasks, "off") == tasks
    on = apply_json_lock(tasks, "on")
    assert [t.name for t in on] == ["edge_json", "edge_funccall", "edge_pii", "edge_spam"]
    assert [t.config.get("generation", {}).get("schema_lock") for t in on] == [True, True, True, None]
    both = apply_json_lock(tasks, "both")
    assert [t.name for t in both] == ["edge_json", "edge_json_locked", "edge_funccall", "edge_funccall_locked",
                                      "edge_pii", "edge_pii_locked", "edge_spam"]
    for unlocked, locked in zip(both[0:6:2], both[1:6:2]):
        doc = unlocked.docs("test", 1)[0]
        assert unlocked.request(doc).json_schema is None and locked.request(doc).json_schema
        assert locked.fingerprint == unlocked.fingerprint  # the same data: only the requests differ
        assert locked.describe()["config"]["generation"]["schema_lock"] is True
        assert locked.request(doc).key() != unlocked.request(doc).key()  # separate response-cache entries
    assert both[6] is tasks[3]


def test_lock_with_no_schema_task_names_the_lockable_ones():
    with pytest.raises(EdgeBenchError, match=r"edge_spam.*lockable tasks: .*edge_funccall.*edge_json.*edge_pii"):
        apply_json_lock(select("edge_spam"), "on")
    assert {"edge_json", "edge_json_3shot", "edge_funccall", "edge_pii"} <= set(lockable_tasks())
    assert "edge_intent" not in lockable_tasks()


# -- locked generation with the real model ----------------------------------------------------------
@pytest.fixture(scope="module")
def backend(smollm2_folder):
    from edgebench.models import load_backend

    # float32: rows compared across batch compositions are equal only there (bfloat16, which --dtype auto
    # picks on AVX512-BF16 / AMX CPUs, rounds differently with the batch's padding).
    return load_backend("hf:SmolLM2-135M-Instruct", batch_size=8, dtype="float32")


def test_locked_rows_parse_and_validate_on_every_level(backend):
    task = select("edge_json")[0]
    chosen = {}
    for doc in task.docs("test"):  # the first test text of each level, each a different schema
        chosen.setdefault(doc["level"], doc)
    assert set(chosen) == {"simple", "medium", "complex"}
    # 128 tokens: less than long complex answers take, so the budget's ending is exercised too.
    requests = [GenerateRequest(messages=task.request(d).messages, max_new_tokens=128,
                                json_schema=task._schema_texts[d["schema"]]) for d in chosen.values()]
    results = backend.generate(requests)
    for doc, res in zip(chosen.values(), results):
        value = json.loads(res.text)  # the whole output is the JSON value: nothing before or after
        assert schema_validator(task.schemas[doc["schema"]]).is_valid(value), (doc["schema"], res.text)
        assert res.lock_compile_seconds is not None and res.lock_compile_seconds < 5


COUNT = {"type": "object", "required": ["numbers"],
         "properties": {"numbers": {"type": "array", "items": {"type": "integer"}}}}


def count_to_200(backend, budget: int, **lock) -> str:
    """A schema with an unbounded array, a prompt that asks for a long one, a tight budget."""
    import torch
    from transformers import LogitsProcessorList

    text = backend.render("", (("user", "Count from 1 to 200 as JSON with the key numbers."),))
    enc = backend.tokenizer([text], return_tensors="pt", add_special_tokens=False)
    processor = lock_processor(backend.tokenizer, [json.dumps(COUNT)], **lock)
    with torch.inference_mode():
        out = backend.model.generate(**enc, max_new_tokens=budget, do_sample=False,
                                     pad_token_id=backend.tokenizer.pad_token_id,
                                     logits_processor=LogitsProcessorList([processor]))
    return backend.tokenizer.decode(out[0, enc["input_ids"].shape[1]:], skip_special_tokens=True)


def test_bounds_and_budget_each_close_a_runaway_value(backend):
    loose = Bounds(max_items=10_000)
    runaway = count_to_200(backend, 40, bounds=loose)  # neither bound nor budget: cut off mid-array
    assert runaway.startswith('{"numbers": [1, 2, 3, ') and not runaway.endswith("]}")
    with pytest.raises(json.JSONDecodeError):
        json.loads(runaway)
    bounded = json.loads(count_to_200(backend, 40, bounds=Bounds(max_items=8)))  # the bound closes it
    assert bounded == {"numbers": [1, 2, 3, 4, 5, 6, 7, 8]}
    budgeted = json.loads(count_to_200(backend, 40, bounds=loose, max_new_tokens=40))  # the budget closes it
    assert schema_validator(COUNT).is_valid(budgeted) and len(budgeted["numbers"]) > 8


def test_random_logits_always_end_valid_within_the_budget(smollm2_folder):
    """Whatever a model would pick, a locked row ends as a valid value: random logits, every schema."""
    import torch
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(smollm2_folder)
    task = select("edge_json")[0]
    doc = select("edge_funccall")[0].docs("test", 1)[0]
    schemas = [*task._schema_texts.values(), json.dumps(lock_schema(json.loads(doc["functions"]))), json.dumps(PRED_SCHEMA)]
    noise = torch.Generator().manual_seed(0)
    for start in range(0, len(schemas), 14):
        chunk, budget = schemas[start:start + 14], 128
        processor = lock_processor(tokenizer, chunk, max_new_tokens=budget)
        ids = torch.zeros(len(chunk), 1, dtype=torch.long)
        for _ in range(budget):
            scores = processor(ids, torch.randn(len(chunk), len(tokenizer), generator=noise))
            ids = torch.cat([ids, scores.argmax(-1, keepdim=True)], dim=1)
        assert any(processor.ended)  # random walks ramble: the budget had to end some of them
        for text, row in zip(chunk, ids[:, 1:].tolist()):
            row = row[:row.index(tokenizer.eos_token_id)] if tokenizer.eos_token_id in row else row
            assert schema_validator(json.loads(text)).is_valid(json.loads(tokenizer.decode(row))), text[:80]


def test_unlocked_rows_in_a_locked_batch_are_left_alone(backend):
    schema = (SCHEMAS / "otp_code.json").read_text()
    free = GenerateRequest(messages=(("user", "Say hello to Ada in one short sentence."),), max_new_tokens=24)
    locked = GenerateRequest(messages=(("user", "Your code is 4821, valid 10 minutes. From: Acme."),),
                             max_new_tokens=40, json_schema=schema)
    mixed = backend.generate([locked, free])
    alone = backend.generate([GenerateRequest(messages=locked.messages, max_new_tokens=40), free])
    assert mixed[1].text == alone[1].text and "{" not in mixed[1].text  # same words, no JSON forced on it
    assert mixed[1].lock_compile_seconds is None and mixed[0].lock_compile_seconds is not None
    assert schema_validator(json.loads(schema)).is_valid(json.loads(mixed[0].text))


def test_cli_runs_edge_json_unlocked_and_locked(tmp_path, smollm2_folder):
    out = tmp_path / "results"
    run_cli("run", "--model", "hf:SmolLM2-135M-Instruct", "--tasks", "edge_json", "--json-lock", "both",
            "--limit", "3", "--no-progress", "--output-path", str(out), "--no-cache",
            timeout=1800)  # 2 x 3 rows of up to 384 tokens: minutes on 2 cores, more when they are shared
    results = read_json(out / "results.json")
    assert set(results["results"]) == {"edge_json", "edge_json_locked"}
    locked = results["results"]["edge_json_locked"]
    assert locked["schema_valid"] == 1.0 and locked["parse_rate"] == 1.0
    assert results["tasks"]["edge_json_locked"]["config"]["generation"]["schema_lock"] is True
    assert not results["tasks"]["edge_json"]["config"].get("generation", {}).get("schema_lock")


def test_a_locked_answer_is_cached_under_its_layout():
    from edgebench import decoding
    from edgebench.backends.base import GenerateRequest
    from edgebench.backends.hf import HFBackend
    from edgebench.backends.llamacpp import LlamaCppBackend
    from edgebench.cache import request_key

    assert HFBackend.lock_layout == decoding.LOCK_FORMAT  # hf locks through decoding.py: its layout
    assert LlamaCppBackend.lock_layout is None  # llama.cpp's grammar lays out answers by its own rules
    locked = GenerateRequest(prompt="p", json_schema=json.dumps(PRED_SCHEMA))
    plain = GenerateRequest(prompt="p")
    assert request_key("ns", "fp", locked, "spaced") != request_key("ns", "fp", locked, "compact")
    assert request_key("ns", "fp", locked, "spaced") != request_key("ns", "fp", locked)
    # unlocked answers keep their cache entries whatever the layout
    assert request_key("ns", "fp", plain, "spaced") == request_key("ns", "fp", plain, "compact") \
        == request_key("ns", "fp", plain)
