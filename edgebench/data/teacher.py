"""Teacher paraphrase: any registered backend may rewrite inputs; gold never changes.

A routing rule picks the teacher per row: ``task:NAME=SPEC`` for a task, ``WORD=SPEC`` for rows
whose text contains a keyword, else the default teacher. Every paraphrase goes through the
quality validator; a rejected one leaves the original text in place.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from edgebench.backends.base import GenerateRequest
from edgebench.data.validation import Checks, Report, failed_levels, LEVELS
from edgebench.errors import EdgeBenchError

PARAPHRASE_PROMPT = ("Rewrite the message below in different words, as the same person might write it. Keep every "
                     "name, number, date, amount, address, email and code exactly as written. Reply with the "
                     "rewritten message only.\n\nMessage: {text}")


@dataclass
class TeacherRouter:
    default: str | None = None
    rules: list[tuple[str, str]] = field(default_factory=list)  # (pattern, spec), first match wins

    @classmethod
    def parse(cls, default: str | None, rules: Iterable[str]) -> "TeacherRouter":
        parsed = []
        for rule in rules:
            pattern, sep, spec = rule.partition("=")
            if not sep or not pattern.strip() or not spec.strip():
                raise EdgeBenchError(f"--teacher-rule '{rule}' is not PATTERN=SPEC (e.g. task:edge_json=hf:MODEL "
                                     f"or invoice=hf:MODEL)")
            parsed.append((pattern.strip(), spec.strip()))
        return cls(default, parsed)

    def pick(self, task: str, text: str) -> str | None:
        for pattern, spec in self.rules:
            if pattern.startswith("task:"):
                if pattern.removeprefix("task:") == task:
                    return spec
            elif re.search(re.escape(pattern), text, flags=re.I):
                return spec
        return self.default


PREAMBLE = re.compile(r"^\s*(rewritten message|rewritten|rewrite|paraphrase[d]?|message|here is[^:\n]*)\s*:\s*", re.I)


def clean_paraphrase(text: str) -> str:
    """The teacher's answer without a preamble it may add ("Rewritten message:"), surrounding quotes,
    or the extra paragraphs small models ramble on with."""
    text = PREAMBLE.sub("", text.strip()).strip()
    text = text.split("\n\n")[0].strip()
    if len(text) > 1 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    return text.strip()


def plausible(original: str, candidate: str) -> bool:
    """A usable rewrite: not empty, of a comparable length, and not a degenerate repetition loop."""
    if not candidate or candidate.strip().lower() == original.strip().lower():
        return False
    if not 0.4 <= len(candidate) / max(len(original), 1) <= 2.5:
        return False
    words = candidate.lower().split()
    return len(words) < 8 or len(set(words)) / len(words) >= 0.5


def paraphrase(rows: Sequence[dict[str, Any]], task: str, router: TeacherRouter, checks: Checks, *,
               batch_size: int = 8, max_new_tokens: int = 160, progress: bool = True) -> tuple[list[dict], Report]:
    """Each row with its text paraphrased where the validator accepts it (``paraphrased: true``)."""
    from tqdm import tqdm

    from edgebench.models import load_backend

    teachers: dict[str, Any] = {}
    by_spec: dict[str | None, list[int]] = {}
    for i, row in enumerate(rows):
        by_spec.setdefault(router.pick(task, row["text"]), []).append(i)
    out = [dict(row, paraphrased=False, teacher=None) for row in rows]  # uniform columns for Arrow
    report = Report()
    seen = {row["text"].lower() for row in rows}
    with tqdm(total=len(rows), desc=f"paraphrase {task}", disable=not progress) as bar:
        for spec, idx in by_spec.items():
            if spec is None:
                bar.update(len(idx))
                continue
            teacher = teachers.setdefault(spec, load_backend(spec, batch_size=batch_size))
            for start in range(0, len(idx), batch_size):
                chunk = idx[start:start + batch_size]
                # A rewrite needs about as many tokens as the original (~4 characters a token); the
                # bound keeps a teacher that loops from running to max_new_tokens on every row.
                requests = [GenerateRequest(messages=(("user", PARAPHRASE_PROMPT.format(text=rows[i]["text"])),),
                                            max_new_tokens=min(max_new_tokens, 16 + len(rows[i]["text"]) // 2))
                            for i in chunk]
                for i, result in zip(chunk, teacher.generate(requests)):
                    candidate = dict(rows[i], text=clean_paraphrase(result.text))
                    failed = failed_levels(candidate, checks, seen)
                    if not plausible(rows[i]["text"], candidate["text"]) and "parses" not in failed:
                        failed.append("parses")
                    report.checked += 1
                    for level in LEVELS:
                        report.passed[level] += level not in failed
                    if not failed:
                        out[i] = dict(candidate, paraphrased=True, teacher=spec)
                        report.kept += 1
                bar.update(len(chunk))
    return out, report
