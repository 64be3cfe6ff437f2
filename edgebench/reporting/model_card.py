"""Sections of a model folder's README.md model card written after training (``edgebench export``'s
variants, a benchmark's speed table): each replaced in place by its heading, so running the command
again updates the card instead of growing it. A folder without a card is left alone."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

BEFORE = "## Training"  # a new section goes after the scores, before the training details


def set_section(folder: Path, title: str, body: str) -> bool:
    """Write ``## title`` with ``body`` into ``folder/README.md``; False when the folder has no card."""
    path = Path(folder) / "README.md"
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    block = f"## {title}\n\n{body.strip()}\n\n"
    existing = re.search(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", text, flags=re.M | re.S)
    if existing:
        text = text[:existing.start()] + block + text[existing.end():]
    elif f"\n{BEFORE}\n" in text:
        at = text.index(f"\n{BEFORE}\n") + 1
        text = text[:at] + block + text[at:]
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return True


VARIANTS = "variants.json"  # in the model folder: what each export wrote and kept, the Variants table's source


def record_variant(folder: Path, kind: str, info: dict[str, Any], kept: dict[str, dict[str, Any]] | None) -> bool:
    """Record an export (``info`` from ``export_variant``; ``kept``: task -> headline metric's fp32 / variant /
    retention from ``--eval``, or None to keep an earlier one) and rewrite the card's Variants section."""
    path = Path(folder) / VARIANTS
    records = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    previous = records.get(kind, {})
    # the variant's name, not its path: it lies beside the model folder, wherever that is copied or shipped
    records[kind] = {"path": Path(info["path"]).name, "bytes": info["bytes"], "source_bytes": info["source_bytes"],
                     **{k: info[k] for k in ("quantization", "tagger_bytes", "max_abs_logit_diff", "int8_bytes",
                                             "int8_max_abs_logit_diff") if k in info},
                     "retention": kept if kept is not None else previous.get("retention")}
    path.write_text(json.dumps(records, indent=2, default=str), encoding="utf-8")
    return set_section(folder, "Variants", variants_table(records))


def variants_table(records: dict[str, dict[str, Any]]) -> str:
    lines = ["| variant | file(s) | MB on disk | of fp32 | check | retention (headline metric, variant / fp32) |",
             "|---|---|---|---|---|---|"]
    for kind, r in records.items():
        rows = [(kind, r["bytes"], r.get("max_abs_logit_diff"))]
        if "int8_bytes" in r:
            rows.append((f"{kind} int8", r["int8_bytes"], r.get("int8_max_abs_logit_diff")))
        kept = "; ".join(f"{task} {m['metric']} {m['b']:.4f} / {m['a']:.4f} = {m['retention']:.3f}"
                         for task, m in (r.get("retention") or {}).items()
                         if m.get("retention") is not None) or "-"
        for name, size, diff in rows:
            check = "-" if diff is None else f"max abs logit diff {diff:.1e}"
            lines.append(f"| {name} | `{Path(r['path']).name}` | {size / 1e6:.2f} | {size / r['source_bytes']:.1%} | "
                         f"{check} | {kept if name == kind else '-'} |")
    return "\n".join(lines) + ("\n\nWritten by `edgebench export`; retention by `edgebench export --eval TASKS` "
                               "(the variant and fp32 scored on the same test samples).")
