"""results.json and samples_<task>.jsonl: writing (atomically) and reading."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping

from edgebench.errors import EdgeBenchError


RESULTS_FILE = "results.json"
SCHEMA_VERSION = 1


def git_hash() -> str | None:
    """The harness checkout's commit, when it runs from a git checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True,
                             text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def check_writable(out_dir: str | Path, option: str = "--output-path") -> None:
    """Fail now, in one line, if results could not be written there: before any work, not after it."""
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".edgebench-write-check.")
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise EdgeBenchError(f"{option} '{out_dir}' is not a writable folder ({exc.strerror or exc}); "
                             f"choose another folder") from None


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    # A lone surrogate in a model's output cannot be UTF-8; written as its JSON escape (\udXXX) the
    # line stays valid JSON and reads back as the same string.
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as fh:
        fh.write(text)
    os.replace(tmp, path)


def write_results(out_dir: str | Path, results: Mapping[str, Any]) -> Path:
    path = Path(out_dir) / RESULTS_FILE
    _atomic_write(path, json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    return path


def write_samples(out_dir: str | Path, task: str, records: Iterable[Mapping[str, Any]]) -> Path:
    path = Path(out_dir) / f"samples_{task}.jsonl"
    _atomic_write(path, "".join(json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records))
    return path


def remove_stale_samples(out_dir: str | Path, written: Iterable[str]) -> list[str]:
    """Delete samples_<task>.jsonl files this run did not write: beside a new results.json they would
    describe another run. Returns the names removed."""
    keep = {f"samples_{task}.jsonl" for task in written}
    stale = sorted(p.name for p in Path(out_dir).glob("samples_*.jsonl") if p.name not in keep)
    for name in stale:
        (Path(out_dir) / name).unlink()
    return stale
