"""Periods on the minute axis and the slot-grid starts a session of a given length has in them:
the arithmetic pruning does for every therapist-day, kept apart from the rules it serves."""

from __future__ import annotations

from planner.scenario.timeaxis import MINUTES_PER_DAY, day_index

# Sorted (start, end) periods of axis minutes, such as a therapist's shift rows on one day.
Windows = list[tuple[int, int]]


def intersect(a: Windows, b: Windows) -> Windows:
    """Every non-empty intersection of a period of ``a`` with a period of ``b``, sorted.

    Rows are never merged: a session must lie inside one shift row and one availability row,
    and the rows of either list may overlap, nest or touch (the contract allows it), so each
    pair gives its own piece.
    """
    out: Windows = []
    for a_lo, a_hi in a:
        for b_lo, b_hi in b:
            lo, hi = max(a_lo, b_lo), min(a_hi, b_hi)
            if lo < hi:
                out.append((lo, hi))
    return sorted(set(out))


def grid_starts(windows: Windows, length: int, slot: int, lo: int, hi: int) -> list[int]:
    """Grid starts s (minute of day % slot == 0) with [s, s+length) inside one window and
    lo <= s, s + length <= hi, sorted and distinct (windows may overlap or nest)."""
    out: set[int] = set()
    for w_lo, w_hi in windows:
        first = max(w_lo, lo)
        last = min(w_hi, hi) - length
        if last < first:
            continue
        day_base = day_index(first) * MINUTES_PER_DAY
        offset = (first - day_base) % slot
        s = first if offset == 0 else first + slot - offset
        while s <= last:
            out.add(s)
            s += slot
    return sorted(out)
