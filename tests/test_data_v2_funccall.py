"""EdgeFuncCall data v2 (issue 13) held to its invariants: determinism, whole frame families held out (a
parallel row's frames all on its split), every category on both sides, the size targets, exact gold (the
validator passes every row), the diversity report, v1 unchanged, and the task configs that use it."""
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from edgebench.backends.base import GenerateResult
from edgebench.data.funccall import edge_funccall as v1
from edgebench.data.funccall import edge_funccall_frames as F
from edgebench.data.funccall import edge_funccall_templates as T
from edgebench.data.funccall import edge_funccall_v2 as v2
from edgebench.data.diversity import report
from edgebench.data.store import fingerprint_rows
from edgebench.data.validation import normalise, validate
from edgebench.errors import EdgeBenchError
from edgebench.tasks.config import BASE_SCHEMA, ConfigSource, validate_schema
from edgebench.tasks.edge_funccall import EdgeFuncCallTask, gold_answer

CONFIG = Path("task_configs/edge_funccall.yaml").resolve()
CATALOG = yaml.safe_load((CONFIG.parent / "functions" / "edge_functions.yaml").read_text())
BY_NAME = {f["name"]: f for f in CATALOG["functions"]}
# v1 rows (seed 1234, per_template 2) as generated before data v2 existed: v1 must stay reproducible.
V1_FINGERPRINT = "922a5e585b63c02e7acf3980da667d68d5da269e118df0126c9828c49fe3ae5d"


@pytest.fixture(scope="module")
def data():
    return v2.generate(CATALOG, seed=1234)


def parts(row):
    return row["frame"].split("+")


def test_v1_rows_are_unchanged():
    assert fingerprint_rows(v1.generate(CATALOG, seed=1234, per_template=2)) == V1_FINGERPRINT


def test_same_seed_same_rows_other_seed_other_rows(data):
    assert v2.generate(CATALOG, seed=1234) == data
    assert fingerprint_rows(v2.generate(CATALOG, seed=1234)) == fingerprint_rows(data)
    other = v2.generate(CATALOG, seed=7)
    assert other["test"] != data["test"]
    assert {p for r in other["test"] for p in parts(r)} != {p for r in data["test"] for p in parts(r)}


def test_whole_frames_are_held_out_and_parallel_rows_stay_on_their_split(data):
    test = {p for r in data["test"] for p in parts(r)}
    train = {p for r in data["train"] for p in parts(r)}
    assert test and train and not test & train  # every clause's frame, parallel ones included, on one side
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    assert not {normalise(r["text"]) for r in data["test"]} & {normalise(r["text"]) for r in data["train"]}
    # each function has 6-8 frames; a quarter of 6, 7 or 8, rounded, is 2 held out, the rest trained on
    kinds = v2.frames(BY_NAME)
    for name in BY_NAME:
        assert 6 <= len(kinds[name]) <= 8
        assert sum(f.startswith(f"{name}/") for f in test) == 2, name
        assert sum(f.startswith(f"{name}/") for f in train) == len(kinds[name]) - 2, name
    for kind in kinds:  # near-miss and chit-chat kinds are split the same way
        assert any(f.startswith(f"{kind}/") for f in test) and any(f.startswith(f"{kind}/") for f in train), kind


def test_a_held_out_frames_parameters_are_all_trained_on(data):
    named = {}
    for split, rows in data.items():
        for row in rows:
            for call in json.loads(row["gold"]):
                given = {p for p, values in call["arguments"].items() if "" not in values}
                named.setdefault((split, call["name"]), set()).update(given)
    for (split, name), params in named.items():
        if split == "test":
            assert params <= named[("train", name)], name


def test_every_category_on_both_sides_in_sensible_shares(data):
    for split, rows in data.items():
        shares = Counter(r["category"] for r in rows)
        assert set(shares) == set(v1.CATEGORIES), split
        assert all(0.1 < shares[c] / len(rows) < 0.4 for c in v1.CATEGORIES), (split, shares)
        irrelevant = Counter(p.split("/")[0].split(".")[0] for r in rows if r["category"] == "irrelevance"
                             for p in parts(r))
        assert {"near_miss", "chit_chat"} <= set(irrelevant) and set(irrelevant) - {"near_miss", "chit_chat"}
        assert set(r["register"] for r in rows) == {"as_written", "casual", "sms_speak", "voice", "terse"}


def test_size_and_breadth_targets(data):
    templates = Counter(r["template"] for r in data["test"])
    single = {r["frame"] for r in data["test"] if "+" not in r["frame"]}
    assert len(templates) >= 200 and len(single) >= 40 and max(templates.values()) <= 5
    assert len({r["template"] for r in data["test"] if "+" not in r["frame"]}) >= 200  # without parallel ones
    assert 300 <= len(data["test"]) <= 450  # modest, so that `--tasks all --limit 5` stays fast
    assert len(data["train"]) == v2.DEFAULTS["rows"]
    assert len({r["template"] for r in data["train"]}) >= 5 * len(templates)
    small = v2.generate(CATALOG, seed=1234, rows=400, test_templates=2, test_rows=2)
    assert len(small["train"]) == 400 and max(Counter(r["template"] for r in small["test"]).values()) == 2


def test_rows_follow_their_category(data):
    for row in data["train"] + data["test"]:
        offered = [f["name"] for f in json.loads(row["functions"])]
        gold = json.loads(row["gold"])
        assert len(set(offered)) == len(offered) and all(c["name"] in offered for c in gold)
        assert all(set(c["arguments"]) == set(BY_NAME[c["name"]]["parameters"]["properties"]) for c in gold)
        frame = parts(row)[0]
        if row["category"] == "simple":
            assert offered == [frame.split("/")[0]] and len(gold) == 1
        elif row["category"] == "multiple":
            assert 3 <= len(offered) <= 5 and [c["name"] for c in gold] == [frame.split("/")[0]]
        elif row["category"] == "parallel":
            assert [c["name"] for c in gold] == [p.split("/")[0] for p in parts(row)]
            assert len(gold) in (2, 3) and len({c["name"] for c in gold}) == len(gold) <= len(offered) <= len(gold) + 2
        else:
            kind = frame.split("/")[0]
            assert gold == [] and 2 <= len(offered) <= 4
            if kind in BY_NAME:  # a real request, offered only functions of other domain groups
                group = next(g for g in T.DOMAIN_GROUPS if BY_NAME[kind]["domain"] in g)
                assert not any(BY_NAME[n]["domain"] in group for n in offered), row
            elif kind.startswith("near_miss."):  # the functions of the domain it is next to
                domain = kind.split(".")[1]
                near = [n for n in offered if BY_NAME[n]["domain"] == domain]
                assert len(near) == min(len(offered), sum(f["domain"] == domain for f in CATALOG["functions"]))


def test_gold_is_exact_the_validator_passes_every_row(data):
    checks = v1.checks()
    for split, rows in data.items():
        _, rep = validate(rows, checks)
        assert rep.rates() == {level: 1.0 for level in rep.rates()}, (split, rep.as_dict())
    task = EdgeFuncCallTask(yaml.safe_load(CONFIG.read_text()), ConfigSource(CONFIG, "builtin"))
    for row in data["test"]:
        answer = json.dumps(gold_answer(json.loads(row["gold"])))
        record = task.process(row, GenerateResult(text=answer))
        assert record["error"] is None and record["scores"]["call_exact"] == 1, row


def test_words_that_fix_a_value_survive_styling_and_typos(data):
    rows = [r for r in data["train"] + data["test"] if r["category"] != "irrelevance"]
    seen = Counter()
    for row in rows:
        text = normalise(row["text"])
        for call in json.loads(row["gold"]):
            args = {p: v[0] for p, v in call["arguments"].items()}
            if call["name"] == "set_door_lock":
                # "unlock" and "release the lock" both hold "lock": only locking must not read as unlocking
                assert ("unlock" in text or "release" in text) == (args["locked"] is False), row["text"]
                seen["lock"] += 1
            if call["name"] == "call_contact" and args["video"] is True:
                assert "video" in text, row["text"]
                seen["video"] += 1
            if call["name"] == "play_music" and args["shuffle"] is True:
                assert "shuffle" in text, row["text"]
                seen["shuffle"] += 1
            if call["name"] == "get_directions" and args["avoid_tolls"] is True:
                assert "toll" in text, row["text"]
                seen["tolls"] += 1
            if call["name"] == "set_alarm" and args["repeat"] not in ("", "once"):
                assert args["repeat"] in text, row["text"]
                seen["repeat"] += 1
    assert min(seen.values()) >= 5 and len(seen) == 5


def test_typos_never_touch_slots_or_protected_words():
    rng = random.Random(0)
    template = "Please unlock the {c0_door} door and disable Bluetooth at {c1_time} tomorrow"
    changed = 0
    for _ in range(300):
        noisy = v2._typos(template, rng, 1.0)
        assert re.findall(r"\{\w+\}", noisy) == ["{c0_door}", "{c1_time}"]
        assert "unlock" in noisy and "disable" in noisy
        changed += noisy != template
    assert changed > 250  # "Please" and "Bluetooth" and "tomorrow" still get slips


def test_sms_speak_keeps_to_and_for_before_a_number():
    rng = random.Random(0)
    frame = v2.Frame("set_volume", 0, "Set the volume to {level}", function="set_volume")
    texts = {t.text for t in (v2.template([frame], rng) for _ in range(300)) if t.register == "sms_speak"}
    assert texts and all("to {c0_level}" in t and "2 {" not in t for t in texts)
    other = v2.Frame("add_todo", 0, "Add {item} to my list", function="add_todo")
    sms = {t.text for t in (v2.template([other], rng) for _ in range(300)) if t.register == "sms_speak"}
    assert any("{c0_item} 2 my list" in t for t in sms)  # not before a number: SMS-speak as people write it


def test_expansions_and_frame_checks_by_hand():
    assert v2.expansions("[a|b] x [c|]") == ["a x c", "a x ", "b x c", "b x "]
    assert v2.expansions("no picks") == ["no picks"]
    one = {"functions": [{**BY_NAME["set_alarm"]}, {"name": "open_garage", "domain": "smart_home",
                                                    "description": "x", "parameters": {"type": "object",
                                                                                       "properties": {}}}]}
    with pytest.raises(EdgeBenchError, match="'open_garage' has 0 request frame"):
        v2.generate(one)
    bad = {**F.EXTRA, "set_alarm": ["Wake me [at {time}|soon]"]}  # the required time in one pick only
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(F, "EXTRA", bad)
        with pytest.raises(EdgeBenchError, match="every \\[a\\|b\\] pick"):
            v2.frames({"set_alarm": BY_NAME["set_alarm"]})


def test_categories_subset():
    d = v2.generate(CATALOG, seed=3, rows=300, categories=["simple", "parallel"])
    for rows in d.values():
        assert {r["category"] for r in rows} == {"simple", "parallel"}
        assert not any("near_miss" in r["frame"] or "chit_chat" in r["frame"] for r in rows)


def test_the_card_reports_diversity_and_no_leak(data):
    card = report(data)
    assert card["test"]["templates"] == len({r["template"] for r in data["test"]})
    assert card["leakage"]["test_templates_in_train"] == 0 and card["leakage"]["test_share_near_copy"] < 0.05
    assert card["train"]["trigrams_per_1000_rows"] > 1000


def test_the_task_configs_use_v2_and_v1_stays_selectable(tmp_path, monkeypatch):
    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    config = yaml.safe_load(CONFIG.read_text())
    source = ConfigSource(CONFIG, "builtin")
    validate_schema(config, BASE_SCHEMA, source)
    validate_schema(config, EdgeFuncCallTask.config_schema, source)
    assert config["dataset"]["version"] == 2 and config["version"] == 2
    task = EdgeFuncCallTask(config, source)
    expected = v2.generate(CATALOG, seed=1234, rows=config["dataset"]["rows"],
                           test_templates=config["dataset"]["test_templates"], test_rows=config["dataset"]["test_rows"])
    assert task.fingerprint == fingerprint_rows(expected)
    assert {"frame", "register", "template"} <= set(task.docs("test").column_names)
    old = {**config, "dataset": {"generator": "edge_funccall", "seed": 1234, "per_template": 2}}
    assert EdgeFuncCallTask(old, source).fingerprint == V1_FINGERPRINT
    mixed = {**config, "dataset": {"generator": "edge_funccall", "rows": 100}}
    with pytest.raises(EdgeBenchError, match="belong to dataset version 2"):
        EdgeFuncCallTask(mixed, source).fingerprint
    both = {**config, "dataset": {**config["dataset"], "per_template": 2}}
    with pytest.raises(EdgeBenchError, match="not 'per_template'"):
        EdgeFuncCallTask(both, source).fingerprint


def test_a_tfidf_fit_on_v2_train_names_the_probes_functions(tmp_path, monkeypatch):
    """A text-only proxy of transfer to the hand-written probes (task probe_funccall): a TF-IDF classifier of
    the called function, fit on the single-call train rows, on the probes' single-call requests. Measured at
    seed 1234: v2 0.949 (seeds 1, 2: 0.962, 0.923); v1 0.821, and 0.872 at v2's size (per_template 6). Kept as
    a floor: a change to the frames that loses the transfer fails here."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from edgebench.tasks.config import select

    monkeypatch.setenv("EDGEBENCH_CACHE", str(tmp_path))
    probes = [d for d in select("probe_funccall")[0].docs("test") if d["category"] in ("simple", "multiple")]
    assert len(probes) >= 60
    train = [r for r in v2.generate(CATALOG, seed=1234)["train"] if r["category"] in ("simple", "multiple")]
    pipeline = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LogisticRegression(max_iter=2000, C=10))
    pipeline.fit([r["text"] for r in train], [json.loads(r["gold"])[0]["name"] for r in train])
    predicted = pipeline.predict([d["text"] for d in probes])
    hits = sum(p == json.loads(d["gold"])[0]["name"] for p, d in zip(predicted, probes))
    assert hits / len(probes) > 0.9
