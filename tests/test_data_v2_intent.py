"""EdgeIntent data v2 (issue 13) held to its invariants: determinism, held-out frames, the size and breadth
targets, request styles that never touch a slot, and the task configs that use it."""
import random
import re
from collections import Counter

import pytest
import yaml

from edgebench.data.intent import intents_v2

from edgebench.data.writing import request_style
from edgebench.data.writing.frame_splits import held_count
from edgebench.data.diversity import report
from edgebench.errors import EdgeBenchError
from edgebench.tasks.config import select

CATALOG_24 = yaml.safe_load(open("task_configs/intents/edge_intent_24.yaml"))
SLOT = re.compile(r"\{[a-z_0-9]+\}")


@pytest.fixture(scope="module")
def data():
    return intents_v2.generate(CATALOG_24, seed=1234)


def test_same_seed_same_rows_other_seed_other_rows(data):
    assert intents_v2.generate(CATALOG_24, seed=1234) == data
    assert intents_v2.generate(CATALOG_24, seed=99)["test"] != data["test"]


def test_the_test_split_holds_out_whole_frames_of_every_intent(data):
    test_frames, train_frames = {r["frame"] for r in data["test"]}, {r["frame"] for r in data["train"]}
    assert not test_frames & train_frames
    names = {i["name"] for i in CATALOG_24["intents"]}
    assert {r["label"] for r in data["test"]} == names == {r["label"] for r in data["train"]}
    assert all(r["frame"].split("/")[0] == r["label"] for split in data.values() for r in split)
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    assert not {r["text"] for r in data["test"]} & {r["text"] for r in data["train"]}
    # a quarter of each intent's 8 frames, as frame_splits.held_count rounds it
    assert Counter(f.split("/")[0] for f in test_frames) == Counter({n: 2 for n in names})


def test_size_and_breadth_targets(data):
    templates = Counter(r["template"] for r in data["test"])
    assert len(templates) >= 200 and len({r["frame"] for r in data["test"]}) >= 40
    assert max(templates.values()) <= 5
    assert len({r["template"] for r in data["train"]}) >= 5 * len(templates)
    assert len(data["train"]) == intents_v2.DEFAULTS["rows"]
    for split in data.values():
        assert set(request_style.REGISTERS) <= {r["register"] for r in split}
    card = report(data)
    assert card["leakage"]["test_templates_in_train"] == 0 and card["leakage"]["test_share_near_copy"] < 0.05


@pytest.mark.parametrize("task,frames,labels", [("edge_intent", 48, 24), ("edge_intent_50", 100, 50),
                                                ("edge_intent_50_oos", 100 + held_count(70, 0.25), 51), ("edge_intent_200", 400, 200)])
def test_every_intent_config_meets_the_targets(task, frames, labels):
    t = select(task)[0]
    test = t.docs("test")
    templates = Counter(test["template"])
    assert len(templates) >= 200 and len(set(test["frame"])) == frames and max(templates.values()) <= 5
    assert len(set(test["label"])) == labels
    assert not set(test["frame"]) & set(t.docs("train")["frame"])


def test_styles_change_literal_text_only():
    rng = random.Random(0)
    frame = "Can you please turn on the lights in the {room} and send a note to {person}? Thanks!"
    for _ in range(400):
        styled = request_style.style("f/0", frame, rng)
        assert SLOT.findall(styled.text) == ["{room}", "{person}"]
        assert styled.text.format(room="R", person="P")  # still a valid format string
        assert styled.id.startswith(f"f/0/{styled.register}/")


def test_registers_by_hand():
    rng = random.Random(0)
    text = "Can you please turn on the lights in the {room}?"
    assert request_style.register_text(text, "terse", rng) == "turn on the lights in the {room}"
    assert request_style.register_text(text, "casual", rng) == "can you please turn on the lights in the {room}"
    assert request_style.register_text(text, "sms_speak", rng) == "can u pls turn on the lights in the {room}"
    voice = request_style.register_text(text, "voice", rng)
    assert voice.replace(" um", "").replace(" uh", "").replace(" like", "").replace(" you know", "") \
        == "can you please turn on the lights in the {room}"
    assert request_style.register_text("Check the {room}.", "terse", rng) == "check the {room}"  # nothing to drop


def test_synonyms_keep_capitals_and_only_swap_listed_phrases():
    rng = random.Random(5)
    seen = set()
    for _ in range(200):
        text, _ = request_style.synonyms("Turn on the fan, I can't find my keys", rng)
        assert text.endswith(", I can't find my keys")  # 'find' without an object is not a request verb
        seen.add(text.split(" the fan")[0])
    assert seen == {"Turn on", "Switch on", "Put on"}


def test_v2_keys_need_version_2(tmp_path):
    config = tmp_path / "t.yaml"
    config.write_text(yaml.safe_dump({
        "task": "my_intents", "family": "intent", "version": 1,
        "dataset": {"generator": "intents", "catalog": str((tmp_path / "c.yaml")), "rows": 50},
        "prompt": {"template": "{text}"}}))
    (tmp_path / "c.yaml").write_text(open("task_configs/intents/edge_intent_24.yaml").read())
    task = select("my_intents", include_paths=[tmp_path])[0]
    with pytest.raises(EdgeBenchError, match="belong to dataset version 2"):
        task.load()
    with pytest.raises(EdgeBenchError, match="test_rows must be 1..5"):
        intents_v2.generate(CATALOG_24, test_rows=6)


def test_a_tfidf_fit_on_v2_train_transfers_to_the_intent_probes():
    """The measured transfer (TF-IDF + LR fit on the v2 train split: 0.806 on the 144 probes, v1 0.826) kept as
    a floor: a change to the catalog or the request styles that loses it fails here."""
    from edgebench.backends.sklearn_baseline import SklearnBackend

    train = select("edge_intent")[0].docs("train")
    probes = select("probe_intent")[0].docs("test")
    assert len(probes) >= 120 and min(Counter(probes["label"]).values()) >= 5
    pipeline = SklearnBackend("sklearn:tfidf-lr")._new_pipeline().fit(list(train["text"]), list(train["label"]))
    accuracy = sum(p == y for p, y in zip(pipeline.predict(list(probes["text"])), probes["label"])) / len(probes)
    assert accuracy > 0.78


def test_a_probe_task_fits_baselines_on_the_task_it_names(tmp_path):
    """``train_from``: sklearn on probe_intent learns from edge_intent's train split (the probes have none)."""
    probe, source = select("probe_intent")[0], select("edge_intent")[0]
    assert probe.train_examples() == source.train_examples()
    config = tmp_path / "p.yaml"
    config.write_text(yaml.safe_dump({
        "task": "my_probe", "family": "intent", "version": 1, "labels": ["a", "b"], "train_from": "edge_intent",
        "dataset": {"files": {"test": "t.jsonl"}}, "prompt": {"template": "{text}"}}))
    (tmp_path / "t.jsonl").write_text('{"text": "x", "label": "a"}\n')
    with pytest.raises(EdgeBenchError, match="train_from 'edge_intent' has labels this task lacks"):
        select("my_probe", include_paths=[tmp_path])[0].train_examples()
