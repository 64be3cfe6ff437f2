"""edge_verify: is an answer a larger model proposed right for the text? ``ok`` or ``wrong``.

The model's verdict is the two labels scored by log-likelihood, as a binary filter ("wrong" is the
positive, suspicious class). A rule layer stated here goes on top: a JSON candidate the schema
rejects, or a label outside the offered list, is wrong whatever the model says, and its problems
are named. The rows come from ``edgebench.data.verify.candidates``.
"""
from __future__ import annotations

import copy
import json
from functools import cached_property
from typing import Any, Mapping

from datasets import DatasetDict

from edgebench.backends.base import Result, ScoreRequest, ScoreResult
from edgebench.data.store import load_or_build
from edgebench.data.verify import candidates
from edgebench.errors import EdgeBenchError
from edgebench.metrics.json import schema_validator
from edgebench.tasks import prompting
from edgebench.tasks.filters import BinaryFilterTask

DATASET = {
    "type": "object", "required": ["sources"], "additionalProperties": False,
    "properties": {
        # built-in tasks whose rows give the texts and gold answers: json or intent families
        "sources": {"type": "array", "items": {"type": "string"}, "minItems": 1, "uniqueItems": True},
        "seed": {"type": "integer"},
        "train_rows": {"type": "integer", "minimum": 1},  # per source
        "test_rows": {"type": "integer", "minimum": 1},  # per source
        "wrong_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    },
}


def rule_problems(doc: Mapping[str, Any]) -> list[str]:
    """What is certainly wrong with the candidate, from the schema or label list alone."""
    if doc["what"] == "intent":
        labels = json.loads(doc["labels"]) if doc.get("labels") else []
        if labels and doc["candidate"] not in labels:
            return [f"'{doc['candidate']}' is not one of the offered labels"]
        return []
    try:
        value = json.loads(doc["candidate"])
    except ValueError:
        return ["the candidate is not JSON"]
    if not isinstance(value, dict):
        return ["the candidate is not a JSON object"]
    if not doc.get("schema"):
        return []
    errors = sorted(schema_validator(json.loads(doc["schema"])).iter_errors(value), key=lambda e: list(e.path))
    return [f"{'/'.join(str(p) for p in e.path) or '(top level)'}: {' '.join(e.message.split())}"[:160]
            for e in errors[:5]]


class VerifyTask(BinaryFilterTask):
    """Records add ``problems`` (the rule layer's, then the model's verdict) and ``problem`` (gold kind)."""

    family = "verify"
    default_metrics = ("top1_acc", "precision", "recall", "f1", "auroc")
    config_schema = copy.deepcopy(BinaryFilterTask.config_schema)
    config_schema["properties"]["dataset"] = DATASET
    placeholders = ("text", "candidate", "what")

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        if sorted(self.labels) != sorted([self.positive, self.ok_label]):
            raise EdgeBenchError(f"task config '{source.label}': labels must be two, one of them positive_label")

    @cached_property
    def ok_label(self) -> str:
        return next(label for label in self.config["labels"] if label != self.config["positive_label"])

    def _sources(self) -> list[tuple[str, str, Any]]:
        from edgebench.tasks.config import select
        from edgebench.tasks.edge_intent import IntentTask
        from edgebench.tasks.edge_json import EdgeJSONTask

        out = []
        for name in self.config["dataset"]["sources"]:
            task = select(name)[0]
            if isinstance(task, EdgeJSONTask):
                out.append((name, "json", task))
            elif type(task) is IntentTask:
                out.append((name, "intent", task))
            else:
                raise EdgeBenchError(f"task '{self.name}': source '{name}' is a {task.family} task; name json or "
                                     f"intent tasks")
        return out

    def load(self) -> tuple[DatasetDict, str]:
        spec = self.config["dataset"]
        sources = self._sources()
        params = {"generator": candidates.VERSION, "seed": spec.get("seed", 1234),
                  "sources": {name: task.fingerprint for name, _, task in sources},
                  "train_rows": spec.get("train_rows", 1500), "test_rows": spec.get("test_rows", 150),
                  "wrong_share": spec.get("wrong_share", 0.5)}
        return load_or_build(self.name, params, lambda: candidates.build(
            sources, seed=params["seed"], train_rows=params["train_rows"], test_rows=params["test_rows"],
            wrong_share=params["wrong_share"]))

    def checks(self):
        return None

    def _verify_text(self, doc: Mapping[str, Any]) -> str:
        return self.prompt["template"].format(text=doc["text"], candidate=doc["candidate"], what=doc["what"])

    def _prompt_parts(self, doc: Mapping[str, Any]):
        shots = [(self._verify_text(d), str(d["label"]))
                 for d in self.fewshot_docs(self.prompt.get("fewshot", 0), exclude_text=doc["text"])]
        return prompting.build(self.prompt, self._verify_text(doc), shots)

    def request(self, doc: Mapping[str, Any]) -> ScoreRequest:
        prompt, messages = self._prompt_parts(doc)
        prefix = self.prompt.get("continuation_prefix", "")
        # a non-LM baseline reads the text and the candidate together
        return ScoreRequest(continuations=tuple(prefix + label for label in self.labels), prompt=prompt,
                            messages=messages, text=f"{doc['text']}\n{doc['candidate']}")

    def train_examples(self) -> tuple[list[str], list[str]]:
        train = self.dataset["train"]
        return [f"{t}\n{c}" for t, c in zip(train["text"], train["candidate"])], [str(x) for x in train["label"]]

    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        record = super().process(doc, result)
        problems = rule_problems(doc)
        if problems:  # the rule layer wins: a schema-invalid object is wrong whatever the model says
            record["pred"], record["score"] = self.positive, 1.0
        elif record["pred"] == self.positive:
            p = record.get("score")
            problems = [f"the model finds it inconsistent with the text"
                        + (f" (p={p:.2f})" if isinstance(p, float) else "")]
        record["scores"]["top1"] = int(record["pred"] == record["gold"])
        record.update(input=doc["text"], candidate=doc["candidate"], what=doc["what"], problems=problems,
                      problem=doc.get("problem"), source=doc.get("source"))
        return record
