"""Shared pieces of the EdgeJSON text templates: values that format themselves, fakes, noise.

A template is a ``str.format`` string over a context (``{g[total][amount]:.2f}`` reads the gold,
``{due:long}`` renders a date one way) or a function ``(ctx, rng) -> str`` when it needs logic.
"""
from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass
from typing import Any, Callable

from faker import Faker

Gold = dict[str, Any]
Ctx = dict[str, Any]
Template = str | Callable[[Ctx, random.Random], str]
ValueFn = Callable[[Faker, random.Random], tuple[Gold, Ctx]]

# Every surface form a date or a time may take in a text; gold always holds the ISO form.
DATE_STYLES: dict[str, Callable[[dt.date], str]] = {
    "iso": lambda d: d.isoformat(),
    "long": lambda d: f"{d:%B} {d.day}, {d.year}",
    "dmy": lambda d: f"{d.day} {d:%B} {d.year}",
    "short": lambda d: f"{d:%b} {d.day}, {d.year}",
    "us": lambda d: f"{d:%m/%d/%Y}",
    "wd": lambda d: f"{d:%A}, {d:%B} {d.day}, {d.year}",
}
TIME_STYLES: dict[str, Callable[[dt.time], str]] = {
    "24": lambda t: f"{t:%H:%M}",
    "12": lambda t: f"{t.hour % 12 or 12}:{t:%M} {'AM' if t.hour < 12 else 'PM'}",
}


@dataclass(frozen=True)
class Spec:
    """One schema's generator: ``values(fake, rng) -> (gold, ctx)`` and its template families."""

    values: ValueFn
    templates: tuple[Template, ...]


class Day:
    """A date for templates: ``{d:long}`` -> 'March 5, 2025'; ``str(d)`` is the ISO gold form."""

    def __init__(self, d: dt.date) -> None:
        self.d = d

    def __format__(self, spec: str) -> str:
        return DATE_STYLES[spec or "iso"](self.d)

    def __str__(self) -> str:
        return self.d.isoformat()

    @classmethod
    def of(cls, iso: str) -> "Day":
        return cls(dt.date.fromisoformat(iso))

    def plus(self, days: int) -> "Day":
        return Day(self.d + dt.timedelta(days=days))


class Clock:
    """A time of day for templates: ``{t:12}`` -> '2:30 PM', ``{t:24}`` -> '14:30' (the gold form)."""

    def __init__(self, t: dt.time) -> None:
        self.t = t

    def __format__(self, spec: str) -> str:
        return TIME_STYLES[spec or "24"](self.t)

    def __str__(self) -> str:
        return f"{self.t:%H:%M}"

    def plus(self, minutes: int) -> "Clock":
        total = (self.t.hour * 60 + self.t.minute + minutes) % (24 * 60)
        return Clock(dt.time(total // 60, total % 60))


BASE_DAY = dt.date(2025, 1, 1)  # fixed, not today(): the data must not change with the calendar


def day(rng: random.Random, span: int = 365, after: Day | None = None, min_gap: int = 0) -> Day:
    start = after.d + dt.timedelta(days=min_gap) if after else BASE_DAY
    return Day(start + dt.timedelta(days=rng.randrange(span)))


def clock(rng: random.Random, first: int = 7, last: int = 21, step: int = 5) -> Clock:
    return Clock(dt.time(rng.randint(first, last), rng.randrange(0, 60, step)))


def money(rng: random.Random, low: float, high: float) -> float:
    return round(rng.uniform(low, high), 2)


def person(fake: Faker) -> tuple[str, str]:
    return fake.first_name(), fake.last_name()


def email(fake: Faker, first: str, last: str) -> str:
    return f"{first}.{last}@{fake.free_email_domain()}".lower()


def phone(rng: random.Random) -> str:
    return f"({rng.randint(201, 989)}) 555-{rng.randint(100, 9999):04d}"


def code(rng: random.Random, prefix: str = "", digits: int = 6) -> str:
    return f"{prefix}{rng.randrange(10 ** (digits - 1), 10 ** digits)}"


def letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))


# Noise that is never gold: openers, sign-offs, and people who are only copied in.
GREETINGS = ("Hi,", "Hello,", "Hi there,", "Good morning,", "Hey,", "Hi all,")
SIGNOFFS = ("Thanks,", "Best regards,", "Kind regards,", "Cheers,", "Thank you,", "Sincerely,")


def noise_pool(fake: Faker, size: int = 200) -> dict[str, list]:
    """Bystander names drawn once per dataset (Faker's weighted name lists are slow)."""
    return {"people": [person(fake) for _ in range(size)]}


def noise(pool: dict[str, list], rng: random.Random) -> Ctx:
    """Context every template may use: greeting, sign-off, a bystander's name, a reference number."""
    first, last = rng.choice(pool["people"])
    return {"hi": rng.choice(GREETINGS), "bye": rng.choice(SIGNOFFS), "other": f"{first} {last}",
            "other_first": first, "ref": code(rng, digits=7)}


def shuffled(rng: random.Random, lines: list[str]) -> str:
    """Facts in a random order (a form printed by different systems)."""
    lines = [line for line in lines if line]
    rng.shuffle(lines)
    return "\n".join(lines)


def tidy(text: str) -> str:
    """Collapse the blank lines an absent optional field leaves behind (column spacing stays)."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def render(template: Template, ctx: Ctx, rng: random.Random) -> str:
    return tidy(template(ctx, rng) if callable(template) else template.format(**ctx))
