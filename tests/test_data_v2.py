"""Data v2 (EdgeSpam, EdgeToxicity) held to its invariants (issue 13): determinism, held-out frames, the
size and breadth targets, registers and typos that never touch a slot, and transfer to the probes."""
import random
import re
from collections import Counter

import pytest

from edgebench.data.writing import compose

from edgebench.data.filters import spam_v2, toxicity_v2
from edgebench.data.filters import spam_frames as F
from edgebench.data.filters import toxicity_frames as TF
from edgebench.data.diversity import report

GENERATORS = {"spam": spam_v2, "toxicity": toxicity_v2}
LABELS = {"spam": {"spam", "ham"}, "toxicity": {"toxic", "ok"}}
KINDS = {"spam": set(F.SPAM_KINDS) | set(F.HAM_KINDS),
         "toxicity": {kind for kinds in TF.TOXICITY_KINDS.values() for kind in kinds}}


@pytest.fixture(scope="module", params=["spam", "toxicity"])
def made(request):
    return request.param, GENERATORS[request.param].generate(seed=1234)


@pytest.fixture(scope="module")
def data():
    return spam_v2.generate(seed=1234)


def test_same_seed_same_rows_other_seed_other_rows(made):
    kind, data = made
    assert GENERATORS[kind].generate(seed=1234) == data
    assert GENERATORS[kind].generate(seed=7)["test"] != data["test"]


def test_the_test_split_holds_out_whole_frames_of_every_kind(made):
    name, data = made
    test_frames = {r["frame"] for r in data["test"]}
    train_frames = {r["frame"] for r in data["train"]}
    assert not test_frames & train_frames  # a frame is on one side only
    kinds = KINDS[name]
    assert {r["kind"] for r in data["test"]} == kinds == {r["kind"] for r in data["train"]}  # every kind, both sides
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    assert not {r["text"] for r in data["test"]} & {r["text"] for r in data["train"]}


def test_size_and_breadth_targets(made):
    name, data = made
    test_templates = Counter(r["template"] for r in data["test"])
    assert len(test_templates) >= 200 and len({r["frame"] for r in data["test"]}) >= 40
    assert max(test_templates.values()) <= 5
    assert len({r["template"] for r in data["train"]}) >= 5 * len(test_templates)
    for split in data.values():
        labels = Counter(r["label"] for r in split)
        assert set(labels) == LABELS[name] and min(labels.values()) > 0.35 * len(split)
        assert {"plain", "casual", "sms_speak"} <= {r["register"] for r in split}
    assert GENERATORS[name].train_frame_count() == len({r["frame"] for r in data["train"]})


def test_spam_covers_fifteen_kinds_a_side_and_email(data):
    assert len(F.SPAM_KINDS) >= 15 and len(F.HAM_KINDS) >= 15
    assert "email" in {r["register"] for r in data["test"]}


def test_the_card_reports_diversity_and_no_leak(made):
    _, data = made
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


@pytest.mark.parametrize("name,probe,positive,floor", [("spam", "probe_spam", "spam", 0.85),
                                                        ("toxicity", "probe_toxicity", "toxic", 0.85)])
def test_a_tfidf_fit_on_v2_train_transfers_to_the_probes(name, probe, positive, floor):
    """The measured gain of data v2 (benchmarks/probe_transfer.py: probe F1 with v1 / v2, spam 0.68 / 0.93,
    toxicity 0.85 / 0.91) kept as a floor: a change to the phrase banks that loses the transfer fails here."""
    from sklearn.metrics import f1_score

    from edgebench.backends.sklearn_baseline import SklearnBackend
    from edgebench.tasks.config import select

    data = GENERATORS[name].generate(seed=1234)
    docs = select(probe)[0].docs("test")
    assert len(docs) >= 100 and min(Counter(docs["label"]).values()) >= 45
    pipeline = SklearnBackend("sklearn:tfidf-lr")._new_pipeline()
    pipeline.fit([r["text"] for r in data["train"]], [r["label"] for r in data["train"]])
    pred = pipeline.predict(list(docs["text"]))
    assert f1_score([y == positive for y in docs["label"]], [p == positive for p in pred]) > floor
