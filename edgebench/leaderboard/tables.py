"""Paper tables of the leaderboard rows: one column per task (headline metric ± clustered stderr).

- **best** in a column = the highest value as printed (3 decimals, so a reader never sees two equal
  numbers with only one marked); lowest for metrics in LOWER_IS_BETTER. Ties are all marked; a column
  with fewer than two values, or with every value the same, marks nothing. A row whose headline on a task differs from the column's
  (another task version) is printed with its metric named and is not ranked.
- Markdown marks best as ``**0.912**``, LaTeX as ``\\textbf{0.912}``; CSV has, per task, the columns
  ``<task>:<metric>``, ``<task>:<metric>_stderr`` and ``<task>:<metric>_best`` (1 best, 0 not, empty
  when the row has no value).
- the hardware column appears only when the rows ran on more than one hardware profile.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from edgebench.errors import EdgeBenchError
from edgebench.leaderboard.pages import all_tasks
from edgebench.leaderboard.rows import Row

LOWER_IS_BETTER = frozenset({"invalid_rate"})
FORMATS = ("md", "latex", "csv")
DIGITS = 3


@dataclass
class Table:
    """Rows' labels, the (task, metric) columns and each cell's value, stderr, metric and best flag."""

    labels: list[list[str]]
    label_heads: list[str]
    columns: list[tuple[str, str | None]]
    cells: list[list[dict[str, Any] | None]]


def select_tasks(rows: list[Row], tasks: list[str] | None) -> list[str]:
    """The tasks asked for (in that order) or every task of the rows; an unknown one is an error."""
    known = list(all_tasks(rows))
    if not tasks:
        return known
    unknown = [t for t in tasks if t not in known]
    if unknown:
        raise EdgeBenchError(f"--tasks names {', '.join(unknown)}, which no RESULTS has; "
                             f"choose among {', '.join(known) or 'none'}")
    return list(dict.fromkeys(tasks))


def build_table(rows: list[Row], tasks: list[str] | None = None) -> Table:
    """The table's content with the best cell of each column marked (see the module docstring)."""
    if not rows:
        raise EdgeBenchError("no rows to tabulate; give at least one RESULTS")
    names = select_tasks(rows, tasks)
    columns: list[tuple[str, str | None]] = []
    for task in names:
        metric = next((r.task(task)["metric"] for r in rows if task in r.task_source), None)
        columns.append((task, metric))
    cells: list[list[dict[str, Any] | None]] = []
    for row in rows:
        line: list[dict[str, Any] | None] = []
        for task, metric in columns:
            t = row.task(task) if task in row.task_source else None
            line.append(None if t is None or t["value"] is None else
                        {"value": t["value"], "stderr": t["stderr"], "metric": t["metric"],
                         "ranked": t["metric"] == metric, "best": False})
        cells.append(line)
    for j, (_, metric) in enumerate(columns):
        ranked = [line[j] for line in cells if line[j] is not None and line[j]["ranked"]]
        if len(ranked) < 2:
            continue
        shown = [round(c["value"], DIGITS) for c in ranked]
        if len(set(shown)) == 1:
            continue  # every row the same: no best (all 0.000 is no win)
        best = min(shown) if metric in LOWER_IS_BETTER else max(shown)
        for c, v in zip(ranked, shown):
            c["best"] = v == best
    multi_hw = len({r.hardware for r in rows}) > 1
    heads = ["model", "variant"] + (["hardware"] if multi_hw else [])
    labels = [[r.name, r.variant] + ([r.hardware] if multi_hw else []) for r in rows]
    return Table(labels=labels, label_heads=heads, columns=columns, cells=cells)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.{DIGITS}f}"


def _plain_cell(cell: dict[str, Any] | None, bold: tuple[str, str], pm: str) -> str:
    if cell is None:
        return "–"
    value = _fmt(cell["value"])
    if cell["best"]:
        value = f"{bold[0]}{value}{bold[1]}"
    text = value + (f" {pm} {_fmt(cell['stderr'])}" if cell["stderr"] is not None else "")
    return text if cell["ranked"] else f"{text} ({cell['metric']})"


def markdown(table: Table) -> str:
    """A GitHub-flavoured Markdown table; best values in bold."""
    esc = lambda s: str(s).replace("|", "\\|")  # noqa: E731  # a pipe would split the cell
    head = table.label_heads + [f"{task} ({metric})" if metric else task for task, metric in table.columns]
    lines = ["| " + " | ".join(esc(h) for h in head) + " |",
             "|" + "|".join(["---"] * len(table.label_heads) + ["---:"] * len(table.columns)) + "|"]
    for label, line in zip(table.labels, table.cells):
        cells = [esc(x) for x in label] + [esc(_plain_cell(c, ("**", "**"), "±")) for c in line]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


LATEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                 "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def latex_escape(text: Any) -> str:
    """Text safe in a LaTeX table cell (``_ % & $ # { } ~ ^ \\`` escaped)."""
    return "".join(LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def latex(table: Table) -> str:
    """A booktabs ``tabular``; best values in ``\\textbf{}``."""
    spec = "l" * len(table.label_heads) + "r" * len(table.columns)
    blank = [""] * len(table.label_heads)
    out = [f"\\begin{{tabular}}{{{spec}}}", "\\toprule",
           " & ".join([latex_escape(h) for h in table.label_heads]
                      + [latex_escape(t) for t, _ in table.columns]) + r" \\",
           " & ".join(blank + [latex_escape(m or "") for _, m in table.columns]) + r" \\", "\\midrule"]
    for label, line in zip(table.labels, table.cells):
        cells = [latex_escape(x) for x in label]
        for c in line:
            if c is None:
                cells.append("--")
                continue
            value = _fmt(c["value"])
            value = f"\\textbf{{{value}}}" if c["best"] else value
            text = value + (f" $\\pm$ {_fmt(c['stderr'])}" if c["stderr"] is not None else "")
            cells.append(text if c["ranked"] else f"{text} ({latex_escape(c['metric'])})")
        out.append(" & ".join(cells) + r" \\")
    out += ["\\bottomrule", "\\end{tabular}"]
    return "\n".join(out) + "\n"


def csv_table(table: Table) -> str:
    """CSV with value, stderr and a 1/0 best column per task (full precision values)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    head = list(table.label_heads)
    for task, metric in table.columns:
        key = f"{task}:{metric}" if metric else task
        head += [key, f"{key}_stderr", f"{key}_best"]
    writer.writerow(head)
    for label, line in zip(table.labels, table.cells):
        out = list(label)
        for c in line:
            out += ["", "", ""] if c is None else [c["value"], "" if c["stderr"] is None else c["stderr"],
                                                   int(c["best"])]
        writer.writerow(out)
    return buf.getvalue()


def render_table(rows: list[Row], fmt: str, tasks: list[str] | None = None) -> str:
    """The table in ``fmt`` (md, latex or csv)."""
    table = build_table(rows, tasks)
    return {"md": markdown, "latex": latex, "csv": csv_table}[fmt](table)
