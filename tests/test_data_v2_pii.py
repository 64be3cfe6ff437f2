"""EdgePII data v2 held to its invariants: determinism, held-out whole frames, the size and breadth
targets, exact and non-overlapping gold spans in every channel, the validator, the diversity report,
the form and transcript registers, and the hand-written probe set."""
import json
import random
import re
import string
from collections import Counter
from pathlib import Path

import pytest

from edgebench.data.writing import compose, doc_registers, frame_splits

from edgebench.data.filters import pii_v2
from edgebench.data.filters import pii_frames as F
from edgebench.data.diversity import report
from edgebench.data.filters.v1 import PII_TYPES, checks
from edgebench.data.validation import validate
from edgebench.errors import EdgeBenchError
from edgebench.tasks.config import ConfigSource, read_config, select
from edgebench.tasks.filters import PIITask

KINDS = set(F.PII_KINDS) | set(F.NONE_KINDS)
PROBES = Path(__file__).resolve().parent.parent / "task_configs" / "probes" / "pii.jsonl"
SLOT = re.compile(r"\{[a-z_0-9]+\}")


@pytest.fixture(scope="module")
def data():
    return pii_v2.generate(seed=1234)


def spans(row):
    return json.loads(row["spans"])


def test_same_seed_same_rows_other_seed_other_rows(data):
    assert pii_v2.generate(seed=1234) == data
    other = pii_v2.generate(seed=7)
    assert other["test"] != data["test"]
    assert {r["frame"] for r in other["test"]} != {r["frame"] for r in data["test"]}  # another held-out draw


def test_the_test_split_holds_out_whole_frames_of_every_kind(data):
    test_frames, train_frames = {r["frame"] for r in data["test"]}, {r["frame"] for r in data["train"]}
    assert not test_frames & train_frames
    assert {r["kind"] for r in data["test"]} == KINDS == {r["kind"] for r in data["train"]}
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    assert not {r["text"] for r in data["test"]} & {r["text"] for r in data["train"]}


def test_size_and_breadth_targets(data):
    assert len(KINDS) >= 20 and min(len(frames) for frames in [*F.PII_KINDS.values(), *F.NONE_KINDS.values()]) >= 4
    test_templates = Counter(r["template"] for r in data["test"])
    assert len(test_templates) >= 200 and len({r["frame"] for r in data["test"]}) >= 40
    assert max(test_templates.values()) <= 5
    assert len({r["template"] for r in data["train"]}) >= 5 * len(test_templates)
    assert len(data["train"]) == pii_v2.DEFAULTS["rows"]
    assert pii_v2.train_frame_count() == len({r["frame"] for r in data["train"]})
    for split in data.values():  # rows without PII in both splits, a fifth to a third of them
        assert 0.2 < sum(not spans(r) for r in split) / len(split) < 0.35


def test_every_type_in_every_channel_on_both_sides(data):
    for split in data.values():
        seen = {(r["channel"], s["type"]) for r in split for s in spans(r)}
        assert seen == {(c, t) for c in pii_v2.CHANNELS for t in PII_TYPES}
        assert {r["channel"] for r in split if not spans(r)} == set(pii_v2.CHANNELS)  # no channel cues "no PII"
        registers = {r["register"] for r in split}
        assert {"plain", "casual", "sms_speak", "email"} <= registers
        assert {f"form_{x}" for x in doc_registers.FORM_LAYOUTS} <= registers
        assert {f"transcript_{x}" for x in doc_registers.TRANSCRIPT_STYLES} <= registers


def test_gold_spans_are_exact_ordered_and_come_from_the_frame(data):
    pii_kinds = set(F.PII_KINDS)
    for row in [*data["train"], *data["test"]]:
        gold = spans(row)
        for s in gold:
            assert s["type"] in PII_TYPES and row["text"][s["start"]:s["end"]] == s["text"] != ""
        assert all(a["end"] <= b["start"] for a, b in zip(gold, gold[1:]))  # in order, never overlapping
        assert bool(gold) == (row["kind"] in pii_kinds)
        assert "{" not in row["text"] and "  " not in row["text"] and row["text"] == row["text"].strip()


def test_frames_use_known_slots_and_kinds_without_pii_name_no_one():
    for kinds, has_pii in ((F.PII_KINDS, True), (F.NONE_KINDS, False)):
        for kind, frames in kinds.items():
            for frame in frames:
                channel, _, body = frame.partition("|")
                assert channel in ("chat", "email", "email_signed", "form", "transcript"), (kind, frame[:40])
                slots = {s.rstrip(string.digits) for _, s, _, _ in string.Formatter().parse(body) if s}
                assert slots <= pii_v2.SLOTS, (kind, slots - pii_v2.SLOTS)
                assert bool(pii_v2.frame_types(frame)[1]) == has_pii, (kind, frame[:40])
    with pytest.raises(EdgeBenchError, match="first_name"):
        pii_v2.render("hi {first_name}", {"first_name": lambda: "Ann"})


def test_the_validator_passes_every_row(data):
    for split in data.values():
        kept, rep = validate(split, checks("pii"))
        assert len(kept) == len(split) and rep.rates()["gold_in_text"] == 1.0


def test_the_card_reports_diversity_and_no_leak(data):
    card = report(data)
    assert card["test"]["templates"] == len({r["template"] for r in data["test"]})
    assert card["leakage"]["test_templates_in_train"] == 0 and card["leakage"]["test_share_near_copy"] < 0.05


def test_render_places_spans_where_values_are_written():
    values = iter(["Ann Lee", "555-0100", "#123"])
    text, extra = pii_v2.render("Call {person} on {phone}, order {order}.", {k: lambda: next(values)
                                                                              for k in ("person", "phone", "order")})
    assert text == "Call Ann Lee on 555-0100, order #123."
    assert json.loads(extra["spans"]) == [{"start": 5, "end": 12, "type": "person", "text": "Ann Lee"},
                                          {"start": 16, "end": 24, "type": "phone", "text": "555-0100"}]


def test_form_layouts_and_transcript_styles_change_literal_text_only():
    form = "Patient intake\nName: {person}\nPhone: {phone}"
    assert doc_registers.form_text(form, "caps") == "PATIENT INTAKE\nNAME: {person}\nPHONE: {phone}"
    assert doc_registers.form_text(form, "inline") == "Patient intake - Name: {person} | Phone: {phone}"
    assert doc_registers.form_text(form, "stacked") == "Patient intake\nName\n{person}\nPhone\n{phone}"
    assert doc_registers.form_text(form, "ocr") == "PATIENT INTAKE\nNarne : {person}\nPhone : {phone}"
    assert doc_registers.form_text("Ticket {ticket}\nName: {person}", "caps") == "TICKET {ticket}\nNAME: {person}"
    talk = "A: Your name, please?\nB: It's {person}.\nA: Thanks."
    assert doc_registers.transcript_text(talk, "labels", ("Agent", "Caller")) == \
        "Agent: Your name, please?\nCaller: It's {person}.\nAgent: Thanks."
    assert doc_registers.transcript_text(talk, "asr", ("Agent", "Caller")) == \
        "S1: your name please\nS2: it's {person}\nS1: thanks"
    assert doc_registers.transcript_text(talk, "verbatim", ("Rep", "Client"), ["um, "]) == \
        "Rep: Your name, please?\nClient: um, it's {person}.\nRep: Thanks."
    # a turn lasts 2 s + 1 s per 14 characters of its template: 18 characters, then 14
    assert doc_registers.transcript_text(talk, "timestamped", ("A", "B")).split("\n") == \
        ["[00:00] A: Your name, please?", "[00:03] B: It's {person}.", "[00:06] A: Thanks."]
    assert doc_registers.tidy("call me  on {phone} ,ok  {day} . ") == "call me on {phone},ok {day}."
    rng = random.Random(0)
    for frame in [f for frames in [*F.PII_KINDS.values(), *F.NONE_KINDS.values()] for f in frames]:
        template = doc_registers.compose_doc("k", 0, frame, rng, subjects=[""], greetings=[""], signoffs=[""],
                                             shouty=True)
        fixed = SLOT.findall(compose.ALTERNATIVES.sub("", frame))  # slots outside any [a|b]: always written
        assert all(s in template.text for s in fixed) and set(SLOT.findall(template.text)) <= set(SLOT.findall(frame))


def test_held_out_draws_again_until_covered_and_is_unchanged_without_a_rule():
    banks = {"a": {"k": ["x", "y", "z"], "j": ["p", "q"]}}
    assert frame_splits.held_out(banks, random.Random(1), 0.3) == \
        frame_splits.held_out(banks, random.Random(1), 0.3, covers=lambda held: True)
    held = frame_splits.held_out(banks, random.Random(1), 0.3, covers=lambda held: ("k", 2) in held)
    assert ("k", 2) in held and len(held) == 2
    with pytest.raises(EdgeBenchError, match="coverage rule"):
        frame_splits.held_out(banks, random.Random(1), 0.3, covers=lambda held: False)


def test_edge_pii_config_selects_v2_and_without_version_stays_v1():
    task = select("edge_pii")[0]
    assert task.config["version"] == 2 and task.config["dataset"]["version"] == 2
    docs = task.docs("test")
    assert len(docs) == len(pii_v2.generate(seed=1234)["test"]) and "frame" in docs.column_names
    source = ConfigSource(Path("task_configs/edge_pii.yaml").resolve(), "builtin")
    cfg = read_config(source)
    v1 = {k: v for k, v in cfg["dataset"].items() if k not in ("version", *pii_v2.DEFAULTS)}
    old = PIITask({**cfg, "dataset": v1}, source).docs("test")
    # data v1: (3 of 12 families with PII + 1 of 3 without) x 4 templates x 20 rows each
    assert "frame" not in old.column_names and len(old) == (3 + 1) * 4 * 20


def test_the_probe_file_loads_exactly():
    raw = [json.loads(line) for line in PROBES.read_text().splitlines() if line.strip()]
    docs = select("probe_pii")[0].docs("test")
    assert len(docs) == len(raw) >= 110 and list(docs["text"]) == [r["text"] for r in raw]
    gold = [json.loads(s) for s in docs["spans"]]
    assert 0.15 <= sum(not g for g in gold) / len(gold) <= 0.3
    assert {s["type"] for g in gold for s in g} == set(PII_TYPES)
    for row, g in zip(raw, gold):
        assert all(row["text"][s["start"]:s["end"]] == s["text"] for s in g)
        assert all(a["end"] <= b["start"] for a, b in zip(g, g[1:]))
        for s in g:
            if s["type"] == "card_number":  # test-card numbers only: Luhn-valid
                digits = [int(c) for c in s["text"] if c.isdigit()][::-1]
                assert sum(d if i % 2 == 0 else sum(divmod(2 * d, 10)) for i, d in enumerate(digits)) % 10 == 0
            if s["type"] == "email":  # reserved or look-alike domains only
                assert re.search(r"\.(test|example)$|@example\.(com|org|net)$", s["text"]), s["text"]
