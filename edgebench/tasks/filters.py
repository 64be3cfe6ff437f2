"""NLM filter tasks: binary filters (spam, toxicity) and PII span detection.

``binary_filter`` is the intent family with two labels, a positive one, and the positive label's
probability per sample (for AUROC). ``pii`` is generative: the model lists the PII it finds as JSON,
each item is located in the input as a character span, and spans are scored against the gold spans.
"""
from __future__ import annotations

import copy
import json
import math
import re
from typing import Any, Mapping, Sequence

from datasets import Dataset, DatasetDict

from edgebench.backends.base import GenerateRequest, GenerateResult, Result, ScoreResult
from edgebench.data.filters import v1 as generator
from edgebench.data.userdata import jsonl, user_files
from edgebench.data.filters import pii_v2, spam_v2, toxicity_v2
from edgebench.data.filters.pii_spans import TYPE_NAME, span_problem
from edgebench.data.store import fingerprint_rows, load_or_build
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError
from edgebench.metrics.spans import redact, span_counts, span_prf
from edgebench.parsing import extract_json
from edgebench.tasks import locking, prompting
from edgebench.tasks.base import Task
from edgebench.tasks.edge_intent import FROM_FILES, IntentTask


def _generated_schema(kinds: list[str]) -> dict[str, Any]:
    return {"type": "object", "required": ["generator"], "additionalProperties": False,
            "properties": {"generator": {"enum": kinds}, "seed": {"type": "integer"},
                           # version 2: the compositional generators (edgebench.data.filters.spam_v2, toxicity_v2, pii_v2)
                           "version": {"enum": [1, 2]}, "rows": {"type": "integer", "minimum": 10},
                           "test_templates": {"type": "integer", "minimum": 1},
                           "test_rows": {"type": "integer", "minimum": 1, "maximum": 5},
                           "typo_rate": {"type": "number", "minimum": 0, "maximum": 1},
                           "per_template": {"type": "integer", "minimum": 1},
                           "test_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}}}


V2_KEYS = ("rows", "test_templates", "test_rows", "typo_rate")
V2 = {"spam": spam_v2, "toxicity": toxicity_v2, "pii": pii_v2}  # the compositional generators (data v2)


def _load_generated(task: Task, spec: Mapping[str, Any]) -> tuple[DatasetDict, str]:
    kind = spec["generator"]
    if spec.get("version", 1) == 2:
        if kind not in V2:
            raise EdgeBenchError(f"task '{task.name}': dataset version 2 exists for the {', '.join(V2)} generators; "
                                 f"drop 'version: 2' for {kind}")
        v2 = V2[kind]
        params = {"generator": v2.VERSION, "banks": v2.digest(), "seed": spec.get("seed", 1234),
                  "test_share": spec.get("test_share", v2.DEFAULTS["test_share"]),
                  **{k: spec.get(k, v2.DEFAULTS[k]) for k in V2_KEYS}}
        return load_or_build(task.name, params, lambda: v2.generate(
            seed=params["seed"], test_share=params["test_share"], **{k: params[k] for k in V2_KEYS}))
    unused = [k for k in V2_KEYS if k in spec]
    if unused:
        raise EdgeBenchError(f"task '{task.name}': {', '.join(unused)} belong to dataset version 2; add "
                             f"'version: 2' or drop them")
    params = {"generator": generator.GENERATOR_VERSION, "kind": kind, "templates": generator.templates_digest(kind),
              "seed": spec.get("seed", 1234), "per_template": spec.get("per_template", generator.PER_TEMPLATE[kind]),
              "test_share": spec.get("test_share", 0.25)}
    return load_or_build(task.name, params, lambda: generator.generate(
        kind, seed=params["seed"], per_template=params["per_template"], test_share=params["test_share"]))


class BinaryFilterTask(IntentTask):
    """Two labels, one of them ``positive_label``; records add ``positive``, ``score`` and ``severity``."""

    family = "binary_filter"
    default_metrics = ("top1_acc", "top1_acc_norm", "precision", "recall", "f1", "auroc")
    config_schema = copy.deepcopy(IntentTask.config_schema)
    config_schema["required"] = [*config_schema["required"], "positive_label"]
    config_schema["properties"]["dataset"] = {"oneOf": [_generated_schema(["spam", "toxicity"]), FROM_FILES]}
    config_schema["properties"]["positive_label"] = {"type": "string", "minLength": 1}

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.positive: str = config["positive_label"]
        if "labels" in config and self.positive not in config["labels"]:
            raise EdgeBenchError(f"task config '{source.label}': positive_label '{self.positive}' is not one of "
                                 f"labels ({', '.join(config['labels'])})")

    def load(self) -> tuple[DatasetDict, str]:
        spec = self.config["dataset"]
        return super().load() if user_files.is_user(spec) else _load_generated(self, spec)

    def checks(self) -> Checks | None:
        spec = self.config["dataset"]
        return generator.checks(spec["generator"]) if "generator" in spec else None

    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        if self.positive not in self.labels:
            raise EdgeBenchError(f"task '{self.name}': positive_label '{self.positive}' is not among the labels "
                                 f"({', '.join(self.labels)}); fix the config or the data")
        record = super().process(doc, result)
        record["positive"] = self.positive
        record["score"] = None  # generated answers carry no probability
        if isinstance(result, ScoreResult) and record["error"] is None:
            values = self.label_values(result)
            top = max(values)  # shift before exp: log-likelihoods are large negatives
            weights = [math.exp(v - top) for v in values]
            record["score"] = weights[self.labels.index(self.positive)] / sum(weights)
        if "severity" in doc:
            record["severity"] = doc["severity"]
        return record


# -- PII --------------------------------------------------------------------------------------------
TYPE_ALIASES = {
    "name": "person", "person_name": "person", "full_name": "person", "first_name": "person", "people": "person",
    "email_address": "email", "e_mail": "email", "mail": "email",
    "phone_number": "phone", "telephone": "phone", "mobile": "phone", "tel": "phone",
    "street_address": "address", "home_address": "address", "location": "address",
    "card": "card_number", "credit_card": "card_number", "credit_card_number": "card_number", "card_no": "card_number",
    "iban": "account_number", "account": "account_number", "bank_account": "account_number",
    "account_no": "account_number",
    "ssn": "id_number", "social_security_number": "id_number", "passport": "id_number",
    "passport_number": "id_number", "id": "id_number", "national_id": "id_number",
}


def pred_schema(types: Sequence[str]) -> dict[str, Any]:
    """The JSON-lock schema of an answer: a list of ``{type, text}`` with ``type`` one of ``types``."""
    return {"type": "array", "items": {"type": "object", "required": ["type", "text"], "additionalProperties": False,
                                       "properties": {"type": {"enum": list(types)}, "text": {"type": "string"}}}}


PRED_SCHEMA = pred_schema(generator.PII_TYPES)  # the default seven types
FROM_SPAN_FILES = user_files.config_schema("spans_field")


def canonical_type(raw: Any, types: Sequence[str] = generator.PII_TYPES) -> str:
    """The cleaned raw type (lower case, ``_`` for other characters); an alias (``name`` -> ``person``)
    applies only where its target is one of the task's ``types`` and the cleaned type itself is not."""
    key = re.sub(r"[^a-z0-9]+", "_", str(raw).strip().lower()).strip("_")
    alias = TYPE_ALIASES.get(key)
    return alias if key not in types and alias in types else key


def read_items(text: str | None, types: Sequence[str] = generator.PII_TYPES) -> tuple[list[dict[str, str]], str | None]:
    """``[{type, text}]`` from model output. Accepted: a list of items, one item, an object holding a
    list of items (``{"pii": [...]}``), or a type-to-text(s) object (``{"name": ["Ann", "Bo"]}``). Returns
    ``(items, error)``; items that are not readable are dropped, and if none of several is readable
    the error is ``invalid_items``."""
    value, error = extract_json(text, want=(list, dict))
    if error:
        return [], error
    if isinstance(value, dict):
        lists = [v for v in value.values() if isinstance(v, list) and any(isinstance(i, dict) for i in v)]
        if {"type", "text"} <= set(value):
            value = [value]
        elif lists:
            value = lists[0]
        else:
            value = [{"type": k, "text": t} for k, v in value.items() for t in (v if isinstance(v, list) else [v])]
    items = [{"type": canonical_type(v.get("type"), types), "text": v["text"].strip()} for v in value
             if isinstance(v, dict) and isinstance(v.get("text"), str) and v["text"].strip()]
    return items, ("invalid_items" if value and not items else None)


def locate(text: str, items: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Character spans for predicted items: the first occurrence that overlaps no span already taken,
    matched case-sensitively, else case-insensitively; an item not in the text gets start = end = -1."""
    taken: list[tuple[int, int]] = []
    spans = []
    for item in items:
        start = end = -1
        for flags in (0, re.IGNORECASE):
            hit = next((m for m in re.finditer(re.escape(item["text"]), text, flags)
                        if all(m.end() <= a or m.start() >= b for a, b in taken)), None)
            if hit:
                start, end = hit.span()
                taken.append((start, end))
                break
        spans.append({"start": start, "end": end, "type": item["type"],
                      "text": text[start:end] if start >= 0 else item["text"]})
    return spans


def gold_spans(raw: Any) -> list[dict[str, Any]]:
    return json.loads(raw) if isinstance(raw, str) else list(raw or [])


class PIITask(Task):
    """Generative PII detection, scored on character spans and on the redacted text."""

    family = "pii"
    paraphrasable = False  # gold spans are character offsets into the text: a paraphrase breaks them
    default_metrics = ("span_precision", "span_recall", "span_f1", "span_f1_partial", "redaction_exact")
    config_schema = {
        "type": "object",
        "required": ["prompt"],
        "properties": {
            "dataset": {"oneOf": [_generated_schema(["pii"]), FROM_SPAN_FILES]},
            "prompt": copy.deepcopy(prompting.PROMPT_SCHEMA),
            "generation": locking.GENERATION_SCHEMA,  # schema_lock: decoding locked to pred_schema(types)
            # the span types: the prompt's {types}, the JSON-lock's enum and the gold spans' allowed types
            "types": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1,
                      "uniqueItems": True},
        },
    }

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.prompt = config["prompt"]
        prompting.check_placeholders(self.prompt, source.label, ("text", "types"))
        self.types: tuple[str, ...] = tuple(config.get("types", generator.PII_TYPES))
        for kind in self.types:
            if not TYPE_NAME.fullmatch(kind):
                raise EdgeBenchError(f"task config '{source.label}': types: '{kind}' is not a type name; write it "
                                     f"as '{canonical_type(kind, ())}' (lower case, digits, '_'), the form answers "
                                     f"are read in")
        missing = [t for t in generator.PII_TYPES if t not in self.types]
        if "generator" in config.get("dataset", {}) and missing:
            raise EdgeBenchError(f"task config '{source.label}': types leaves out {', '.join(missing)}, which the "
                                 f"pii generator's gold spans use; add them or drop 'types:'")

    def load(self) -> tuple[DatasetDict, str]:
        spec = self.config["dataset"]
        return _load_generated(self, spec) if "generator" in spec else self._load_files(spec)

    def _load_files(self, spec: Mapping[str, Any]) -> tuple[DatasetDict, str]:
        """Rows with a text and a list of spans (or its JSON text), in any container
        (``edgebench.data.userdata.user_files``); stored as the generator's rows."""
        text_field, spans_field = spec.get("text_field", "text"), spec.get("spans_field", "spans")
        splits: dict[str, list[dict]] = {}
        for split, part in user_files.read_splits(self, spec, (text_field,), (spans_field,)).items():
            rows = []
            for n, row in part.rows:
                spans = row[spans_field]
                try:
                    spans = json.loads(spans) if isinstance(spans, str) else spans
                except ValueError as exc:
                    raise EdgeBenchError(f"task '{self.name}': {part.where(n)}: '{spans_field}' is a string that is "
                                         f"not JSON ({exc.msg}); give the list of spans itself") from None
                problem = span_problem(row[text_field], spans, self.types)
                if problem:
                    raise EdgeBenchError(f"task '{self.name}': {part.where(n)}: '{spans_field}'{problem}")
                extra = {k: v for k, v in row.items() if k not in (text_field, spans_field, "id", "template")}
                rows.append({**extra, "id": str(row.get("id", f"{split}/{n}")), "template": str(row.get("template", "")),
                             "text": row[text_field], "spans": json.dumps(spans)})  # extra: for `breakdown`
            splits[split] = rows
        splits = jsonl.uniform(splits)
        return DatasetDict({s: Dataset.from_list(r) for s, r in splits.items()}), fingerprint_rows(splits)

    def checks(self) -> Checks | None:
        return generator.checks("pii", self.types)

    @staticmethod
    def answer(doc: Mapping[str, Any]) -> str:
        """The gold answer as the model should write it (used for few-shot examples)."""
        return json.dumps([{"type": s["type"], "text": s["text"]} for s in gold_spans(doc["spans"])])

    def target(self, doc: Mapping[str, Any]) -> str:
        return self.answer(doc)

    def request(self, doc: Mapping[str, Any]) -> GenerateRequest:
        user = lambda text: self.prompt["template"].format(text=text, types=", ".join(self.types))  # noqa: E731
        shots = [(user(d["text"]), self.answer(d))
                 for d in self.fewshot_docs(int(self.prompt.get("fewshot", 0)), exclude_text=doc["text"])]
        prompt, messages = prompting.build(self.prompt, user(doc["text"]), shots)
        gen = self.config.get("generation", {})
        return GenerateRequest(prompt=prompt, messages=messages, max_new_tokens=gen.get("max_new_tokens", 192),
                               stop=tuple(gen.get("stop", [])), answer_json=("array", "object"),
                               span_types=self.types, text=doc["text"],
                               json_schema=json.dumps(pred_schema(self.types)) if gen.get("schema_lock") else None)

    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        assert isinstance(result, GenerateResult)
        text, gold = doc["text"], gold_spans(doc["spans"])
        items, error = read_items(result.text, self.types)
        pred = locate(text, items)
        tp, fp, fn = span_counts(pred, gold)
        redacted_pred, redacted_gold = redact(text, pred), redact(text, gold)
        scores = {"tp": tp, "fp": fp, "fn": fn, "f1": span_prf(pred, gold)[2],
                  "f1_partial": span_prf(pred, gold, "partial")[2],
                  "unlocated": sum(s["start"] < 0 for s in pred), "redaction_exact": int(redacted_pred == redacted_gold)}
        return {"doc_id": doc.get("id"), "input": text, "output": result.text, "gold": gold, "pred": pred,
                "error": error, "scores": scores, "redacted_pred": redacted_pred, "redacted_gold": redacted_gold}
