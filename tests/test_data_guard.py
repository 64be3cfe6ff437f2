"""EdgeGuard data v2 held to its invariants: determinism per seed, exact gold spans, routes that follow
the stated policy, held-out whole frames, every route and flag on both sides, no duplicate texts."""
import json
import random
import re
import string
from collections import Counter

import pytest

from edgebench.data.filters.v1 import PII_TYPES
from edgebench.data.guard import guard_frames as F
from edgebench.data.guard import guard_v2, policy
from edgebench.data.validation import normalise
from edgebench.data.writing import frame_splits
from edgebench.errors import EdgeBenchError

SMALL = {"rows": 200}


@pytest.fixture(scope="module")
def small():
    return guard_v2.generate(seed=1234, **SMALL)


@pytest.fixture(scope="module")
def full():
    return guard_v2.generate(seed=1234)


def types(row):
    return [s["type"] for s in json.loads(row["spans"])]


def every(data):
    return [*data["train"], *data["test"]]


def test_same_seed_same_rows_other_seed_other_rows(small):
    assert guard_v2.generate(seed=1234, **SMALL) == small
    other = guard_v2.generate(seed=7, **SMALL)
    assert other["train"] != small["train"] and other["test"] != small["test"]
    assert {r["text"] for r in every(other)} != {r["text"] for r in every(small)}


def test_rows_carry_the_documented_fields(small):
    fields = ["id", "template", "frame", "kind", "channel", "register", "text", "spans", "spam", "toxic",
              "kind_route", "route", "label"]
    for row in every(small):
        assert list(row) == fields
        assert row["spam"] in (0, 1) and row["toxic"] in (0, 1) and not (row["spam"] and row["toxic"])
        assert row["channel"] in guard_v2.CHANNELS


def test_spans_are_exact_ordered_and_of_known_types():
    for seed in (1234, 7):
        for row in every(guard_v2.generate(seed=seed, **SMALL)):
            spans = json.loads(row["spans"])
            for s in spans:
                assert s["type"] in PII_TYPES, s
                assert 0 <= s["start"] < s["end"] <= len(row["text"])
                assert row["text"][s["start"]:s["end"]] == s["text"] != ""
            assert all(a["end"] <= b["start"] for a, b in zip(spans, spans[1:]))  # in order, never overlapping
            assert "{" not in row["text"] and "  " not in row["text"] and row["text"] == row["text"].strip()


def test_route_follows_the_policy_on_every_row(small, full):
    for row in [*every(small), *every(full)]:
        cls = guard_v2.KIND_CLASS[row["kind"]]
        assert row["kind_route"] == guard_v2.KIND_ROUTE[cls]
        assert row["spam"] == int(cls == "spam") and row["toxic"] == int(cls == "toxic")
        assert row["route"] == policy.route(row["kind_route"], types(row)) == row["label"]
        assert row["route"] in policy.ROUTES


@pytest.mark.parametrize("kind_route, pii, expected", [
    ("legal", ["card_number", "person"], "legal"),  # legal wins over sensitive PII
    ("legal", [], "legal"),
    ("normal", ["card_number"], "compliance"),  # a normal message with a card number
    ("normal", ["person", "account_number"], "compliance"),
    ("normal", ["id_number"], "compliance"),
    ("normal", ["person", "email"], "normal"),  # person / email only
    ("normal", ["phone", "address"], "normal"),
    ("normal", [], "normal"),
    ("compliance", [], "compliance"),  # a compliance kind without PII
    ("compliance", ["email"], "compliance"),
])
def test_policy_table(kind_route, pii, expected):
    assert policy.route(kind_route, pii) == expected
    assert policy.route(kind_route, iter(pii)) == expected  # any iterable, read once
    assert policy.route(kind_route, tuple(pii)) == expected


def test_policy_constants():
    assert policy.ROUTES == ("legal", "compliance", "normal")
    assert policy.SENSITIVE_TYPES == ("card_number", "account_number", "id_number")
    assert set(policy.SENSITIVE_TYPES) < set(PII_TYPES)


def test_the_test_split_holds_out_whole_frames(small, full):
    for data in (small, full):
        test_frames, train_frames = {r["frame"] for r in data["test"]}, {r["frame"] for r in data["train"]}
        assert test_frames and not test_frames & train_frames
        assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
        kinds = set(guard_v2.KIND_CLASS)
        assert {r["kind"] for r in data["test"]} == kinds
    assert {r["kind"] for r in full["train"]} == set(guard_v2.KIND_CLASS)
    assert guard_v2.train_frame_count() == len({r["frame"] for r in full["train"]})


def test_every_route_and_flag_on_both_sides():
    for seed in (1234, 7):
        data = guard_v2.generate(seed=seed, **SMALL)
        for split in data.values():
            assert {r["route"] for r in split} == set(policy.ROUTES)
            assert any(r["spam"] for r in split) and any(r["toxic"] for r in split)
            # the sensitive-PII rule decides on both sides, and legal still wins over it
            assert any(r["kind_route"] == "normal" and r["route"] == "compliance" for r in split)
            assert any(r["route"] == "legal" and set(types(r)) & set(policy.SENSITIVE_TYPES) for r in split)
            assert any(r["kind_route"] == "compliance" and not types(r) for r in split)


def test_spam_and_toxic_rows_route_by_pii_only(full):
    flagged = [r for r in every(full) if r["spam"] or r["toxic"]]
    assert flagged and all(r["kind_route"] == "normal" for r in flagged)
    assert all(r["route"] == policy.route("normal", types(r)) for r in flagged)


def test_no_duplicate_texts_case_and_space_blind(small, full):
    for data in (small, full):
        keys = [normalise(r["text"]) for r in every(data)]
        assert len(keys) == len(set(keys))


def test_sizes_and_route_shares_at_the_defaults(full):
    assert len(full["train"]) == guard_v2.DEFAULTS["rows"]
    assert 150 <= len(full["test"]) <= 250
    for split in full.values():
        shares = Counter(r["route"] for r in split)
        assert all(shares[route] / len(split) >= 0.2 for route in policy.ROUTES), shares
        assert 0.05 < sum(r["spam"] for r in split) / len(split) < 0.2
        assert 0.05 < sum(r["toxic"] for r in split) / len(split) < 0.2
    assert max(Counter(r["template"] for r in full["test"]).values()) <= guard_v2.DEFAULTS["test_rows"]


def test_frames_are_well_formed():
    words = re.compile(r"\b(spam|toxic)", re.I)  # the flags' names in a text would give them away
    for cls, kinds in guard_v2.BANKS.items():
        assert len(kinds) >= 2
        for kind, frames in kinds.items():
            assert len(frames) >= 4, kind
            for frame in frames:
                channel, _, body = frame.partition("|")
                assert channel in ("chat", "email", "email_signed", "form", "transcript"), (kind, frame[:40])
                assert "[" in body and "|" in body, (kind, frame[:40])
                slots = {s.rstrip(string.digits) for _, s, _, _ in string.Formatter().parse(body) if s}
                assert slots <= guard_v2.SLOTS, (kind, slots - guard_v2.SLOTS)
                assert not words.search(re.sub(r"\{[a-z_0-9]+\}", "", frame)), (kind, frame[:40])
    banks = json.dumps([list(bank.values()) for bank in (F.SUBJECTS, F.GREETINGS, F.SIGNOFFS)])  # not the class names
    assert not words.search(banks)
    assert not any(words.search(r["text"]) for r in every(guard_v2.generate(seed=3, **SMALL)))
    assert not {"card", "iban", "acct", "ssn", "passport", "licence"} & set(re.findall(r"\{([a-z_]+)", banks))
    with pytest.raises(EdgeBenchError, match="first_name"):
        guard_v2.render("hi {first_name}", {"first_name": lambda: "Ann"})


def test_frame_types_and_cases():
    assert guard_v2.frame_types("chat|pay [to {iban}|into {acct}] or [{card}|cash], {first}") == \
        ("chat", {"account_number", "person"}, {"account_number", "card_number", "person"})
    assert guard_v2.frame_types("email_signed|hi") == ("email", set(), set())
    legal = next(iter(F.LEGAL_KINDS))
    assert guard_v2.frame_cases(legal, "chat|see you in court, {card}") == {"legal", "legal+sensitive"}
    assert guard_v2.frame_cases("personal_chat", "chat|[{card}|cash] later") == set()  # route depends on the pick
    assert guard_v2.frame_cases("phishing", "chat|click {spam_url}") == {"spam", "normal"}


def test_covers_rejects_a_one_sided_split():
    assert not guard_v2.covers(set())  # every frame in train: nothing on the test side
    everything = {(k, i) for kinds in guard_v2.BANKS.values() for k, frames in kinds.items() for i in range(len(frames))}
    assert not guard_v2.covers(everything)
    held = frame_splits.held_out(guard_v2.BANKS, random.Random(0), guard_v2.DEFAULTS["test_share"], guard_v2.covers)
    assert guard_v2.covers(held)


def test_digest_is_stable_and_follows_the_banks(monkeypatch):
    first = guard_v2.digest()
    assert first == guard_v2.digest() and re.fullmatch(r"[0-9a-f]{64}", first)
    monkeypatch.setitem(F.LEGAL_KINDS, "lawsuit_threat", [*F.LEGAL_KINDS["lawsuit_threat"], "chat|[a|b] {first}"])
    assert guard_v2.digest() != first
    assert guard_v2.VERSION == "guard-2.0"
