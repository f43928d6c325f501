"""Course-level construction: book whole courses, one after the other, each session at its
earliest valid slot, backtracking a little where a later session of the course would not fit.

Each session booked adds its course's priority to the scheduled value, and only a prefix of a
course's sessions may be booked, so booking course by course (all of it, or the longest prefix
that fits) is what a good first plan does; session by session, across courses, leaves many
courses half booked.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from planner.model.first_plan.booking_state import BookingState
from planner.model.prune.session_specs import SessionSpec
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# Placements tried per course beyond the first path (earliest slot for every session): enough
# to move an earlier session a day later when that lets the next one fit.
BACKTRACK_PER_SESSION = 6


# A session's therapists and their starts, per day in day order.
DayChoices = list[tuple[int, list[tuple[str, tuple[int, ...]]]]]


@dataclass(frozen=True)
class Placement:
    """Where one session goes."""

    spec: SessionSpec
    therapist_id: str
    room_id: str
    start: int


def gap_window(
    scenario: Scenario, spec: SessionSpec, previous_end: int | None
) -> tuple[int, int | None]:
    """Earliest and latest start the previous session (or ``last_session_end``) leaves."""
    course = spec.course
    min_gap, max_gap = scenario.gap_minutes(course)
    anchor = previous_end if previous_end is not None else course.last_session_end
    if anchor is None:
        return 0, None
    return anchor + min_gap, (None if max_gap is None else anchor + max_gap)


def _end_window(
    state: BookingState, specs: Sequence[SessionSpec], k: int
) -> tuple[int, int] | None:
    """Earliest and latest end session ``k`` may have so that session ``k+1``, if it is booked
    already (a pin, a kept session), keeps its gaps; None if it is not booked."""
    if k + 1 >= len(specs):
        return None
    fixed = state.booked.get(specs[k + 1].key)
    if fixed is None:
        return None
    min_gap, max_gap = state.scenario.gap_minutes(specs[k].course)
    latest_end = fixed.start - min_gap
    earliest_end = fixed.start - max_gap if max_gap is not None else -(10**9)
    return earliest_end, latest_end


class CourseBooker:
    """Books the sessions of one course into a :class:`BookingState`.

    Parameters
    ----------
    state
        The state to book into; sessions already in it (pins, kept sessions) stay.
    backtrack
        Placements tried per session beyond the first path (each session at its earliest
        valid slot). 0 is the booking-system baseline: no second try.
    favour
        Whether to try the previous session's therapist, then the course's preferred one,
        before the earliest slot with anyone (continuity and the preferred therapist).
    """

    def __init__(
        self, state: BookingState, backtrack: int = BACKTRACK_PER_SESSION, favour: bool = True
    ) -> None:
        self.state = state
        self.scenario = state.scenario
        self.backtrack = backtrack
        self.favour = favour
        self._days: dict[
            int, tuple[object, list[tuple[int, list[tuple[str, tuple[int, ...]]]]]]
        ] = {}

    def _by_day(self, spec: SessionSpec) -> DayChoices:
        """The session's therapists and their starts, per day in order. Sessions that see the
        same days share one candidates dict, so the grouping is computed once per dict."""
        candidates = spec.candidates
        found = self._days.get(id(candidates))
        if found is None or found[0] is not candidates:
            per_day: dict[int, list[tuple[str, tuple[int, ...]]]] = {}
            for (therapist_id, day), starts in candidates.items():
                per_day.setdefault(day, []).append((therapist_id, starts))
            found = (candidates, sorted(per_day.items()))
            self._days[id(candidates)] = found
        return found[1]

    def day_choices(
        self, spec: SessionSpec, lo: int, hi: int | None, favour: Sequence[str]
    ) -> Iterator[Placement]:
        """Day by day: the earliest placement that fits with the most favoured therapist who
        can take the session that day, then the earliest placement that fits at all."""
        by_day = self._by_day(spec)
        # Days before ``lo``'s can't hold a start at ``lo`` or later, nor days after ``hi``'s
        # one before ``hi``: skipped without looking at their therapists.
        skip = bisect_left(by_day, day_index(lo), key=lambda entry: entry[0])
        last_day = None if hi is None else day_index(hi)
        for day, therapists in by_day[skip:] if skip else by_day:
            if last_day is not None and day > last_day:
                break
            lists = []
            for therapist_id, starts in therapists:
                if starts[-1] < lo or (hi is not None and starts[0] > hi):
                    continue
                a = bisect_left(starts, lo)
                b = len(starts) if hi is None else bisect_right(starts, hi)
                if a < b:
                    lists.append((therapist_id, starts, a, b))
            if not lists:
                continue
            first = self._earliest_fit(spec, lists)
            if first is None:
                continue
            for wanted in favour:
                own = [item for item in lists if item[0] == wanted]
                if not own:
                    continue
                if wanted != first.therapist_id:
                    favoured = self._earliest_fit(spec, own)
                    if favoured is not None:
                        yield favoured
                break
            yield first

    def _earliest_fit(
        self, spec: SessionSpec, lists: Sequence[tuple[str, tuple[int, ...], int, int]]
    ) -> Placement | None:
        """The earliest (start, therapist) of ``lists`` (one day) that fits; ties go to the
        first list. Busy periods are jumped over, not tried start by start."""
        state = self.state
        best: Placement | None = None
        for therapist_id, starts, a, b in lists:
            if state.day_blocker(spec, therapist_id, day_index(starts[a])) is not None:
                continue
            i = a
            while i < b:
                start = starts[i]
                if best is not None and start >= best.start:
                    break
                until = state.busy_until(spec, therapist_id, start)
                if until is not None:
                    i = bisect_left(starts, until, i + 1, b)
                    continue
                room_id = state.free_room(spec, start)
                if room_id is not None:
                    best = Placement(spec, therapist_id, room_id, start)
                    break
                i += 1
        return best

    def book(self, specs: Sequence[SessionSpec]) -> int:
        """Book the longest prefix of ``specs`` that the search finds.

        The first path tried books every session at its earliest valid slot (favoured
        therapists first); ``backtrack`` more placements per session may then be tried.

        Parameters
        ----------
        specs
            A course's sessions, in order; those booked already (such as pins) stay.

        Returns
        -------
        int
            How many sessions of the prefix are booked, those booked before included.
        """
        budget = [self.backtrack * len(specs)]
        best: list[Placement] = []
        path: list[Placement] = []
        self._search(specs, 0, path, best, budget, self.favour)
        for placement in best:
            if placement.spec.key not in self.state.booked:
                self.state.book(placement.spec, placement.therapist_id, placement.room_id,
                                placement.start)  # fmt: skip
        return len(best)

    def _search(
        self,
        specs: Sequence[SessionSpec],
        k: int,
        path: list[Placement],
        best: list[Placement],
        budget: list[int],
        favour_continuity: bool,
    ) -> bool:
        """Depth first from session ``k``; ``best`` keeps the longest path. True when complete."""
        if len(path) > len(best):
            best[:] = path
        if k == len(specs):
            return True
        spec = specs[k]
        booking = self.state.booked.get(spec.key)
        if booking is not None:  # a pin, or a session kept from a reference plan
            path.append(Placement(spec, booking.therapist_id, booking.room_id, booking.start))
            done = self._search(specs, k + 1, path, best, budget, favour_continuity)
            path.pop()
            return done
        previous_end = path[-1].start + path[-1].spec.length if path else None
        lo, hi = gap_window(self.scenario, spec, previous_end)
        pin_window = _end_window(self.state, specs, k)
        favour = self._favour(spec, path) if favour_continuity else []
        for placement in self.day_choices(spec, lo, hi, favour):
            end = placement.start + spec.length
            if pin_window is not None and not pin_window[0] <= end <= pin_window[1]:
                continue
            self.state.book(spec, placement.therapist_id, placement.room_id, placement.start)
            path.append(placement)
            done = self._search(specs, k + 1, path, best, budget, favour_continuity)
            path.pop()
            self.state.release(spec.key)
            if done:
                return True
            budget[0] -= 1
            if budget[0] <= 0:
                return False
        return False

    @staticmethod
    def _favour(spec: SessionSpec, path: list[Placement]) -> list[str]:
        """The previous session's therapist (continuity), then the preferred therapist."""
        favour: list[str] = []
        if path:
            favour.append(path[-1].therapist_id)
        preferred = spec.course.preferred_therapist
        if preferred is not None and preferred not in favour:
            favour.append(preferred)
        return favour


def book_pins(state: BookingState, specs: dict[str, list[SessionSpec]]) -> None:
    """Book every pinned session first, as the rules demand (pins are validated on loading)."""
    for course_specs in specs.values():
        for spec in course_specs:
            if spec.pin is not None:
                state.book(spec, spec.pin.therapist_id, spec.pin.room_id, spec.pin.start)


def construct(
    state: BookingState,
    specs: dict[str, list[SessionSpec]],
    order: Sequence[str],
    booker: CourseBooker | None = None,
) -> BookingState:
    """The courses of ``order`` booked one by one into ``state``, each as far as it goes."""
    booker = booker or CourseBooker(state)
    for course_id in order:
        booker.book(specs[course_id])
    return state
