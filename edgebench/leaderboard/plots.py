"""Pareto plots (SVG, matplotlib): a task family's headline quality against one edge cost per plot.

Every point is its own artist with the SVG id ``<plot id>-point-<row id>`` and a link to the row's
model page; the front is one line, ``<plot id>-front``, and each front point gets a ring with the id
``<plot id>-frontpoint-<row id>`` (ids tests and readers can count).
"""
from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from typing import Callable

import matplotlib

matplotlib.use("Agg")  # no display on an edge box or in CI; Figure() below never opens a window anyway

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from edgebench.leaderboard.pareto import pareto_front  # noqa: E402
from edgebench.leaderboard.rows import Row  # noqa: E402

MB = 1_000_000


@dataclass(frozen=True)
class Axis:
    """One cost axis: its key (in file names and ids), its label and how to read it from a row."""

    key: str
    label: str
    value: Callable[[Row], float | None]


AXES = (
    Axis("disk", "MB on disk", lambda r: r.bytes_on_disk / MB if r.bytes_on_disk is not None else None),
    Axis("latency", "p50 latency per sample (s)", lambda r: r.latency_p50_s),
    Axis("rss", "peak RSS (MB)", lambda r: r.peak_rss_bytes / MB if r.peak_rss_bytes is not None else None),
)

POINT, FRONT = "#4c6ef5", "#e8590c"
STYLE = {"svg.fonttype": "none", "font.family": "sans-serif", "font.size": 9, "axes.spines.top": False,
         "axes.spines.right": False, "axes.grid": True, "grid.color": "#e3e6ea", "grid.linewidth": 0.7,
         "axes.edgecolor": "#8a929c", "axes.labelcolor": "#343a40", "xtick.color": "#495057",
         "ytick.color": "#495057"}


def plot_id(family: str, axis: str) -> str:
    return "pareto-" + re.sub(r"[^A-Za-z0-9_-]+", "-", f"{family}-{axis}")


def model_page(row: Row) -> str:
    return f"model-{row.id}.html"


OFFSETS = ((6, 5), (6, -11), (-6, 5), (-6, -11))  # right-above first, then the other corners


def _place_labels(fig: Figure, labels: list) -> None:
    """Move each point's label to the first corner where it stays in the figure and overlaps no label placed
    before it (front points first); drop it when none is free: the point still links to its page."""
    fig.draw_without_rendering()
    placed = []
    area = fig.bbox
    for _, _, text in sorted(labels, key=lambda item: not item[0]):
        for dx, dy in OFFSETS:
            text.set_position((dx, dy))
            text.set_horizontalalignment("left" if dx > 0 else "right")
            box = text.get_window_extent().expanded(1.04, 1.1)
            inside = area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1
            if inside and not any(box.overlaps(other) for other in placed):
                placed.append(box)
                break
        else:
            text.set_visible(False)


def comparable_tasks(rows: list[Row], family: str) -> tuple[str, ...]:
    """The family's task set that most rows ran (ties: more tasks, then by name). A family mean over other
    tasks (a plugin's sentiment task is also 'intent') is another number: such rows are left off the plot."""
    sets = Counter(tuple(sorted(r.families[family]["tasks"])) for r in rows if family in r.families)
    if not sets:
        return ()
    return max(sets, key=lambda s: (sets[s], len(s), s))


def pareto_svg(rows: list[Row], family: str, axis: Axis) -> str | None:
    """The SVG text of one plot, or None when fewer than one row has both figures."""
    tasks = comparable_tasks(rows, family)
    points = [(axis.value(r), r.families[family]["value"], r) for r in rows
              if family in r.families and tuple(sorted(r.families[family]["tasks"])) == tasks
              and axis.value(r) is not None and r.families[family]["value"] is not None]
    if not points:
        return None
    pid = plot_id(family, axis.key)
    metrics = sorted({r.tasks[t]["metric"] for _, _, r in points for t in r.families[family]["tasks"]} - {None})
    # a fixed salt per plot: matplotlib's internal ids (clip paths) stay stable and differ between plots
    with rc_context({**STYLE, "svg.hashsalt": pid}):
        fig = Figure(figsize=(5.4, 3.7), layout="constrained")
        ax = fig.add_subplot()
        xs = [p[0] for p in points]
        if min(xs) > 0 and max(xs) / min(xs) > 30:
            ax.set_xscale("log")  # sizes span orders of magnitude (a 2 MB classifier beside a 500 MB LM)
        front = pareto_front([(x, y) for x, y, _ in points])
        fx, fy = [points[i][0] for i in front], [points[i][1] for i in front]
        # the front as a staircase: everything right of and below it is worse on both counts
        (line,) = ax.plot(fx, fy, drawstyle="steps-post", color=FRONT, linewidth=1.6, alpha=0.8, zorder=2,
                          label="Pareto front")
        line.set_gid(f"{pid}-front")
        labels = []
        for i, (x, y, row) in enumerate(points):
            on_front = i in front
            (pt,) = ax.plot([x], [y], "o", markersize=7, color=FRONT if on_front else POINT,
                            markeredgecolor="white", markeredgewidth=1, zorder=4)
            pt.set_gid(f"{pid}-point-{row.id}")
            pt.set_url(model_page(row))
            if on_front:
                (ring,) = ax.plot([x], [y], "o", markersize=12, markerfacecolor="none", markeredgecolor=FRONT,
                                  markeredgewidth=1.3, zorder=3)
                ring.set_gid(f"{pid}-frontpoint-{row.id}")
                ring.set_url(model_page(row))
            labels.append((on_front, row, ax.annotate(
                f"{row.name} ({row.variant})", (x, y), xytext=OFFSETS[0], textcoords="offset points",
                fontsize=7, color="#212529" if on_front else "#5c636a")))
        ax.set_xlabel(f"{axis.label} (lower is better)")
        ax.set_ylabel(f"{', '.join(metrics) or 'headline'} (higher is better)")
        ax.set_title(f"{family} ({', '.join(tasks)}): quality vs {axis.label}", fontsize=10, loc="left",
                     color="#212529")
        ax.margins(x=0.15, y=0.12)
        ys = [p[1] for p in points]
        if 0 <= min(ys) and max(ys) <= 1:
            # scores are shares: keep the axis inside [0, 1] with some room, even for one point at 0
            pad = max(0.05, 0.12 * (max(ys) - min(ys)))
            ax.set_ylim(max(0.0, min(ys) - pad) if min(ys) - pad > 0 else -0.02, min(1.0, max(ys) + pad) + 0.02)
        ax.legend(loc="lower right", fontsize=7, frameon=False)
        _place_labels(fig, labels)
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})  # no date: the same inputs give the same file
    text = buf.getvalue()
    return text[text.index("<svg"):]  # no XML prolog or doctype: the text is inlined into HTML pages


def family_plots(rows: list[Row], family: str) -> list[tuple[str, str]]:
    """``(plot id, svg)`` of the family's plots, one per cost axis that has data."""
    out = []
    for axis in AXES:
        svg = pareto_svg(rows, family, axis)
        if svg is not None:
            out.append((plot_id(family, axis.key), svg))
    return out
