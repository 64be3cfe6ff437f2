"""``--json-lock``: which tasks run schema-locked.

A family is lockable when its ``generation`` config accepts ``schema_lock`` (use ``GENERATION_SCHEMA``
below); with it set, each request carries its JSON schema (``GenerateRequest.json_schema``) and the
backend locks decoding to it. The schema is in the request's hash, so locked and unlocked answers
never share a response-cache entry, and the config in results.json shows ``schema_lock: true``.
"""
from __future__ import annotations

import copy
from typing import Any, Sequence

from edgebench.errors import EdgeBenchError
from edgebench.tasks import prompting
from edgebench.tasks.base import Task

MODES = ("off", "on", "both")

# The ``generation`` keys of a lockable family.
GENERATION_SCHEMA: dict[str, Any] = {
    **prompting.GENERATION_SCHEMA,
    "properties": {**prompting.GENERATION_SCHEMA["properties"], "schema_lock": {"type": "boolean"}},
}


def lockable(family: type) -> bool:
    """True when the family's config takes ``generation.schema_lock``."""
    generation = getattr(family, "config_schema", {}).get("properties", {}).get("generation", {})
    return "schema_lock" in generation.get("properties", {})


def with_lock(task: Task, locked: bool, name: str | None = None) -> Task:
    """A copy of ``task`` with ``generation.schema_lock`` set (and renamed); it shares the task's data."""
    config = copy.deepcopy(task.config)
    config.setdefault("generation", {})["schema_lock"] = locked
    if name:
        config["task"] = name
    twin = type(task)(config, task.source)
    twin.load = lambda: task._loaded  # type: ignore[method-assign]  # same rows: the lock changes requests only
    return twin


def apply_json_lock(tasks: Sequence[Task], mode: str) -> list[Task]:
    """``off``: tasks as configured; ``on``: every lockable task locked; ``both``: each lockable task
    unlocked, then locked as ``<name>_locked``. Other tasks pass through unchanged."""
    if mode not in MODES:
        raise EdgeBenchError(f"--json-lock '{mode}' is not a mode; use one of {', '.join(MODES)}")
    if mode == "off":
        return list(tasks)
    if not any(lockable(type(t)) for t in tasks):
        raise EdgeBenchError(f"--json-lock {mode}: none of the selected tasks ({', '.join(t.name for t in tasks)}) "
                             f"has a JSON schema to lock; lockable tasks: {', '.join(lockable_tasks()) or 'none'}")
    out: list[Task] = []
    for task in tasks:
        if not lockable(type(task)):
            out.append(task)
        elif mode == "on":
            out.append(task if task.config.get("generation", {}).get("schema_lock") else with_lock(task, True))
        else:
            unlocked = with_lock(task, False) if task.config.get("generation", {}).get("schema_lock") else task
            out += [unlocked, with_lock(task, True, f"{task.name}_locked")]
    return out


def lockable_tasks() -> list[str]:
    """Names of the known task configs (built-in and plugins') whose family is lockable."""
    import yaml

    from edgebench.tasks.config import discover, families

    known = families()
    names = []
    for name, source in sorted(discover().items()):
        try:
            family = known.get((yaml.safe_load(source.path.read_text(encoding="utf-8")) or {}).get("family"))
        except (OSError, yaml.YAMLError, AttributeError):
            continue  # a broken config fails with its own message when selected
        if family is not None and lockable(family):
            names.append(name)
    return names
