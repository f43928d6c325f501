"""How far a course can still go: a bound that lets the search of the longest prefix stop early.

When no complete booking fits, the front desk is offered the longest prefixes that fit. Without
a bound that search walks every branch of the course (on a four-week resort, a hundred thousand
placements and tens of seconds). :class:`Reach` bounds the sessions that can still follow a
session's end: it takes the starts at which each session fits the plan as it stands when the
search begins, and counts greedily, the earliest fitting start each time, at the shortest gap.
It leaves out the longest gaps and the sessions the search has placed on the way (both only take
choices away), so no branch can book more sessions than the bound says, and a branch the bound
rules out could not have changed the answer.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from planner.model import BookingState, SessionSpec
from planner.scenario.timeaxis import MINUTES_PER_DAY, day_index


def fitting_starts(state: BookingState, spec: SessionSpec) -> list[int]:
    """Sorted starts at which ``spec`` fits ``state`` with some therapist and room (its pruned
    choices, less what the booked sessions take)."""
    found: set[int] = set()
    rooms: dict[int, bool] = {}
    for (therapist_id, day), starts in spec.candidates.items():
        if state.day_blocker(spec, therapist_id, day) is not None:
            continue
        i = 0
        while i < len(starts):
            start = starts[i]
            until = state.busy_until(spec, therapist_id, start)
            if until is not None:
                # Busy periods are jumped over: no start before their end fits.
                i = bisect_left(starts, until, i + 1)
                continue
            if start not in found:
                free = rooms.get(start)
                if free is None:
                    free = rooms[start] = state.free_room(spec, start) is not None
                if free:
                    found.add(start)
            i += 1
    return sorted(found)


class Reach:
    """The most sessions of a course that can follow an end (see the module).

    Parameters
    ----------
    state
        The plan as it stands before the search books anything of the course.
    specs
        The course's sessions, in order.
    min_gap
        The course's shortest gap, in minutes.
    """

    def __init__(self, state: BookingState, specs: Sequence[SessionSpec], min_gap: int) -> None:
        self.starts = [fitting_starts(state, spec) for spec in specs]
        self.lengths = [spec.length for spec in specs]
        self.min_gap = min_gap
        # With one session a day per client, each session of the course needs a day of its
        # own (with more a day, the greedy count would no longer be a bound, so days are
        # left out then).
        self.one_a_day = state.client_limit == 1

    def count(self, k: int, start: int, end: int) -> int:
        """An upper bound on how many of sessions ``k``, ``k + 1``, ... (0-based) can follow a
        session of the course that runs from ``start`` to ``end``."""
        n = 0
        while k < len(self.starts):
            starts = self.starts[k]
            earliest = end + self.min_gap
            if self.one_a_day:
                earliest = max(earliest, (day_index(start) + 1) * MINUTES_PER_DAY)
            i = bisect_left(starts, earliest)
            if i == len(starts):
                break
            start = starts[i]
            end = start + self.lengths[k]
            k += 1
            n += 1
        return n


class OpenDays:
    """Each session's therapist-days that the plan's daily and weekly limits leave open, by
    day, as the plan stands when the search begins: the sessions the search books on the way
    only close more of them, on their own therapists' and days, which the search checks again.

    Parameters
    ----------
    state
        The plan as it stands before the search books anything of the course.
    specs
        The course's sessions, in order.
    """

    def __init__(self, state: BookingState, specs: Sequence[SessionSpec]) -> None:
        self.rows: list[list[tuple[int, str, tuple[int, ...]]]] = []
        self.days: list[list[int]] = []
        for spec in specs:
            rows = sorted(
                (day, therapist_id, starts)
                for (therapist_id, day), starts in spec.candidates.items()
                if state.day_blocker(spec, therapist_id, day) is None
            )
            self.rows.append(rows)
            self.days.append([row[0] for row in rows])

    def within(self, k: int, lo: int, hi: int) -> list[tuple[int, str, tuple[int, ...]]]:
        """``(day, therapist, starts)`` open to session ``k`` (0-based) on the days from the
        one of ``lo`` to the one of ``hi``."""
        days = self.days[k]
        return self.rows[k][bisect_left(days, day_index(lo)) : bisect_right(days, day_index(hi))]


__all__ = ["OpenDays", "Reach", "fitting_starts"]
