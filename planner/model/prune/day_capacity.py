"""Minutes a therapist-day or a room-day can hold: one home for the capacity figures that the
model's redundant cuts and the linear relaxation both use."""

from __future__ import annotations

from planner.model.prune.grid import Windows
from planner.scenario.types import Scenario


def merged_pieces(windows: Windows) -> Windows:
    """The connected pieces of a day's periods (rows may overlap, nest or touch)."""
    out: Windows = []
    for lo, hi in sorted(windows):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def union_capacity(windows: Windows, turnover: int) -> int:
    """Minutes the periods hold, sessions plus turnover: their union, plus one turnover per
    connected piece (the last turnover may run past the piece's end)."""
    return sum(hi - lo + turnover for lo, hi in merged_pieces(windows))


def count_capacity(windows: Windows, turnover: int, shortest: int) -> int:
    """Sessions the periods hold at most when none is shorter than ``shortest`` minutes."""
    size = shortest + turnover
    return sum((hi - lo + turnover) // size for lo, hi in merged_pieces(windows))


def room_day_pieces(scenario: Scenario, room_id: str, day: int) -> Windows:
    """The periods of a day a room is open: opening hours less its closures."""
    hours = scenario.settings.opening(day)
    if hours is None:
        return []
    pieces = [hours]
    for closure in scenario.closures_by_room.get(room_id, ()):
        cut = []
        for lo, hi in pieces:
            if closure.end <= lo or closure.start >= hi:
                cut.append((lo, hi))
                continue
            if lo < closure.start:
                cut.append((lo, closure.start))
            if closure.end < hi:
                cut.append((closure.end, hi))
        pieces = cut
    return pieces


def room_day_capacity(scenario: Scenario, room_id: str, day: int) -> int:
    """Minutes a room holds on a day, sessions plus turnover (see :func:`union_capacity`)."""
    pieces = room_day_pieces(scenario, room_id, day)
    return union_capacity(pieces, scenario.settings.turnover_minutes)
