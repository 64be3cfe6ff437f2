"""Dataset cards: what a generated dataset holds, written beside it."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any, Mapping

from datasets import DatasetDict

# Columns worth counting when a family has them.
STRATA = ("label", "level", "schema", "category", "severity", "channel", "domain", "register")


def summary(data: DatasetDict) -> dict[str, Any]:
    """Rows per split, and per value of each stratum column, and template families and frames (data v2)
    per split."""
    out: dict[str, Any] = {}
    for split, ds in data.items():
        entry: dict[str, Any] = {"rows": len(ds)}
        for column in STRATA:
            if column in ds.column_names:
                entry[f"by_{column}"] = dict(sorted(Counter(map(str, ds[column])).items()))
        if "template" in ds.column_names:
            entry["template_families"] = len(set(ds["template"]))
        if "frame" in ds.column_names:
            entry["frames"] = len(set(ds["frame"]))
        out[split] = entry
    return out


def write(folder: Path, card: Mapping[str, Any]) -> None:
    (folder / "card.json").write_text(json.dumps(card, indent=2, sort_keys=True) + "\n")
    lines = [f"# {card['task']} dataset", "", f"- fingerprint: `{card['fingerprint']}`",
             f"- task version: {card['version']}; generator settings: `{json.dumps(card['dataset'], sort_keys=True)}`",
             f"- written by edgebench {card['edgebench_version']}", ""]
    for split, entry in card["splits"].items():
        lines.append(f"## {split}: {entry['rows']} rows"
                     + (f", {entry['template_families']} template families" if "template_families" in entry else "")
                     + (f" in {entry['frames']} frames" if "frames" in entry else ""))
        for key, counts in entry.items():
            if key.startswith("by_"):
                lines.append(f"- {key[3:]}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
        lines.append("")
    lines.append("## Quality validator (pass rate per level)")
    for split, report in card["validation"].items():
        rates = ", ".join(f"{level} {rate:.3f}" for level, rate in report["pass_rate"].items())
        lines.append(f"- {split}: {report['checked']} checked, {report['kept']} pass every level; {rates}")
    (folder / "README.md").write_text("\n".join(lines) + "\n")
