"""The submission entry format: one ``.tar.gz`` of flat files, with a manifest of their sha256s.

An entry holds ``manifest.json``, ``results.json``, every ``samples_<task>.jsonl``, ``hardware.json`` and
``environment.json``. Its certification (``edgebench verify``) is written beside it as
``<name>.verification.json`` and counts only while it names the archive's current sha256.
"""
from __future__ import annotations

import hashlib
import io
import json
import platform
import sys
import tarfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

from edgebench import __version__
from edgebench.errors import EdgeBenchError
from edgebench.results import RESULTS_FILE, git_hash

FORMAT = 1
MANIFEST = "manifest.json"
HARDWARE = "hardware.json"
ENVIRONMENT = "environment.json"
SUFFIX = ".tar.gz"
# the packages whose versions can move a score; reported when installed
PACKAGES = ("torch", "transformers", "datasets", "peft", "llguidance", "scikit-learn", "numpy", "llama-cpp-python")


@dataclass
class Entry:
    """One read entry: its parsed results and samples, its manifest and every file's raw bytes."""

    path: Path
    results: dict[str, Any]
    samples: dict[str, list[dict[str, Any]]]
    manifest: dict[str, Any]
    files: dict[str, bytes] = field(repr=False)


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def samples_name(task: str) -> str:
    return f"samples_{task}.jsonl"


def environment() -> dict[str, Any]:
    """What this process runs on, beyond the hardware: Python, platform, EdgeBench and package versions."""
    packages = {}
    for name in PACKAGES:
        try:
            packages[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {"python": sys.version.split()[0], "implementation": platform.python_implementation(),
            "platform": platform.platform(), "edgebench_version": __version__, "git_hash": git_hash(),
            "packages": packages}


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n").encode("utf-8")


def manifest_for(files: dict[str, bytes]) -> dict[str, Any]:
    """The manifest of ``files`` (every file but the manifest itself)."""
    return {"format": FORMAT, "created_at": now(), "edgebench_version": __version__,
            "files": {name: {"sha256": sha256(data), "bytes": len(data)}
                      for name, data in sorted(files.items()) if name != MANIFEST}}


def pack(files: dict[str, bytes], out_path: str | Path) -> Path:
    """Write ``files`` (names flat, the manifest among them or not) as a gzip tar at ``out_path``."""
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    with tarfile.open(tmp, "w:gz") as tar:
        for name in sorted(files, key=lambda n: (n != MANIFEST, n)):  # the manifest first: read it without the rest
            info = tarfile.TarInfo(name)
            info.size = len(files[name])
            info.mode = 0o644
            info.mtime = int(datetime.now(timezone.utc).timestamp())
            tar.addfile(info, io.BytesIO(files[name]))
    tmp.replace(out)  # a half-written entry is never left under the real name
    return out


def collect(results_dir: str | Path) -> dict[str, bytes]:
    """The files of an entry (without its manifest) from a results folder; errors name what is missing."""
    folder = Path(results_dir)
    results_path = folder / RESULTS_FILE
    if not folder.is_dir():
        raise EdgeBenchError(f"results folder '{folder}' does not exist; give the --output-path of an "
                             f"'edgebench run'")
    if not results_path.is_file():
        raise EdgeBenchError(f"'{results_path}' not found; give the --output-path of an 'edgebench run'")
    raw = results_path.read_bytes()
    try:
        results = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EdgeBenchError(f"'{results_path}' is not valid JSON ({exc}); run 'edgebench run' again") from None
    if not isinstance(results, dict) or not isinstance(results.get("results"), dict):
        raise EdgeBenchError(f"'{results_path}' is not an EdgeBench results.json (no 'results' table)")
    files = {RESULTS_FILE: raw}
    missing = []
    for task in results["results"]:
        path = folder / samples_name(task)
        if path.is_file():
            files[path.name] = path.read_bytes()
        else:
            missing.append(path.name)
    if missing:
        raise EdgeBenchError(f"'{folder}' has no {', '.join(missing)}; an entry needs every task's samples: "
                             f"run with --log-samples")
    files[HARDWARE] = _json(results.get("hardware") or {})
    files[ENVIRONMENT] = _json(environment())
    return files


def write_entry(results_dir: str | Path, out_path: str | Path) -> Path:
    """Pack a results folder (results.json and every task's samples) into one entry archive."""
    out = Path(out_path)
    if not out.name.endswith(SUFFIX):
        raise EdgeBenchError(f"--out '{out}' must end in {SUFFIX}")
    files = collect(results_dir)
    files[MANIFEST] = _json(manifest_for(files))
    return pack(files, out)


def _safe_member(path: Path, member: tarfile.TarInfo) -> None:
    name = member.name
    # flat regular files only: no absolute path, no '..', no folder, no link or device
    if (not member.isreg() or name.startswith(("/", "\\")) or "/" in name or "\\" in name
            or name in ("", ".", "..")):
        raise EdgeBenchError(f"'{path}' holds '{name}', which is not a plain top-level file; "
                             f"an entry holds flat files only (make it with 'edgebench submit')")


def read_files(path: str | Path) -> dict[str, bytes]:
    """Every member of an entry archive, after checking each is a flat regular file."""
    path = Path(path)
    if not path.is_file():
        raise EdgeBenchError(f"entry '{path}' not found; give an archive written by 'edgebench submit'")
    files: dict[str, bytes] = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                _safe_member(path, member)
                # tarfile's own 'data' filter too: it refuses what we might have missed
                member = tarfile.data_filter(member, "")
                if member.name in files:
                    raise EdgeBenchError(f"'{path}' holds '{member.name}' twice; make it again with 'edgebench submit'")
                handle = tar.extractfile(member)
                files[member.name] = handle.read() if handle else b""
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        raise EdgeBenchError(f"'{path}' is not a readable entry archive ({exc}); "
                             f"give a .tar.gz written by 'edgebench submit'") from None
    return files


def _parse_json(path: Path, name: str, data: bytes) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise EdgeBenchError(f"'{name}' in '{path}' is not valid JSON ({exc})") from None


def entry_from_files(path: str | Path, files: dict[str, bytes]) -> Entry:
    """Parse an entry's raw files; ``read_entry`` without the archive."""
    path = Path(path)
    for name in (MANIFEST, RESULTS_FILE):
        if name not in files:
            raise EdgeBenchError(f"'{path}' has no {name}; it is not an entry written by 'edgebench submit'")
    manifest = _parse_json(path, MANIFEST, files[MANIFEST])
    results = _parse_json(path, RESULTS_FILE, files[RESULTS_FILE])
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise EdgeBenchError(f"'{MANIFEST}' in '{path}' has no 'files' table; make the entry again")
    if not isinstance(results, dict) or not isinstance(results.get("results"), dict):
        raise EdgeBenchError(f"'{RESULTS_FILE}' in '{path}' has no 'results' table; make the entry again")
    samples: dict[str, list[dict[str, Any]]] = {}
    for name, data in files.items():
        if not (name.startswith("samples_") and name.endswith(".jsonl")):
            continue
        task = name[len("samples_"):-len(".jsonl")]
        rows = []
        for n, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
            if not line.strip():
                continue
            row = _parse_json(path, f"{name} line {n}", line.encode())
            if not isinstance(row, dict):
                raise EdgeBenchError(f"'{name}' line {n} in '{path}' is not a JSON object")
            rows.append(row)
        samples[task] = rows
    return Entry(path=path, results=results, samples=samples, manifest=manifest, files=files)


def read_entry(path: str | Path) -> Entry:
    """Read and parse an entry archive; EdgeBenchError names the file when it is unsafe or unreadable."""
    return entry_from_files(path, read_files(path))


def verification_path(path: str | Path) -> Path:
    """``<entry name without .tar.gz>.verification.json`` beside the archive."""
    path = Path(path)
    stem = path.name[:-len(SUFFIX)] if path.name.endswith(SUFFIX) else path.name
    return path.with_name(f"{stem}.verification.json")


def write_verification(path: str | Path, checks: list[dict[str, Any]], certified: bool) -> Path:
    """Write the verification file for the archive at ``path`` as it is now."""
    out = verification_path(path)
    doc = {"format": FORMAT, "entry_sha256": file_sha256(path), "certified": certified, "checks": checks,
           "verified_at": now(), "edgebench_version": __version__}
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_bytes(_json(doc))
    tmp.replace(out)
    return out


def read_verification(path: str | Path) -> dict[str, Any] | None:
    """The verification of the archive at ``path``; None when there is none, it is unreadable, or it
    verified other bytes than the archive holds now (an entry changed after verification is not certified)."""
    path = Path(path)
    ver = verification_path(path)
    if not ver.is_file() or not path.is_file():
        return None
    try:
        doc = json.loads(ver.read_bytes())
    except (ValueError, UnicodeDecodeError, OSError):
        return None
    if not isinstance(doc, dict) or doc.get("entry_sha256") != file_sha256(path):
        return None
    return doc
