"""Category badges, computed from measured figures (never from what a submitter claims).

- **MLM** (micro language model): 10M <= parameters <= 250M.
- **NLM** (nano language model): bytes on disk < 10 MB (10**7 bytes).
- **baseline**: instead of MLM / NLM, for a model that is not a language model (a backend whose info says
  ``"language_model": false``, and the built-in ``sklearn`` backend): a TF-IDF pipeline of 2 MB is no nano LM.
- **certified**: the entry's verification (``edgebench verify``) says certified; the badge's title
  lists which checks ran and how they went.
"""
from __future__ import annotations

from typing import Any

MLM_MIN_PARAMETERS = 10_000_000
MLM_MAX_PARAMETERS = 250_000_000
NLM_MAX_BYTES = 10_000_000
CATEGORIES = ("MLM", "NLM", "baseline", "certified")
# built-in backends that are not language models (a plugin says so in its info: "language_model": false)
NOT_LANGUAGE_MODEL_BACKENDS = frozenset({"sklearn"})


def _checks_title(verification: dict[str, Any]) -> str:
    parts = []
    for check in verification.get("checks") or []:
        if not isinstance(check, dict):
            continue
        state = "not run" if not check.get("ran") else ("ok" if check.get("ok") else "failed")
        detail = f": {check['detail']}" if check.get("detail") else ""
        parts.append(f"{check.get('name', '?')} ({state}){detail}")
    when = f" on {verification['verified_at']}" if verification.get("verified_at") else ""
    return f"verified{when}; checks: " + ("; ".join(parts) if parts else "none listed")


def is_language_model(info: dict[str, Any]) -> bool:
    """Whether a results document's ``model.info`` describes a language model (MLM / NLM can apply)."""
    if "language_model" in info:
        return bool(info["language_model"])
    return info.get("backend") not in NOT_LANGUAGE_MODEL_BACKENDS


def badges(parameters: float | None, bytes_on_disk: float | None,
           verification: dict[str, Any] | None, language_model: bool = True) -> list[dict[str, str]]:
    """The badges one row earns: ``[{"name": ..., "title": ...}]`` in CATEGORIES order."""
    out = []
    if not language_model:
        out.append({"name": "baseline", "title": "not a language model: a baseline to beat (no MLM / NLM category)"})
    elif parameters is not None and MLM_MIN_PARAMETERS <= parameters <= MLM_MAX_PARAMETERS:
        out.append({"name": "MLM", "title": f"micro LM: {parameters / 1e6:.1f}M parameters (10M to 250M)"})
    if language_model and bytes_on_disk is not None and bytes_on_disk < NLM_MAX_BYTES:
        out.append({"name": "NLM", "title": f"nano LM: {bytes_on_disk / 1e6:.2f} MB on disk (under 10 MB)"})
    if verification and verification.get("certified") is True:
        out.append({"name": "certified", "title": _checks_title(verification)})
    return out
