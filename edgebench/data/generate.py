"""``edgebench generate``: a task's data built from its seed, validated, written with a card."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from datasets import Dataset, DatasetDict

from edgebench import __version__
from edgebench.data import card as cards
from edgebench.data import diversity
from edgebench.data.store import fingerprint_rows, fresh_builds
from edgebench.data.teacher import TeacherRouter, paraphrase
from edgebench.data.validation import Checks, validate
from edgebench.errors import EdgeBenchError


def generate(task: Any, out: Path, router: TeacherRouter | None = None, progress: bool = True) -> dict[str, Any]:
    """Build the task's splits anew (not from the cache), validate them, paraphrase inputs with a
    teacher if one is routed, and write Arrow folders, ``card.json`` and ``README.md`` to ``out``."""
    if "generator" not in task.config["dataset"]:
        raise EdgeBenchError(f"task '{task.name}' reads files, it has nothing to generate; copy its files instead")
    with fresh_builds():
        data, fingerprint = task.load()
    checks = task.checks() or Checks()
    validation = {}
    for split, ds in data.items():
        _, report = validate(ds.to_list(), checks)
        validation[split] = report.as_dict()
    paraphrase_reports = {}
    if router is not None and (router.default or router.rules):
        if not getattr(task, "paraphrasable", True):
            raise EdgeBenchError(f"task '{task.name}' cannot be paraphrased (its gold points into the text)")
        rows = {}
        for split, ds in data.items():
            rows[split], report = paraphrase(ds.to_list(), task.name, router, checks, progress=progress)
            paraphrase_reports[split] = report.as_dict()
        data = DatasetDict({split: Dataset.from_list(r) for split, r in rows.items()})
        fingerprint = fingerprint_rows(rows)
    out.mkdir(parents=True, exist_ok=True)
    data.save_to_disk(str(out / "data"))
    card = {"task": task.name, "version": task.version, "dataset": task.config["dataset"], "fingerprint": fingerprint,
            "edgebench_version": __version__, "splits": cards.summary(data), "validation": validation,
            "diversity": diversity.report({split: ds.to_list() for split, ds in data.items()})}
    if paraphrase_reports:
        card["paraphrase_validation"] = paraphrase_reports
    cards.write(out, card)
    return card
