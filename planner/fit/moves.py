"""Making room for a course by moving a few published sessions (``planner fit --allow-moves``).

Only sessions outside the freeze window (``--now``, ``--freeze-hours``, as for ``nightly``) and
never a pinned one may move, each to another slot its own course allows (the same therapist and
the nearest time first, keeping the gaps to its course's neighbours), at most ``limit`` of them.
The search is greedy: it tries each movable session that stands where the new course could go,
keeps the move that lets the longest prefix of the course fit, and repeats until the course fits
completely or the limit is reached.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from planner.fit.search import CourseSearch, Option
from planner.model import Booking, BookingState, CandidateBuilder, SessionSpec
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index, minutes_at
from planner.scenario.types import Scenario

SessionKey = tuple[str, int]
# Other slots tried per session in the way: the nearest few are where a move disturbs least.
ALTERNATIVES = 8


@dataclass(frozen=True)
class Move:
    """A published session moved to make room: where it was and where it goes."""

    course_id: str
    session: int
    therapist_id: str
    room_id: str
    start: int
    end: int
    to_therapist_id: str
    to_room_id: str
    to_start: int

    def moved(self, s: PlannedSession) -> PlannedSession:
        """``s`` (the published session) at its new place."""
        length = s.end - s.start
        return replace(
            s,
            therapist_id=self.to_therapist_id,
            room_id=self.to_room_id,
            start=self.to_start,
            end=self.to_start + length,
        )


@dataclass(frozen=True)
class MoveSearch:
    """Which published sessions may move (``movable``), how many at most (``limit``), and the
    earliest a moved session may start (``not_before``: the end of the freeze window)."""

    movable: frozenset[SessionKey]
    limit: int
    not_before: int = 0

    def run(
        self,
        scenario: Scenario,
        state: BookingState,
        specs: Sequence[SessionSpec],
        top: int,
    ) -> tuple[list[Option], dict[int, tuple[Move, ...]]]:
        """Options that fit once at most ``limit`` sessions moved, and the moves of each rank
        (all options share the moves). ``state`` is left as it was."""
        builder = CandidateBuilder(scenario)
        done: list[tuple[Booking, Move]] = []
        options: list[Option] = []
        try:
            while len(done) < self.limit:
                best = self._best_move(scenario, builder, state, specs, done)
                if best is None:
                    break
                done.append(best)
                options = CourseSearch(scenario, state, specs, top).run(complete_only=True)
                if options:
                    break
        finally:
            for booking, move in reversed(done):
                state.release((move.course_id, move.session))
                state.book(booking.spec, booking.therapist_id, booking.room_id, booking.start)
        if not options:
            return [], {}
        moves = tuple(move for _, move in done)
        return options, {rank: moves for rank in range(1, len(options) + 1)}

    def _in_the_way(self, state: BookingState, specs: Sequence[SessionSpec]) -> list[Booking]:
        """Movable bookings on a therapist-day the new course could use, or in a room it needs."""
        days = {key for spec in specs for key in spec.candidates}
        rooms = {room for spec in specs for room in spec.rooms}
        found = []
        for key, booking in sorted(state.booked.items()):
            if key not in self.movable:
                continue
            day = day_index(booking.start)
            room_day = booking.room_id in rooms and day in {d for _, d in days}
            if (booking.therapist_id, day) in days or room_day:
                found.append(booking)
        return found

    def _best_move(
        self,
        scenario: Scenario,
        builder: CandidateBuilder,
        state: BookingState,
        specs: Sequence[SessionSpec],
        done: list[tuple[Booking, Move]],
    ) -> tuple[Booking, Move] | None:
        """The move that lets the longest prefix of the course fit (ties: the first found),
        applied to ``state``; None if no move helps."""
        moved = {(m.course_id, m.session) for _, m in done}
        baseline = _longest(scenario, state, specs)
        best: tuple[int, Booking, Move] | None = None
        for booking in self._in_the_way(state, specs):
            if booking.spec.key in moved:
                continue
            for move in _relocations(scenario, builder, state, booking, self.not_before):
                reach = _longest(scenario, state, specs)
                _undo(state, booking, move)
                if reach > baseline and (best is None or reach > best[0]):
                    best = (reach, booking, move)
        if best is None:
            return None
        _, booking, move = best
        state.release(booking.spec.key)
        spec = builder.course_specs(booking.spec.course)[booking.spec.session - 1]
        state.book(spec, move.to_therapist_id, move.to_room_id, move.to_start)
        return booking, move


def _longest(scenario: Scenario, state: BookingState, specs: Sequence[SessionSpec]) -> int:
    """Sessions of the longest prefix of the course that fits now."""
    search = CourseSearch(scenario, state, specs, 1, budget=5_000)
    found = search.run(complete_only=True) or search.run(complete_only=False)
    return len(found[0].placements) if found else 0


def _undo(state: BookingState, booking: Booking, move: Move) -> None:
    state.release((move.course_id, move.session))
    state.book(booking.spec, booking.therapist_id, booking.room_id, booking.start)


def _relocations(
    scenario: Scenario,
    builder: CandidateBuilder,
    state: BookingState,
    booking: Booking,
    not_before: int,
) -> Iterator[Move]:
    """Up to :data:`ALTERNATIVES` other slots its course allows ``booking``, nearest first (the
    same therapist first). Each is booked in ``state`` while the caller looks at it; the caller
    puts ``booking`` back (:func:`_undo`) before asking for the next."""
    course = booking.spec.course
    spec = builder.course_specs(course)[booking.spec.session - 1]
    state.release(booking.spec.key)
    lo, hi, end_lo, end_hi = _gap_limits(scenario, state, booking)
    state.book(booking.spec, booking.therapist_id, booking.room_id, booking.start)
    lo = max(lo, not_before)
    choices = sorted(
        (therapist_id != booking.therapist_id, abs(start - booking.start), start, therapist_id)
        for (therapist_id, _day), starts in spec.candidates.items()
        for start in starts
        if lo <= start <= hi
        and end_lo <= start + spec.length <= end_hi
        and (start, therapist_id) != (booking.start, booking.therapist_id)
    )
    given = 0
    for _, _, start, therapist_id in choices:
        if given >= ALTERNATIVES:
            return
        state.release(booking.spec.key)
        room = None
        if state.therapist_blocker(spec, therapist_id, start) is None:
            room = state.free_room(spec, start)
        if room is None:
            state.book(booking.spec, booking.therapist_id, booking.room_id, booking.start)
            continue
        state.book(spec, therapist_id, room, start)
        given += 1
        yield Move(
            course.id,
            spec.session,
            booking.therapist_id,
            booking.room_id,
            booking.start,
            booking.end,
            therapist_id,
            room,
            start,
        )


def _gap_limits(
    scenario: Scenario, state: BookingState, booking: Booking
) -> tuple[int, int, int, int]:
    """Start and end limits the moved session's course neighbours leave it (hard rule 8)."""
    course = booking.spec.course
    min_gap, max_gap = scenario.gap_minutes(course)
    far = 10**9
    lo, hi, end_lo, end_hi = -far, far, -far, far
    before = state.booked.get((course.id, booking.spec.session - 1))
    anchor = before.end if before is not None else course.last_session_end
    if anchor is not None:
        lo = anchor + min_gap
        hi = far if max_gap is None else anchor + max_gap
    after = state.booked.get((course.id, booking.spec.session + 1))
    if after is not None:
        end_hi = after.start - min_gap
        end_lo = -far if max_gap is None else after.start - max_gap
    return lo, hi, end_lo, end_hi


def move_search(
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    limit: int,
    now: int,
    freeze_hours: float,
) -> MoveSearch | None:
    """The published sessions ``--allow-moves`` may move: those outside the freeze window
    ``[now, now + freeze_hours)`` (axis minutes), never a pinned one; None when ``limit`` is 0.
    """
    if limit <= 0:
        return None
    # The nightly job's freeze rules: what began or starts within the window stays.
    from planner.nightly.freeze import freeze_plan

    until = now + round(freeze_hours * 60)
    frozen = freeze_plan(scenario, sessions, now, until)
    keep = {(s.course_id, s.session) for s in frozen.kept}
    keep |= {(p.course_id, p.session) for p in scenario.pins}
    free = {(s.course_id, s.session) for s in sessions} - keep
    return MoveSearch(frozenset(free), limit, until)


def move_search_at(
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    limit: int,
    now: datetime,
    freeze_hours: float,
) -> MoveSearch | None:
    """:func:`move_search` with the spa's clock time ``now`` (to the minute) for the axis minute.

    Parameters
    ----------
    scenario
        The scenario the published plan was made for.
    sessions
        The published plan.
    limit
        How many published sessions may move at most (0: none, and None is returned).
    now
        The spa's time; seconds are ignored.
    freeze_hours
        Length of the freeze window that starts at ``now``.

    Returns
    -------
    MoveSearch or None
        The sessions that may move, or None when none may.
    """
    minute = minutes_at(scenario.settings.start, now.date(), now.hour * 60 + now.minute)
    return move_search(scenario, sessions, limit, minute, freeze_hours)


__all__ = ["Move", "MoveSearch", "move_search", "move_search_at"]
