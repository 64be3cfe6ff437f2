"""Write the static leaderboard site: pages, Pareto plots, sample data files and leaderboard.json/.csv.

Everything is flat under the output folder (pages side by side, so an SVG inlined into any of them links
to ``model-<id>.html`` alike), plus ``plots/`` (the SVG files), ``data/`` (sample data, loaded with
``<script src>``: a page opened from file:// may not fetch() files) and ``static/`` (CSS and JS).
"""
from __future__ import annotations

import csv
import io
import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from edgebench import __version__
from edgebench.errors import EdgeBenchError
from edgebench.leaderboard import pages
from edgebench.leaderboard.badges import CATEGORIES
from edgebench.leaderboard.plots import family_plots
from edgebench.leaderboard.render import environment, script_json
from edgebench.leaderboard.rows import Row, row_record
from edgebench.leaderboard.samples_pages import samples_document

STATIC = ("style.css", "leaderboard.js", "samples.js")
SAMPLES_PER_PAGE = 50


def csv_text(rows: list[Row]) -> str:
    """leaderboard.csv: the index rows, one column per figure, family and task (value and stderr)."""
    families = sorted({f for r in rows for f in r.families})
    tasks = sorted({t for r in rows for t in r.task_source})
    head = ["id", "model", "name", "variant", "hardware", "badges", "parameters", "bytes_on_disk",
            "latency_p50_s", "tokens_per_s", "peak_rss_bytes"]
    head += [c for f in families for c in (f"family:{f}", f"family:{f}_stderr")]
    head += [c for t in tasks for c in (f"task:{t}", f"task:{t}_stderr", f"task:{t}_metric")]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(head)
    for r in rows:
        rec = row_record(r)
        line = [rec[k] for k in ("id", "model", "name", "variant", "hardware")] + [" ".join(rec["badges"])]
        line += [rec[k] for k in ("parameters", "bytes_on_disk", "latency_p50_s", "tokens_per_s", "peak_rss_bytes")]
        for f in families:
            fam = rec["families"].get(f) or {}
            line += [fam.get("value"), fam.get("stderr")]
        for t in tasks:
            task = rec["tasks"].get(t) or {}
            line += [task.get("value"), task.get("stderr"), task.get("metric")]
        writer.writerow(["" if v is None else v for v in line])
    return buf.getvalue()


def _copy_static(out: Path) -> None:
    static = out / "static"
    static.mkdir(parents=True, exist_ok=True)
    base = resources.files("edgebench.leaderboard") / "static"
    for name in STATIC:
        (static / name).write_bytes((base / name).read_bytes())


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise EdgeBenchError(f"--out '{out}' is a file; give a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / "index.html").is_file():
        raise EdgeBenchError(f"--out '{out}' is a folder that holds something other than a leaderboard site; "
                             f"give an empty or new folder (or an earlier site's, which is replaced)")
    # an earlier site's pages go: a row that left the inputs must not linger
    for sub in ("data", "plots", "static"):
        shutil.rmtree(out / sub, ignore_errors=True)
    for old in list(out.glob("*.html")) if out.is_dir() else []:
        old.unlink()
    (out / "data").mkdir(parents=True, exist_ok=True)
    (out / "plots").mkdir(exist_ok=True)


def _plots(rows: list[Row], out: Path, families: list[str]) -> dict[str, list[dict[str, Any]]]:
    plots: dict[str, list[dict[str, Any]]] = {}
    for family in families:
        plots[family] = []
        for pid, svg in family_plots(rows, family):
            svg = svg.replace(' target="_blank"', "")  # links open in the same tab, like every other link
            # the file lives in plots/: its links point one folder up; the inlined copy links beside it
            (out / "plots" / f"{pid}.svg").write_text(svg.replace('xlink:href="model-', 'xlink:href="../model-'),
                                                      encoding="utf-8")
            # matplotlib escapes every label it writes, so its SVG is safe to inline
            plots[family].append({"id": pid, "svg": Markup(svg), "file": f"plots/{pid}.svg"})
    return plots


def build_site(rows: list[Row], out: str | Path) -> Path:
    """Write the site for ``rows`` into ``out`` and return the index page's path."""
    if not rows:
        raise EdgeBenchError("no rows to show; give at least one results folder, results.json or entry archive")
    out = Path(out)
    _prepare(out)
    env = environment()
    tasks = pages.all_tasks(rows)
    families = sorted({info["family"] for info in tasks.values()})
    views = [pages.row_view(r) for r in rows]
    plots = _plots(rows, out, families)
    common = {"version": __version__, "tasks": tasks, "families": families, "task_page": pages.task_page}

    def write(name: str, template: str, **context: Any) -> None:
        (out / name).write_text(env.get_template(template).render(**common, **context), encoding="utf-8")

    write("index.html", "index.html", rows=views, plots=plots, categories=CATEGORIES,
          hardware=sorted({v["hardware"] for v in views}))
    for task in tasks:
        family = tasks[task]["family"]
        write(pages.task_page(task), "task.html", info=tasks[task], plots=plots.get(family, []),
              **pages.task_context(task, rows))
    for row in rows:
        write(f"model-{row.id}.html", "model.html", **pages.model_context(row, rows))
        for task in row.task_source:
            records = row.samples(task)
            if not records:
                continue
            metric = row.task(task)["metric"]
            doc = samples_document(row.name, row.variant, task, metric, records)
            data = pages.samples_data(row, task)
            (out / data).write_text(f"window.EDGEBENCH_SAMPLES = {script_json(doc)};\n", encoding="utf-8")
            write(pages.samples_page(row, task), "samples.html", row=pages.row_view(row), task=task, metric=metric,
                  data_file=data, per_page=SAMPLES_PER_PAGE, total=len(records), right=doc["right"],
                  wrong=doc["wrong"], score_key=doc["score_key"])
    (out / "leaderboard.json").write_text(
        json.dumps({"edgebench_version": __version__, "rows": [row_record(r) for r in rows]}, indent=2,
                   default=str) + "\n", encoding="utf-8")
    (out / "leaderboard.csv").write_text(csv_text(rows), encoding="utf-8")
    _copy_static(out)
    return out / "index.html"
