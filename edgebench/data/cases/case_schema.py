"""The case summary edge_aggregate's states follow: its fields, their enums, and its JSON Schema (the
prompt's field brief and the JSON-lock both come from it)."""
from __future__ import annotations

from typing import Any

CURRENCIES = ("USD", "EUR", "GBP")
FLAGS = ("refund_requested", "payment_overdue", "complaint", "deadline", "legal_threat", "cancelled", "damage_reported")
STATUSES = ("open", "resolved", "escalated", "cancelled")
SCHEMA: dict[str, Any] = {
    # no "uniqueItems": the JSON-lock (llguidance) cannot enforce it; the generator never repeats an item
    # (tests/test_data_cases.py), and a repeated item in an answer costs its field F1
    "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "case_summary", "type": "object",
    "properties": {
        "parties": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "total_amount": {"type": "number"},
        "currency": {"type": "string", "enum": list(CURRENCIES)},
        "flags": {"type": "array", "items": {"type": "string", "enum": list(FLAGS)}},
        "status": {"type": "string", "enum": list(STATUSES)},
        "next_date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    },
    "required": ["parties", "total_amount", "currency", "flags", "status"], "additionalProperties": False,
}
