"""Sorted periods answering containment and overlap questions in logarithmic time."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import accumulate


class Intervals:
    """Sorted ``[start, end)`` periods answering "inside one?" and "overlaps any?" in O(log n)."""

    def __init__(self, periods: list[tuple[int, int]]) -> None:
        ordered = sorted(periods)
        self.starts = [p[0] for p in ordered]
        # Running maximum of ends: among the periods starting at or before a time, the one
        # reaching furthest decides both questions. Touching rows are never merged: a session
        # must lie inside ONE row (one shift, one availability period).
        self.reach = list(accumulate((p[1] for p in ordered), max))

    def contains(self, start: int, end: int) -> bool:
        """True if one period holds ``[start, end)`` wholly."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """True if some period shares time with ``[start, end)``."""
        i = bisect_left(self.starts, end)
        return i > 0 and self.reach[i - 1] > start
