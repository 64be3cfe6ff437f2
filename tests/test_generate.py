"""edgebench generate: reproducible fingerprints, dataset cards, the quality validator and the teacher."""
import json

import pytest
from datasets import load_from_disk

from conftest import run_cli
from edgebench.data.teacher import TeacherRouter, clean_paraphrase, plausible
from edgebench.data.validation import Checks, failed_levels, validate
from edgebench.errors import EdgeBenchError


def test_generate_twice_gives_the_same_fingerprint_and_a_card(tmp_path):
    a = run_cli("generate", "--task", "edge_intent", "--out", str(tmp_path / "a")).stdout
    b = run_cli("generate", "--task", "edge_intent", "--out", str(tmp_path / "b")).stdout
    fp = lambda out: out.split("fingerprint ")[1].split()[0]  # noqa: E731
    assert fp(a) == fp(b) and len(fp(a)) == 64
    card = json.loads((tmp_path / "a" / "card.json").read_text())
    data = load_from_disk(str(tmp_path / "a" / "data"))
    for split in ("train", "test"):
        assert card["splits"][split]["rows"] == len(data[split])
        assert sum(card["splits"][split]["by_label"].values()) == len(data[split])
        assert set(card["validation"][split]["pass_rate"]) == {"parses", "schema_valid", "gold_in_text", "no_leak",
                                                                "not_duplicate"}
    assert card["validation"]["test"]["pass_rate"]["gold_in_text"] == 1.0
    assert "## Quality validator" in (tmp_path / "a" / "README.md").read_text()


def test_validator_levels_by_hand():
    checks = Checks(gold_values=lambda r: r["values"], leaks=lambda r: [r["label"]],
                    schema_valid=lambda r: r["label"] != "bad")
    seen: set[str] = set()
    assert failed_levels({"text": "Pay Ann 20 dollars", "values": ["ann", "20"], "label": "transfer"}, checks, seen) == []
    assert failed_levels({"text": "pay ann 20 dollars", "values": [], "label": "x"}, checks, seen) == ["not_duplicate"]
    assert failed_levels({"text": "pay Bob", "values": ["Ann"], "label": "pay"}, checks, seen) == ["gold_in_text", "no_leak"]
    assert failed_levels({"text": "", "values": [], "label": "bad"}, checks, seen) == ["parses", "schema_valid"]
    kept, report = validate([{"text": "a", "values": [], "label": "z"}, {"text": "a", "values": [], "label": "z"}],
                            checks)
    assert len(kept) == 1 and report.rates()["not_duplicate"] == 0.5 and report.kept == 1


def test_teacher_routing_rules():
    router = TeacherRouter.parse("hf:default", ["task:edge_json=hf:json-teacher", "invoice=hf:invoice-teacher"])
    assert router.pick("edge_json", "an invoice") == "hf:json-teacher"      # first matching rule wins
    assert router.pick("edge_intent", "My INVOICE is late") == "hf:invoice-teacher"
    assert router.pick("edge_intent", "hello") == "hf:default"
    assert TeacherRouter.parse(None, ["x=hf:y"]).pick("t", "nothing") is None
    with pytest.raises(EdgeBenchError, match="PATTERN=SPEC"):
        TeacherRouter.parse(None, ["no-equals-sign"])


def test_paraphrase_cleaning_and_plausibility():
    assert clean_paraphrase('Rewritten message:\n\n"Send 20 to Ann."\n\nThis is extra.') == "Send 20 to Ann."
    assert plausible("send 20 dollars to Ann", "please transfer 20 dollars to Ann")
    assert not plausible("send 20 dollars to Ann", "send 20 dollars to ann")       # unchanged
    assert not plausible("hi", "a much much longer answer than the original could ever be")
    assert not plausible("savings balance please now", "balance " * 12)             # repetition loop


def test_real_teacher_paraphrases_only_routed_rows_and_keeps_gold(tmp_path, smollm2_folder):
    out = run_cli("generate", "--task", "edge_intent", "--out", str(tmp_path),
                  "--teacher-rule", "balance=hf:SmolLM2-135M-Instruct").stdout
    card = json.loads((tmp_path / "card.json").read_text())
    routed = sum(r["checked"] for r in card["paraphrase_validation"].values())
    kept = sum(r["kept"] for r in card["paraphrase_validation"].values())
    assert routed >= 3 and "pass every level" in out
    data = load_from_disk(str(tmp_path / "data"))
    rows = data["train"].to_list() + data["test"].to_list()
    assert sum(r["paraphrased"] for r in rows) == kept
    for row in rows:
        if row["paraphrased"]:
            assert row["teacher"] == "hf:SmolLM2-135M-Instruct"
            assert all(v.lower() in row["text"].lower() for v in row["values"])
            assert row["frame"].split("/")[0] == row["label"]  # gold untouched: the frame names its intent
