"""edge_intent_explain: the intent with a short rationale, ``[THOUGHT] ... [/THOUGHT]`` then JSON.

The label is read from the JSON after the thought block only: whatever the thought says (another
label's name included), stripping it leaves the label and its score unchanged. The rationale is
judged on grounding: the words it cites in quotes must occur in the message (case-blind).
"""
from __future__ import annotations

import copy
import re
from typing import Any, Mapping

from edgebench.backends.base import GenerateRequest, GenerateResult, Result
from edgebench.parsing import extract_json
from edgebench.tasks.edge_intent import IntentTask

THOUGHT = re.compile(r"\[THOUGHT\](.*?)\[/THOUGHT\]", re.S | re.I)
OPEN = re.compile(r"\[THOUGHT\]", re.I)
QUOTED = re.compile(r"\"([^\"\n]{1,60})\"|“([^”\n]{1,60})”|'([^'\n]{2,60})'")
WORD = re.compile(r"[\w'-]+")


def split_thought(text: str | None) -> tuple[str | None, str]:
    """``(rationale, rest)``: the first thought block's text (None when there is none) and the answer
    with every thought block removed. An opened block that is never closed ends where the answer's
    JSON begins (the first ``{`` after it), as small models often write it."""
    text = text or ""
    match = THOUGHT.search(text)
    if match:
        return match.group(1).strip(), THOUGHT.sub(" ", text)
    opened = OPEN.search(text)
    if opened:
        brace = text.find("{", opened.end())
        end = brace if brace >= 0 else len(text)
        return text[opened.end():end].strip() or None, text[:opened.start()] + " " + text[end:]
    return None, text


def cited(rationale: str) -> list[str]:
    """The signal words a rationale cites: its quoted phrases, in order."""
    return [next(g for g in m.groups() if g is not None).strip() for m in QUOTED.finditer(rationale)]


def grounded(rationale: str | None, message: str) -> bool:
    """True when the rationale cites at least one phrase and every cited phrase occurs in the message
    (case-blind, as whole words)."""
    if not rationale:
        return False
    phrases = [p for p in cited(rationale) if WORD.search(p)]
    if not phrases:
        return False
    lowered = message.lower()
    return all(re.search(rf"(?<![\w]){re.escape(p.lower())}(?![\w])", lowered) for p in phrases)


class IntentExplainTask(IntentTask):
    """Generative intent with a rationale; records add ``rationale``, ``cited`` and grounding scores."""

    family = "intent_explain"
    default_metrics = ("top1_acc", "explain_parse_rate", "rationale_grounded", "explained_acc")
    config_schema = copy.deepcopy(IntentTask.config_schema)
    config_schema["properties"].pop("output_type")

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.output_type = "generate_until"

    def request(self, doc: Mapping[str, Any]) -> GenerateRequest:
        prompt, messages = self._prompt_parts(doc)
        gen = self.config.get("generation", {})
        return GenerateRequest(prompt=prompt, messages=messages, max_new_tokens=gen.get("max_new_tokens", 96),
                               stop=tuple(gen.get("stop", [])), answer_json=("object",))

    def target(self, doc: Mapping[str, Any]) -> str:
        raise NotImplementedError  # no gold rationale: the task judges grounding, not wording

    def read_label(self, text: str | None) -> tuple[str | None, str | None]:
        """The label of the answer's JSON (``{"intent": ...}``, or ``label``), thought blocks removed."""
        _, rest = split_thought(text)
        value, error = extract_json(rest, want=(dict,))
        if error:
            return None, error
        raw = next((value[k] for k in ("intent", "label") if isinstance(value.get(k), str)), None)
        if raw is None:
            return None, "no_label_field"
        return self.parse_label(raw)

    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        assert isinstance(result, GenerateResult)
        gold = str(doc["label"])
        rationale, _ = split_thought(result.text)
        pred, error = self.read_label(result.text)
        if error is None and rationale is None:
            error = "no_thought"  # the label still counts; the explanation is missing
        ok = grounded(rationale, doc["text"])
        return {"doc_id": doc.get("id"), "input": doc["text"], "gold": gold, "output": result.text, "pred": pred,
                "ranking": [pred] if pred else [], "error": error, "rationale": rationale,
                "cited": cited(rationale or ""),
                "scores": {"top1": int(pred == gold), "parsed": int(pred is not None and rationale is not None),
                           "grounded": int(ok), "explained": int(pred == gold and ok)}}

