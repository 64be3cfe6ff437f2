"""Generated labels: tolerant parsing, and garbage scored as a typed failure, never a crash."""
import pytest

from conftest import read_json, read_jsonl, run_cli
from edgebench.backends.base import GenerateResult
from edgebench.tasks.config import select


@pytest.fixture(scope="module")
def task():
    return select("edge_intent_gen")[0]


@pytest.mark.parametrize("text,label,error", [
    ("check_balance", "check_balance", None),
    ("  Check Balance.\nmore text", "check_balance", None),
    ("Intent: `lock-door`", "lock_door", None),
    ("", None, "empty_output"),
    ("   \n", None, "empty_output"),
    ('{"intent": "??"', None, "unknown_label"),
    ("I think you want to check_balance", None, "unknown_label"),
])
def test_parse_label(task, text, label, error):
    assert task.parse_label(text) == (label, error)


def test_garbage_output_is_a_typed_failure(task):
    doc = task.docs("test", 1)[0]
    record = task.process(doc, GenerateResult(text="\x00\x01 }}}{{ not a label"))
    assert record["pred"] is None and record["error"] == "unknown_label" and record["scores"]["top1"] == 0


def test_generative_run_on_the_embedded_model(tmp_path, smollm2_folder):
    run_cli("run", "--model", "hf:SmolLM2-135M-Instruct", "--tasks", "edge_intent_gen", "--limit", "4",
            "--output-path", str(tmp_path), "--log-samples", "--no-cache")
    samples = read_jsonl(tmp_path / "samples_edge_intent_gen.jsonl")
    assert len(samples) == 4
    errors = read_json(tmp_path / "results.json")["errors"]["edge_intent_gen"]
    assert sum(errors.values()) == sum(s["error"] is not None for s in samples)
    for s in samples:
        assert isinstance(s["output"], str)
        assert (s["pred"] is None) == (s["error"] is not None)
        assert s["error"] in (None, "empty_output", "unknown_label")
