"""Periods ``[start, end)`` on the time axis: containment and overlap queries, covered minutes.

Shifts, closures, availability rows and opening hours are all such periods. The checker asks
"inside one row?" and "overlaps any?"; the score asks the first for preferred times; utilisation
needs the minutes a set of rows covers, overlapping rows counted once.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate

Period = tuple[int, int]


class Intervals:
    """Sorted ``[start, end)`` periods answering "inside one?" and "overlaps any?" in O(log n)."""

    def __init__(self, periods: list[Period]) -> None:
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


def clip(periods: Iterable[Period], low: int, high: int) -> list[Period]:
    """The parts of ``periods`` inside ``[low, high)``; periods that fall outside are dropped."""
    return [(max(s, low), min(e, high)) for s, e in periods if min(e, high) > max(s, low)]


def covered_minutes(periods: Iterable[Period]) -> int:
    """Minutes covered by the union of ``periods`` (overlapping periods counted once)."""
    covered = 0
    reach: int | None = None
    for start, end in sorted(periods):
        if reach is None or start > reach:
            covered += end - start
            reach = end
        elif end > reach:
            covered += end - reach
            reach = end
    return covered
