"""The Pareto front of (cost, quality) points: lower cost and higher quality are better."""
from __future__ import annotations

from typing import Sequence


def dominates(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """True when ``a`` costs no more and scores no less than ``b``, and is strictly better in one."""
    return a[0] <= b[0] and a[1] >= b[1] and (a[0] < b[0] or a[1] > b[1])


def pareto_front(points: Sequence[tuple[float, float]]) -> list[int]:
    """Indices of the points no other point dominates, sorted by cost (then by index).

    Equal points are all on the front (neither dominates the other). O(n²), which is plenty for
    a leaderboard's rows.
    """
    front = [i for i, p in enumerate(points) if not any(dominates(q, p) for q in points)]
    return sorted(front, key=lambda i: (points[i][0], -points[i][1], i))
