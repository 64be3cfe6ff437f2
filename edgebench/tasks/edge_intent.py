"""EdgeIntent: route a short user message to one intent label.

Two output types: ``multiple_choice`` ranks every label by log-likelihood (``score``);
``generate_until`` asks the model to name the label and parses its text.
"""
from __future__ import annotations

import hashlib
import json
import math
import re
from functools import cached_property
from typing import Any, Mapping

import yaml
from datasets import Dataset, DatasetDict

from edgebench.backends.base import GenerateRequest, GenerateResult, Result, ScoreRequest, ScoreResult
from edgebench.data.intent import intents as intent_generator
from edgebench.data.intent import intents_v2
from edgebench.data.userdata import jsonl, user_files
from edgebench.data.writing import request_style
from edgebench.data.store import load_or_build
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError
from edgebench.metrics.classification import OOS_METRICS
from edgebench.tasks import prompting
from edgebench.tasks.base import Task
from edgebench.tasks.prompting import PROMPT_SCHEMA

GENERATED = {
    "type": "object",
    "required": ["generator", "catalog"],
    "additionalProperties": False,
    "properties": {
        "generator": {"const": "intents"},
        "catalog": {"type": "string"},
        "seed": {"type": "integer"},
        "per_template": {"type": "integer", "minimum": 1},
        "test_templates": {"type": "integer", "minimum": 1},
        "core_only": {"type": "boolean"},
        "out_of_scope": {"type": "boolean"},
        # version 2: the compositional generator (edgebench.data.intent.intents_v2)
        "version": {"enum": [1, 2]},
        "rows": {"type": "integer", "minimum": 10},
        "test_rows": {"type": "integer", "minimum": 1, "maximum": 5},
        "test_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "typo_rate": {"type": "number", "minimum": 0, "maximum": 1},
    },
}
V2_KEYS = ("rows", "test_rows", "test_share", "typo_rate")
FROM_FILES = user_files.config_schema("label_field")


class IntentTask(Task):
    family = "intent"
    placeholders: tuple[str, ...] = ("text", "labels")  # what prompt.template may use
    default_metrics = ("top1_acc", "top1_acc_norm", "top5_acc", "macro_f1")
    config_schema = {
        "type": "object",
        "required": ["prompt"],
        "properties": {
            "dataset": {"oneOf": [GENERATED, FROM_FILES]},
            "labels": {"type": "array", "items": {"type": "string"}, "minItems": 2, "uniqueItems": True},
            "output_type": {"enum": ["multiple_choice", "generate_until"]},
            "prompt": PROMPT_SCHEMA,
            "generation": prompting.GENERATION_SCHEMA,
            "normalize": {"enum": ["sum", "mean"]},
            # a test-only task (the probes) fits baselines on another task's train split
            "train_from": {"type": "string", "minLength": 1},
            "oos_label": {"type": "string", "minLength": 1},
        },
    }

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.output_type = config.get("output_type", "multiple_choice")
        self.prompt = config["prompt"]
        prompting.check_placeholders(self.prompt, source.label, self.placeholders, system=("labels",))
        self.oos_label: str | None = config.get("oos_label")
        oos_named = [m for m in self.metric_names if m in OOS_METRICS]
        if self.oos_label is None and oos_named:
            raise EdgeBenchError(f"task config '{source.label}': metric '{oos_named[0]}' needs 'oos_label: <label>' "
                                 f"(the label of out-of-scope rows); add it or drop the metric")
        if self.oos_label is not None and "metrics" not in config:
            self.metric_names += list(OOS_METRICS)  # on by default where the config says which label is OOS

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> tuple[DatasetDict, str]:
        spec = self.config["dataset"]
        if "generator" in spec:
            catalog_path = self.resolve_file(spec["catalog"])
            catalog = yaml.safe_load(catalog_path.read_text())
            if spec.get("version", 1) == 2:
                return self._load_v2(spec, catalog)
            unused = [k for k in V2_KEYS if k in spec]
            if unused:
                raise EdgeBenchError(f"task '{self.name}': {', '.join(unused)} belong to dataset version 2; add "
                                     f"'version: 2' or drop them")
            params = {"generator": intent_generator.GENERATOR_VERSION, "catalog": self.file_digest(spec["catalog"]),
                      "seed": spec.get("seed", 1234), "per_template": spec.get("per_template", 6),
                      "test_templates": spec.get("test_templates", 2), "core_only": spec.get("core_only", False),
                      "out_of_scope": spec.get("out_of_scope", False)}
            return load_or_build(self.name, params, lambda: intent_generator.generate(
                catalog, seed=params["seed"], per_template=params["per_template"],
                test_templates=params["test_templates"], core_only=params["core_only"],
                out_of_scope=params["out_of_scope"]))
        return self._load_files(spec)

    def _load_v2(self, spec: dict[str, Any], catalog: dict[str, Any]) -> tuple[DatasetDict, str]:
        if "per_template" in spec:
            raise EdgeBenchError(f"task '{self.name}': dataset version 2 sizes the train split with 'rows', "
                                 f"not 'per_template'")
        d = intents_v2.DEFAULTS
        params = {"generator": intents_v2.VERSION, "style": request_style.digest(),
                  "catalog": self.file_digest(spec["catalog"]), "seed": spec.get("seed", 1234),
                  "test_templates": spec.get("test_templates", d["test_templates"]),
                  **{k: spec.get(k, d[k]) for k in V2_KEYS},
                  "core_only": spec.get("core_only", False), "out_of_scope": spec.get("out_of_scope", False)}
        return load_or_build(self.name, params, lambda: intents_v2.generate(
            catalog, **{k: v for k, v in params.items() if k not in ("generator", "style", "catalog")}))

    def _load_files(self, spec: dict[str, Any]) -> tuple[DatasetDict, str]:
        """Each split's rows (JSONL, CSV, Parquet or a saved folder: ``edgebench.data.userdata.user_files``), every
        row's text and label checked to be strings (one odd value would otherwise re-type the whole
        column), renamed to ``text`` / ``label``."""
        text_field, label_field = spec.get("text_field", "text"), spec.get("label_field", "label")
        splits = {}
        for split, part in user_files.read_splits(self, spec, (text_field, label_field)).items():
            rows = part.rows
            known = self.config.get("labels")
            for n, row in rows:
                if known is not None and row[label_field] not in known:
                    raise EdgeBenchError(f"task '{self.name}': {part.where(n)}: label '{row[label_field]}' is not "
                                         f"in the config's labels ({', '.join(known)}); add it there or fix the row")
            # a row without an id is named by its line, as the json, funccall and pii loaders name theirs
            splits[split] = [{**{k: v for k, v in row.items() if k not in (text_field, label_field)},
                              "id": f"{split}/{n}" if row.get("id") in (None, "") else str(row["id"]),
                              "text": row[text_field], "label": row[label_field]} for n, row in rows]
        data = DatasetDict({split: Dataset.from_list(rows) for split, rows in jsonl.uniform(splits).items()})
        digest = hashlib.sha256(json.dumps({"data": user_files.digest(self, spec),
                                            "fields": [text_field, label_field]}, sort_keys=True).encode())
        return data, digest.hexdigest()

    @cached_property
    def labels(self) -> list[str]:
        """The config's label list, else every label seen in any split, sorted."""
        if "labels" in self.config:
            return list(self.config["labels"])
        return sorted({str(label) for split in self.dataset.values() if len(split) for label in split.unique("label")})

    def preflight(self, docs: Dataset) -> None:
        """Also: ``oos_label`` is one of the labels."""
        super().preflight(docs)
        if self.oos_label is not None and self.oos_label not in self.labels:
            raise EdgeBenchError(f"task '{self.name}': oos_label '{self.oos_label}' is not among the labels "
                                 f"({', '.join(self.labels)}); name one of them")

    def checks(self) -> Checks:
        # Slot values must survive a paraphrase; the answer leaks when the label itself is written.
        return Checks(gold_values=lambda row: row.get("values") or [],
                      leaks=lambda row: [str(row["label"])] if "_" in str(row["label"]) else [])

    def train_examples(self) -> tuple[list[str], list[str]]:
        """The train split's texts and labels; with ``train_from: TASK``, that task's (whose labels must be
        this task's), so that a baseline fitted on generated data is scored on a test-only set."""
        if "train_from" in self.config:
            return self._train_from(self.config["train_from"])
        if "train" not in self.dataset or len(self.dataset["train"]) == 0:
            return super().train_examples()
        train = self.dataset["train"]
        return list(train["text"]), [str(label) for label in train["label"]]

    def _train_from(self, name: str) -> tuple[list[str], list[str]]:
        from edgebench.tasks.config import select

        # a user's task names a task beside it (its folder) or a built-in one
        folders = [self.source.path.parent] if self.source.origin == "include-path" else []
        other = select(name, folders)[0]
        if not isinstance(other, IntentTask) or name == self.name:
            raise EdgeBenchError(f"task '{self.name}': train_from '{name}' must name another intent or filter task")
        texts, labels = other.train_examples()
        unknown = sorted(set(labels) - set(self.labels))
        if unknown:
            raise EdgeBenchError(f"task '{self.name}': train_from '{name}' has labels this task lacks "
                                 f"({', '.join(unknown[:5])}); the two tasks must share their labels")
        return texts, labels

    # -- requests ------------------------------------------------------------------------------
    def _user_text(self, text: str) -> str:
        return self.prompt["template"].format(text=text, labels=", ".join(self.labels))

    def _prompt_parts(self, doc: Mapping[str, Any]) -> tuple[str, tuple[tuple[str, str], ...]]:
        shots = [(self._user_text(d["text"]), str(d["label"]))
                 for d in self.fewshot_docs(self.prompt.get("fewshot", 0), exclude_text=doc["text"])]
        prompt = dict(self.prompt, system=self.prompt["system"].format(labels=", ".join(self.labels))) \
            if self.prompt.get("system") else self.prompt
        return prompting.build(prompt, self._user_text(doc["text"]), shots)

    def request(self, doc: Mapping[str, Any]):
        prompt, messages = self._prompt_parts(doc)
        if self.output_type == "generate_until":
            gen = self.config.get("generation", {})
            return GenerateRequest(prompt=prompt, messages=messages, max_new_tokens=gen.get("max_new_tokens", 16),
                                   stop=tuple(gen.get("stop", ["\n"])))
        prefix = self.prompt.get("continuation_prefix", "")
        return ScoreRequest(continuations=tuple(prefix + label for label in self.labels),
                            prompt=prompt, messages=messages, text=doc["text"])

    def target(self, doc: Mapping[str, Any]) -> str:
        """The label; for ``multiple_choice`` with the continuation prefix the scored labels carry."""
        prefix = self.prompt.get("continuation_prefix", "") if self.output_type == "multiple_choice" else ""
        return prefix + str(doc["label"])

    # -- scoring -------------------------------------------------------------------------------
    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        gold = str(doc["label"])
        record: dict[str, Any] = {"doc_id": doc.get("id"), "input": doc["text"], "gold": gold, "error": None}
        if isinstance(result, ScoreResult):
            values = self.label_values(result)
            if len(values) != len(self.labels) or any(math.isnan(v) for v in values):
                record.update(output=None, pred=None, ranking=[], error="bad_scores")
            else:
                order = sorted(range(len(values)), key=lambda i: -values[i])
                ranking = [self.labels[i] for i in order]
                record.update(output={self.labels[i]: round(values[i], 4) for i in order[:5]},
                              pred=ranking[0], ranking=ranking, pred_norm=self._pred_per_byte(result))
        else:
            assert isinstance(result, GenerateResult)
            pred, error = self.parse_label(result.text)
            record.update(output=result.text, pred=pred, ranking=[pred] if pred else [], error=error)
        record["scores"] = {"top1": int(record["pred"] == gold), "top5": int(gold in record["ranking"][:5])}
        if self.oos_label is not None:
            record["oos_label"] = self.oos_label
        if "pred_norm" in record or record.get("error") == "bad_scores":
            record["scores"]["top1_norm"] = int(record.get("pred_norm") == gold)
        return record

    def _pred_per_byte(self, result: ScoreResult) -> str:
        """The best label by log-likelihood per UTF-8 byte of its continuation (lm-eval's acc_norm)."""
        prefix = self.prompt.get("continuation_prefix", "")
        per_byte = [lp / max(1, len((prefix + label).encode("utf-8"))) for lp, label in zip(result.logprobs, self.labels)]
        return self.labels[max(range(len(per_byte)), key=lambda i: per_byte[i])]

    def label_values(self, result: ScoreResult) -> list[float]:
        """Each label's score as ranked: summed log-probability, or per token with ``normalize: mean``."""
        mean = self.config.get("normalize", "sum") == "mean"
        counts = result.num_tokens or [1] * len(result.logprobs)
        return [lp / max(n, 1) if mean else lp for lp, n in zip(result.logprobs, counts)]

    def parse_label(self, text: str) -> tuple[str | None, str | None]:
        """Tolerant reading of a generated label: first line, quotes/punctuation and case ignored,
        spaces or hyphens accepted for underscores. Returns (label, None) or (None, error type)."""
        line = text.strip().splitlines()[0] if text.strip() else ""
        if not line:
            return None, "empty_output"
        canon = lambda s: re.sub(r"[\s\-]+", "_", s.strip().strip("\"'`.,:;!").lower())  # noqa: E731
        wanted = canon(re.sub(r"^(intent|label)\s*[:=]\s*", "", line.strip(), flags=re.I))
        for label in self.labels:
            if canon(label) == wanted:
                return label, None
        return None, "unknown_label"
