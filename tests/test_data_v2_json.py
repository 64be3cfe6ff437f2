"""EdgeJSON data v2 held to its invariants: determinism, whole frames held out, the size and breadth
targets, every gold valid and readable in its text, registers that never touch a value, and v1 unchanged."""
import json
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from faker import Faker

from edgebench.data.extraction import edge_json as v1
from edgebench.data.extraction import edge_json_registers as R
from edgebench.data.extraction import edge_json_v2 as v2
from edgebench.data.diversity import report
from edgebench.data.extraction.edge_json_frames import frames
from edgebench.data.extraction.edge_json_templates import SPECS
from edgebench.data.extraction.edge_json_templates.common import noise, noise_pool, render
from edgebench.data.store import fingerprint_rows
from edgebench.data.validation import contains_all, validate
from edgebench.errors import EdgeBenchError
from edgebench.tasks.config import ConfigSource, read_config, validate_schema
from edgebench.tasks.edge_json import EdgeJSONTask

SCHEMAS = v1.builtin_schemas()
REPO = Path(__file__).resolve().parent.parent
LABEL = re.compile(r"^\s*([A-Za-z][A-Za-z0-9 .#/()'&-]{0,30}?):\s")  # 'Total: ', as the registers read a label
# sha256 of the v1 rows (edgebench.data.store.fingerprint_rows), taken before data v2 was written: v1 must
# stay byte-identical under version 1.
V1_DEFAULT = "634a62c34c546cc2baf55043ed744ef3f603c11f136bf48225855741cbfa1b47"
V1_SEED7_PT2 = "883d71804a4a4b21b7057768116dbc5b09dda2a610df6edce896927c14fcacdd"


@pytest.fixture(scope="module")
def data():
    return v2.generate(SCHEMAS)


def test_v1_rows_are_unchanged():
    assert fingerprint_rows(v1.generate(SCHEMAS)) == V1_DEFAULT
    assert fingerprint_rows(v1.generate(SCHEMAS, seed=7, per_template=2)) == V1_SEED7_PT2


def test_same_seed_same_rows_other_seed_other_rows():
    a, b = v2.generate(SCHEMAS, seed=7, rows=150), v2.generate(SCHEMAS, seed=7, rows=150)
    assert a == b and fingerprint_rows(a) == fingerprint_rows(b)
    other = v2.generate(SCHEMAS, seed=8, rows=150)
    assert fingerprint_rows(other) != fingerprint_rows(a)
    assert {r["text"] for r in other["test"]}.isdisjoint(r["text"] for r in a["test"])


def test_rows_have_their_fields_and_ids_name_the_picks(data):
    registers = set(R.REGISTERS)
    for split, rows in data.items():
        assert len({r["id"] for r in rows}) == len(rows), split
        for r in rows:
            assert set(r) == {"id", "schema", "level", "domain", "frame", "register", "template", "text", "gold"}
            name, index = r["frame"].split("/")
            assert name == r["schema"] and int(index) < len(frames(name)) and r["register"] in registers
            assert r["template"].startswith(f"{r['frame']}/{r['register']}/")
            assert r["id"].startswith(r["template"] + "/")
            assert r["level"] == SCHEMAS[name]["x-edgebench-level"]
            assert r["register"] in R.FITS[frames(name)[int(index)][1]]  # a register that fits the medium


def test_the_test_split_holds_out_whole_frames(data):
    test_frames = {r["frame"] for r in data["test"]}
    train_frames = {r["frame"] for r in data["train"]}
    assert not test_frames & train_frames
    per_schema = Counter(f.split("/")[0] for f in test_frames)
    assert per_schema == Counter({name: v2.HELD_OUT for name in SCHEMAS})
    for name in SCHEMAS:  # every frame that is not held out is trained on; every schema has >= 2 of them
        train_of = {f for f in train_frames if f.split("/")[0] == name}
        assert len(train_of) == len(frames(name)) - v2.HELD_OUT >= 2, name
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    assert not {r["text"] for r in data["test"]} & {r["text"] for r in data["train"]}


def test_size_and_breadth_targets(data):
    test_templates = Counter(r["template"] for r in data["test"])
    assert len(test_templates) >= 200 and len({r["frame"] for r in data["test"]}) >= 40
    assert max(test_templates.values()) <= 5 and 300 <= len(data["test"]) <= 500
    assert len({r["template"] for r in data["train"]}) >= 5 * len(test_templates)
    assert len(data["train"]) == v2.DEFAULTS["rows"]
    templates, registers = defaultdict(set), defaultdict(set)
    for r in data["train"] + data["test"]:
        templates[r["schema"]].add(r["template"])
        registers[r["schema"]].add(r["register"])
    assert set(templates) == set(SCHEMAS)
    assert min(len(t) for t in templates.values()) >= 8 and min(len(g) for g in registers.values()) >= 4
    for split in data.values():  # every level and the main registers on both sides
        assert {r["level"] for r in split} == set(v1.LEVELS)
        assert set(R.REGISTERS) == {r["register"] for r in split}


def test_the_card_reports_diversity_and_no_leak(data):
    card = report(data)
    assert card["test"]["templates"] == len({r["template"] for r in data["test"]})
    assert card["leakage"]["test_templates_in_train"] == 0 and card["leakage"]["test_share_near_copy"] < 0.05


def test_every_gold_is_schema_valid_and_found_in_its_text(data):
    checks = v1.checks(SCHEMAS)
    for split, rows in data.items():
        for row in rows:
            assert checks.schema_valid(row) and contains_all(row["text"], v1.gold_values(row)), row["id"]
        kept, rep = validate(rows, checks)
        assert rep.rates() == {level: 1.0 for level in rep.rates()}, split


# -- registers: the values are protected, the text around them is rewritten ------------------------
def _rendered(seed: int = 3):
    """(name, index, medium, gold, doc) for every frame of every schema, from fresh draws."""
    rng, fake = random.Random(seed), Faker("en_US")
    fake.seed_instance(seed)
    pool = noise_pool(fake, 20)
    for name in sorted(SPECS):
        for index, (template, medium) in enumerate(frames(name)):
            gold, ctx = SPECS[name].values(fake, rng)
            ctx = {**noise(pool, rng), **ctx}
            text = render(template, ctx, rng)
            doc = R.protect(text, *R.slot_values(gold, ctx))
            assert R.text_of(doc) == text  # cutting into segments loses nothing
            yield name, index, medium, gold, doc, pool["people"], rng


def test_every_register_keeps_every_protected_segment_and_every_gold_value():
    seen = Counter()
    for name, index, medium, gold, doc, people, rng in _rendered():
        row = {"gold": json.dumps(gold), "schema": name}
        for register in R.FITS[medium]:
            for _ in range(3):
                picks = R.draw(register, rng)
                out, effective = R.apply(doc, register, picks, rng, people)
                assert Counter(R.protected(out)) == Counter(R.protected(doc)), (name, index, register)
                text = R.text_of(out)
                assert contains_all(text, v1.gold_values(dict(row, text=text))), (name, index, register)
                assert all("\n" not in t for t in R.protected(out))
                seen[register] += 1
    assert set(seen) == set(R.REGISTERS)


def _as_scanned(label: str) -> str:
    """A regex for ``label`` in capitals as OCR may print it: a letter read as a digit, spaces doubled or
    broken onto the next line."""
    misread = {"I": "1", "L": "1", "O": "0", "S": "5", "B": "8"}
    out = ""
    for ch in label.upper():
        out += r"\s+" if ch == " " else f"[{ch}{misread[ch]}]" if ch in misread else re.escape(ch)
    return out


def test_ocr_rows_are_upper_case_outside_values_and_keep_values():
    labels = 0
    for name, index, medium, gold, doc, people, rng in _rendered(5):
        if medium not in ("paper", "email"):
            continue
        for caps in (0, 1):
            out, _ = R.apply(doc, "ocr", {"h": 1, "f": 1, "u": caps, "shuf": 0, "syn": 0}, rng, people)
            assert R.protected(out) == R.protected(doc)  # values intact and in their order
            assert out[0] == [(R.OCR_HEADERS[1], False)] and out[-1] == [(R.OCR_FOOTERS[1], False)]
            free = [t for line in out for t, p in line if not p]
            if caps:
                assert not any(ch.islower() for t in free for ch in t), (name, index)
            text = R.text_of(out)
            for line in doc:  # every 'Label: value' line's label is in capitals either way
                m = LABEL.match(line[0][0]) if line and not line[0][1] else None
                if m and len(line) > 1 and m.group(1).lower() != "subject":
                    assert re.search(_as_scanned(m.group(1).strip()), text), (name, index, m.group(1))
                    labels += 1
    assert labels > 100


def test_ocr_by_hand():
    text = "Store: Fresh Foods\nTotal: 42.50 USD\nCashier: Maria Lopez"
    doc = R.protect(text, ["Fresh Foods", "42.50", "42.5", "USD"], ["Maria Lopez"])
    assert R.protected(doc) == ["Fresh Foods", "42.50", "USD", "Maria Lopez"]
    out = R.text_of(R.apply(doc, "ocr", {"h": 2, "f": 0, "u": 1, "shuf": 0, "syn": 0}, random.Random(1), [])[0])
    for value in ("Fresh Foods", "42.50", "USD", "Maria Lopez"):
        assert value in out
        out = out.replace(value, "")
    assert not re.search(r"[a-z]", out)
    for label in ("Store", "Total", "Cashier"):
        assert re.search(_as_scanned(label), out), label
    assert out.startswith("[ IMAGE ") and out.rstrip().endswith("PAGE 1/1")


def test_protect_prefers_whole_words_and_guards_gold_inside_words():
    doc = R.protect("Plate: AB-123\nWeight 3.4kg", ["3.4"], ["LA"])
    assert R.protected(doc) == ["3.4"]  # 'la' of 'Plate' left free: a distractor only as a word
    assert R.protected(R.protect("Plate: AB-123 (LA)", [], ["LA"])) == ["LA"]
    assert R.protected(R.protect("Status: UNPAID", ["unpaid"])) == ["UNPAID"]  # any case, kept as written


def test_casual_forwarded_and_transcript_by_hand():
    doc = R.protect("Subject: Your code\n\nUse 123456 at ShopNow. Thanks!", ["123456", "ShopNow"])
    rng = random.Random(0)
    casual = R.text_of(R.apply(doc, "casual", {"c": 1, "shuf": 0, "syn": 0}, rng, [])[0])
    assert casual == "subject - your code\nuse 123456 at ShopNow thanks"
    people = [("Ann", "Lee"), ("Bo", "Kim")]
    fwd = R.text_of(R.apply(doc, "forwarded", {"s": 0, "n": 1, "q": 1, "shuf": 0, "syn": 0}, rng, people)[0])
    lines = fwd.splitlines()
    assert lines[0] == "FYI, see below." and "---------- Forwarded message ---------" in lines
    assert "Subject: Fwd: Your code" in lines and "> Use 123456 at ShopNow. Thanks!" in lines
    spoken = R.text_of(R.apply(doc, "transcript", {"o": 1, "l": 0, "d": 0, "shuf": 0, "syn": 0}, rng, people)[0])
    assert "\n" not in spoken and spoken.startswith("[Transcribed voice message] ")
    assert "123456" in spoken and "ShopNow" in spoken and ":" not in spoken.split("] ", 1)[1]


def test_shuffle_and_synonyms_change_labels_only():
    text = "Total: 9.99\nPhone: (555) 555-0100\nPlate: XYZ\nNotes"
    doc = R.protect(text, ["9.99", "(555) 555-0100", "XYZ"])
    renamed, changed = R.synonyms(doc, 1)
    assert changed and R.text_of(renamed) == "Grand total: 9.99\nTel: (555) 555-0100\nLicense plate: XYZ\nNotes"
    moved, changed = R.shuffle(doc, 1)
    assert changed and sorted(R.text_of(moved).splitlines()) == sorted(text.splitlines())
    assert R.text_of(moved).splitlines()[-1] == "Notes"  # only the run of label lines moves
    assert R.shuffle(doc, 0) == (doc, False) and R.synonyms(doc, 0) == (doc, False)


def test_bad_settings_are_named():
    with pytest.raises(EdgeBenchError, match="test_rows"):
        v2.generate(SCHEMAS, test_rows=6)
    with pytest.raises(EdgeBenchError, match="no text templates"):
        v2.generate({"nope": {}})
    with pytest.raises(EdgeBenchError, match="unknown register"):
        R.draw("shouting", random.Random(0))


# -- the task ----------------------------------------------------------------------------------
def make_task(dataset: dict):
    source = ConfigSource(REPO / "task_configs" / "edge_json.yaml", "builtin")
    config = read_config(source)
    config["dataset"] = dataset
    validate_schema(config, EdgeJSONTask.config_schema, source)
    return EdgeJSONTask(config, source)


def test_the_task_dispatches_version_2(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    config = read_config(ConfigSource(REPO / "task_configs" / "edge_json.yaml", "builtin"))
    assert config["version"] == 2 and config["dataset"]["version"] == 2
    small = {"generator": "edge_json", "version": 2, "schemas": ["invoice", "receipt", "otp_code"], "rows": 40}
    task = make_task(small)
    assert len(task.docs("train")) == 40 and {"frame", "register"} <= set(task.docs("test").column_names)
    assert {r["schema"] for r in task.docs("test")} == {"invoice", "receipt", "otp_code"}
    with pytest.raises(EdgeBenchError, match="per_template belongs to dataset version 1"):
        make_task({**small, "per_template": 3}).dataset  # noqa: B018
    with pytest.raises(EdgeBenchError, match="rows belong to dataset version 2"):
        make_task({"generator": "edge_json", "schemas": ["invoice"], "rows": 40}).dataset  # noqa: B018
