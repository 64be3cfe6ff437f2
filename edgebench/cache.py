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
from edgebench.errors import EdgeBenchError

COLUMNS = ["key", "kind", "value", "created"]


def request_key(namespace: str, task_fingerprint: str, request: Request, lock_layout: str | None = None) -> str:
    """``lock_layout``: the backend's (``Backend.lock_layout``); a locked request's key names it."""
    if lock_layout and getattr(request, "json_schema", None):
        namespace = f"{namespace}\nlock:{lock_layout}"
    return hashlib.sha256(f"{namespace}\n{task_fingerprint}\n{request.key()}".encode()).hexdigest()


class ResponseCache:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.unreadable = 0  # rows that did not read back as an answer: treated as not cached
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(self.path)
            tables = {name: [c[1] for c in self.db.execute(f"PRAGMA table_info({name})")]
                      for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if tables and tables.get("responses") != COLUMNS:
                self.db.close()
                raise EdgeBenchError(f"response cache '{self.path}' is a SQLite file of something else (tables: "
                                     f"{', '.join(sorted(tables))}); point --cache-path at another file")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                            "value TEXT NOT NULL, created REAL NOT NULL)")
            self.db.commit()
        except (sqlite3.DatabaseError, OSError) as exc:
            raise self._broken(exc) from None

    def _broken(self, exc: BaseException) -> EdgeBenchError:
        if isinstance(exc, OSError):
            return EdgeBenchError(f"response cache '{self.path}' cannot be created ({exc.strerror or exc}); "
                                  f"point --cache-path or EDGEBENCH_CACHE at a writable place, or use --no-cache")
        return EdgeBenchError(f"response cache '{self.path}' is damaged ({exc}); move it aside "
                              f"(mv '{self.path}' '{self.path}.broken') and run again, or use --no-cache")

    def get_many(self, keys: Sequence[str]) -> dict[str, Result]:
        """The cached answers among ``keys``. A row that does not read back as an answer (edited,
        truncated, from another version) counts as not cached, so it is computed again."""
        found: dict[str, Result] = {}
        try:
            for start in range(0, len(keys), 500):  # SQLite caps the number of bound parameters
                chunk = keys[start:start + 500]
                rows = self.db.execute(f"SELECT key, kind, value FROM responses WHERE key IN "
                                       f"({','.join('?' * len(chunk))})", chunk).fetchall()
                for key, kind, value in rows:
                    try:
                        data = json.loads(value)
                        found[key] = result_from_dict(kind, data)
                    except (TypeError, ValueError, AttributeError):
                        self.unreadable += 1
        except sqlite3.DatabaseError as exc:
            raise self._broken(exc) from None
        return found

    def put_many(self, items: Iterable[tuple[str, str, Result]]) -> None:
        now = time.time()
        rows = [(key, kind, json.dumps(asdict(result)), now) for key, kind, result in items]
        try:
            self.db.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)", rows)
            self.db.commit()
        except sqlite3.DatabaseError as exc:
            raise self._broken(exc) from None

    def __len__(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]

    def close(self) -> None:
        self.db.close()
