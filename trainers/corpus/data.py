"""SFT examples from EdgeBench tasks (or a user's JSON lines): prompt tokens, then target tokens,
with the loss on the target only.

The prompt is the one the task sends at evaluation (``Task.request(doc)``) rendered exactly as the
``hf:`` backend renders it, and the target is ``Task.target(doc)`` followed by the end-of-sequence
token (the model must learn to stop): what is trained is exactly what is scored.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from edgebench.errors import EdgeBenchError

IGNORE = -100  # label of a token that carries no loss (prompt, padding)


@dataclass
class Example:
    input_ids: list[int]
    labels: list[int]   # IGNORE on prompt tokens
    source: str         # the task (or file) it came from
    # a teacher's label probabilities (trainers.teaching.soft_labels): while data is built, an index into the
    # teacher's pending rows; then (student label token ids, probabilities); None: gold only
    soft: Any = None
    # a span-tagging example's tag id per input token (trainers.teaching.span_tagging); its labels are all IGNORE.
    # Its loss is tag_weight x its mean tag cross-entropy, and it counts as tag_weight target tokens.
    tags: list[int] | None = None
    tag_weight: float = 0.0
    group: str | None = None  # rows of one group share a prompt prefix (Task.batch_group; data.group_batches)

    def targets(self) -> float:
        """How many target tokens this example counts for in a step's mean loss."""
        return sum(1 for t in self.labels[1:] if t != IGNORE) + (self.tag_weight if self.tags is not None else 0.0)


@dataclass
class SFTData:
    train: list[Example]
    validation: list[Example]
    fingerprints: dict[str, str]                        # task or file -> dataset fingerprint
    stats: dict[str, Any] = field(default_factory=dict)  # rows per source, truncated examples
    tokenizer: Any = None                                # the tokenizer the examples were made with
    # each task's (task, train docs, validation docs) as read, so trainers that add rows (nlm's
    # augmentation) need not read the task again
    task_docs: dict[str, tuple[Any, list, list]] = field(default_factory=dict)


def render(tokenizer: Any, prompt: str, messages: Sequence[tuple[str, str]]) -> str:
    """The prompt text as the ``hf:`` backend renders it (the same function, so the two cannot drift)."""
    from edgebench.backends.hf import render_prompt

    return render_prompt(tokenizer, prompt, messages)


def encode(tokenizer: Any, prompt_text: str, target: str, max_length: int, source: str) -> tuple[Example, bool]:
    """Prompt and target tokenized apart (generation continues from the prompt's last token).

    Too long: the target is kept whole (cut only if it alone exceeds ``max_length``) and the prompt
    loses tokens from its start. Returns the example and whether it was truncated."""
    prompt_ids = tokenizer(prompt_text, add_special_tokens=False)["input_ids"]
    target_ids = tokenizer(target, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    target_ids = target_ids[:max_length]
    room = max_length - len(target_ids)
    truncated = len(prompt_ids) > room
    # max(0, ...): a prompt that fits is kept whole (a negative start would slice off its beginning)
    prompt_ids = prompt_ids[max(0, len(prompt_ids) - room):] if room > 0 else []
    return Example(prompt_ids + target_ids, [IGNORE] * len(prompt_ids) + target_ids, source), truncated


def _pick(n: int, count: int, rng: np.random.Generator) -> list[int]:
    """``count`` row indices of ``n``: whole shuffled passes, then a shuffled part (weights above 1 repeat)."""
    whole, part = divmod(count, n)
    out = [int(i) for _ in range(whole) for i in rng.permutation(n)]
    return out + [int(i) for i in rng.permutation(n)[:part]]


def _group_holdout(train: Any, key: str, fraction: float, seed: int, task: str) -> tuple[list[int], list[int]]:
    """Row indices (validation, train) with whole groups of the doc field ``key`` held out: ``fraction``
    of the groups (at least one, never all). sklearn's GroupShuffleSplit does the draw."""
    from sklearn.model_selection import GroupShuffleSplit

    if key not in train.column_names:
        raise EdgeBenchError(f"data.val_group: task '{task}' rows have no field '{key}' (they have "
                             f"{', '.join(train.column_names)}); name one of those, or remove the key")
    groups = [str(g) for g in train[key]]
    if len(set(groups)) < 2:
        raise EdgeBenchError(f"data.val_group: task '{task}' has one '{key}' value only; there is nothing to hold "
                             f"out, so remove the key")
    n_groups = len(set(groups))
    n_val = min(n_groups - 1, max(1, int(round(n_groups * fraction))))
    kept, held = next(GroupShuffleSplit(n_splits=1, test_size=n_val, random_state=seed).split(groups, groups=groups))
    return sorted(int(i) for i in held), sorted(int(i) for i in kept)


def _task_rows(task: Any, data_cfg: Mapping[str, Any], seed: int) -> tuple[list, list]:
    """Train and validation docs of a task: its validation split, else a seeded share of train (of its
    rows, or with ``data.val_group`` of the groups of rows that share that field's value)."""
    train = task.docs(data_cfg["split"])
    val_split = data_cfg["validation_split"]
    if val_split in task.dataset and len(task.dataset[val_split]):
        validation = task.dataset[val_split]
    elif data_cfg.get("val_group"):
        held, kept = _group_holdout(train, data_cfg["val_group"], data_cfg["val_fraction"], seed, task.name)
        validation, train = train.select(held), train.select(kept)
    else:
        order = np.random.default_rng(seed).permutation(len(train))
        n_val = max(1, int(round(len(train) * data_cfg["val_fraction"])))
        validation, train = train.select(order[:n_val]), train.select(sorted(order[n_val:]))
    if data_cfg.get("val_limit"):
        validation = validation.select(range(min(data_cfg["val_limit"], len(validation))))
    if data_cfg.get("limit"):
        train = train.select(range(min(data_cfg["limit"], len(train))))
    return list(train), list(validation)


def _held_out_keys(names: Sequence[str], include: Sequence[str]) -> set[tuple[str, str]]:
    """(field, value) of every test row of the named tasks: its frame, else its template."""
    from edgebench.tasks.config import select

    keys: set[tuple[str, str]] = set()
    for task in select(",".join(names), include):
        test = task.docs("test")
        field_name = next((f for f in ("frame", "template") if f in test.column_names), None)
        if field_name is None:
            raise EdgeBenchError(f"data.exclude_test_of: task '{task.name}' rows have neither 'frame' nor 'template'; "
                                 f"its held-out rows cannot be told apart, so remove it from the list")
        keys.update((field_name, str(v)) for v in test[field_name])
    return keys


def _not_held_out(docs: list, keys: set[tuple[str, str]]) -> list:
    return [d for d in docs if not any((f, str(d[f])) in keys for f in ("frame", "template") if f in d)]


def _file_rows(path: Path, label: str) -> list[tuple[str, Sequence[tuple[str, str]], str]]:
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            messages = [(m["role"], m["content"]) for m in row.get("messages", [])]
            prompt = row.get("prompt", "")
            if not isinstance(row["target"], str) or not (prompt or messages):
                raise ValueError
        except (ValueError, KeyError, TypeError, AttributeError):
            raise EdgeBenchError(f"{label}: line {n} of {path} is not a JSON object with 'target' (a string) and "
                                 f"'prompt' or 'messages' ([{{role, content}}])") from None
        rows.append((prompt, messages, row["target"]))
    if not rows:
        raise EdgeBenchError(f"{label}: {path} has no rows; give JSON lines of {{prompt, target}}")
    return rows


def build_sft_data(recipe: Any, tokenizer: Any, soft_for: Callable[[Any, Any], Any] | None = None,
                   example_for: Callable[[Any, Any], "Example | None"] | None = None) -> SFTData:
    """Every task's (and data file's) examples, in a seeded order, with the data fingerprints.

    ``soft_for(task, doc)`` gives a train example's ``soft`` field (``trainers.teaching.soft_labels``);
    ``example_for(task, doc)``, where it gives one, replaces a row's prompt -> target example (the nlm
    trainer's span tagging)."""
    from edgebench.tasks.config import select

    data_cfg, seed, max_length = recipe["data"], recipe["seed"], recipe["model"]["max_length"]
    rng = np.random.default_rng(seed)
    train: list[Example] = []
    validation: list[Example] = []
    fingerprints: dict[str, str] = {}
    stats: dict[str, Any] = {"rows": {}, "validation_rows": {}, "truncated": 0}
    task_docs: dict[str, tuple[Any, list, list]] = {}

    def add(out: list[Example], prompt_text: str, target: str, source: str, soft: Any = None,
            group: str | None = None) -> None:
        example, truncated = encode(tokenizer, prompt_text, target, max_length, source)
        example.soft, example.group = soft, group
        out.append(example)
        stats["truncated"] += int(truncated)

    if data_cfg["tasks"]:
        include = [str(recipe.folder / p) for p in data_cfg.get("include_paths", [])]
        held_out = _held_out_keys(data_cfg["exclude_test_of"], include) if data_cfg.get("exclude_test_of") else set()
        for task in select(",".join(data_cfg["tasks"]), include):
            train_docs, val_docs = _task_rows(task, data_cfg, seed)
            if held_out:
                kept = _not_held_out(train_docs, held_out), _not_held_out(val_docs, held_out)
                stats.setdefault("excluded_rows", {})[task.name] = len(train_docs) + len(val_docs) - sum(map(len, kept))
                train_docs, val_docs = kept
                if not train_docs:
                    raise EdgeBenchError(f"data.exclude_test_of: every train row of '{task.name}' is in a listed "
                                         f"task's test split; nothing is left to train on")
            task_docs[task.name] = (task, train_docs, val_docs)
            weight = (data_cfg.get("weights") or {}).get(task.name, 1.0)
            picked = _pick(len(train_docs), max(1, int(round(weight * len(train_docs)))), rng)
            for i in picked:
                own = example_for(task, train_docs[i]) if example_for else None
                if own is not None:
                    train.append(own)
                    continue
                req = task.request(train_docs[i])
                key = task.batch_group(train_docs[i]) if data_cfg.get("group_batches") else None
                add(train, render(tokenizer, req.prompt, req.messages), task.target(train_docs[i]), task.name,
                    soft_for(task, train_docs[i]) if soft_for else None, None if key is None else f"{task.name}:{key}")
            for doc in val_docs:
                own = example_for(task, doc) if example_for else None
                if own is not None:
                    validation.append(own)
                    continue
                req = task.request(doc)
                add(validation, render(tokenizer, req.prompt, req.messages), task.target(doc), task.name)
            fingerprints[task.name] = task.fingerprint
            stats["rows"][task.name], stats["validation_rows"][task.name] = len(picked), len(val_docs)
    for key, rel in (data_cfg.get("files") or {}).items():
        path = (recipe.folder / rel).expanduser()
        rows = _file_rows(path, f"recipe '{Path(recipe.source).name}': data.files.{key}")
        if data_cfg.get("limit") and key == "train":
            rows = rows[:data_cfg["limit"]]
        for prompt, messages, target in rows:
            add(train if key == "train" else validation, render(tokenizer, prompt, tuple(messages)), target, path.name)
        fingerprints[str(rel)] = hashlib.sha256(path.read_bytes()).hexdigest()
        stats["rows" if key == "train" else "validation_rows"][str(rel)] = len(rows)
    # one seeded shuffle of the mixture (the loop reshuffles each epoch from the seed as well)
    train = [train[i] for i in rng.permutation(len(train))]
    if not validation:  # a user's train file alone: hold out a seeded share for validation loss
        n_val = max(1, int(round(len(train) * data_cfg["val_fraction"])))
        validation, train = train[:n_val], train[n_val:]
    if not train:
        raise EdgeBenchError(f"recipe '{Path(recipe.source).name}': no training examples left; "
                             f"raise data.limit or give more rows")
    return SFTData(train=train, validation=validation, fingerprints=fingerprints, stats=stats, tokenizer=tokenizer,
                   task_docs=task_docs)
