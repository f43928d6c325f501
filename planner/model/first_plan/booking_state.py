"""What is booked so far, with every count a hard rule limits: the state every construction and
local search of the model shares.

A :class:`BookingState` answers "may this session go there?" against what is already booked in
logarithmic time, and books or releases sessions. Together with the pruned choices of
:mod:`planner.model.prune.session_specs` (which settle every rule a session obeys on its own) it
keeps all twelve hard rules, so a plan built through it needs no repair.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from planner.model.prune.session_specs import SessionKey, SessionSpec
from planner.plan import PlannedSession
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# Work a free-room search counts, in placements tried: what a booking that follows costs, so
# that the count follows the time the local search takes (least squares on one- and two-week
# spas: 1.8 µs a placement tried, 9.8 µs a room search; 2026-12-02).
ROOM_WORK = 5


@dataclass
class Timeline:
    """Busy periods ``[start, end)`` of one resource, sorted and never overlapping."""

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` overlaps no busy period."""
        i = bisect_left(self.starts, end)
        return i == 0 or self.ends[i - 1] <= start

    def add(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def remove(self, start: int, end: int) -> None:
        i = bisect_left(self.starts, start)
        while self.ends[i] != end or self.starts[i] != start:
            i += 1
        del self.starts[i]
        del self.ends[i]


@dataclass(frozen=True)
class Booking:
    """One booked session: its spec and where it went.

    Attributes
    ----------
    spec
        The session.
    therapist_id, room_id
        Who gives it and where.
    start
        Its start, in axis minutes; :attr:`end` adds the spec's length.
    """

    spec: SessionSpec
    therapist_id: str
    room_id: str
    start: int

    @property
    def end(self) -> int:
        return self.start + self.spec.length


def _copied(table: dict[str, Timeline]) -> dict[str, Timeline]:
    return {key: Timeline(list(t.starts), list(t.ends)) for key, t in table.items()}


def _bump(counter: dict[tuple[str, int], int], key: tuple[str, int], by: int) -> None:
    value = counter.get(key, 0) + by
    if value:
        counter[key] = value
    else:
        counter.pop(key, None)


class BookingState:
    """Sessions booked so far and the load they put on therapists, rooms and clients.

    It answers "may this session go there?" for every hard rule that involves more than one
    session (overlaps with turnover, daily and weekly limits, the client's daily limit); the
    rules a session obeys on its own are settled by pruning, so a caller picks among a
    :class:`SessionSpec`'s options and asks :meth:`therapist_blocker` and :meth:`room_free`
    (or :meth:`free_room`) before :meth:`book`. Gaps between a course's sessions are the
    caller's to keep.

    Parameters
    ----------
    scenario
        The scenario the sessions belong to.

    Attributes
    ----------
    booked
        (course id, session) -> its :class:`Booking`.
    value
        The scheduled value of what is booked (sum of the sessions' priorities).
    work
        Placements tried so far: the deterministic measure of the local search's work.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        settings = scenario.settings
        self.turnover = settings.turnover_minutes
        self.client_limit = settings.client_max_sessions_per_day
        self.therapists = scenario.therapist_by_id
        self.therapist: dict[str, Timeline] = {}
        self.room: dict[str, Timeline] = {}
        self.client: dict[str, Timeline] = {}
        self.day_count: dict[tuple[str, int], int] = {}
        self.deep_count: dict[tuple[str, int], int] = {}
        self.week_minutes: dict[tuple[str, int], int] = {}
        self.client_day: dict[tuple[str, int], int] = {}
        self.booked: dict[SessionKey, Booking] = {}
        self.course_count: dict[str, int] = {}
        self.value = 0
        # Placements tried (and rooms looked for, see ROOM_WORK) so far: the local search's
        # deterministic measure of work.
        self.work = 0

    def copy(self, scenario: Scenario | None = None) -> BookingState:
        """An independent copy: booking into it leaves this state as it is (a warm front desk
        keeps one state of the published plan and searches each request in its own copy).

        Parameters
        ----------
        scenario
            The scenario the copy answers for (None: this state's); it must have the same
            settings and therapists, such as this one with a course or a client added.
        """
        out = BookingState.__new__(BookingState)
        out.__dict__.update(self.__dict__)
        if scenario is not None:
            out.scenario = scenario
        out.therapist = _copied(self.therapist)
        out.room = _copied(self.room)
        out.client = _copied(self.client)
        out.day_count = dict(self.day_count)
        out.deep_count = dict(self.deep_count)
        out.week_minutes = dict(self.week_minutes)
        out.client_day = dict(self.client_day)
        out.booked = dict(self.booked)
        out.course_count = dict(self.course_count)
        return out

    def _timeline(self, table: dict[str, Timeline], key: str) -> Timeline:
        found = table.get(key)
        if found is None:
            found = table[key] = Timeline()
        return found

    def day_blocker(self, spec: SessionSpec, therapist_id: str, day: int) -> str | None:
        """The first per-day or per-week limit that booking ``spec`` with this therapist on
        ``day`` would break, or None.

        Codes: ``therapist_day``, ``deep_day``, ``therapist_week``, ``client_day``.
        """
        therapist = self.therapists[therapist_id]
        if self.day_count.get((therapist_id, day), 0) >= therapist.max_sessions_per_day:
            return "therapist_day"
        if (
            spec.deep
            and therapist.max_deep_per_day is not None
            and self.deep_count.get((therapist_id, day), 0) >= therapist.max_deep_per_day
        ):
            return "deep_day"
        if therapist.max_minutes_per_week is not None:
            used = self.week_minutes.get((therapist_id, self.scenario.settings.week_of(day)), 0)
            if used + spec.length > therapist.max_minutes_per_week:
                return "therapist_week"
        if self.client_day.get((spec.client_id, day), 0) >= self.client_limit:
            return "client_day"
        return None

    def busy_until(self, spec: SessionSpec, therapist_id: str, start: int) -> int | None:
        """None if the therapist and the client are both free for ``spec`` at ``start``; else
        the time the period in the way ends (no start before it can fit either)."""
        self.work += 1
        end = start + spec.length
        for timeline, until in (
            (self.therapist.get(therapist_id), end + self.turnover),
            (self.client.get(spec.client_id), end),
        ):
            if timeline is None:
                continue
            i = bisect_left(timeline.starts, until)
            if i and timeline.ends[i - 1] > start:
                return timeline.ends[i - 1]
        return None

    def therapist_blocker(self, spec: SessionSpec, therapist_id: str, start: int) -> str | None:
        """The first rule that booking ``spec`` with this therapist at ``start`` would break,
        rooms aside, or None: a :meth:`day_blocker` code, ``therapist_busy`` or
        ``client_busy``."""
        code = self.day_blocker(spec, therapist_id, day_index(start))
        if code is not None:
            return code
        end = start + spec.length
        if not self._timeline(self.therapist, therapist_id).free(start, end + self.turnover):
            return "therapist_busy"
        if not self._timeline(self.client, spec.client_id).free(start, end):
            return "client_busy"
        return None

    def room_free(self, spec: SessionSpec, room_id: str, start: int) -> bool:
        """True if the room is open for ``spec`` at ``start`` and not booked then."""
        busy_end = start + spec.length + self.turnover
        return spec.room_allows(room_id, start) and self._timeline(self.room, room_id).free(
            start, busy_end
        )

    def free_room(self, spec: SessionSpec, start: int) -> str | None:
        """The first equipped room free for ``spec`` at ``start``, or None (the hot loop of
        every construction: written out rather than through :meth:`room_free`)."""
        self.work += ROOM_WORK
        end = start + spec.length + self.turnover
        rooms = self.room
        for room_id, closed in spec.rooms.items():
            if closed and start in closed:
                continue
            timeline = rooms.get(room_id)
            if timeline is None:
                return room_id
            i = bisect_left(timeline.starts, end)
            if i == 0 or timeline.ends[i - 1] <= start:
                return room_id
        return None

    def book(self, spec: SessionSpec, therapist_id: str, room_id: str, start: int) -> None:
        """Book ``spec`` there (the caller has checked that it fits)."""
        self._apply(Booking(spec, therapist_id, room_id, start), +1)

    def release(self, key: SessionKey) -> Booking:
        """Take a booked session out again; returns where it was."""
        booking = self.booked[key]
        self._apply(booking, -1)
        return booking

    def _apply(self, booking: Booking, sign: int) -> None:
        spec = booking.spec
        start, end = booking.start, booking.end
        busy_end = end + self.turnover
        day = day_index(start)
        timelines = (
            (self._timeline(self.therapist, booking.therapist_id), busy_end),
            (self._timeline(self.room, booking.room_id), busy_end),
            (self._timeline(self.client, spec.client_id), end),
        )
        for timeline, until in timelines:
            if sign > 0:
                timeline.add(start, until)
            else:
                timeline.remove(start, until)
        _bump(self.day_count, (booking.therapist_id, day), sign)
        _bump(self.client_day, (spec.client_id, day), sign)
        if spec.deep:
            _bump(self.deep_count, (booking.therapist_id, day), sign)
        week = (booking.therapist_id, self.scenario.settings.week_of(day))
        _bump(self.week_minutes, week, sign * spec.length)
        self.value += sign * spec.priority
        course_id = spec.course.id
        self.course_count[course_id] = self.course_count.get(course_id, 0) + sign
        if sign > 0:
            self.booked[spec.key] = booking
        else:
            del self.booked[spec.key]

    def load(self, sessions: list[PlannedSession], spec_of: dict[SessionKey, SessionSpec]) -> None:
        """Book ``sessions`` (a valid plan of the same scenario) as they are."""
        for s in sessions:
            self.book(spec_of[(s.course_id, s.session)], s.therapist_id, s.room_id, s.start)

    def planned(self) -> list[PlannedSession]:
        """The booked sessions as planned sessions."""
        scenario = self.scenario
        out = []
        for booking in self.booked.values():
            course = booking.spec.course
            out.append(
                PlannedSession(
                    course_id=course.id,
                    session=booking.spec.session,
                    client_id=course.client_id,
                    treatment_id=course.treatment_id,
                    therapist_id=booking.therapist_id,
                    room_id=booking.room_id,
                    start=booking.start,
                    end=booking.end,
                    caution=caution_on(scenario, course, day_index(booking.start)),
                )
            )
        return out


def spec_of_session(scenario: Scenario, s: PlannedSession) -> SessionSpec:
    """A booked session as the booking state needs it: its course, length and limits (its
    choices are not needed once it is booked)."""
    course = scenario.course_by_id[s.course_id]
    return SessionSpec(
        course=course,
        session=s.session,
        length=s.end - s.start,
        priority=course.priority,
        deep=scenario.treatment_of(course).deep,
        candidates={},
        rooms={},
    )
