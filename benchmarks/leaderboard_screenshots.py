"""Screenshots of the leaderboard site built over this checkout's real results, into docs/leaderboard/.

Inputs: every results folder under ``runs/*/eval`` (and one level below it, e.g. ``eval/fp32``),
``runs/*.eval/*`` and ``runs/eval-*``, plus any RESULTS given on the command line, such as the
scikit-learn baseline made with

    edgebench run --model sklearn:tfidf-lr --tasks edge_spam,edge_toxicity,probe_spam,probe_toxicity \\
        --limit all --output-path /tmp/lb/sklearn --log-samples --threads 1

The committed PNGs are of issue 16's board: ``bash benchmarks/leaderboard_runs.sh runs/board 20``, then
``python benchmarks/leaderboard_screenshots.py --only runs/board/* --row CycleCore-MLM-135M-Filter``.

Then it drives headless Chromium (Playwright, Debian's /usr/bin/chromium) over the site from file://
and writes index.png, index-pareto.png, model.png and samples.png.

    python benchmarks/leaderboard_screenshots.py [/tmp/lb/sklearn ...] [--site /tmp/lb/site] [--out docs/leaderboard]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from edgebench.leaderboard.inputs import read_inputs
from edgebench.leaderboard.pages import samples_page
from edgebench.leaderboard.rows import build_rows
from edgebench.leaderboard.site import build_site

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def real_results() -> list[Path]:
    runs = ROOT / "runs"
    found = [p.parent for pattern in ("*/eval/results.json", "*/eval/*/results.json", "*.eval/*/results.json",
                                      "eval-*/results.json") for p in sorted(runs.glob(pattern))]
    return list(dict.fromkeys(found))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("extra", nargs="*", help="more RESULTS (folders, results.json or .tar.gz entries)")
    parser.add_argument("--only", action="store_true", help="build from the RESULTS given only, not runs/")
    parser.add_argument("--site", default="/tmp/lb/site", help="where to build the site")
    parser.add_argument("--out", default=str(ROOT / "docs" / "leaderboard"), help="where to write the PNGs")
    parser.add_argument("--row", default="mlm-135m-filter", help="model name of the row whose pages to shoot")
    parser.add_argument("--task", default="edge_toxicity", help="task whose sample browser to shoot")
    args = parser.parse_args()
    inputs = ([] if args.only else [str(p) for p in real_results()]) + args.extra
    rows = build_rows(read_inputs(inputs))
    index = build_site(rows, args.site)
    site, out = Path(args.site).resolve(), Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    print(f"{len(rows)} rows from {len(inputs)} inputs: {index}")
    # the model page and sample browser of --row (a trained MLM with a card) on --task, else the row and
    # task with the most samples
    named = [r for r in rows if r.name == args.row and any(r.samples(t) for t in r.task_source)]
    row = named[0] if named else max(rows, key=lambda r: sum(len(r.samples(t) or []) for t in r.task_source))
    task = args.task if args.task in row.task_source and row.samples(args.task) else max(
        (t for t in row.task_source if row.samples(t)), key=lambda t: len(row.samples(t) or []))

    from playwright.sync_api import sync_playwright

    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900}, device_scale_factor=1)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / "index.html").as_uri())
        page.screenshot(path=str(out / "index.png"))
        page.locator("#pareto").screenshot(path=str(out / "index-pareto.png"))
        page.goto((site / f"model-{row.id}.html").as_uri())
        page.screenshot(path=str(out / "model.png"), full_page=True,
                        clip={"x": 0, "y": 0, "width": 1440, "height": 1800})
        page.goto((site / samples_page(row, task)).as_uri())
        page.select_option("#filter-right", "wrong")
        page.screenshot(path=str(out / "samples.png"))
        browser.close()
    for name in ("index.png", "index-pareto.png", "model.png", "samples.png"):
        print(out / name)
    if errors:
        print("console errors:", *errors, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
