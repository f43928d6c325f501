"""Shift arithmetic of what-if variants: a period cut out of a shift (a therapist off), overtime
merged into the shifts it touches, and which pinned sessions survive a therapist's absence."""

from __future__ import annotations

from collections.abc import Callable

from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Pin, Scenario, Shift


def shift_without(shift: Shift, start: int, end: int) -> list[Shift]:
    """What is left of ``shift`` outside ``[start, end)``."""
    if end <= shift.start or start >= shift.end:
        return [shift]
    left = [Shift(shift.therapist_id, shift.start, start)] if shift.start < start else []
    right = [Shift(shift.therapist_id, end, shift.end)] if end < shift.end else []
    return left + right


def pin_outside(
    scenario: Scenario, therapist_id: str, start: int, end: int
) -> Callable[[Pin], bool]:
    """Keeps a pin unless it is the therapist's and overlaps ``[start, end)``."""

    def keep(pin: Pin) -> bool:
        if pin.therapist_id != therapist_id:
            return True
        course = scenario.course_by_id[pin.course_id]
        return not (
            start < pin.start + scenario.session_length(course, pin.session) and pin.start < end
        )

    return keep


def with_shift(shifts: list[Shift], new: Shift) -> list[Shift]:
    """``shifts`` with ``new`` added; a shift it overlaps or touches is merged into it, so that
    overtime after a shift allows a session across the old end."""
    start, end = new.start, new.end
    kept: list[Shift] = []
    first_merged: int | None = None
    for index, s in enumerate(shifts):
        same_day = s.start // MINUTES_PER_DAY == new.start // MINUTES_PER_DAY
        if s.therapist_id == new.therapist_id and same_day and s.start <= end and start <= s.end:
            start, end = min(start, s.start), max(end, s.end)
            first_merged = index if first_merged is None else first_merged
            continue
        kept.append(s)
    merged = Shift(new.therapist_id, start, end)
    if first_merged is None:
        return [*kept, merged]
    kept.insert(first_merged, merged)
    return kept


__all__ = ["pin_outside", "shift_without", "with_shift"]
