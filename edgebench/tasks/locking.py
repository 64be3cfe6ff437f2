"""``--json-lock``: which tasks run schema-locked (placeholder until the JSON-lock lands)."""
from __future__ import annotations

from typing import Sequence

from edgebench.errors import EdgeBenchError
from edgebench.tasks.base import Task


def apply_json_lock(tasks: Sequence[Task], mode: str) -> list[Task]:
    """``off``: tasks as they are; ``on``: schema tasks locked; ``both``: each schema task twice."""
    if mode == "off":
        return list(tasks)
    raise EdgeBenchError("--json-lock is not available yet")
