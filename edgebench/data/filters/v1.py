"""Seeded generators for the NLM filter tasks: spam, PII spans and toxicity.

Templates (``filter_templates``) come in families; the test split holds out whole families, chosen with
the seed, so a model cannot pass by remembering phrasings or even message kinds. Slot values come from
Faker and fixed lists. Faker's date providers are avoided on purpose: they draw relative to today, which
would make the data depend on the day it was built.
"""
from __future__ import annotations

import hashlib
import json
import random
import string
from typing import Any, Callable, Mapping, Sequence

from faker import Faker

from edgebench.data.filters import v1_templates as T
from edgebench.data.filters.pii_spans import span_problem
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError

GENERATOR_VERSION = "filters-1"
KINDS = ("spam", "pii", "toxicity")
PER_TEMPLATE = {"spam": 15, "pii": 20, "toxicity": 16}  # defaults: >= 1000/250, 800/200, 800/200 rows
PII_TYPES = ("person", "email", "phone", "address", "card_number", "account_number", "id_number")
PII_SLOTS = {"person": "person", "first": "person", "email": "email", "phone": "phone", "address": "address",
             "card": "card_number", "iban": "account_number", "acct": "account_number", "ssn": "id_number",
             "passport": "id_number"}

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Reserved example TLDs only (.test, .example): no real domain is ever named.
SPAM_DOMAINS = ("example-prize.test", "claim-reward-now.test", "secure-login-update.test", "acct-verify-center.test",
                "parcel-redelivery.test", "fast-cash-approval.test", "crypto-yield-pro.test", "refund-portal.test",
                "bank-example.com.verify-id.test", "bit.example-short.test")
HAM_DOMAINS = ("track.parcelhub.example", "shop.example.com", "mybank.example.com", "orders.example.org",
               "account.example.net", "receipts.example.com")
LISTS: dict[str, tuple[str, ...]] = {
    "store": ("Northgate Market", "BrightMart", "Pixel Electronics", "Green Basket", "CityBooks", "HomeNest",
              "Trailhead Outdoors", "QuickShop"),
    "bank": ("First Harbor Bank", "Union Trust", "Riverside Credit Union", "Summit Bank", "Keystone Savings"),
    "carrier": ("ParcelHub", "SwiftPost", "RapidShip", "National Post", "CityCourier"),
    "service": ("CloudDrive", "MailBox", "StreamFlix", "FitTrack", "PhotoVault", "ChatNow"),
    "software": ("SecureShield", "PC Guardian", "NetSafe", "CleanMyDisk"),
    "chat_app": ("WhatsApp", "Telegram", "Signal"),
    "utility": ("City Power", "AquaWater", "FiberNet Internet", "GasCo"),
    "clinic": ("Maple Dental", "Westside Clinic", "Bright Eyes Optometry", "Oak Street Physio"),
    "restaurant": ("Luigi's", "The Green Fork", "Sakura House", "Taco Loco"),
    "salon": ("Studio Cut", "Glow Salon", "Fade Barbers"),
    "venue": ("community hall", "school gym", "library annex", "park pavilion"),
    "place": ("the cafe", "the library", "Joe's diner", "the pub", "the food court", "the cinema", "the park",
              "the gym", "the bakery", "the office"),
    "item": ("charger", "tent", "blender", "headphones", "umbrella", "board game", "camping chairs", "laptop",
             "air fryer", "yoga mat", "speaker", "cooler"),
    "prize": ("iPad", "$500 gift card", "cruise for two", "new smartphone", "gaming console", "year of free groceries",
              "smart watch", "weekend getaway"),
    "event": ("bake sale", "book club", "charity run", "conference", "neighbourhood cleanup", "hackathon",
              "quiz night", "open mic", "school fair"),
    "topic": ("the budget", "the roadmap", "the migration", "onboarding", "the launch", "pricing", "the redesign",
              "hiring", "the api", "the offsite"),
    "meal": ("lunch", "dinner", "brunch", "coffee", "drinks"),
    "device": ("laptop", "phone", "tablet", "Windows PC", "Chrome on Mac", "iPhone"),
    "platform": ("forum", "server", "subreddit", "group chat", "site", "channel"),
    "group": ("team", "club", "class", "channel", "group chat", "project", "league"),
    "host": ("web-01", "worker-3", "db-replica", "api-gateway", "build-runner"),
    "job_title": ("Account Manager", "Senior Engineer", "Office Manager", "Sales Lead", "Product Designer"),
    "insult_adj": ("useless", "clueless", "incompetent", "pathetic", "hopeless", "lazy", "dense", "annoying",
                   "spineless", "talentless"),
    "dumb_adj": ("dumb", "stupid", "idiotic", "brainless", "ridiculous", "pointless"),
}


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def _alnum(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def _date(rng: random.Random) -> str:
    month, day = rng.randrange(12), rng.randint(1, 28)
    return rng.choice((f"{MONTHS[month]} {day}", f"{month + 1:02d}/{day:02d}/2025", f"2025-{month + 1:02d}-{day:02d}",
                       f"{day} {MONTHS[month][:3]}"))


def _card(fake: Faker, rng: random.Random) -> str:
    number = fake.credit_card_number()
    if len(number) == 16 and rng.random() < 0.4:  # as printed on the card, in groups of four
        number = " ".join(number[i:i + 4] for i in range(0, 16, 4))
    return number


def _address(fake: Faker, rng: random.Random) -> str:
    street = fake.street_address()
    return street if rng.random() < 0.4 else f"{street}, {fake.city()}, {fake.state_abbr()} {fake.zipcode()}"


def _fillers(fake: Faker, rng: random.Random) -> dict[str, Callable[[], str]]:
    """Every slot a template may use (a trailing digit on a slot name reuses the filler)."""
    out: dict[str, Callable[[], str]] = {name: (lambda v=values: rng.choice(v)) for name, values in LISTS.items()}
    out.update({
        "first_name": fake.first_name, "first": fake.first_name, "person": fake.name, "username": fake.user_name,
        "city": fake.city, "phone": fake.phone_number, "ssn": fake.ssn, "passport": fake.passport_number,
        "iban": fake.iban, "email": lambda: fake.free_email() if rng.random() < 0.5 else fake.email(),
        "card": lambda: _card(fake, rng), "address": lambda: _address(fake, rng),
        "acct": lambda: _digits(rng, rng.choice((8, 10, 12))),
        "amount": lambda: f"${rng.randint(5, 250) * 100:,}",
        "price": lambda: f"${rng.randint(3, 480)}.{rng.choice(('00', '99', '50', '49', '25', '95'))}",
        "small_fee": lambda: f"${rng.choice(('1.99', '2.49', '2.99', '3.50', '4.95', '1.45', '0.99'))}",
        "crypto_amount": lambda: f"{rng.uniform(0.05, 2.5):.4f} BTC",
        "date": lambda: _date(rng), "day": lambda: rng.choice(DAYS), "month": lambda: rng.choice(MONTHS),
        "time": lambda: rng.choice((f"{rng.randint(1, 12)}:{rng.choice(('00', '15', '30', '45'))} {rng.choice(('am', 'pm'))}",
                                    f"{rng.randint(7, 21):02d}:{rng.choice(('00', '30'))}")),
        "minutes": lambda: str(rng.randint(5, 40)), "code": lambda: _digits(rng, 6), "card_end": lambda: _digits(rng, 4),
        "points": lambda: f"{rng.randint(1, 90) * 100:,}", "port": lambda: str(rng.randint(1025, 9999)),
        "party": lambda: str(rng.randint(2, 8)), "nights": lambda: str(rng.randint(1, 9)),
        "order": lambda: rng.choice((f"#{_digits(rng, 5)}", f"A-{_digits(rng, 4)}", f"ORD-{_digits(rng, 8)}")),
        "tracking": lambda: rng.choice((f"1Z{_alnum(rng, 16)}", _digits(rng, 12))),
        "invoice": lambda: f"INV-{_digits(rng, 6)}", "ticket": lambda: f"TCK-{_digits(rng, 5)}",
        "ref": lambda: f"REF{_digits(rng, 7)}", "rma": lambda: f"RMA-{_digits(rng, 5)}",
        "booking": lambda: _alnum(rng, 6), "sku": lambda: f"SKU-{_digits(rng, 5)}", "serial": lambda: f"SN{_alnum(rng, 10)}",
        "seat": lambda: f"{rng.randint(1, 40)}{rng.choice('ABCDEF')}", "room": lambda: f"{rng.randint(1, 5)}{_digits(rng, 2)}",
        "flight": lambda: f"{rng.choice(('UA', 'DL', 'AA', 'BA', 'LH'))} {rng.randint(10, 2999)}",
        "gate": lambda: f"{rng.choice('ABCDE')}{rng.randint(1, 40)}", "track": lambda: str(rng.randint(1, 14)),
        "expiry": lambda: f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}",
        "spam_url": lambda: f"http{rng.choice(('', 's'))}://{rng.choice(SPAM_DOMAINS)}/{_alnum(rng, 6).lower()}",
        "ham_url": lambda: f"https://{rng.choice(HAM_DOMAINS)}/{rng.choice(('o', 'r', 't'))}/{_digits(rng, 8)}",
    })
    return out


def _slots(template: str) -> set[str]:
    return {slot.rstrip(string.digits) for _, slot, _, _ in string.Formatter().parse(template) if slot}


def render(template: str, fill: dict[str, Callable[[], str]], pii: bool = False,
           pii_slots: Mapping[str, str] = PII_SLOTS) -> tuple[str, list[dict]]:
    """The template with every slot filled; with ``pii``, also the character spans of the slots that
    ``pii_slots`` maps to a PII type, taken where each value is written."""
    text, spans = "", []
    for literal, slot, _, _ in string.Formatter().parse(template):
        text += literal
        if not slot:
            continue
        base = slot.rstrip(string.digits)
        if base not in fill:
            raise EdgeBenchError(f"filter template uses unknown slot '{{{slot}}}': {template[:60]!r}")
        value = fill[base]()
        if pii and base in pii_slots:
            spans.append({"start": len(text), "end": len(text) + len(value), "type": pii_slots[base], "text": value})
        text += value
    return text, spans


def held_out(families: list[tuple[str, str]], rng: random.Random, test_share: float,
             covers: Callable[[set[str]], bool] = lambda test: True) -> set[str]:
    """Family names for the test split: within each stratum (a label, a severity) ``test_share`` of the
    families, at least one and never all, so every stratum is in both splits. The draw is repeated
    (seeded, so still deterministic) until ``covers(test_families)`` holds."""
    strata: dict[str, list[str]] = {}
    for name, stratum in families:
        strata.setdefault(stratum, []).append(name)
    if any(len(names) < 2 for names in strata.values()):
        raise EdgeBenchError("filter generator: every stratum needs two template families to split")
    for _ in range(1000):
        chosen: set[str] = set()
        for stratum in sorted(strata):
            names = strata[stratum]
            chosen |= set(rng.sample(names, min(len(names) - 1, max(1, round(len(names) * test_share)))))
        if covers(chosen):
            return chosen
    raise EdgeBenchError("filter generator: no template-family split covers every span type in both splits")


def _build(kind: str, seed: int, per_template: int, test_share: float,
           rows_for: Callable[..., dict[str, Any]],
           families: list[tuple[str, str, list[str]]],
           covers: Callable[[set[str]], bool] = lambda test: True) -> dict[str, list[dict]]:
    """Shared loop: split families, fill each template ``per_template`` times (distinct texts), shuffle."""
    rng = random.Random(f"{kind}/{seed}")
    fake = Faker("en_US")
    fake.seed_instance(seed)
    fill = _fillers(fake, rng)
    test = held_out([(name, stratum) for name, stratum, _ in families], rng, test_share, covers)
    splits: dict[str, list[dict]] = {"train": [], "test": []}
    seen: set[str] = set()  # texts across both splits: no test text may also be a train text
    for name, _, templates in families:
        split = "test" if name in test else "train"
        for t, template in enumerate(templates):
            made = 0
            for _ in range(per_template * 4):  # a few retries: short templates repeat themselves
                if made == per_template:
                    break
                row = rows_for(lambda tpl: render(tpl, fill, pii=kind == "pii"), template, f"{name}/{t}", made, rng)
                if row["text"] in seen:
                    continue
                seen.add(row["text"])
                splits[split].append(row)
                made += 1
    for rows in splits.values():
        rng.shuffle(rows)  # so that `--limit N` takes a mix of families
    return splits


def spam(seed: int = 1234, per_template: int = PER_TEMPLATE["spam"], test_share: float = 0.25) -> dict[str, list[dict]]:
    """Rows ``{id, template, channel, text, label}``; label "spam" or "ham"."""
    families = [(name, label, tpls) for name, label, tpls in T.SPAM_FAMILIES]
    labels = {name: label for name, label, _ in families}

    def row(fill, template, tid, j, rng):
        channel, _, body = template.partition("|")
        text, _ = fill(body)
        return {"id": f"{tid}/{j}", "template": tid, "channel": channel, "text": text,
                "label": labels[tid.split("/")[0]]}
    return _build("spam", seed, per_template, test_share, row, families)


def toxicity(seed: int = 1234, per_template: int = PER_TEMPLATE["toxicity"],
             test_share: float = 0.25) -> dict[str, list[dict]]:
    """Rows ``{id, template, text, label, severity}``; label "toxic" or "ok", severity none/mild/moderate."""
    families = list(T.TOXICITY_FAMILIES)
    severity = {name: sev for name, sev, _ in families}
    # Who is addressed and how a message ends vary the same way for both labels: no label cue in them.
    openers = ("", "", "@{username} ", "{first_name}, ", "@{username} ")
    closers = ("", "", ".", "!", " lol", " tbh", " honestly", " smh", "...")

    def row(fill, template, tid, j, rng):
        text, _ = fill(rng.choice(openers) + template + rng.choice(closers))
        sev = severity[tid.split("/")[0]]
        return {"id": f"{tid}/{j}", "template": tid, "text": text, "label": "ok" if sev == "none" else "toxic",
                "severity": sev}
    return _build("toxicity", seed, per_template, test_share, row, families)


def pii(seed: int = 1234, per_template: int = PER_TEMPLATE["pii"], test_share: float = 0.25) -> dict[str, list[dict]]:
    """Rows ``{id, template, text, spans}``; spans is the JSON text of ``[{start, end, type, text}]``."""
    # Families with PII and families without are split separately: both kinds land in both splits.
    families = [(name, "pii" if any(_slots(tpl) & set(PII_SLOTS) for tpl in tpls) else "none", tpls)
                for name, tpls in T.PII_FAMILIES]

    def row(fill, template, tid, j, rng):
        text, spans = fill(template)
        return {"id": f"{tid}/{j}", "template": tid, "text": text, "spans": json.dumps(spans)}

    types = {name: {PII_SLOTS[s] for tpl in tpls for s in _slots(tpl) if s in PII_SLOTS} for name, _, tpls in families}

    def covers(test: set[str]) -> bool:  # every span type in both splits
        return all(set().union(*(types[n] for n in types if (n in test) == side)) == set(PII_TYPES)
                   for side in (True, False))
    return _build("pii", seed, per_template, test_share, row, families, covers)


GENERATORS: dict[str, Callable[..., dict[str, list[dict]]]] = {"spam": spam, "pii": pii, "toxicity": toxicity}


def generate(kind: str, *, seed: int = 1234, per_template: int | None = None,
             test_share: float = 0.25) -> dict[str, list[dict]]:
    """``train`` and ``test`` rows of one filter dataset, deterministic in ``seed``."""
    if kind not in GENERATORS:
        raise EdgeBenchError(f"unknown filter generator '{kind}'; available: {', '.join(KINDS)}")
    return GENERATORS[kind](seed=seed, per_template=per_template or PER_TEMPLATE[kind], test_share=test_share)


def templates_digest(kind: str) -> str:
    """sha256 of one generator's template families: part of the dataset cache key, so an edited
    template rebuilds the data even if GENERATOR_VERSION was not bumped."""
    families = {"spam": T.SPAM_FAMILIES, "pii": T.PII_FAMILIES, "toxicity": T.TOXICITY_FAMILIES}[kind]
    return hashlib.sha256(json.dumps([families, LISTS, SPAM_DOMAINS, HAM_DOMAINS]).encode()).hexdigest()


def spans_valid(row: dict, types: Sequence[str] = PII_TYPES) -> bool:
    """Every span is one of ``types`` and its text is exactly ``text[start:end]``."""
    try:
        spans = json.loads(row["spans"]) if isinstance(row["spans"], str) else row["spans"]
        return span_problem(row["text"], spans, types) is None
    except (KeyError, TypeError, ValueError):
        return False


def checks(kind: str, types: Sequence[str] = PII_TYPES) -> Checks:
    """The quality validator's checks for one generator's rows (``types``: a pii task's span types)."""
    if kind == "pii":
        def gold(row: dict) -> list[str]:
            spans = json.loads(row["spans"]) if isinstance(row["spans"], str) else row["spans"]
            return [s["text"] for s in spans]
        return Checks(gold_values=gold, schema_valid=lambda row: spans_valid(row, types))
    # A binary filter's positive label word in the text gives the answer away (either way round).
    positive, labels = {"spam": ("spam", {"spam", "ham"}), "toxicity": ("toxic", {"toxic", "ok"})}[kind]
    return Checks(leaks=lambda row: [positive], schema_valid=lambda row: row.get("label") in labels)
