"""EdgeSpam data v2 held to its invariants (issue 13): determinism, held-out frames, the size and breadth
targets, registers and typos that never touch a slot, and transfer to the hand-written probes."""
import random
import re
from collections import Counter

import pytest

from edgebench.data import compose, spam_v2
from edgebench.data import spam_frames as F
from edgebench.data.diversity import report


@pytest.fixture(scope="module")
def data():
    return spam_v2.generate(seed=1234)


def test_same_seed_same_rows_other_seed_other_rows(data):
    assert spam_v2.generate(seed=1234) == data
    assert spam_v2.generate(seed=7)["test"] != data["test"]


def test_the_test_split_holds_out_whole_frames_of_every_kind(data):
    test_frames = {r["frame"] for r in data["test"]}
    train_frames = {r["frame"] for r in data["train"]}
    assert not test_frames & train_frames  # a frame is on one side only
    kinds = set(F.SPAM_KINDS) | set(F.HAM_KINDS)
    assert {r["kind"] for r in data["test"]} == kinds == {r["kind"] for r in data["train"]}  # every kind, both sides
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    assert not {r["text"] for r in data["test"]} & {r["text"] for r in data["train"]}


def test_size_and_breadth_targets(data):
    test_templates = Counter(r["template"] for r in data["test"])
    assert len(test_templates) >= 200 and len({r["frame"] for r in data["test"]}) >= 40
    assert max(test_templates.values()) <= 5
    assert len({r["template"] for r in data["train"]}) >= 5 * len(test_templates)
    assert len(F.SPAM_KINDS) >= 15 and len(F.HAM_KINDS) >= 15
    for split in data.values():
        labels = Counter(r["label"] for r in split)
        assert set(labels) == {"spam", "ham"} and min(labels.values()) > 0.35 * len(split)
        assert {"plain", "casual", "sms_speak", "email"} <= {r["register"] for r in split}
    assert spam_v2.train_frame_count() == len({r["frame"] for r in data["train"]})


def test_the_card_reports_diversity_and_no_leak(data):
    card = report(data)
    assert card["test"]["templates"] == len({r["template"] for r in data["test"]})
    assert card["leakage"]["test_templates_in_train"] == 0 and card["leakage"]["test_share_near_copy"] < 0.05
    assert card["train"]["trigrams_per_1000_rows"] > 1000


def test_registers_and_typos_change_literal_text_only():
    template = "Your code for {service} is {code}, see you at {time}. Thanks!"
    assert compose.register_text(template, "sms_speak") == "ur code 4 {service} is {code}, c u at {time}. thx!"
    assert compose.register_text(template, "casual") == "your code for {service} is {code}, see you at {time}. thanks!"
    assert compose.register_text(template, "shouty").startswith("YOUR CODE FOR {service} IS {code}, SEE YOU AT {time}.")
    rng = random.Random(0)
    slots = re.compile(r"\{[a-z_0-9]+\}")
    for _ in range(300):
        noisy = compose.typos(template, rng, rate=1.0)
        assert slots.findall(noisy) == slots.findall(template)  # every slot intact, in order
        assert abs(len(noisy) - len(template)) <= 2
    assert compose.typos(template, rng, rate=0.0) == template


def test_a_template_id_names_its_picks():
    rng = random.Random(3)
    a = compose.compose("k", 0, "sms|[a|b] then [c|d]", rng, subjects=[""], greetings=[""], signoffs=[""], shouty=False)
    kind, index, register, picks = a.id.split("/")
    assert (kind, index) == ("k", "0") and register in compose.SMS_REGISTERS[:3]
    chosen = [("a", "b")[int(picks.split(".")[0])], ("c", "d")[int(picks.split(".")[1])]]
    assert compose.register_text(f"{chosen[0]} then {chosen[1]}", register) == a.text


def test_a_tfidf_fit_on_v2_train_transfers_to_the_probes(data):
    """The measured gain of data v2 (benchmarks/probe_transfer.py: probe F1 0.68 with v1, 0.92 with v2)
    kept as a floor: a change to the phrase banks that loses the transfer fails here."""
    from sklearn.metrics import f1_score

    from edgebench.backends.sklearn_baseline import SklearnBackend
    from edgebench.tasks.config import select

    probe = select("probe_spam")[0].docs("test")
    assert len(probe) >= 100 and Counter(probe["label"])["ham"] >= 50
    pipeline = SklearnBackend("sklearn:tfidf-lr")._new_pipeline()
    pipeline.fit([r["text"] for r in data["train"]], [r["label"] for r in data["train"]])
    pred = pipeline.predict(list(probe["text"]))
    assert f1_score([y == "spam" for y in probe["label"]], [p == "spam" for p in pred]) > 0.85
