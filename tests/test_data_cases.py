"""EdgeAggregate case data (cases_v2) held to its invariants: determinism, rows of plain JSON, gold and
every state valid for the schema, whole frames held out for the test split, and the gold checked by
routes of its own: parties found verbatim where they enter, amounts and dates parsed back from what
each document wrote, flags and parties growing as prefixes, one currency per case."""
import datetime as dt
import json
import re
from collections import Counter

import jsonschema
import pytest

from edgebench.data.cases import cases_v2 as C
from edgebench.data.cases.bank_checks import check_banks
from edgebench.data.writing import frame_splits
from edgebench.errors import EdgeBenchError

ARGS = dict(rows=80, test_templates=C.DEFAULTS["test_templates"], test_rows=C.DEFAULTS["test_rows"],
            test_share=C.DEFAULTS["test_share"], typo_rate=C.DEFAULTS["typo_rate"], min_docs=5, max_docs=20)
MARKERS = {"USD": ("$", "USD"), "EUR": ("€", "EUR"), "GBP": ("£", "GBP")}
MONTHS = {m.lower(): i + 1 for i, m in enumerate(("January", "February", "March", "April", "May", "June", "July",
                                                   "August", "September", "October", "November", "December"))}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.fixture(scope="module")
def data():
    return C._generate(1234, **ARGS, trace=True)


def rows(data):
    return data["train"] + data["test"]


def parsed(row):
    trace = json.loads(row["_trace"])["docs"]
    return json.loads(row["docs"]), json.loads(row["states"]), json.loads(row["gold"]), trace


def money(written, currency):
    """Cents of an amount as written ("$1,234.50", "1.234,50 €", "GBP 12.00"), read without the generator."""
    number = written
    for marker in ("US$", "$", "€", "£", "USD", "EUR", "GBP"):
        if marker in number:
            assert marker in MARKERS[currency] or marker == "US$" and currency == "USD", (written, currency)
            number = number.replace(marker, "")
    number = number.strip()
    if re.fullmatch(r"\d{1,3}(\.\d{3})*,\d{2}", number):  # decimal comma
        number = number.replace(".", "").replace(",", ".")
    assert re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d{2})?|\d+(\.\d{2})?", number), written
    return round(float(number.replace(",", "")) * 100)


def date(written, year, currency):
    """The ISO date of a date as written ("March 3rd", "Tue 3 Mar", "the 3rd of March", "03/13/2027")."""
    numeric = re.fullmatch(r"(\d{2})[/.](\d{2})[/.](\d{4})", written)
    if numeric:
        a, b, y = map(int, numeric.groups())
        month, day = (a, b) if currency == "USD" else (b, a)
        assert day > 12, written  # never a date that reads two ways
        return dt.date(y, month, day).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", written):
        return written
    words = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", written.lower().replace(",", "")).split()
    words = [w for w in words if w not in ("the", "of")]
    weekday = next((w for w in words if w[:3] in {d[:3] for d in WEEKDAYS} and not w.isdigit()), None)
    words = [w for w in words if w != weekday]
    month = next(MONTHS[m] for m in MONTHS for w in words if not w.isdigit() and m.startswith(w) and len(w) >= 3)
    numbers = [int(w) for w in words if w.isdigit()]
    day = dt.date(numbers[1] if len(numbers) > 1 else int(year), month, numbers[0])
    if weekday:
        assert WEEKDAYS[day.weekday()].startswith(weekday), written
    return day.isoformat()


def test_same_seed_same_rows_other_seed_other_rows(data):
    again = C._generate(1234, **ARGS, trace=True)
    assert again == data
    other = C._generate(7, **ARGS, trace=True)
    assert other["train"] != data["train"] and other["test"] != data["test"]
    public = C.generate(1234, **ARGS)  # the public rows: the same, without the trace
    assert public == {split: [{k: v for k, v in r.items() if k != "_trace"} for r in data[split]] for split in data}


def test_rows_are_plain_json_of_the_documented_shape(data):
    keys = {"id", "frame", "kind", "template", "docs", "n_docs", "gold", "states", "schema"}
    for split, split_rows in data.items():
        assert len({r["id"] for r in split_rows}) == len(split_rows)
        for r in split_rows:
            public = {k: v for k, v in r.items() if k != "_trace"}
            assert set(public) == keys and json.loads(json.dumps(public)) == public
            assert r["id"].startswith(f"{split}/") and r["schema"] == "case_summary"
            kind, index = r["frame"].rsplit("/", 1)
            assert kind == r["kind"] and 0 <= int(index) < len(C.KINDS[kind]["frames"])
            assert r["template"].startswith(r["frame"] + "/")
            docs = json.loads(r["docs"])
            assert r["n_docs"] == len(docs) and ARGS["min_docs"] <= len(docs) <= ARGS["max_docs"]
            assert all(set(d) == {"channel", "text"} and d["channel"] in C.CHANNELS and d["text"].strip() for d in docs)
            assert not re.search(r"\{[a-z_:]*\}", r["docs"])  # every slot filled


def test_gold_and_every_state_are_valid_for_the_schema(data):
    jsonschema.Draft202012Validator.check_schema(C.SCHEMA)
    validator = jsonschema.Draft202012Validator(C.SCHEMA, format_checker=jsonschema.FormatChecker())
    assert C.SCHEMA["additionalProperties"] is False
    assert set(C.SCHEMA["required"]) == {"parties", "total_amount", "currency", "flags", "status"}
    for r in rows(data):
        docs, states, gold, _ = parsed(r)
        assert len(states) == r["n_docs"] and states[-1] == gold
        for state in states:
            validator.validate(state)
            assert state["total_amount"] == round(state["total_amount"], 2)
            if "next_date" in state:
                dt.date.fromisoformat(state["next_date"])
    assert list(validator.iter_errors({**gold, "extra": 1})) and list(validator.iter_errors({**gold, "status": "done"}))


def test_the_test_split_holds_out_whole_frames_of_every_kind(data):
    test_frames, train_frames = {r["frame"] for r in data["test"]}, {r["frame"] for r in data["train"]}
    assert not test_frames & train_frames
    assert {r["kind"] for r in data["test"]} == set(C.KINDS) == {r["kind"] for r in data["train"]}
    for kind, spec in C.KINDS.items():
        held = {f for f in test_frames if f.startswith(kind + "/")}
        assert len(held) == frame_splits.held_count(len(spec["frames"]), ARGS["test_share"])
    assert not {r["template"] for r in data["test"]} & {r["template"] for r in data["train"]}
    per_frame = Counter(r["frame"] for r in data["test"])
    assert set(per_frame.values()) == {ARGS["test_templates"] * ARGS["test_rows"]}
    docs_lists = [r["docs"] for r in rows(data)]
    assert len(set(docs_lists)) == len(docs_lists)


def test_parties_enter_where_first_written_and_grow_as_prefixes(data):
    for r in rows(data):
        docs, states, gold, _ = parsed(r)
        assert len(set(gold["parties"])) == len(gold["parties"])
        before: list[str] = []
        for i, (doc, state) in enumerate(zip(docs, states)):
            assert state["parties"][:len(before)] == before
            new = state["parties"][len(before):]
            for party in new:  # a party enters with the first document that writes it, in the order written
                assert party in doc["text"] and not any(party in d["text"] for d in docs[:i]), (party, r["id"])
            assert [p for p in sorted(new, key=doc["text"].index)] == new
            before = state["parties"]
        names = json.loads(r["_trace"])["names"]  # everyone the case could name: those written are the parties
        assert set(gold["parties"]) == {n for n in names if any(n in d["text"] for d in docs)}
        for party in gold["parties"]:  # never called by a first name before being named in full
            first, entered = party.split()[0], next(i for i, s in enumerate(states) if party in s["parties"])
            if party in names and " " in party and not any(first in n for n in names if n != party):
                assert not any(re.search(rf"\b{first}\b", d["text"]) for d in docs[:entered]), (party, r["id"])


def test_total_is_the_sum_of_the_amounts_each_document_wrote(data):
    signed_docs = 0
    for r in rows(data):
        docs, states, gold, trace = parsed(r)
        running = 0
        for doc, state, recorded in zip(docs, states, trace):
            for signed, written in recorded["amounts"]:
                assert written in doc["text"]
                assert money(written, gold["currency"]) == abs(signed)
                running += signed
            assert round(state["total_amount"] * 100) == running
        assert round(gold["total_amount"] * 100) == sum(s for t in trace for s, _ in t["amounts"])
        signed_docs += any(s < 0 for t in trace for s, _ in t["amounts"])
    assert signed_docs > len(rows(data)) / 4  # refunds subtract, and are common


def test_next_date_is_the_last_upcoming_date_written(data):
    dated = 0
    for r in rows(data):
        docs, states, gold, trace = parsed(r)
        last = None
        for doc, state, recorded in zip(docs, states, trace):
            for iso, written in recorded["dates"]:
                assert written in doc["text"]
                assert date(written, iso[:4], gold["currency"]) == iso
                last = iso
            assert state.get("next_date") == last
        dated += last is not None
    assert dated > len(rows(data)) * 0.9


def test_flags_and_status_grow_and_never_repeat(data):
    seen_flags, seen_status = Counter(), Counter()
    for r in rows(data):
        _, states, gold, _ = parsed(r)
        assert len(set(gold["flags"])) == len(gold["flags"])
        for a, b in zip(states, states[1:]):
            assert b["flags"][:len(a["flags"])] == a["flags"]
        seen_flags.update(gold["flags"])
        seen_status[gold["status"]] += 1
    assert set(seen_flags) == set(C.FLAGS)
    assert {"resolved", "escalated", "cancelled"} <= set(seen_status) <= set(C.STATUSES)


def test_one_currency_per_case_and_it_is_written(data):
    for r in rows(data):
        gold = json.loads(r["gold"])
        text = " ".join(d["text"] for d in json.loads(r["docs"]))
        assert any(m in text for m in MARKERS[gold["currency"]])
        for other in set(MARKERS) - {gold["currency"]}:
            assert not any(m in text for m in MARKERS[other]), (r["id"], other)


def test_breadth_channels_typos_and_distractors(data):
    docs = [d for r in rows(data) for d in json.loads(r["docs"])]
    assert {d["channel"] for d in docs} == set(C.CHANNELS)
    traces = [t for r in rows(data) for t in parsed(r)[3]]
    assert sum(not t["amounts"] and not t["dates"] for t in traces) > len(traces) / 3  # documents that add nothing
    assert any(re.search(r"\d{1,2}:\d{2}", d["text"]) for d in docs)  # times, order numbers: not amounts


def test_documents_per_case_follow_min_and_max_docs():
    out = C.generate(seed=3, rows=20, test_templates=1, min_docs=7, max_docs=7)
    assert {r["n_docs"] for r in out["train"] + out["test"]} == {7}
    with pytest.raises(EdgeBenchError):
        C.generate(rows=5, min_docs=6, max_docs=5)
    with pytest.raises(EdgeBenchError):
        C.generate(rows=5, test_rows=6)


def test_defaults_size_and_breadth():
    out = C.generate()
    assert len(out["train"]) == C.DEFAULTS["rows"] and 60 <= len(out["test"]) <= 100
    assert len(C.KINDS) >= 8 and min(len(s["frames"]) for s in C.KINDS.values()) >= 4
    assert C.train_frame_count() == len({r["frame"] for r in out["train"]})


def test_banks_are_well_formed_and_the_digest_follows_them(monkeypatch):
    check_banks()
    assert C.VERSION == "cases-2.0" and re.fullmatch(r"[0-9a-f]{64}", C.digest()) and C.digest() == C.digest()
    before = C.digest()
    frames = C.KINDS["travel_refund"]["frames"]
    monkeypatch.setitem(C.KINDS["travel_refund"], "frames", [[*frames[0], "sms:me>friend|{nosuchslot}"], *frames[1:]])
    assert C.digest() != before
    with pytest.raises(EdgeBenchError):
        check_banks()


def test_typos_only_in_sms_and_chat(monkeypatch):
    monkeypatch.setattr(C.compose, "typos", lambda template, rng, rate: template + " TYPO")
    out = C.generate(seed=2, rows=30, test_templates=1)
    docs = [d for r in out["train"] + out["test"] for d in json.loads(r["docs"])]
    assert {d["channel"] for d in docs if d["text"].endswith(" TYPO")} == {"sms", "chat"}
    assert all(d["text"].endswith(" TYPO") for d in docs if d["channel"] in ("sms", "chat"))
