"""EdgeJSON: extract the one JSON object a text holds, given its JSON Schema.

The model sees the schema (compact JSON) and the text, and must answer with the object. Its output
is read the documented tolerant way (``edgebench.parsing.extract_json``), then checked against the
schema; per-sample scores come from ``edgebench.metrics.json``.
"""
from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Any, Mapping, Sequence

import faker
from datasets import DatasetDict
from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from edgebench.backends.base import GenerateRequest, GenerateResult, Result
from edgebench.data.extraction import edge_json as generator
from edgebench.data.extraction import edge_json_v2 as generator_v2
from edgebench.data.userdata import user_files
from edgebench.data.store import load_or_build
from edgebench.data.validation import Checks
from edgebench.errors import EdgeBenchError
from edgebench.metrics import json_fields as field_scores
from edgebench.metrics.json import sample_scores, schema_validator
from edgebench.parsing import extract_json
from edgebench.tasks import json_files, locking, prompting
from edgebench.tasks.base import Task

SCHEMA_INVALID = "schema_invalid"  # parsed as an object, but the schema rejects it

DATASET = {
    "type": "object",
    "required": ["generator"],
    "additionalProperties": False,
    "properties": {
        "generator": {"const": "edge_json"},
        "seed": {"type": "integer"},
        "per_template": {"type": "integer", "minimum": 1},
        # version 2: frames in registers, split by frame (edgebench.data.extraction.edge_json_v2)
        "version": {"enum": [1, 2]}, "rows": {"type": "integer", "minimum": 1},
        "test_templates": {"type": "integer", "minimum": 1},
        "test_rows": {"type": "integer", "minimum": 1, "maximum": 5},
        "schemas": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"},
                    "minItems": 1, "uniqueItems": True},
        "schema_dir": {"type": "string"},
    },
}


class EdgeJSONTask(Task):
    family = "json"
    default_metrics = ("json_exact", "field_f1", "schema_valid", "parse_rate")
    config_schema = {
        "type": "object",
        "required": ["dataset", "prompt"],
        "properties": {
            # generated, or the user's rows (if/then/else, not oneOf: a typo is named, not "valid under none")
            "dataset": {"if": user_files.USER_DATA, "then": json_files.FROM_FILES, "else": DATASET},
            "prompt": prompting.PROMPT_SCHEMA,
            "generation": locking.GENERATION_SCHEMA,  # schema_lock: each request carries its schema to lock to
        },
    }

    def __init__(self, config: dict[str, Any], source) -> None:
        super().__init__(config, source)
        self.prompt = config["prompt"]
        prompting.check_placeholders(self.prompt, source.label, ("schema", "text"))

    # -- schemas and data ----------------------------------------------------------------------
    def _schema_path(self, name: str) -> str:
        return f"{self.config['dataset'].get('schema_dir', 'schemas')}/{name}.json"

    @cached_property
    def schemas(self) -> dict[str, dict[str, Any]]:
        """The configured schemas (default: every one the generator has templates for), checked; with
        ``dataset.files``, those the rows name."""
        if user_files.is_user(self.config["dataset"]):
            return json_files.schemas_of(self.dataset)
        names = self.config["dataset"].get("schemas") or sorted(generator.SPECS)
        out = {}
        for name in names:
            rel = self._schema_path(name)
            try:
                schema = json.loads(self.resolve_file(rel).read_text(encoding="utf-8"))
                Draft202012Validator.check_schema(schema)
            except (json.JSONDecodeError, SchemaError) as exc:
                problem = exc.msg if isinstance(exc, json.JSONDecodeError) else exc.message
                raise EdgeBenchError(f"task '{self.name}': schema file '{rel}' is not a valid JSON Schema "
                                     f"({problem}); fix the file") from None
            out[name] = schema
        return out

    @cached_property
    def _validators(self) -> dict[str, Draft202012Validator]:
        return {name: schema_validator(schema) for name, schema in self.schemas.items()}

    @cached_property
    def _schema_texts(self) -> dict[str, str]:
        """Each schema as the prompt shows it: compact JSON, EdgeBench's own notes left out."""
        return {name: json.dumps(generator.public_schema(s), ensure_ascii=False, separators=(",", ":"))
                for name, s in self.schemas.items()}

    def load(self) -> tuple[DatasetDict, str]:
        spec = self.config["dataset"]
        if user_files.is_user(spec):
            return json_files.load(self, spec)
        digest = hashlib.sha256(json.dumps({n: self.file_digest(self._schema_path(n)) for n in self.schemas},
                                           sort_keys=True).encode()).hexdigest()
        if spec.get("version", 1) == 2:
            return self._load_v2(spec, digest)
        unused = [k for k in generator_v2.DEFAULTS if k in spec]
        if unused:
            raise EdgeBenchError(f"task '{self.name}': {', '.join(unused)} belong to dataset version 2; add "
                                 f"'version: 2' or drop them")
        params = {"generator": generator.GENERATOR_VERSION, "faker": faker.VERSION, "schemas": digest,
                  "seed": spec.get("seed", generator.DEFAULT_SEED),
                  "per_template": spec.get("per_template", generator.DEFAULT_PER_TEMPLATE)}
        return load_or_build(self.name, params, lambda: generator.generate(
            self.schemas, seed=params["seed"], per_template=params["per_template"]))

    def _load_v2(self, spec: Mapping[str, Any], digest: str) -> tuple[DatasetDict, str]:
        if "per_template" in spec:
            raise EdgeBenchError(f"task '{self.name}': per_template belongs to dataset version 1; with "
                                 f"'version: 2' set rows (train rows) and test_templates/test_rows")
        params = {"generator": generator_v2.GENERATOR_VERSION, "templates": generator_v2.digest(),
                  "faker": faker.VERSION, "schemas": digest, "seed": spec.get("seed", generator.DEFAULT_SEED),
                  **{k: spec.get(k, v) for k, v in generator_v2.DEFAULTS.items()}}
        return load_or_build(self.name, params, lambda: generator_v2.generate(
            self.schemas, seed=params["seed"], **{k: params[k] for k in generator_v2.DEFAULTS}))

    def checks(self) -> Checks:
        return generator.checks(self.schemas)

    # -- requests ------------------------------------------------------------------------------
    def _user_text(self, doc: Mapping[str, Any]) -> str:
        return self.prompt["template"].format(schema=self._schema_texts[doc["schema"]], text=doc["text"])

    def request(self, doc: Mapping[str, Any]) -> GenerateRequest:
        k = int(self.prompt.get("fewshot", 0))
        shots = [(self._user_text(d), d["gold"]) for d in self.fewshot_docs(k, exclude_text=doc["text"])]
        prompt, messages = prompting.build(self.prompt, self._user_text(doc), shots)
        gen = self.config.get("generation", {})
        return GenerateRequest(prompt=prompt, messages=messages, max_new_tokens=gen.get("max_new_tokens", 384),
                               stop=tuple(gen.get("stop", [])), answer_json=("object",),
                               json_schema=self._schema_texts[doc["schema"]] if gen.get("schema_lock") else None)

    def batch_group(self, doc: Mapping[str, Any]) -> str | None:
        return doc["schema"]  # the schema text is about 70 % of the prompt

    def target(self, doc: Mapping[str, Any]) -> str:
        """The gold object as the generator wrote it (also the few-shot answers' form)."""
        return doc["gold"]

    # -- scoring -------------------------------------------------------------------------------
    def process(self, doc: Mapping[str, Any], result: Result) -> dict[str, Any]:
        gold = json.loads(doc["gold"])
        output = result.text if isinstance(result, GenerateResult) else None
        pred, error = extract_json(output, want=(dict,))
        valid = pred is not None and self._validators[doc["schema"]].is_valid(pred)
        if pred is not None and not valid:
            error = SCHEMA_INVALID
        return {"doc_id": doc.get("id"), "input": doc["text"], "schema": doc["schema"], "level": doc.get("level"),
                "template": doc.get("template"), "output": output, "gold": gold, "pred": pred, "error": error,
                "scores": sample_scores(pred, gold, valid)}

    def summary(self, records: Sequence[Mapping]) -> dict[str, Any]:
        """Also each top-level gold field's F1, worst first (``edgebench.metrics.json_fields``)."""
        return {**super().summary(records), "fields": field_scores.per_field(records)}
