"""The routing policy of EdgeGuard, stated in code: the one policy both the gold labels of the data
generator (``guard_v2``) and the guard's rule layer use, so the two can never disagree on it.

A message's *kind route* is what it is about (a legal matter, a compliance matter, or neither); its
route adds the PII found in it: sensitive personal data (a card, a bank account, an ID number) makes
any message not already legal a compliance matter.
"""
from __future__ import annotations

from typing import Iterable

ROUTES = ("legal", "compliance", "normal")
SENSITIVE_TYPES = ("card_number", "account_number", "id_number")


def route(kind_route: str, pii_types: Iterable[str]) -> str:
    """"legal" if ``kind_route`` is "legal"; else "compliance" if it is "compliance" or any type in
    ``pii_types`` is one of ``SENSITIVE_TYPES``; else "normal"."""
    if kind_route == "legal":
        return "legal"
    if kind_route == "compliance" or any(t in SENSITIVE_TYPES for t in pii_types):
        return "compliance"
    return "normal"
