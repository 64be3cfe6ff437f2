"""Prompts from a task config: system text, a template, k-shot examples, chat or plain text."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

Messages = tuple[tuple[str, str], ...]

# The keys every family's ``prompt`` config accepts (families add them to their schema).
PROMPT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["template"],
    "additionalProperties": False,
    "properties": {
        "system": {"type": "string"},
        "template": {"type": "string"},
        "chat": {"type": "boolean"},
        "fewshot": {"type": "integer", "minimum": 0},
        "continuation_prefix": {"type": "string"},
    },
}


def build(prompt: Mapping[str, Any], user: str, shots: Sequence[tuple[str, str]] = ()) -> tuple[str, Messages]:
    """``(prompt_text, messages)``: chat messages when ``prompt.chat`` (default true), else plain text.

    ``shots`` are (user text, answer) pairs, shown before the real input."""
    system = prompt.get("system")
    if prompt.get("chat", True):
        messages: list[tuple[str, str]] = [("system", system)] if system else []
        for shot_user, answer in shots:
            messages += [("user", shot_user), ("assistant", answer)]
        return "", tuple(messages) + (("user", user),)
    parts = [system] if system else []
    parts += [f"{shot_user}{prompt.get('continuation_prefix', ' ')}{answer}" for shot_user, answer in shots]
    return "\n\n".join(parts + [user]), ()


# The ``generation`` keys of generative families (a family may add its own, e.g. a schema lock).
GENERATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "max_new_tokens": {"type": "integer", "minimum": 1},
        "stop": {"type": "array", "items": {"type": "string"}},
    },
}


def check_placeholders(prompt: Mapping[str, Any], label: str, template: Sequence[str],
                       system: Sequence[str] = ()) -> None:
    """Fail with one line if ``prompt.template`` (or, when ``system`` names fields, ``prompt.system``)
    uses a placeholder the family does not fill."""
    from edgebench.errors import EdgeBenchError

    try:
        prompt["template"].format(**dict.fromkeys(template, ""))
        if system:
            prompt.get("system", "").format(**dict.fromkeys(system, ""))
    except (KeyError, IndexError, ValueError) as exc:
        allowed = " and ".join(f"{{{name}}}" for name in template)
        also = f", prompt.system only {' and '.join(f'{{{n}}}' for n in system)}" if system else ""
        raise EdgeBenchError(f"task config '{label}': prompt.template may use only {allowed}{also} "
                             f"(problem: {exc!r}); double other braces as {{{{ }}}}") from None
