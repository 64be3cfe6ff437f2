"""edge_aggregate: a rolling case summary over 5-20 related documents, one document per request.

Each round shows the schema, the running JSON state (the model's own last answer that parsed as an
object; ``{}`` at first) and the next document, never the history; the final state is scored
against the gold summary (field F1, exact). ``mode: all_at_once`` sends every document in one
request instead, for comparison. Records also count the prompt tokens the model read (as its backend
reports them) and, from this case's own tokens per character, an estimate of what one all-at-once
prompt would take: ``read_ratio`` (all tokens read) and ``context_ratio`` (the largest single prompt,
what the device must hold at once).
"""
from __future__ import annotations

import json
from typing import Any, Mapping, Sequence

from datasets import DatasetDict

from edgebench.backends.base import GenerateRequest, GenerateResult, Result
from edgebench.data.store import load_v2, v2_dataset_schema
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import sample_scores, schema_validator
from edgebench.parsing import extract_json
from edgebench.tasks import locking, prompting
from edgebench.tasks.base import Task

DATASET = v2_dataset_schema("cases")
PROMPT = {**prompting.PROMPT_SCHEMA, "properties": {**prompting.PROMPT_SCHEMA["properties"],
                                                     "all_template": {"type": "string"}}}
STEP_FIELDS = ("schema", "state", "document", "channel", "step", "n_docs")


def documents(doc: Mapping[str, Any]) -> list[dict[str, str]]:
    return json.loads(doc["docs"]) if isinstance(doc["docs"], str) else list(doc["docs"])


def _brief_type(spec: Mapping[str, Any]) -> str:
    if "enum" in spec:
        return " | ".join(json.dumps(v) for v in spec["enum"])
    kind = spec.get("type", "any")
    if kind == "array":
        return f"list of {_brief_type(spec.get('items', {}))}"
    if kind == "object" and "properties" in spec:
        return json.dumps(spec, separators=(",", ":"))  # nested objects: the schema itself
    if kind == "string" and spec.get("pattern") == r"^\d{4}-\d{2}-\d{2}$" or spec.get("format") == "date":
        return "date YYYY-MM-DD"
    return str(kind)


def schema_brief(schema: Mapping[str, Any]) -> str:
    """A schema as the prompt shows it: one line a field (name: type, enum values, required or not),
    a fifth of its JSON Schema's tokens, read again every round (decoding is locked to the schema itself)."""
    required = set(schema.get("required", []))
    return "\n".join(f"- {name}: {_brief_type(spec)}" + ("" if name in required else " (optional)")
                     for name, spec in schema.get("properties", {}).items())


def render_docs(docs: Sequence[Mapping[str, str]]) -> str:
    return "\n\n".join(f"[{i}] ({d['channel']})\n{d['text']}" for i, d in enumerate(docs, 1))


class AggregateTask(Task):
    family = "aggregate"
    multi_step = True
    default_metrics = ("field_f1", "json_exact", "schema_valid", "state_parse_rate", "read_ratio", "context_ratio")
    config_schema = {
        "type": "object", "required": ["dataset", "prompt"],
        "properties": {"dataset": DATASET, "prompt": PROMPT, "generation": locking.GENERATION_SCHEMA,
                       "mode": {"enum": ["rolling", "all_at_once"]}},
    }

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.prompt = config["prompt"]
        self.mode = config.get("mode", "rolling")
        prompting.check_placeholders(self.prompt, source.label, STEP_FIELDS)
        prompting.check_placeholders({"template": self.prompt.get("all_template", "")}, source.label,
                                     ("schema", "documents", "n_docs"))
        if self.mode == "all_at_once" and not self.prompt.get("all_template"):
            raise EdgeBenchError(f"task config '{source.label}': mode all_at_once needs prompt.all_template")

    def load(self) -> tuple[DatasetDict, str]:
        from edgebench.data.cases import cases_v2

        return load_v2(self.name, cases_v2, self.config["dataset"])

    def checks(self) -> Checks:
        """The quality validator reads a case's documents (their JSON text, where every party is written
        as in the documents): every gold party in them, the gold summary valid, no case twice."""
        return Checks(gold_values=lambda row: json.loads(row["gold"])["parties"], text_field="docs",
                      schema_valid=lambda row: schema_validator(self.schema_of(row)).is_valid(json.loads(row["gold"])))

    def schema_of(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        """The case schema: the row's own (``schema_json``, API calls) or the generator's."""
        if doc.get("schema_json"):
            return json.loads(doc["schema_json"])
        from edgebench.data.cases.case_schema import SCHEMA

        return SCHEMA

    def _schema_text(self, doc: Mapping[str, Any]) -> str:
        """The schema for the JSON-lock."""
        return json.dumps(self.schema_of(doc), ensure_ascii=False, separators=(",", ":"))

    # -- rounds --------------------------------------------------------------------------------
    def state_after(self, doc: Mapping[str, Any], answers: Sequence[Result]) -> tuple[dict[str, Any], int]:
        """The running state (the last answer that parsed as an object, else the start state) and how
        many answers parsed."""
        state = json.loads(doc["start_state"]) if doc.get("start_state") else {}
        parsed = 0
        for answer in answers:
            value, error = extract_json(answer.text if isinstance(answer, GenerateResult) else None, want=(dict,))
            if error is None:
                state, parsed = value, parsed + 1
        return state, parsed

    def _request(self, user: str, doc: Mapping[str, Any]) -> GenerateRequest:
        prompt, messages = prompting.build(self.prompt, user)
        gen = self.config.get("generation", {})
        return GenerateRequest(prompt=prompt, messages=messages, max_new_tokens=gen.get("max_new_tokens", 192),
                               stop=tuple(gen.get("stop", [])), answer_json=("object",),
                               json_schema=self._schema_text(doc) if gen.get("schema_lock") else None)

    def step_text(self, doc: Mapping[str, Any], step: int, state: Mapping[str, Any]) -> str:
        docs = documents(doc)
        return self.prompt["template"].format(
            schema=schema_brief(self.schema_of(doc)), state=json.dumps(state, ensure_ascii=False, separators=(",", ":")),
            document=docs[step]["text"], channel=docs[step]["channel"], step=step + 1, n_docs=len(docs))

    def all_text(self, doc: Mapping[str, Any]) -> str:
        docs = documents(doc)
        return (self.prompt.get("all_template") or "{schema}\n\n{documents}").format(
            schema=schema_brief(self.schema_of(doc)), documents=render_docs(docs), n_docs=len(docs))

    def request(self, doc: Mapping[str, Any]) -> GenerateRequest:
        """The first round's request."""
        return self.next_requests(doc, [])[0]

    def next_requests(self, doc: Mapping[str, Any], answers: Sequence[Result]) -> list[GenerateRequest]:
        if self.mode == "all_at_once":
            return [] if answers else [self._request(self.all_text(doc), doc)]
        if len(answers) >= len(documents(doc)):
            return []
        return [self._request(self.step_text(doc, len(answers), self.state_after(doc, answers)[0]), doc)]

    # -- scoring -------------------------------------------------------------------------------
    def process(self, doc: Mapping[str, Any], answers: Sequence[Result]) -> dict[str, Any]:
        gold = json.loads(doc["gold"])
        state, parsed = self.state_after(doc, answers)
        pred = state if parsed else None
        valid = pred is not None and schema_validator(self.schema_of(doc)).is_valid(pred)
        prompts = [r.prompt_tokens for r in answers if isinstance(r, GenerateResult)]
        read = sum(prompts)
        # what the device read in all vs what one all-at-once prompt would hold, in this case's own
        # tokens per character of prompt text (the backend reports tokens, not the all-at-once count)
        rolling_chars = sum(len(self.step_text(doc, i, self.state_after(doc, answers[:i])[0]))
                            for i in range(len(answers))) if self.mode == "rolling" else len(self.all_text(doc))
        all_chars = len(self.all_text(doc))
        per_char = read / rolling_chars if read and rolling_chars else None
        estimate = round(all_chars * per_char) if per_char else None
        scores = {**sample_scores(pred, gold, valid),
                  "state_parse_rate": parsed / len(answers) if answers else 0.0,
                  "read_ratio": read / estimate if estimate else None,
                  "context_ratio": max(prompts) / estimate if estimate and prompts else None}
        return {"doc_id": doc.get("id"), "input": render_docs(documents(doc)), "gold": gold, "pred": pred,
                "output": [r.text for r in answers if isinstance(r, GenerateResult)],
                "error": None if parsed else "no_state", "n_docs": len(documents(doc)),
                "tokens_read": read, "tokens_all_at_once_est": estimate, "scores": scores}
