"""sha256 of files on disk, remembered by (path, size, mtime) so a large model is hashed once."""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from edgebench import models


def file_sha256(path: Path) -> str:
    """sha256 of a file, remembered in the EdgeBench cache by (path, size, mtime)."""
    stat = path.stat()
    index = models.cache_root() / "file-hashes.json"
    key = str(path.resolve())
    try:
        known = json.loads(index.read_text())
    except (OSError, ValueError):
        known = {}
    entry = known.get(key)
    if entry and entry["size"] == stat.st_size and entry["mtime_ns"] == stat.st_mtime_ns:
        return entry["sha256"]
    digest = sha256_of(path)
    known[key] = {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
    index.parent.mkdir(parents=True, exist_ok=True)
    tmp = index.with_name(f".{index.name}.{os.getpid()}")
    tmp.write_text(json.dumps(known, indent=1, sort_keys=True))
    tmp.replace(index)  # atomic: a concurrent run reads the old or the new index, never half of one
    return digest


def sha256_of(path: Path) -> str:
    """sha256 of a file, read in 1 MiB chunks; nothing remembered (for files that come and go)."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
