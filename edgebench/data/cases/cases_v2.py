"""EdgeAggregate data v2: *cases* of 5 to 20 related documents of one matter (emails, SMS and chats,
receipts and invoices, call and voicemail transcripts) and the gold summary after each document.

A case kind (``case_frames``, ``case_frames_more``: roles, ranges of money, frames) is told by *frames*,
storylines of document templates in order. A *plan* draws the documents of one case: the frame's steps,
then the kind's extras and the shared fillers (acknowledgements, personal chat) up to its length, each
composed with its alternatives and register (``compose``, ``doc_registers``); its id is the row's
``template``. Filling a plan writes names, amounts, dates and numbers, and keeps the gold: each slot
that writes a party, an amount, a date, a flag or a status records it as written (``case_frames`` lists
the slots), so the gold is never searched for in the text afterwards. The currency is the case's from
its first document on. The test split holds out whole frames (``frame_splits``). Same seed, same rows.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import random
import re
import string
from collections import namedtuple
from typing import Any

from faker import Faker

from edgebench.data.cases import case_frames as F
from edgebench.data.cases import case_frames_more as M
# SCHEMA is the task's, FLAGS and STATUSES its users' (bank_checks, tests): imported here for them
from edgebench.data.cases.case_schema import CURRENCIES, FLAGS, SCHEMA, STATUSES  # noqa: F401
from edgebench.data.validation import normalise
from edgebench.data.writing import compose, doc_registers, frame_splits
from edgebench.errors import EdgeBenchError

VERSION = "cases-2.0"
RNG_SALT = "cases-2"
DEFAULTS = {"rows": 600, "test_templates": 3, "test_rows": 1, "test_share": 0.3, "typo_rate": 0.2}
KINDS: dict[str, dict[str, Any]] = {**F.KINDS, **M.KINDS}
CHANNELS = ("email", "sms", "chat", "receipt", "transcript")
TEMPLATE_CHANNELS = ("email", "sms", "chat", "receipt", "call", "voicemail")  # call, voicemail: transcripts
MONEY = {"charge", "fee", "refund", "refund_part", "refund_all", "again", "paid", "quote", "part", "tax"}
DATES = {"date", "was", "past", "today"}
CONSTANT = {"booking", "order", "invoice", "claim", "policy", "tracking", "ticket", "account", "ref", "plate", "unit",
            "address", "flight", "card"}  # one value per case: a later document refers back to it
NUMBERS = CONSTANT | {"phone", "time", "minutes", "code", "qty", "nights", "room", "month"}
NEEDS_CHARGE = {"refund", "refund_part", "refund_all", "again"}
_PUNCT = re.compile(r"[,.?!;]")
Doc = namedtuple("Doc", "id channel text frm to")  # a planned document: literal text final, slots to fill


def digest() -> str:
    """sha256 of the phrase banks and registers: part of the dataset cache key (an edited frame rebuilds)."""
    banks = [KINDS, F.BRANDS, F.COMPANY_SUFFIXES, F.HEADERS, F.SUBJECTS, F.GREETINGS, F.SIGNOFFS, F.NUMBERS,
             F.LOCAL_NUMBERS, F.COUNTS, F.MONEY_STYLES, F.DATE_FORMATS, F.VOICEMAIL, F.FILLERS, compose.SMS_WORDS,
             doc_registers.FORM_LAYOUTS, doc_registers.TRANSCRIPT_STYLES, doc_registers.ROLES, doc_registers.FILLERS]
    return hashlib.sha256(json.dumps(banks, sort_keys=True).encode()).hexdigest()


def train_frame_count(test_share: float = DEFAULTS["test_share"]) -> int:
    return frame_splits.train_frame_count(_banks(), test_share)


def _banks() -> frame_splits.Banks:  # the shape frame_splits holds out frames of: one class, the kinds
    return {"case": {kind: spec["frames"] for kind, spec in KINDS.items()}}


def _slots(text: str) -> list[tuple[str, str]]:
    return [(name, spec or "") for _, name, spec, _ in string.Formatter().parse(text) if name is not None]


def _head(template: str) -> tuple[str, ...]:
    """``channel:from>to|body`` (a leading ``?`` aside) as its four parts."""
    return re.match(r"\??([^:|]*):?([^>|]*)>?([^|]*)\|(.*)", template, re.S).groups()


def role_type(kind: str, role: str) -> str:
    """"person" or "company" (a role of the kind, or ``me`` and ``friend``, persons in every kind)."""
    return "person" if role in ("me", "friend") else KINDS[kind]["roles"][role].partition(":")[0]


@functools.lru_cache(maxsize=None)
def _needs(template: str) -> frozenset[str]:
    """What ``template`` (any of its alternatives) refers back to: "charge" and "date"."""
    slots = _slots(template)
    back = {"charge" for n, s in slots if n in NEEDS_CHARGE or n == "charge" and s == "same"}
    return frozenset(back | {"date" for n, _ in slots if n == "was"})


def _ready(template: str, written: set[str]) -> bool:
    """Whether what ``template`` may refer back to is among the slots ``written`` before it."""
    return _needs(template) <= {name if name != "fee" else "charge" for name in written}


def _compose(kind: str, tid: str, template: str, rng: random.Random) -> Doc:
    """A document of ``template``: its alternatives, then its register, layout or style, an email's wrapping."""
    spec = KINDS[kind]
    channel, frm, to, body = _head(template)
    text, picks = compose.pick(body, rng)
    text = doc_registers.tidy(text)
    if channel == "email":
        subject, s = compose.pick(rng.choice([*spec["subjects"], *F.SUBJECTS]), rng)
        greeting, g = compose.pick(rng.choice(F.GREETINGS[role_type(kind, to)]), rng)
        signoff, o = compose.pick(rng.choice(F.SIGNOFFS[role_type(kind, frm)]), rng)
        h = rng.randrange(len(F.HEADERS))
        text = doc_registers.tidy(f"{F.HEADERS[h]}Subject: {subject}\n\n{greeting}\n\n{text}\n\n{signoff}")
        return Doc(f"{tid}/email/{picks}/{h}.{s}.{g}.{o}", "email", text, frm, to)
    if channel in ("sms", "chat"):
        register = rng.choice(compose.SMS_REGISTERS)
        text = doc_registers.tidy(compose.register_text(text, register))
        return Doc(f"{tid}/{channel}-{register}/{picks}", channel, text, frm, to)
    if channel == "receipt":
        text, lines = _items(text, spec, rng)
        layout = rng.choice(doc_registers.FORM_LAYOUTS)
        return Doc(f"{tid}/receipt-{layout}/{picks}/{lines}", "receipt", doc_registers.form_text(text, layout), frm, to)
    if channel == "call":
        style, r = rng.choice(doc_registers.TRANSCRIPT_STYLES), rng.randrange(len(doc_registers.ROLES))
        fills = [rng.randrange(len(doc_registers.FILLERS)) for _ in range(text.count("\nB: "))]
        text = doc_registers.transcript_text(text, style, doc_registers.ROLES[r],
                                             [doc_registers.FILLERS[i] for i in fills])
        return Doc(f"{tid}/call-{style}/{picks}/{r}/{'.'.join(map(str, fills))}", "transcript", text, frm, to)
    heading, h = compose.pick(rng.choice(F.VOICEMAIL), rng)
    asr = rng.random() < 0.4
    if asr:  # as a phone's speech-to-text writes it: lower case, no punctuation
        text = compose.literal_map(text, lambda lit: compose._escape(_PUNCT.sub("", lit.lower())))
    return Doc(f"{tid}/voicemail-{int(asr)}/{picks}/{h}", "transcript", f"{heading}\n{text}", frm, to)


def _items(text: str, spec: dict[str, Any], rng: random.Random) -> tuple[str, str]:
    """A receipt's ``{items}`` as 1-3 ``Label: {part}`` lines and maybe a tax line; and the labels picked."""
    picked = []
    for _, name, group, _ in list(string.Formatter().parse(text)):
        if name == "items":
            bank = spec["items"][group or "default"]
            labels = rng.sample(bank, rng.randint(1, min(3, len(bank))))
            tax = rng.choice(("", "", "Tax", "Sales tax", "VAT"))
            picked.append(".".join(str(bank.index(label)) for label in labels) + f"+{tax}")
            lines = [f"{label}: {{part}}" for label in labels] + ([f"{tax}: {{tax}}"] if tax else [])
            text = text.replace("{items" + (":" + group if group else "") + "}", "\n".join(lines), 1)
    return text, "/".join(picked)


def _plan(kind: str, index: int, rng: random.Random, min_docs: int, max_docs: int, keep: float = 0.7) -> list[Doc]:
    """The documents of one case of frame ``index``: its steps (an optional one kept with ``keep``), then
    the kind's extras and the shared fillers inserted up to a drawn length, each where what it refers
    back to (a charge, a date) is already written."""
    steps, n = KINDS[kind]["frames"][index], rng.randint(min_docs, max_docs)
    chosen = [i for i, step in enumerate(steps) if not step.startswith("?") or rng.random() < keep]
    while len(chosen) > n and any(steps[i].startswith("?") for i in chosen):
        chosen.remove(rng.choice([i for i in chosen if steps[i].startswith("?")]))
    docs: list[Doc] = []
    for i in chosen[:n]:
        if not _ready(steps[i], {name for doc in docs for name, _ in _slots(doc.text)}):
            if steps[i].startswith("?"):
                continue
            raise EdgeBenchError(f"case kind '{kind}' frame {index}: step {i} refers back to a charge or a date "
                                 "that no earlier step writes")
        docs.append(_compose(kind, f"s{i}", steps[i], rng))
    used: set[str] = set()
    while len(docs) < n:
        at = rng.randint(1, len(docs)) if docs else 0
        source, bank = ("x", KINDS[kind]["extras"]) if rng.random() < 0.45 else ("g", F.FILLERS)
        written = {name for doc in docs[:at] for name, _ in _slots(doc.text)}
        ok = [j for j, t in enumerate(bank) if _ready(t, written)]
        j = rng.choice([j for j in ok if f"{source}{j}" not in used] or ok)
        used.add(f"{source}{j}")
        docs.insert(at, _compose(kind, f"{source}{j}", bank[j], rng))
    return docs


def plan_id(kind: str, index: int, docs: list[Doc]) -> str:
    return f"{kind}/{index}/" + hashlib.sha1("\n".join(d.id for d in docs).encode()).hexdigest()[:12]


class _Case:
    """The values of one case (names, currency, numbers, a timeline) and its running summary."""

    def __init__(self, kind: str, rng: random.Random, fake: Faker):
        self.kind, self.rng, self.fake, self.spec = kind, rng, fake, KINDS[kind]
        self.currency = rng.choice(CURRENCIES)
        self.names: dict[str, str] = {}
        self.firsts: dict[str, str] = {}
        self.constants: dict[str, str] = {"address": fake.street_address()}  # values a case writes again
        words = set(self.constants["address"].split())  # no two share a word: a first name points at one party
        for role in ["me", "friend", *self.spec["roles"]]:
            for _ in range(50):
                if role_type(kind, role) == "person":
                    first, last = fake.first_name(), fake.last_name()
                    name, new = f"{first} {last}", {first, last}
                else:
                    stem = rng.choice(F.BRANDS) if rng.random() < 0.6 else fake.last_name()
                    name, new = f"{stem} {rng.choice(self.spec['roles'][role].partition(':')[2].split('|'))}", {stem}
                    name += f" {rng.choice(F.COMPANY_SUFFIXES[self.currency])}" if rng.random() < 0.3 else ""
                if not new & words:
                    break
            words |= new
            self.names[role] = name
            if role_type(kind, role) == "person":
                self.firsts[role] = first
        self.now = dt.date(rng.choice((2026, 2027, 2028)), 1, 5) + dt.timedelta(days=rng.randint(0, 200))
        self.cents, self.charges = 0, []
        self.parties: list[str] = []
        self.flags: list[str] = []
        self.status, self.next_date = "open", None

    def state(self) -> dict[str, Any]:
        out = {"parties": list(self.parties), "total_amount": round(self.cents / 100, 2), "currency": self.currency,
               "flags": list(self.flags), "status": self.status}
        return out | ({"next_date": self.next_date.isoformat()} if self.next_date else {})

    def fill(self, doc: Doc, typo_rate: float) -> tuple[str, dict[str, Any]]:
        """The document's text (typos in SMS and chat only); what it recorded: signed amounts and
        upcoming dates, each with the text it was written as."""
        self.now += dt.timedelta(days=self.rng.randint(0, 4))
        text = compose.typos(doc.text, self.rng, typo_rate) if doc.channel in frame_splits.TYPO_CHANNELS else doc.text
        slots, style = _slots(text), self.rng.randrange(6)
        spec = next((s for n, s in slots if n == "charge"), None)
        charge = None if spec is None else self.charges[-1] if spec == "same" else self._draw(spec or "default")
        parts = iter(self._split(charge or 0, sum(n == "part" for n, _ in slots), any(n == "tax" for n, _ in slots)))
        trace: dict[str, Any] = {"amounts": [], "dates": []}
        out = []
        for literal, name, s, _ in string.Formatter().parse(text):
            out.append(literal)
            if name is not None:
                base = name.removesuffix("_first")
                name = {"from": doc.frm, "to": doc.to}.get(base, base) + name[len(base):]
                out.append(self._value(name, s or "", charge, parts, style, doc.channel, trace))
        return "".join(out), trace

    def _value(self, name: str, spec: str, charge: int | None, parts, style: int, channel: str,
               trace: dict[str, Any]) -> str:
        role = name.removesuffix("_first")
        if role in self.names:
            full = self.names[role]
            if full in self.parties:
                return full if name == role else self.firsts[role]
            self.parties.append(full)
            return full
        if name == "flag":
            self.flags += [] if spec in self.flags else [spec]
            return ""
        if name == "status":
            self.status = spec
            return ""
        if name in MONEY:
            signed, shown = self._money(name, spec, charge, parts)
            written = F.money_text(shown, self.currency, style)
            if signed:
                self.cents += signed
                trace["amounts"].append([signed, written])
            return written
        if name in DATES:
            if name == "was" and self.next_date is None:
                raise EdgeBenchError(f"case kind '{self.kind}': {{was}} before any {{date}}")
            ahead = {"date": self.rng.randint(2, 30), "past": -self.rng.randint(1, 20), "today": 0}.get(name)
            day = self.next_date if name == "was" else self.now + dt.timedelta(days=ahead)
            written = F.date_text(day, self.currency, channel, self.rng)
            if name == "date":
                self.next_date = day
                trace["dates"].append([day.isoformat(), written])
            return written
        if name == "month":
            return F.MONTHS[self.now.month - 1]
        if name in CONSTANT:
            if name not in self.constants:
                self.constants[name] = self._number(name)
            return self.constants[name]
        return self._number(name)

    def _money(self, name: str, spec: str, charge: int | None, parts) -> tuple[int, int]:
        """``(signed cents added to the total, cents written)`` of one money slot."""
        if name in ("charge", "fee"):
            cents = charge if name == "charge" else self._draw(spec or "fee")
            self.charges.append(cents)
            return cents, cents
        shown = {"part": lambda: next(parts), "tax": lambda: next(parts), "again": lambda: self.charges[-1],
                 "quote": lambda: self._draw(spec or "default"), "paid": lambda: max(self.cents, 0)}.get(name)
        if shown is not None:
            return 0, shown()
        if name == "refund":
            back = self.charges[-1]
        elif name == "refund_part":
            back = max(100, round(max(self.charges) * self.rng.uniform(0.2, 0.7) / 50) * 50)
        else:
            back = self.cents if self.cents > 0 else self.charges[-1]
        return -back, back

    def _draw(self, spec: str) -> int:
        """Cents in the kind's range ``spec``: round sums, prices ending .99 or .50, and odd ones."""
        lo, hi = self.spec["amounts"][spec]
        cents, roll = self.rng.randint(lo * 100, hi * 100), self.rng.random()
        if roll < 0.4:
            return max(100, round(cents, -2))
        return cents // 100 * 100 + self.rng.choice((50, 99, 95, 49)) if roll < 0.6 else cents

    def _split(self, cents: int, n: int, tax: bool) -> list[int]:
        """``n`` item amounts, and a tax amount when ``tax``, that add up to ``cents``."""
        tax_cents = round(cents * self.rng.choice((0.05, 0.08, 0.1, 0.2)) / 1.1) if tax else 0
        rest = cents - tax_cents
        cuts = sorted(self.rng.sample(range(1, rest), n - 1)) if n > 1 and rest > n else []
        out = [b - a for a, b in zip([0, *cuts], [*cuts, rest])][:n] if n else []
        return out + [0] * (n - len(out)) + ([tax_cents] if tax else [])

    def _number(self, name: str) -> str:
        return F.number_text(name, self.currency, self.now.year, self.rng)


def _generate(seed: int, rows: int, test_templates: int, test_rows: int, test_share: float, typo_rate: float,
              min_docs: int, max_docs: int, trace: bool) -> dict[str, list[dict[str, Any]]]:
    """``generate``'s rows; with ``trace``, each also carries ``_trace`` (JSON): the names the case could
    write, and per document the signed amounts and upcoming dates recorded with the text written."""
    if not 1 <= test_rows <= 5:
        raise EdgeBenchError(f"case generator: test_rows must be 1..5 (rows per test template), got {test_rows}")
    if not 1 <= min_docs <= max_docs:
        raise EdgeBenchError(f"case generator: need 1 <= min_docs <= max_docs, got {min_docs} and {max_docs}")
    from edgebench.data.cases.bank_checks import check_banks  # it reads this module's banks: imported late

    check_banks()
    rng = random.Random(f"{RNG_SALT}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    held = frame_splits.held_out(_banks(), rng, test_share)
    seen: set[str] = set()
    splits: dict[str, list[dict[str, Any]]] = {"train": [], "test": []}

    def row(kind: str, index: int, docs: list[Doc], template: str, split: str) -> None:
        case, written, states, traces = _Case(kind, rng, fake), [], [], []
        for doc in docs:
            text, recorded = case.fill(doc, typo_rate)
            written.append({"channel": doc.channel, "text": text})
            states.append(case.state())
            traces.append(recorded)
        key = normalise(json.dumps(written, ensure_ascii=False))  # no docs-list twice, case and spacing aside
        if key in seen:
            return
        seen.add(key)
        dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
        out = {"id": f"{split}/{len(splits[split])}", "frame": f"{kind}/{index}", "kind": kind, "template": template,
               "docs": dump(written), "n_docs": len(written), "gold": dump(states[-1]), "states": dump(states),
               "schema": "case_summary"}
        if trace:
            out["_trace"] = dump({"names": list(case.names.values()), "docs": traces})
        splits[split].append(out)

    for kind, spec in KINDS.items():  # the test split first: its cases are then never trained on
        for index in [i for i in range(len(spec["frames"])) if (kind, i) in held]:
            made: set[str] = set()
            for _ in range(test_templates * 20):
                if len(made) == test_templates:
                    break
                docs = _plan(kind, index, rng, min_docs, max_docs)
                template = plan_id(kind, index, docs)
                if template not in made:
                    made.add(template)
                    for _ in range(test_rows):
                        row(kind, index, docs, template, "test")
    train = {kind: [i for i in range(len(spec["frames"])) if (kind, i) not in held] for kind, spec in KINDS.items()}
    for _ in range(rows * 5):
        if len(splits["train"]) >= rows:
            break
        kind = rng.choice(sorted(train))
        index = rng.choice(train[kind])
        docs = _plan(kind, index, rng, min_docs, max_docs)
        row(kind, index, docs, plan_id(kind, index, docs), "train")
    for split_rows in splits.values():
        rng.shuffle(split_rows)  # so that `--limit N` takes a mix of kinds
    return splits


def generate(seed: int = 1234, rows: int = DEFAULTS["rows"], test_templates: int = DEFAULTS["test_templates"],
             test_rows: int = DEFAULTS["test_rows"], test_share: float = DEFAULTS["test_share"],
             typo_rate: float = DEFAULTS["typo_rate"], min_docs: int = 5,
             max_docs: int = 20) -> dict[str, list[dict[str, Any]]]:
    """Rows ``{id, frame, kind, template, docs, n_docs, gold, states, schema}``: ``docs`` the JSON text of
    ``[{channel, text}]``, ``gold`` that of the summary after the last document, ``states`` that of the
    summary after each document (``states[-1] == gold``), ``schema`` "case_summary" (``SCHEMA``)."""
    return _generate(seed, rows, test_templates, test_rows, test_share, typo_rate, min_docs, max_docs, trace=False)
