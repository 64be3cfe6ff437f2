"""Training recipes: YAML by name (``trainers/recipes/NAME.yaml``) or path, ``--set`` overrides,
validation before any training starts.

A recipe is a nested mapping. The core sections are fixed here (``RECIPE_SCHEMA``); the
``objective`` section belongs to the trainer type the recipe names (``Trainer.objective_schema``).
Every problem is one ``EdgeBenchError`` line naming the key and what to do.
"""
from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterable, Mapping

import jsonschema
import yaml

from edgebench.errors import EdgeBenchError

POSITIVE_INT = {"type": "integer", "minimum": 1}
NULLABLE_POSITIVE_INT = {"type": ["integer", "null"], "minimum": 1}
TASK_NAME = {"type": "string", "pattern": "^[A-Za-z0-9_.-]+$"}


def _section(properties: dict[str, Any], required: Iterable[str] = ()) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": list(required)}


RECIPE_SCHEMA: dict[str, Any] = _section({
    "trainer": {"type": "string"},
    "description": {"type": "string"},
    # base: a model spec to start from (hf:NAME or hf:FOLDER); architecture: a transformers config
    # (model_type + its keys) for a model built from scratch with the tokenizer of ``tokenizer``.
    "model": _section({
        "base": {"type": ["string", "null"]},
        "architecture": {"type": ["object", "null"], "required": ["model_type"]},
        "tokenizer": {"type": "string"},
        "max_length": POSITIVE_INT,
        # keep only these decoder layers of the base (0-based, in order): a layer-subset student that
        # starts from the base's knowledge (DistilBERT-style) instead of from random weights
        "layers": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 1, "uniqueItems": True},
        # keep only the base tokenizer's first N ids (and table rows): edgebench/surgery/vocab_trim.py
        "vocab": POSITIVE_INT,
    }),
    "data": _section({
        "tasks": {"type": "array", "items": TASK_NAME},
        # examples per epoch = weight x the task's train rows (below 1 subsamples, above 1 repeats)
        "weights": {"type": "object", "additionalProperties": {"type": "number", "exclusiveMinimum": 0}},
        "split": {"type": "string"},
        "validation_split": {"type": "string"},
        # share of the train rows held out for validation loss when a task has no validation split
        "val_fraction": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        # hold out whole groups of train rows that share this field's value (a template id: validation
        # then measures generalisation to unseen templates, not memory of seen ones); null: single rows
        "val_group": {"type": ["string", "null"]},
        "limit": NULLABLE_POSITIVE_INT,       # at most this many train rows per task (smoke runs)
        "val_limit": NULLABLE_POSITIVE_INT,   # at most this many validation rows per task
        # micro-batches hold rows of one prompt group (Task.batch_group: edge_json's schema), so a batch's
        # shared prompt prefix is computed once (trainers.fitting.shared_prefix); off: any rows mix
        "group_batches": {"type": "boolean"},
        # a user's JSON lines of {"prompt" | "messages", "target"}, relative to the recipe file
        "files": _section({"train": {"type": "string"}, "validation": {"type": "string"}}, ["train"]),
        "include_paths": {"type": "array", "items": {"type": "string"}},
        # drop train (and validation) rows whose frame -- else template -- is in any of these tasks' test
        # splits: one model may then train on several tasks whose held-out frames differ (edge_intent_50's
        # test frames are train frames of edge_intent_200) and be scored on all of them honestly
        "exclude_test_of": {"type": "array", "items": TASK_NAME},
    }),
    "objective": {"type": "object"},  # checked against the trainer type's own schema
    "optimizer": _section({
        "name": {"enum": ["adamw"]},
        "lr": {"type": "number", "exclusiveMinimum": 0},
        "weight_decay": {"type": "number", "minimum": 0},
        "betas": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "eps": {"type": "number", "exclusiveMinimum": 0},
        "max_grad_norm": {"type": ["number", "null"], "exclusiveMinimum": 0},
    }),
    "schedule": _section({
        "type": {"enum": ["cosine", "linear", "constant"]},
        "warmup_steps": {"type": "integer", "minimum": 0},
        "epochs": {"type": "number", "exclusiveMinimum": 0},
        "max_steps": NULLABLE_POSITIVE_INT,  # when set, it wins over epochs
    }),
    "precision": {"enum": ["bf16", "fp32", "auto"]},
    "batch_size": POSITIVE_INT,
    "grad_accumulation": POSITIVE_INT,
    "eval_every": POSITIVE_INT,
    "save_every": POSITIVE_INT,
    "keep_last": POSITIVE_INT,
    "log_every": POSITIVE_INT,
    "seed": {"type": "integer"},
    "threads": NULLABLE_POSITIVE_INT,
    "progress": {"type": "boolean"},
    # the weights the model folder gets: the last step's, or the saved checkpoint with the lowest
    # validation loss (trainers/fitting/checkpoint.py keeps it whatever keep_last says)
    "export": {"enum": ["last", "best"]},
    "eval": _section({
        "tasks": {"type": "array", "items": TASK_NAME},
        "limit": NULLABLE_POSITIVE_INT,
        "batch_size": POSITIVE_INT,
        "json_lock": {"enum": ["off", "on", "both", True, False]},  # as --json-lock; YAML 1.1 reads on/off as booleans
    }),
})

# What a recipe that leaves a key out gets. A key added to a TRAINING_KEYS section after recipes were
# trained (data.val_group, data.group_batches) has no default here: a default would change every recipe's
# training_hash and so refuse --resume of checkpoints made before it; its readers use .get().
DEFAULTS: dict[str, Any] = {
    "model": {"max_length": 1024},
    "data": {"tasks": [], "split": "train", "validation_split": "validation", "val_fraction": 0.05,
             "limit": None, "val_limit": 200},
    "objective": {},
    "optimizer": {"name": "adamw", "lr": 2e-4, "weight_decay": 0.0, "betas": [0.9, 0.999], "eps": 1e-8,
                  "max_grad_norm": 1.0},
    "schedule": {"type": "cosine", "warmup_steps": 0, "epochs": 1, "max_steps": None},
    "precision": "auto",
    "batch_size": 4,
    "grad_accumulation": 1,
    "eval_every": 100,
    "save_every": 100,
    "keep_last": 2,
    "log_every": 10,
    "seed": 1234,
    "threads": None,
    "progress": True,
    "export": "last",
    "eval": {"tasks": [], "limit": 50, "batch_size": 8, "json_lock": "off"},
}

# The keys that decide the weights: a resumed run must have the same ones.
TRAINING_KEYS = ("trainer", "model", "data", "objective", "optimizer", "schedule", "precision", "batch_size",
                 "grad_accumulation", "seed")


@dataclass
class Recipe:
    """A validated recipe: ``values`` holds every key (defaults filled in)."""

    name: str
    source: str                     # the file it came from
    values: dict[str, Any]
    overrides: list[str] = field(default_factory=list)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    @property
    def folder(self) -> Path:
        return Path(self.source).parent

    def training_hash(self) -> str:
        """sha256 of the keys that decide the weights (``TRAINING_KEYS``)."""
        picked = {k: self.values.get(k) for k in TRAINING_KEYS}
        return hashlib.sha256(json.dumps(picked, sort_keys=True, default=str).encode()).hexdigest()

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.values, sort_keys=False, allow_unicode=True)


def builtin_recipes() -> dict[str, Path]:
    """Recipes shipped with the package, by name."""
    folder = files("trainers") / "recipes"
    return {Path(str(p)).stem: Path(str(p)) for p in folder.iterdir() if str(p).endswith((".yaml", ".yml"))}


def find_recipe(name_or_path: str) -> Path:
    path = Path(name_or_path).expanduser()
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise EdgeBenchError(f"recipe file '{name_or_path}' does not exist; check the path")
        return path
    shipped = builtin_recipes()
    if name_or_path not in shipped:
        raise EdgeBenchError(f"unknown recipe '{name_or_path}'; built-in recipes: {', '.join(sorted(shipped))} "
                             f"(or give a path to a recipe YAML file)")
    return shipped[name_or_path]


def _deep_merge(base: dict[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict) and key != "objective":
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def apply_override(values: dict[str, Any], assignment: str) -> None:
    """``key.sub=value`` with the value parsed as YAML (``3``, ``2e-4``, ``[a, b]``, ``null``).

    Data paths given here are relative to the current directory (those in a recipe file are
    relative to the file)."""
    key, sep, raw = assignment.partition("=")
    key = key.strip()
    if not sep or not key:
        raise EdgeBenchError(f"--set '{assignment}' is not KEY=VALUE; write e.g. --set schedule.max_steps=10")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        raise EdgeBenchError(f"--set {key}: '{raw}' is not a YAML value; quote strings or fix the brackets") from None
    if isinstance(value, str):
        try:  # YAML 1.1 reads 1e-3 (no dot) as a string; on the command line it is a number
            value = float(value) if value.strip().lower() not in ("nan", "inf", "-inf", "infinity") else value
        except ValueError:
            pass
    if key.startswith("data.files.") and isinstance(value, str):
        value = str(Path(value).expanduser().absolute())  # a path typed on the command line is the user's, not the recipe's
    elif key == "data.include_paths" and isinstance(value, list):
        value = [str(Path(str(v)).expanduser().absolute()) for v in value]
    node = values
    parts = key.split(".")
    for depth, part in enumerate(parts[:-1]):
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            section = ".".join(parts[:depth + 1])
            raise EdgeBenchError(f"--set {key}: '{section}' is a value, not a section; set '{section}' itself")
        node = child
    node[parts[-1]] = value


def _one_line(error: jsonschema.ValidationError, prefix: str) -> str:
    path = ".".join([*([prefix] if prefix else []), *(str(p) for p in error.absolute_path)])
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))
        name = ".".join(p for p in (path, extra[0]) if p)
        return f"unknown key '{name}'; known keys{' in ' + path if path else ''}: {', '.join(known)}"
    if error.validator == "type":
        wanted = error.validator_value if isinstance(error.validator_value, str) else " or ".join(error.validator_value)
        return (f"key '{path}' must be {wanted}, not {type(error.instance).__name__} {error.instance!r}; "
                f"fix the recipe or the --set value")
    if error.validator == "required":
        return f"{error.message} in '{path or '(top level)'}'; add it to the recipe"
    return f"key '{path or '(top level)'}': {error.message}; fix the recipe or the --set value"


def validate(values: Mapping[str, Any], schema: Mapping[str, Any], label: str, prefix: str = "") -> None:
    """Check ``values`` against ``schema``; the first problem becomes one line naming its key."""
    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(values))
    if error is not None:
        raise EdgeBenchError(f"recipe '{label}': {_one_line(error, prefix)}")


def load_recipe(name_or_path: str, overrides: Iterable[str] = ()) -> Recipe:
    """Read, override, fill defaults and validate a recipe: core keys, the trainer's objective,
    data files and task names. Nothing is trained or loaded here."""
    path = find_recipe(name_or_path)
    label = path.name
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise EdgeBenchError(f"recipe '{label}' is not valid YAML{where}; fix the file") from None
    if not isinstance(raw, dict):
        raise EdgeBenchError(f"recipe '{label}' must be a YAML mapping of sections (trainer, model, data, ...)")
    overrides = list(overrides)
    for assignment in overrides:
        apply_override(raw, assignment)
    validate(raw, RECIPE_SCHEMA, label)  # before defaults: an unknown or mistyped key is the user's
    values = _deep_merge(DEFAULTS, raw)
    recipe = Recipe(name=path.stem, source=str(path), values=values, overrides=overrides)
    _check_semantics(recipe, label)
    return recipe


def _check_semantics(recipe: Recipe, label: str) -> None:
    from trainers import get_trainer

    if "trainer" not in recipe.values:
        raise EdgeBenchError(f"recipe '{label}': key 'trainer' is missing; name a trainer type (e.g. trainer: lora_sft)")
    trainer = get_trainer(recipe["trainer"], label)
    validate(recipe["objective"], trainer.objective_schema, label, prefix="objective")
    model = recipe["model"]
    if model.get("base") and model.get("architecture"):
        raise EdgeBenchError(f"recipe '{label}': keys 'model.base' and 'model.architecture' are both set; keep one "
                             f"(e.g. --set model.base=null to build the architecture from scratch)")
    if not model.get("base") and not model.get("architecture"):
        raise EdgeBenchError(f"recipe '{label}': key 'model.base' (a model spec) or 'model.architecture' is needed")
    if model.get("architecture") and not (model.get("tokenizer") or model.get("base")):
        raise EdgeBenchError(f"recipe '{label}': key 'model.tokenizer' is needed with model.architecture "
                             f"(e.g. hf:SmolLM2-135M-Instruct)")
    data = recipe["data"]
    for key in ("train", "validation"):
        rel = (data.get("files") or {}).get(key)
        if rel and not (recipe.folder / rel).expanduser().is_file():
            raise EdgeBenchError(f"recipe '{label}': key 'data.files.{key}': file '{rel}' not found "
                                 f"(paths are relative to the recipe's folder {recipe.folder})")
    if not data["tasks"] and not data.get("files"):
        raise EdgeBenchError(f"recipe '{label}': key 'data.tasks' is empty and no data.files given; name tasks to train on")
    for name in data.get("weights") or {}:
        if name not in data["tasks"]:
            raise EdgeBenchError(f"recipe '{label}': key 'data.weights.{name}' names a task not in data.tasks "
                                 f"({', '.join(data['tasks'])}); add it there or drop the weight")
    _check_tasks(recipe, label)


def _check_tasks(recipe: Recipe, label: str) -> None:
    """Task names must exist (configs are read, no data is built)."""
    from edgebench.tasks.config import discover

    include = [str(recipe.folder / p) for p in recipe["data"].get("include_paths", [])]
    known = discover(include)
    for key in ("data.tasks", "eval.tasks"):
        for name in recipe.get(key) or []:
            if name not in known:
                raise EdgeBenchError(f"recipe '{label}': key '{key}' names unknown task '{name}'; "
                                     f"available: {', '.join(sorted(known))}")
