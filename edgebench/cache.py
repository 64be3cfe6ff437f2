"""Per-sample response cache in SQLite, keyed by model + task data + request: what makes runs resumable.

Every finished batch is committed at once, so a run killed at any point keeps all it finished.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import asdict
from pathlib import Path
from typing import Iterable, Sequence

from edgebench.backends.base import Request, Result, result_from_dict


def request_key(namespace: str, task_fingerprint: str, request: Request) -> str:
    return hashlib.sha256(f"{namespace}\n{task_fingerprint}\n{request.key()}".encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                        "value TEXT NOT NULL, created REAL NOT NULL)")
        self.db.commit()

    def get_many(self, keys: Sequence[str]) -> dict[str, Result]:
        found: dict[str, Result] = {}
        for start in range(0, len(keys), 500):  # SQLite caps the number of bound parameters
            chunk = keys[start:start + 500]
            rows = self.db.execute(f"SELECT key, kind, value FROM responses WHERE key IN ({','.join('?' * len(chunk))})",
                                   chunk)
            for key, kind, value in rows:
                found[key] = result_from_dict(kind, json.loads(value))
        return found

    def put_many(self, items: Iterable[tuple[str, str, Result]]) -> None:
        now = time.time()
        self.db.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                            [(key, kind, json.dumps(asdict(result)), now) for key, kind, result in items])
        self.db.commit()

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        self.db.close()
