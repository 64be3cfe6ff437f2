"""Jinja2 environment of the site (autoescape on: model outputs hold HTML), its number filters and safe JSON."""
from __future__ import annotations

import json
import math
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

MB = 1_000_000


def script_json(value: Any) -> Markup:
    """JSON that is safe inside ``<script>`` and in a JS file: every ``<`` (so ``</script>`` and ``<!--``),
    ``>``, ``&`` and the line separators JS once refused in strings are written as ``\\uXXXX`` escapes, which
    JSON reads back the same."""
    text = json.dumps(value, ensure_ascii=False, default=str, separators=(",", ":"))
    # Markup: already safe for a <script> body, where HTML entities would corrupt the JSON
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
                  .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def num(value: Any, digits: int = 3) -> str:
    """A metric for display: '0.917'; '–' when missing."""
    return f"{value:.{digits}f}" if _finite(value) else "–"


def mb(value: Any) -> str:
    """Bytes as MB: 1-3 significant decimals so 2.0 MB and 541.6 MB both read well."""
    if not _finite(value):
        return "–"
    v = value / MB
    return f"{v:,.0f}" if v >= 1000 else f"{v:.1f}" if v >= 10 else f"{v:.2f}"


def params(value: Any) -> str:
    """Parameters as '134.5M' / '73.5K'."""
    if not _finite(value):
        return "–"
    for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= div:
            return f"{value / div:.1f}{unit}"
    return f"{value:.0f}"


def seconds(value: Any) -> str:
    """Seconds as '86 ms' under a second, '1.45 s' above."""
    if not _finite(value):
        return "–"
    return f"{value * 1000:.1f} ms" if value < 0.1 else f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def rate(value: Any) -> str:
    return f"{value:,.0f}" if _finite(value) else "–"


def sortval(value: Any) -> str:
    """A number for a ``data-value`` attribute ('' when missing: the JS sorts those last)."""
    return repr(float(value)) if _finite(value) else ""


def environment() -> Environment:
    env = Environment(loader=PackageLoader("edgebench.leaderboard", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(num=num, mb=mb, params=params, seconds=seconds, rate=rate, sortval=sortval,
                       script_json=script_json)
    return env
