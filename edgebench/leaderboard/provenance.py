"""Where a result came from: the command that made it, the versions it ran with, the data it scored."""
from __future__ import annotations

import shlex
from typing import Any


def command(doc: dict[str, Any]) -> tuple[str, bool]:
    """``(command line, reconstructed)``: the document's own ``command`` when it has one, else a best-effort
    ``edgebench run`` rebuilt from its spec and settings (options the document does not record are left out)."""
    given = doc.get("command")
    if isinstance(given, list):
        return shlex.join(str(a) for a in given), False
    if isinstance(given, str) and given.strip():
        return given, False
    settings = doc.get("settings") or {}
    backend = settings.get("backend") or {}
    limit = settings.get("limit")
    args = ["edgebench", "run", "--model", str((doc.get("model") or {}).get("spec") or "?"),
            "--tasks", ",".join(doc.get("results") or {}) or "?", "--limit", "all" if limit is None else str(limit)]
    for flag, value in (("--batch-size", settings.get("batch_size")), ("--seed", settings.get("seed")),
                        ("--dtype", backend.get("dtype")), ("--threads", backend.get("threads")),
                        ("--bootstrap-iters", settings.get("bootstrap_iters"))):
        if value is not None:
            args += [flag, str(value)]
    return shlex.join(args), True


def versions(doc: dict[str, Any]) -> dict[str, Any]:
    """EdgeBench version, git commit, torch and Python of the run (missing ones: None)."""
    hw = doc.get("hardware") or {}
    return {"edgebench": doc.get("edgebench_version"), "git": doc.get("git_hash"),
            "torch": hw.get("torch"), "python": hw.get("python"), "platform": hw.get("platform")}


def fingerprints(doc: dict[str, Any]) -> dict[str, Any]:
    """task -> the dataset fingerprint the run scored (two runs compare only on the same one)."""
    return {task: (info or {}).get("dataset_fingerprint") for task, info in (doc.get("tasks") or {}).items()}
