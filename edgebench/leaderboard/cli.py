"""``edgebench leaderboard build|table``."""
from __future__ import annotations

import click


@click.group("leaderboard")
def leaderboard() -> None:
    """Build the leaderboard site or paper tables from results folders and submission entries."""


def _rows(results: tuple[str, ...]):
    # imported on use: matplotlib and Jinja2 are slow to import and only these commands need them
    from edgebench.leaderboard.inputs import read_inputs
    from edgebench.leaderboard.rows import build_rows

    return build_rows(read_inputs(results))


@leaderboard.command("build")
@click.argument("results", nargs=-1, type=click.Path())
@click.option("--out", "out", required=True, type=click.Path(), help="Folder to write the site into.")
def build(results: tuple[str, ...], out: str) -> None:
    """Write a static site (open index.html offline) from RESULTS: results folders, results.json files
    or entry archives (.tar.gz from 'edgebench submit')."""
    from edgebench.leaderboard.site import build_site

    rows = _rows(results)
    index = build_site(rows, out)
    samples = sum(1 for r in rows for t in r.task_source if r.samples(t))
    click.echo(f"{len(rows)} rows, {sum(len(r.task_source) for r in rows)} row-tasks ({samples} with samples): {index}")


@leaderboard.command("table")
@click.argument("results", nargs=-1, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["md", "latex", "csv"]), default="md", show_default=True,
              help="Markdown (best in **bold**), LaTeX booktabs (best in \\textbf) or CSV (a _best column per task).")
@click.option("--tasks", default=None, help="Comma-separated tasks, in column order (default: every task).")
def table(results: tuple[str, ...], fmt: str, tasks: str | None) -> None:
    """Print a paper table of RESULTS: one row per leaderboard row, one column per task
    (headline metric ± clustered stderr), the best value of each column marked."""
    from edgebench.errors import EdgeBenchError
    from edgebench.leaderboard.tables import render_table

    names = [t.strip() for t in tasks.split(",") if t.strip()] if tasks is not None else None
    if tasks is not None and not names:
        raise EdgeBenchError("--tasks is empty; give comma-separated task names or leave it out for every task")
    click.echo(render_table(_rows(results), fmt, names), nl=False)
