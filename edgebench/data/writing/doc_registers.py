"""Form and transcript registers for compositional frames (data v2), and a composer for frames of four
channels: chat, email, form and transcript.

A *form* frame is lines ``Label: value`` (a line without ``": "`` is a heading); its layout decides how
they are printed (one per line, upper-case labels, all on one line, dotted leaders, label above value,
OCR-damaged labels). A *transcript* frame is turns ``A: ...`` / ``B: ...`` (first and second speaker);
its style decides the speaker labels, timestamps, fillers, or an ASR-like lower-case text without
punctuation. Like ``compose.register_text`` they change literal text only, never a ``{slot}``, so a
renderer's slot positions (PII spans) stay exact.
"""
from __future__ import annotations

import random
import re
from dataclasses import replace
from typing import Sequence

from edgebench.data.writing import compose
from edgebench.errors import EdgeBenchError

FORM_LAYOUTS = ("lines", "caps", "inline", "dotted", "stacked", "ocr")
TRANSCRIPT_STYLES = ("labels", "timestamped", "verbatim", "asr")
ROLES = (("Agent", "Caller"), ("Rep", "Customer"), ("Operator", "Caller"), ("AGENT", "CUSTOMER"), ("Support", "Client"))
FILLERS = ("", "um, ", "uh, ", "yeah, ", "so, ", "okay ")
_PUNCT = re.compile(r"[,.?!;]")
_GAPS = ((re.compile(r" {2,}"), " "), (re.compile(r" +(?=[,.?!\n])"), ""))  # what an empty ``[a|]`` pick leaves
_OCR = (("m", "rn"), ("l", "1"), ("O", "0"))  # what a scanner's OCR misreads in printed labels


def _label(line: str) -> tuple[str, str] | None:
    """``(label, rest)`` of a ``Label: value`` line whose label is literal text, else None."""
    label, sep, rest = line.partition(": ")
    return (label, rest) if sep and "{" not in label else None


def tidy(template: str) -> str:
    """``template`` without the doubled, trailing or before-punctuation spaces that empty picks leave
    (literal text only; a space before a ``{slot}`` stays)."""
    def one(literal: str) -> str:
        for gap, fill in _GAPS:
            literal = gap.sub(fill, literal)
        return compose._escape(literal)
    return compose.literal_map(template, one).rstrip(" ")


def _upper(line: str) -> str:
    return compose.literal_map(line, lambda s: compose._escape(s.upper()))  # a heading may hold a {slot}


def form_text(body: str, layout: str) -> str:
    """A form frame's lines in one layout of ``FORM_LAYOUTS``; values (and slots) as written."""
    if layout not in FORM_LAYOUTS:
        raise EdgeBenchError(f"form layout '{layout}' is unknown; use one of {', '.join(FORM_LAYOUTS)}")
    out = []
    for line in body.split("\n"):
        field = _label(line)
        if field is None:  # a heading
            out.append(_upper(line) if layout in ("caps", "ocr") else line)
            continue
        label, rest = field
        if layout == "caps":
            out.append(f"{label.upper()}: {rest}")
        elif layout == "dotted":
            out.append(f"{label} {'.' * max(3, 24 - len(label))} {rest}")
        elif layout == "stacked":
            out.append(f"{label}\n{rest}")
        elif layout == "ocr":
            for a, b in _OCR:
                label = label.replace(a, b)
            out.append(f"{label} : {rest}")
        else:
            out.append(f"{label}: {rest}")
    if layout == "inline":
        head = [] if _label(body.split("\n")[0]) else [out.pop(0)]
        return " - ".join([*head, " | ".join(out)])
    return "\n".join(out)


def transcript_text(body: str, style: str, roles: tuple[str, str], fillers: Sequence[str] = ()) -> str:
    """A transcript frame's turns in one style of ``TRANSCRIPT_STYLES``; ``fillers`` prefix the second
    speaker's turns in the ``verbatim`` style, one per turn in order."""
    if style not in TRANSCRIPT_STYLES:
        raise EdgeBenchError(f"transcript style '{style}' is unknown; use one of {', '.join(TRANSCRIPT_STYLES)}")
    out, seconds, b_turn = [], 0, 0
    for line in body.split("\n"):
        speaker, sep, turn = line.partition(": ")
        if not sep or speaker not in ("A", "B"):
            out.append(line)
            continue
        who = roles[speaker == "B"]
        if style == "timestamped":
            out.append(f"[{seconds // 60:02d}:{seconds % 60:02d}] {who}: {turn}")
            seconds += 2 + len(turn) // 14  # about how long the turn takes to say
        elif style == "verbatim" and speaker == "B":
            filler = fillers[b_turn] if b_turn < len(fillers) else ""
            b_turn += 1
            if filler and turn[:1].isalpha():
                turn = turn[0].lower() + turn[1:]
            out.append(f"{who}: {filler}{turn}")
        elif style == "asr":
            spoken = compose.literal_map(turn, lambda s: compose._escape(_PUNCT.sub("", s.lower())))
            out.append(f"{'S2' if speaker == 'B' else 'S1'}: {spoken}")
        else:
            out.append(f"{who}: {turn}")
    return "\n".join(out)


def compose_doc(kind: str, index: int, frame: str, rng: random.Random, *, subjects: list[str],
                greetings: list[str], signoffs: list[str], shouty: bool,
                roles: Sequence[tuple[str, str]] = ROLES) -> compose.Template:
    """A template of ``frame``, whose channel prefix is ``chat|`` (SMS registers), ``email|`` (subject,
    greeting and sign-off from the banks), ``email_signed|`` (the frame ends in its own sign-off or
    signature), ``form|`` or ``transcript|``. ``frame_splits.build``'s composer for these channels."""
    channel, _, body = frame.partition("|")
    if channel == "chat":
        template = compose.compose(kind, index, f"sms|{body}", rng, subjects=subjects, greetings=greetings,
                                   signoffs=signoffs, shouty=shouty)
        return replace(template, channel="chat", text=tidy(template.text))
    if channel in ("email", "email_signed"):
        template = compose.compose(kind, index, f"email|{body}", rng, subjects=subjects, greetings=greetings,
                                   signoffs=[""] if channel == "email_signed" else signoffs, shouty=shouty)
        return replace(template, text=tidy(template.text).rstrip("\n"))
    text, picks = compose.pick(body, rng)
    text = tidy(text)
    if channel == "form":
        layout = rng.choice(FORM_LAYOUTS)
        return compose.Template(id=f"{kind}/{index}/form-{layout}/{picks}", text=form_text(text, layout),
                                channel="form", register=f"form_{layout}")
    if channel == "transcript":
        style, r = rng.choice(TRANSCRIPT_STYLES), rng.randrange(len(roles))
        fills = [rng.randrange(len(FILLERS)) for _ in range(text.count("\nB: ") + text.startswith("B: "))] \
            if style == "verbatim" else []
        return compose.Template(id=f"{kind}/{index}/transcript-{style}/{picks}/{r}/{'.'.join(map(str, fills))}",
                                text=transcript_text(text, style, roles[r], [FILLERS[i] for i in fills]),
                                channel="transcript", register=f"transcript_{style}")
    raise EdgeBenchError(f"frame of kind '{kind}' has channel '{channel}'; use chat, email, email_signed, form "
                         f"or transcript")
