"""Native code that executes an instruction this process may not use (an AMX tile in a VM that does
not grant tiles, AVX-512 on an AVX2 CPU) dies with SIGILL and takes the whole run with it, past any
``except``. So before a backend runs such a library in-process, it runs the same work once in a child
process: the child's death becomes one clear error, and the run never starts. A passing probe is
remembered per (library files, CPU, model, probe code), so it costs a second once per build and CPU.
"""
from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

from edgebench import models
from edgebench.machine import hardware
from edgebench.errors import EdgeBenchError

DEFAULT_TIMEOUT = 300.0
# What a signal means for native code, in words a user can act on.
MEANING = {
    "SIGILL": "an instruction this CPU or VM does not allow, e.g. AMX tiles or AVX-512 built for another machine",
    "SIGSEGV": "a crash in native code",
    "SIGBUS": "a bad memory access in native code",
    "SIGFPE": "an arithmetic fault in native code",
    "SIGABRT": "an abort in native code",
}


def _index() -> Path:
    return models.cache_root() / "native-probes.json"


def probe_key(code: str, key_parts: Sequence[str]) -> str:
    """What a probe's verdict depends on: its code, the library and model hashes, and this CPU's flags."""
    _, flags = hardware.cpu_flags()
    blob = json.dumps([code, list(key_parts), flags], sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()


def _passed(key: str) -> bool:
    try:
        return key in json.loads(_index().read_text())
    except (OSError, ValueError, TypeError):
        return False  # a missing or corrupted index only costs a probe


def _remember(key: str, what: str) -> None:
    index = _index()
    try:
        known = json.loads(index.read_text())
        if not isinstance(known, dict):
            known = {}
    except (OSError, ValueError):
        known = {}
    known[key] = {"what": what, "checked": time.strftime("%Y-%m-%dT%H:%M:%S")}
    index.parent.mkdir(parents=True, exist_ok=True)
    tmp = index.with_name(f".{index.name}.{os.getpid()}")
    tmp.write_text(json.dumps(known, indent=1, sort_keys=True))
    tmp.replace(index)


def ensure_runs(what: str, code: str, args: Sequence[str], key_parts: Sequence[str], fix: str,
                timeout: float = DEFAULT_TIMEOUT) -> bool:
    """Run ``code`` (Python source, given ``args`` as sys.argv[1:]) in a child process unless it passed
    before for the same key. Raises EdgeBenchError if the child is killed by a signal; returns True if
    it ran clean (now or before). An ordinary failure (a Python exception, a timeout) returns False and
    is not remembered: the in-process load then reports its own error, which says more."""
    key = probe_key(code, key_parts)
    if _passed(key):
        return True
    try:
        proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return False
    if proc.returncode < 0:
        try:
            name = signal.Signals(-proc.returncode).name
        except ValueError:
            name = f"signal {-proc.returncode}"
        cpu, _ = hardware.cpu_flags()
        raise EdgeBenchError(f"{what} dies with {name} ({MEANING.get(name, 'a native crash')}) on this CPU "
                             f"({cpu}), so it was not run in this process; {fix}")
    if proc.returncode != 0:
        return False
    _remember(key, what)
    return True
