"""EdgeJSON data v2 registers: how one rendered text reaches the device, its values untouched.

``protect`` cuts a text into lines of segments: protected ones (every way a gold value, or another slot
value such as a bystander's name, is written in it) and free ones. A register rewrites only free text:
``casual`` (lower case, loose punctuation), ``ocr`` (a scanned paper document: upper case, label words
misread, lines broken, doubled spaces, stray marks, scanner junk above and below), ``forwarded`` (inside a
forwarded email, or pasted into a chat), ``transcript`` (a voice note: one line, fillers). Before it,
``shuffle`` reorders runs of ``Label: value`` lines and ``synonyms`` renames labels. Protected segments are
moved, never edited, so every gold value stays byte-identical and findable; and since other slot values
are protected too, letter case never tells a gold value from a distractor.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any, Iterable

from edgebench.data.extraction.edge_json import surface_forms
from edgebench.data.extraction.edge_json_templates.common import BASE_DAY, DATE_STYLES, TIME_STYLES, Clock, Day
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import flatten

Seg = tuple[str, bool]  # (text, protected)
Line = list[Seg]
Doc = list[Line]

REGISTERS = ("as_written", "casual", "ocr", "forwarded", "transcript")
FITS = {"paper": ("as_written", "casual", "ocr", "forwarded"), "email": ("as_written", "casual", "ocr", "forwarded"),
        "sms": ("as_written", "casual", "forwarded", "transcript"), "chat": ("as_written", "casual", "forwarded"),
        "voice": ("as_written", "casual", "forwarded", "transcript")}
_LABEL = re.compile(r"^(\s*)([A-Za-z][A-Za-z0-9 .#/()'&-]{0,30}?):(?=\s|$)")
_WORD = re.compile(r"[A-Za-z]{3,}")


# -- protecting values -------------------------------------------------------------------------------
def forms(value: Any) -> list[str]:
    """The ways a value may be written in a text: ``surface_forms`` plus a float's two decimals."""
    if isinstance(value, Day):
        return [style(value.d) for style in DATE_STYLES.values()]
    if isinstance(value, Clock):
        return [style(value.t) for style in TIME_STYLES.values()]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return []
    out = surface_forms(value)
    return [f"{value:.2f}", *out] if isinstance(value, float) else out


def _slot_like(text: str) -> bool:
    """A name, code or address (kept as written), not a phrase of prose ('is delayed; new date ...')."""
    words = text.split()
    return 2 <= len(text) <= 60 and "\n" not in text and len(words) <= 6 and not text[0].islower()


def _distractors(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        if _slot_like(value.strip()):
            yield value.strip()
    elif isinstance(value, (Day, Clock, float)) and not isinstance(value, bool):
        yield from forms(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _distractors(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _distractors(v)


def slot_values(gold: dict, ctx: dict) -> tuple[list[str], list[str]]:
    """What ``protect`` keeps: every form of every gold leaf; and the other slot values of the context
    (greeting and sign-off excepted: they are template text)."""
    others = []
    for key, value in ctx.items():
        if key not in ("g", "hi", "bye"):
            others.extend(_distractors(value))
    return [f for leaf in flatten(gold).values() for f in forms(leaf)], others


def protect(text: str, values: Iterable[str], others: Iterable[str] = ()) -> Doc:
    """``text`` as lines of segments, every occurrence of a value (any case) protected: as a whole word
    where it occurs as one; a gold value (``values``) also inside a word ('3.4' of '3.4kg') where it occurs
    no other way, a distractor (``others``) never ('LA' of 'PLATE'). A protected segment holds no line break."""
    low, marks = text.lower(), bytearray(len(text))
    wanted = [(v, True) for v in values if v.strip()] + [(v, False) for v in others if v.strip()]
    for value, gold in sorted(set(wanted), key=lambda vg: (-len(vg[0]), vg)):
        if value.lower() not in low:
            continue
        pattern = re.escape(value)
        bounded = (r"(?<!\w)" if value[0].isalnum() else "") + pattern + (r"(?!\w)" if value[-1].isalnum() else "")
        spans = [m.span() for m in re.finditer(bounded, text, re.I)]
        if not spans and gold:
            spans = [m.span() for m in re.finditer(pattern, text, re.I)]
        for start, end in spans:
            if "\n" not in text[start:end]:
                marks[start:end] = b"\x01" * (end - start)
    doc: Doc = [[]]
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and marks[i] == marks[start]:
            continue
        piece = text[start:i]
        if marks[start]:
            doc[-1].append((piece, True))
        else:
            first, *rest = piece.split("\n")
            if first:
                doc[-1].append((first, False))
            for part in rest:
                doc.append([(part, False)] if part else [])
        start = i
    return doc


def text_of(doc: Doc) -> str:
    return "\n".join("".join(t for t, _ in line) for line in doc)


def protected(doc: Doc) -> list[str]:
    """The protected segments, in order (a register must keep them as they are)."""
    return [t for line in doc for t, p in line if p]


def map_free(doc: Doc, fn) -> Doc:
    return [[(t, p) if p else (fn(t), False) for t, p in line] for line in doc]


def _label(line: Line) -> re.Match | None:
    if not line or line[0][1]:
        return None
    m = _LABEL.match(line[0][0])
    if not m or m.group(2).strip().lower() == "subject":
        return None
    return m if len(line) > 1 or line[0][0][m.end():].strip() else None  # 'Rooms:' heads a list


# -- picks every register shares: field order and label names ----------------------------------------
SYNONYMS = {
    "total": ("Grand total", "TOTAL DUE"), "amount due": ("Total due", "Balance due"),
    "due date": ("Payment due", "Pay by"), "pay by": ("Due date", "Payment due"), "due": ("Due date", "Payable by"),
    "phone": ("Tel", "Phone no."), "email": ("E-mail", "Email address"), "reference": ("Ref", "Ref. no."),
    "confirmation": ("Confirmation no.", "Conf #"), "patient": ("Patient name", "Name of patient"),
    "patient name": ("Patient", "Name"), "customer": ("Client", "Customer name"), "vendor": ("Supplier", "Seller"),
    "bill to": ("Billed to", "Customer"), "plate": ("License plate", "Reg. plate"),
    "violation": ("Offense", "Infraction"), "fine": ("Penalty", "Amount"), "tracking": ("Tracking no.", "Track #"),
    "tracking number": ("Tracking no.", "Tracking ID"), "tracking #": ("Tracking no.", "Tracking ID"),
    "carrier": ("Courier", "Shipped via"), "priority": ("Urgency", "Prio"), "category": ("Issue type", "Type"),
    "requester": ("Reported by", "Customer"), "provider": ("Doctor", "Clinician"),
    "prescriber": ("Prescribed by", "Doctor"), "dob": ("Date of birth", "D.O.B."),
    "issued": ("Issue date", "Date issued"), "guests": ("Party size", "Covers"),
    "network name (ssid)": ("SSID", "Wi-Fi name"), "network": ("SSID", "Wi-Fi name"),
    "wireless key": ("Wi-Fi password", "Passphrase"), "password": ("Wi-Fi password", "Key"),
    "security": ("Encryption", "Auth type"), "security type": ("Encryption", "Auth type"),
    "invoice #": ("Invoice no.", "Invoice number"), "invoice date": ("Date of invoice", "Issued"),
    "ticket": ("Ticket no.", "Case ID"), "opened": ("Created", "Date opened"), "product": ("Item", "Device"),
    "department": ("Specialty", "Dept."), "visit type": ("Appointment type", "Type of visit"),
    "status": ("Current status", "State"), "gate": ("Departure gate", "Gt"), "prescription #": ("Rx #", "Rx number"),
    "ready date": ("Ready on", "Available"), "remaining refills": ("Refills left", "Refills"),
    "refills left": ("Remaining refills", "Refills"), "merchant": ("Payee", "Store"), "amount": ("Amt", "Sum"),
    "organizer": ("Host", "Organiser"), "where": ("Venue", "Location"), "when": ("Date and time", "Date/time"),
    "respond by": ("RSVP by", "Reply by"), "guest": ("Guest name", "Name"), "property": ("Hotel", "Accommodation"),
    "doctor": ("Physician", "Provider"), "parcel status": ("Status", "Shipment status"), "remarks": ("Status", "Info"),
    "departs": ("Departure", "Dep. time"), "order no.": ("Order #", "Order number"), "order": ("Order #", "Order no."),
    "arrival": ("Check-in", "Arriving"), "departure": ("Check-out", "Departing"),
    "conf. no.": ("Confirmation", "Conf #"),
}


def shuffle(doc: Doc, pick: int) -> tuple[Doc, bool]:
    """Runs of three or more ``Label: value`` lines in an order fixed by ``pick`` (0: as written)."""
    if not pick:
        return doc, False
    out, i, changed = list(doc), 0, False
    while i < len(out):
        j = i
        while j < len(out) and _label(out[j]):
            j += 1
        if j - i >= 3:
            order = list(range(j - i))
            random.Random(f"shuffle/{pick}/{j - i}").shuffle(order)
            changed |= order != sorted(order)
            out[i:j] = [out[i + k] for k in order]
        i = max(j, i + 1)
    return out, changed


def synonyms(doc: Doc, pick: int) -> tuple[Doc, bool]:
    """Labels renamed ('Total' -> 'Grand total'), the ``pick``-th synonym of each (0: as written)."""
    if not pick:
        return doc, False
    out, changed = [], False
    for line in doc:
        m = _label(line)
        alts = SYNONYMS.get(m.group(2).strip().lower()) if m else None
        if alts:
            label = m.group(2)
            new = alts[(pick - 1) % len(alts)]
            new = new.upper() if label.isupper() else new
            line = [(m.group(1) + new + line[0][0][m.end(2):], False)] + line[1:]
            changed = True
        out.append(line)
    return out, changed


# -- the registers -----------------------------------------------------------------------------------
def _casual(doc: Doc, rng: random.Random, style: int) -> Doc:
    """Lower case; style 1 drops full stops and turns ': ' into ' - ', style 2 drops most punctuation and
    blank lines and trails off ('thx')."""
    def loose(s: str) -> str:
        s = s.lower()
        if style == 1:
            s = re.sub(r"[.!](?=\s|$)", "", s).replace(": ", " - ")
        elif style == 2:
            s = re.sub(r"[.,!;:](?=\s|$)", "", s)
        return s
    out = map_free(doc, loose)
    if style:
        out = [line for line in out if "".join(t for t, _ in line).strip()]
    if style == 2 and out:
        out[-1] = out[-1] + [(rng.choice((" thx", " :)", " lol", " ok?", "!!")), False)]
    return out


OCR_HEADERS = ("SCAN_{n:04d}.PDF          PAGE 1 OF 1", "|||  ~  .  |||  ~", "[ IMAGE {m} OF {m} -- OCR TEXT ]",
               "IMG_{n:04d}.JPG", "--- POCKETSCAN FREE --- {m:02d}/{k:02d} ---", ".  :  ~  .  |  '")
OCR_FOOTERS = ("PAGE 1/1", "~~~ END OF SCAN ~~~", "| | | | | |", "SCANNED WITH DOCUSNAP (FREE VERSION)",
               "- - - - - - - - - - - -")
_MISREAD = {"I": "1", "L": "1", "O": "0", "S": "5", "B": "8"}


def _misread(text: str, rng: random.Random) -> str:
    """One letter of some words read as a digit (LABEL -> 1ABEL, TOTAL -> T0TAL)."""
    def one(m: re.Match) -> str:
        word = m.group(0)
        spots = [i for i, ch in enumerate(word) if ch in _MISREAD]
        if not spots or rng.random() >= 0.35:
            return word
        i = rng.choice(spots)
        return word[:i] + _MISREAD[word[i]] + word[i + 1:]
    return _WORD.sub(one, text)


def _ocr(doc: Doc, rng: random.Random, header: int, footer: int, caps: int) -> Doc:
    """A scan: labels and headings in capitals (``caps``: all the free text, as a thermal printer writes),
    a letter of some of their words misread, lines broken, spaces doubled, stray marks, scanner junk."""
    out: Doc = []
    for line in map_free(doc, str.upper) if caps else doc:
        m = _label(line)
        if m:  # label words are where OCR misreads show
            first = line[0][0]
            line = [(first[:m.start(2)] + _misread(m.group(2).upper(), rng) + first[m.end(2):], False)] + line[1:]
        elif line and not any(p for _, p in line) and len(line[0][0].split()) <= 5:  # a heading
            line = [(_misread(line[0][0].upper(), rng), False)]
        spaces = [(s, i) for s, (t, p) in enumerate(line) if not p for i, ch in enumerate(t) if ch == " "]
        width = sum(len(t) for t, _ in line)
        if width > 28 and len(spaces) > 1 and rng.random() < 0.3:  # a line broken in an odd place
            s, i = rng.choice(spaces[len(spaces) // 2:])
            t = line[s][0]
            head, tail = line[:s] + [(t[:i], False)], [(t[i + 1:], False)] + line[s + 1:]
            out += [[x for x in head if x[0]], [x for x in tail if x[0]]]
        else:
            out.append(line)
    out = map_free(out, lambda t: re.sub(" ", lambda _: "  " if rng.random() < 0.12 else " ", t))
    for line in out:
        if line and rng.random() < 0.2:  # a stray mark at a line's edge
            mark = rng.choice(("|", "~", ".", ":", "'"))
            if rng.random() < 0.5:
                line.insert(0, (mark + " ", False))
            else:
                line.append((" " + mark, False))
    n, m, k = rng.randint(1, 9999), rng.randint(1, 12), rng.randint(1, 28)
    return [[(OCR_HEADERS[header].format(n=n, m=m, k=k), False)], *out, [(OCR_FOOTERS[footer], False)]]


FORWARD_NOTES = ("", "FYI, see below.", "Can you take care of this?", "Forwarding for your records.",
                 "Is this right? See below.", "Sending this on - thanks!", "see below",
                 "Got this today, what do you think?")
FORWARD_SUBJECTS = ("Scan", "Document", "See attached", "This came in the mail", "Forwarded text", "Photo")


def _person(people: list, rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(people)
    return f"{first} {last}", f"{first}.{last}@example.com".lower()


def _forwarded(doc: Doc, rng: random.Random, style: int, note: int, quote: int, people: list,
               near: dt.date | None) -> Doc:
    """Styles: 0 Gmail-like, 1 Outlook-like, 2 'Begin forwarded message', 3 a reply quoting it, 4 pasted into
    a chat. ``quote`` puts '> ' before every forwarded line (style 3 always, style 4 never). The forward is
    dated up to three days after ``near`` (the document's own date) when there is one."""
    (a, a_mail), (b, b_mail) = _person(people, rng), _person(people, rng)
    d = near + dt.timedelta(days=rng.randint(0, 3)) if near else BASE_DAY + dt.timedelta(days=rng.randrange(365))
    at = format(Clock(dt.time(rng.randint(7, 21), rng.randrange(60))), "12")
    inner = [list(line) for line in doc]
    subject: Line = [(rng.choice(FORWARD_SUBJECTS), False)]
    if style < 3 and inner and inner[0] and not inner[0][0][1] and inner[0][0][0].startswith("Subject: "):
        subject = [(inner[0][0][0][len("Subject: "):], False)] + inner[0][1:]
        inner = inner[1:]
        if inner and not inner[0]:
            inner = inner[1:]
    if style == 3 or (style < 3 and quote):
        inner = [[("> ", False)] + line if line else [(">", False)] for line in inner]
    text = FORWARD_NOTES[note]
    top = [[(text, False)], []] if text else []
    def free(s: str) -> Line:
        return [(s, False)]
    if style == 0:
        head = [free("---------- Forwarded message ---------"), free(f"From: {a} <{a_mail}>"),
                free(f"Date: {d:%a}, {d:%b} {d.day}, {d.year} at {at}"), free("Subject: Fwd: ") + subject,
                free(f"To: {b} <{b_mail}>"), []]
    elif style == 1:
        head = [free("-----Original Message-----"), free(f"From: {a} [mailto:{a_mail}]"),
                free(f"Sent: {d:%A}, {d:%B} {d.day}, {d.year} {at}"), free(f"To: {b}"),
                free("Subject: FW: ") + subject, []]
    elif style == 2:
        head = [free("Begin forwarded message:"), [], free(f"From: {a} <{a_mail}>"), free("Subject: ") + subject,
                free(f"Date: {d:%B} {d.day}, {d.year} at {at}"), free(f"To: {b} <{b_mail}>"), []]
    elif style == 3:
        head = [free(f"On {d:%a}, {d:%b} {d.day}, {d.year} at {at} {a} <{a_mail}> wrote:")]
    else:
        return [free(f"[{at}] {a}: {text or 'look at this'}"), free(f"[{at}] {a}:"), *inner]
    return top + head + inner


TRANSCRIPT_OPENERS = ("Voice note ({m}:{s:02d}), auto-transcribed:", "[Transcribed voice message]",
                      "Transcript (may contain errors):", "Voicemail from {name}, transcribed:", "Voice memo -")
TRANSCRIPT_LEADS = ("", "ok so ", "um so ", "hey it's me, ", "so the message says ", "right so basically ")
FILLERS = ("um", "uh", "like", "you know", "so", "I mean", "er")


def _transcript(doc: Doc, rng: random.Random, opener: int, lead: int, dense: int, people: list) -> Doc:
    """One line, no layout characters, fillers between words (``dense``: more of them)."""
    flat: Line = []
    for line in doc:
        if line:
            flat += ([(" ", False)] if flat else []) + line
    rate = (0.05, 0.12)[dense]

    def spoken(s: str) -> str:
        s = re.sub(r"[|*#>_\"()]+|-{2,}", " ", s)
        s = re.sub(r"[:;](?= )", ",", s)  # speech has no colons: 'Total: 42' is heard as 'total, 42'
        s = re.sub(r" (?=[A-Za-z])", lambda _: f" {rng.choice(FILLERS)}, " if rng.random() < rate else " ", s)
        return re.sub(r" +(?=[.,])", "", re.sub(r"  +", " ", s))
    name, _ = _person(people, rng)
    head = TRANSCRIPT_OPENERS[opener].format(m=rng.randint(0, 2), s=rng.randint(5, 59), name=name)
    return [[(f"{head} {TRANSCRIPT_LEADS[lead]}", False)] + map_free([flat], spoken)[0]]


PICKS = {"as_written": {}, "casual": {"c": 3}, "ocr": {"h": len(OCR_HEADERS), "f": len(OCR_FOOTERS), "u": 2},
         "forwarded": {"s": 5, "n": len(FORWARD_NOTES), "q": 2},
         "transcript": {"o": len(TRANSCRIPT_OPENERS), "l": len(TRANSCRIPT_LEADS), "d": 2}}
COMMON = {"shuf": 3, "syn": 3}  # recorded only where they changed the text


def draw(register: str, rng: random.Random) -> dict[str, int]:
    """One template's picks for ``register`` (its own picks, then the shared ones)."""
    if register not in PICKS:
        raise EdgeBenchError(f"edge_json v2: unknown register '{register}'; known: {', '.join(REGISTERS)}")
    picks = {k: rng.randrange(n) for k, n in {**PICKS[register], **COMMON}.items()}
    if register == "forwarded" and picks["s"] >= 3:
        picks["q"] = 0  # a reply always quotes, a chat paste never: the pick would change nothing
    return picks


def apply(doc: Doc, register: str, picks: dict[str, int], rng: random.Random, people: list,
          near: dt.date | None = None) -> tuple[Doc, str]:
    """``doc`` in ``register``; returns it and the picks that took effect, as the template id records them.
    ``people`` are (first, last) names for forwarders and callers; ``near`` dates a forward."""
    doc, shuffled = shuffle(doc, picks.get("shuf", 0))
    doc, renamed = synonyms(doc, picks.get("syn", 0))
    if register == "casual":
        doc = _casual(doc, rng, picks["c"])
    elif register == "ocr":
        doc = _ocr(doc, rng, picks["h"], picks["f"], picks["u"])
    elif register == "forwarded":
        doc = _forwarded(doc, rng, picks["s"], picks["n"], picks["q"], people, near)
    elif register == "transcript":
        doc = _transcript(doc, rng, picks["o"], picks["l"], picks["d"], people)
    elif register != "as_written":
        raise EdgeBenchError(f"edge_json v2: unknown register '{register}'; known: {', '.join(REGISTERS)}")
    own = [f"{k}{picks[k]}" for k in PICKS[register]]
    own += [f"shuf{picks['shuf']}"] if shuffled else []
    own += [f"syn{picks['syn']}"] if renamed else []
    return doc, ".".join(own) or "-"
