"""EdgeBench: benchmark and reference training for micro and nano language models."""
import os

__version__ = "0.1.0"

# No model hub at run time: every code path works from local files only. Set before any
# Hugging Face library is imported, and unconditionally, so a user's environment cannot re-enable it.
for _var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
    os.environ[_var] = "1"
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from edgebench.hookspecs import hookimpl  # noqa: E402  (plugins write `@edgebench.hookimpl`)

_API = ("load", "Model", "Prediction", "Call", "Span", "Verdict", "GuardResult")
__all__ = ["__version__", "hookimpl", *_API]


def __getattr__(name: str):
    """``edgebench.load`` and the API types, imported on first use (``import edgebench`` stays cheap)."""
    if name in _API:
        from edgebench import api

        return getattr(api, name)
    raise AttributeError(f"module 'edgebench' has no attribute '{name}'")
