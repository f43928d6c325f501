"""Greedy "earliest free slot" booking.

Two uses: the booking-system baseline of the benchmarks (courses in file order, each session at
its earliest free slot — what a receptionist does) and a complete first plan that the CP-SAT model
receives as a hint (courses by value and scarcity, continuity and preferences favoured).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field

from planner.model.candidates import SessionKey, SessionSpec
from planner.plan import PlannedSession
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario


@dataclass
class _Timeline:
    """Busy intervals of one resource, kept sorted and non-overlapping."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)
        return i == 0 or self.ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


@dataclass
class BookingState:
    """What is booked so far, with every count a hard rule limits."""

    scenario: Scenario
    therapist: dict[str, _Timeline] = field(default_factory=dict)
    room: dict[str, _Timeline] = field(default_factory=dict)
    client: dict[str, _Timeline] = field(default_factory=dict)
    day_count: dict[tuple[str, int], int] = field(default_factory=dict)
    deep_count: dict[tuple[str, int], int] = field(default_factory=dict)
    week_minutes: dict[tuple[str, int], int] = field(default_factory=dict)
    client_day: dict[tuple[str, int], int] = field(default_factory=dict)
    booked: dict[SessionKey, PlannedSession] = field(default_factory=dict)

    def week_of(self, day: int) -> int:
        return (self.scenario.settings.start.weekday() + day) // 7

    def therapist_blocker(self, spec: SessionSpec, therapist_id: str, start: int) -> str | None:
        """The first rule that booking ``spec`` with this therapist at ``start`` would break,
        rooms aside, or None.

        Codes: ``therapist_day``, ``deep_day``, ``therapist_week``, ``client_day``,
        ``therapist_busy``, ``client_busy``.
        """
        scenario = self.scenario
        settings = scenario.settings
        end = start + spec.length
        day = day_index(start)
        therapist = scenario.therapist_by_id[therapist_id]
        if self.day_count.get((therapist_id, day), 0) >= therapist.max_sessions_per_day:
            return "therapist_day"
        if (
            spec.deep
            and therapist.max_deep_per_day is not None
            and self.deep_count.get((therapist_id, day), 0) >= therapist.max_deep_per_day
        ):
            return "deep_day"
        if therapist.max_minutes_per_week is not None:
            used = self.week_minutes.get((therapist_id, self.week_of(day)), 0)
            if used + spec.length > therapist.max_minutes_per_week:
                return "therapist_week"
        client = spec.client_id
        if self.client_day.get((client, day), 0) >= settings.client_max_sessions_per_day:
            return "client_day"
        if not self.therapist.setdefault(therapist_id, _Timeline()).free(
            start, end + settings.turnover_minutes
        ):
            return "therapist_busy"
        if not self.client.setdefault(client, _Timeline()).free(start, end):
            return "client_busy"
        return None

    def room_free(self, spec: SessionSpec, room_id: str, start: int) -> bool:
        """True if the room is open for ``spec`` at ``start`` and not booked then."""
        busy_end = start + spec.length + self.scenario.settings.turnover_minutes
        return spec.room_allows(room_id, start) and self.room.setdefault(room_id, _Timeline()).free(
            start, busy_end
        )

    def blocker(self, spec: SessionSpec, therapist_id: str, room_id: str, start: int) -> str | None:
        """The first rule booking ``spec`` there would break (``room_busy`` for the room)."""
        found = self.therapist_blocker(spec, therapist_id, start)
        if found is None and not self.room_free(spec, room_id, start):
            return "room_busy"
        return found

    def fits(self, spec: SessionSpec, therapist_id: str, room_id: str, start: int) -> bool:
        """True if booking ``spec`` there breaks no rule against what is booked."""
        return self.blocker(spec, therapist_id, room_id, start) is None

    def book(self, spec: SessionSpec, therapist_id: str, room_id: str, start: int) -> None:
        scenario = self.scenario
        end = start + spec.length
        day = day_index(start)
        busy_end = end + scenario.settings.turnover_minutes
        self.therapist.setdefault(therapist_id, _Timeline()).add(start, busy_end)
        self.room.setdefault(room_id, _Timeline()).add(start, busy_end)
        self.client.setdefault(spec.client_id, _Timeline()).add(start, end)
        for counter, key in (
            (self.day_count, (therapist_id, day)),
            (self.client_day, (spec.client_id, day)),
        ):
            counter[key] = counter.get(key, 0) + 1
        if spec.deep:
            self.deep_count[(therapist_id, day)] = self.deep_count.get((therapist_id, day), 0) + 1
        week = (therapist_id, self.week_of(day))
        self.week_minutes[week] = self.week_minutes.get(week, 0) + spec.length
        course = spec.course
        self.booked[spec.key] = PlannedSession(
            course_id=course.id,
            session=spec.session,
            client_id=course.client_id,
            treatment_id=course.treatment_id,
            therapist_id=therapist_id,
            room_id=room_id,
            start=start,
            end=end,
            caution=caution_on(scenario, course, day),
        )


def gap_window(
    scenario: Scenario, spec: SessionSpec, previous: PlannedSession | None
) -> tuple[int, int | None]:
    """Earliest and latest start the previous session (or last_session_end) leaves."""
    course = spec.course
    min_gap, max_gap = scenario.gap_minutes(course)
    anchor = previous.end if previous is not None else course.last_session_end
    if anchor is None:
        return 0, None
    return anchor + min_gap, (None if max_gap is None else anchor + max_gap)


def _candidates(
    spec: SessionSpec, lo: int, hi: int | None, therapist_order: list[str]
) -> Iterator[tuple[int, str]]:
    """(start, therapist) choices from ``lo`` on, earliest first, favoured therapists first.

    Day by day, so that a session that fits early never sorts the whole horizon's choices
    (a resort spa has thousands per session).
    """
    rank = {t: i for i, t in enumerate(therapist_order)}
    by_day: dict[int, list[tuple[str, tuple[int, ...]]]] = {}
    for (therapist_id, day), starts in spec.options.items():
        if starts[-1] >= lo and (hi is None or starts[0] <= hi):
            by_day.setdefault(day, []).append((therapist_id, starts))
    for day in sorted(by_day):
        pairs = [
            (start, therapist_id)
            for therapist_id, starts in by_day[day]
            for start in starts[bisect_left(starts, lo) :]
            if hi is None or start <= hi
        ]
        pairs.sort(key=lambda p: (p[0], rank.get(p[1], len(rank)), p[1]))
        yield from pairs


def _book_session(
    state: BookingState,
    spec: SessionSpec,
    previous: PlannedSession | None,
    next_pin_start: int | None,
    favour: list[str],
) -> bool:
    scenario = state.scenario
    lo, hi = gap_window(scenario, spec, previous)
    min_gap, max_gap = scenario.gap_minutes(spec.course)
    for start, therapist_id in _candidates(spec, lo, hi, favour):
        end = start + spec.length
        if next_pin_start is not None and (
            end + min_gap > next_pin_start
            or (max_gap is not None and next_pin_start - end > max_gap)
        ):
            continue
        if state.therapist_blocker(spec, therapist_id, start) is not None:
            continue
        for room_id in spec.rooms:
            if state.room_free(spec, room_id, start):
                state.book(spec, therapist_id, room_id, start)
                return True
    return False


def book_pins(state: BookingState, specs: dict[str, list[SessionSpec]]) -> None:
    """Book every pinned session first, as the rules demand, without checking them."""
    for course_specs in specs.values():
        for spec in course_specs:
            if spec.pin is not None:
                state.book(spec, spec.pin.therapist_id, spec.pin.room_id, spec.pin.start)


def book_course(state: BookingState, course_specs: list[SessionSpec], smart: bool) -> None:
    """Book sessions 1, 2, ... of one course until one does not fit (prefix rule)."""
    previous: PlannedSession | None = None
    for position, spec in enumerate(course_specs):
        if spec.pin is not None:
            previous = state.booked[spec.key]
            continue
        next_pin = next((s.pin for s in course_specs[position + 1 :] if s.pin is not None), None)
        favour: list[str] = []
        if smart:
            if previous is not None:
                favour.append(previous.therapist_id)
            preferred = spec.course.preferred_therapist
            if preferred is not None and preferred not in favour:
                favour.append(preferred)
        direct_pin = None
        if next_pin is not None and next_pin.session == spec.session + 1:
            direct_pin = next_pin.start
        if not _book_session(state, spec, previous, direct_pin, favour):
            return
        previous = state.booked[spec.key]


def greedy_plan(
    scenario: Scenario, specs: dict[str, list[SessionSpec]], smart: bool = True
) -> list[PlannedSession]:
    """Book sessions one by one at their earliest free slot.

    Parameters
    ----------
    scenario
        The scenario.
    specs
        Pruned session choices from :func:`planner.model.candidates.build_specs`.
    smart
        False: courses in file order, any therapist (a booking system's behaviour). True:
        valuable and hard-to-place courses first, the previous session's therapist and the
        preferred therapist tried first.

    Returns
    -------
    list of PlannedSession
        Pinned sessions and every session booked. A course whose pinned session could not be
        reached by its earlier sessions leaves an incomplete prefix: callers check the plan.
    """
    state = BookingState(scenario)
    book_pins(state, specs)
    order = list(scenario.courses)
    if smart:

        def scarcity(course_id: str) -> int:
            first = specs[course_id][0] if specs[course_id] else None
            return 0 if first is None else sum(len(v) for v in first.options.values())

        order.sort(key=lambda c: (-c.priority, scarcity(c.id)))
    for course in order:
        book_course(state, specs[course.id], smart)
    return list(state.booked.values())
