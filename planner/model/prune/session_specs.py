"""Pruning: for every session, the (therapist, day, start) and (room) choices the unary rules allow.

Everything a single session can be checked against on its own — specialty, equipment, shifts,
opening hours, room closures, client availability, contraindications by date, the slot grid,
earliest / latest and the earliest start its predecessors leave — is settled here, before any
variable exists. The CP-SAT model then only sees choices that are possible, which is what keeps
it small (a plain model of every (session, therapist, room, start) drowns in impossible pairs).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace

from planner.model.prune.grid import Windows, grid_starts, intersect
from planner.scenario.medical import blocked_days
from planner.scenario.timeaxis import MINUTES_PER_DAY, day_index
from planner.scenario.types import Course, Pin, Room, Scenario, Therapist

SessionKey = tuple[str, int]
TherapistDay = tuple[str, int]


@dataclass(frozen=True)
class SessionSpec:
    """One session of a course and every choice the unary rules leave it.

    Attributes
    ----------
    course, session
        The course and the session's number in it, from 1.
    length
        Booked minutes, the first session's assessment included.
    priority
        The value the session adds when booked (its course's priority).
    deep
        True for a deep treatment (it counts towards a therapist's daily deep limit).
    candidates
        (therapist, day) -> the sorted axis minutes the session may start at there; empty when
        nothing is possible.
    rooms
        Each equipped room -> the starts its closures forbid (mostly empty); empty when
        ``candidates`` is.
    preferred_starts
        The starts inside the client's preferred times; None when the client has none.
    pin
        The pin, for a pinned session (then a single candidate and a single room).
    notes
        Why choices were cut, for the explanations of unscheduled sessions.
    """

    course: Course
    session: int
    length: int
    priority: int
    deep: bool
    candidates: dict[TherapistDay, tuple[int, ...]]
    rooms: dict[str, frozenset[int]]
    preferred_starts: frozenset[int] | None = None
    pin: Pin | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> SessionKey:
        return (self.course.id, self.session)

    @property
    def client_id(self) -> str:
        return self.course.client_id

    def starts(self) -> list[int]:
        """All starts any option allows, sorted."""
        return sorted({s for starts in self.candidates.values() for s in starts})

    def room_allows(self, room_id: str, start: int) -> bool:
        forbidden = self.rooms.get(room_id)
        return forbidden is not None and start not in forbidden


@dataclass(frozen=True)
class _CourseContext:
    window: tuple[int, int]
    blocked: frozenset[int]
    availability: Windows | None
    preferred: Windows | None


class CandidateBuilder:
    """Computes :class:`SessionSpec` for every session of a scenario (shared per-scenario work
    such as shift windows is done once).

    Parameters
    ----------
    scenario
        A validated scenario.

    Attributes
    ----------
    work
        (therapist, day) -> the sorted periods the therapist works that day, cut to opening
        hours: what the relaxation, the capacity cuts and the explanations count on.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        settings = scenario.settings
        self.slot = settings.slot_minutes
        self.opening: dict[int, tuple[int, int]] = {}
        for day in range(settings.days):
            hours = settings.opening(day)
            if hours is not None:
                self.opening[day] = hours
        # Shift pieces cut to opening hours, per therapist and day.
        self.work: dict[TherapistDay, Windows] = {}
        for therapist in scenario.therapists:
            for shift in scenario.shifts_by_therapist.get(therapist.id, ()):
                day = day_index(shift.start)
                if day not in self.opening:
                    continue
                o_lo, o_hi = self.opening[day]
                lo, hi = max(shift.start, o_lo), min(shift.end, o_hi)
                if lo < hi:
                    self.work.setdefault((therapist.id, day), []).append((lo, hi))
        for windows in self.work.values():
            windows.sort()
        self._cache: dict[tuple[str, int, int, int, int, str | None], tuple[int, ...]] = {}
        self._candidates_cache: dict[tuple[object, ...], dict[TherapistDay, tuple[int, ...]]] = {}
        self._closed_cache: dict[tuple[str, int], frozenset[int]] = {}
        # Working therapist-days per specialty, in day order.
        self._skill_days: dict[str, list[tuple[str, int, Windows]]] = {}
        for (therapist_id, day), windows in sorted(self.work.items(), key=lambda i: i[0][1]):
            for specialty in scenario.therapist_by_id[therapist_id].specialties:
                self._skill_days.setdefault(specialty, []).append((therapist_id, day, windows))

    def _context(self, course: Course) -> _CourseContext:
        scenario = self.scenario
        rows = scenario.availability_by_client.get(course.client_id)
        availability = sorted((a.start, a.end) for a in rows) if rows else None
        preferred_rows = [(a.start, a.end) for a in rows or () if a.preferred]
        return _CourseContext(
            window=scenario.course_window(course),
            blocked=frozenset(blocked_days(scenario, course)),
            availability=availability,
            preferred=sorted(preferred_rows) if preferred_rows else None,
        )

    def course_specs(self, course: Course) -> list[SessionSpec]:
        """Specs of sessions 1..n of ``course`` in order.

        Parameters
        ----------
        course
            A course of the builder's scenario.

        Returns
        -------
        list[SessionSpec]
            One spec per session, in order. A session that no choice is left for has empty
            ``options``, and so has every later one (sessions are booked in order).
        """
        scenario = self.scenario
        treatment = scenario.treatment_of(course)
        ctx = self._context(course)
        therapists = [t for t in scenario.therapists if treatment.specialty in t.specialties]
        rooms = [r for r in scenario.rooms if treatment.equipment <= r.equipment]
        pins = scenario.pins_by_course.get(course.id, {})
        min_gap, max_gap = scenario.gap_minutes(course)
        # Earliest start each session can have, given the sessions before it.
        earliest = ctx.window[0]
        latest_first: int | None = None
        if course.last_session_end is not None:
            earliest = max(earliest, course.last_session_end + min_gap)
            if max_gap is not None:
                latest_first = course.last_session_end + max_gap
        specs: list[SessionSpec] = []
        latest_start = latest_first
        previous: tuple[list[int], int] | None = None  # the previous session's starts, length
        for k in range(1, course.sessions + 1):
            length = scenario.session_length(course, k)
            pin = pins.get(k)
            if pin is not None:
                spec = self._pinned_spec(course, k, length, pin, ctx)
            else:
                spec = self._free_spec(
                    course, k, length, ctx, therapists, rooms, earliest, latest_start
                )
                if max_gap is not None and previous is not None:
                    spec = reachable_only(spec, *previous, min_gap, max_gap)
            specs.append(spec)
            starts = spec.starts()
            previous = (starts, length)
            if not starts:
                # Later sessions can't be booked either (prefix rule); still give them specs
                # with no candidates so that explanations can name the cause.
                earliest = scenario.settings.horizon_minutes
                continue
            earliest = starts[0] + length + min_gap
            latest_start = None if max_gap is None else starts[-1] + length + max_gap
        return specs

    def _pinned_spec(
        self, course: Course, k: int, length: int, pin: Pin, ctx: _CourseContext
    ) -> SessionSpec:
        treatment = self.scenario.treatment_of(course)
        return SessionSpec(
            course=course,
            session=k,
            length=length,
            priority=course.priority,
            deep=treatment.deep,
            candidates={(pin.therapist_id, day_index(pin.start)): (pin.start,)},
            rooms={pin.room_id: frozenset()},
            preferred_starts=self._preferred(ctx, length, [pin.start]),
            pin=pin,
        )

    def _free_spec(
        self,
        course: Course,
        k: int,
        length: int,
        ctx: _CourseContext,
        therapists: list[Therapist],
        rooms: list[Room],
        earliest: int,
        latest_start: int | None,
    ) -> SessionSpec:
        scenario = self.scenario
        treatment = scenario.treatment_of(course)
        lo = earliest
        hi = ctx.window[1]
        if latest_start is not None:
            hi = min(hi, latest_start + length)
        candidates = (
            self._candidate_starts(course, treatment.specialty, length, ctx, lo, hi)
            if lo < hi
            else {}
        )
        room_forbidden = {room.id: self._closed(room.id, length) for room in rooms}
        if not room_forbidden:
            candidates = {}
        elif all(room_forbidden.values()):
            # Starts at which every equipped room is closed can't be booked.
            closed_everywhere = frozenset.intersection(*room_forbidden.values())
            candidates = {
                key: kept
                for key, starts in candidates.items()
                if (kept := tuple(s for s in starts if s not in closed_everywhere))
            }
        preferred = None
        if ctx.preferred is not None:
            preferred = self._preferred(
                ctx, length, sorted({s for v in candidates.values() for s in v})
            )
        return SessionSpec(
            course=course,
            session=k,
            length=length,
            priority=course.priority,
            deep=treatment.deep,
            candidates=candidates,
            rooms=room_forbidden if candidates else {},
            preferred_starts=preferred,
        )

    def _candidate_starts(
        self, course: Course, specialty: str, length: int, ctx: _CourseContext, lo: int, hi: int
    ) -> dict[TherapistDay, tuple[int, ...]]:
        """(therapist, day) -> starts; sessions that see the same days share one dict."""
        client = course.client_id if ctx.availability is not None else None
        key = (specialty, length, lo, hi, client, ctx.blocked)
        found = self._candidates_cache.get(key)
        if found is not None:
            return found
        candidates: dict[TherapistDay, tuple[int, ...]] = {}
        first, last = day_index(lo), min(self.scenario.settings.days - 1, day_index(hi - 1))
        for therapist_id, day, windows in self._skill_days.get(specialty, ()):
            if day < first or day > last or day in ctx.blocked:
                continue
            starts = self._starts(therapist_id, day, windows, ctx, course, length, lo, hi)
            if starts:
                candidates[(therapist_id, day)] = starts
        self._candidates_cache[key] = candidates
        return candidates

    def _closed(self, room_id: str, length: int) -> frozenset[int]:
        """Grid starts at which a session of ``length`` would overlap a closure of the room."""
        key = (room_id, length)
        found = self._closed_cache.get(key)
        if found is None:
            starts: set[int] = set()
            for closure in self.scenario.closures_by_room.get(room_id, ()):
                starts.update(
                    s
                    for s in range(closure.start - length + 1, closure.end)
                    if (s % MINUTES_PER_DAY) % self.slot == 0
                )
            found = frozenset(starts)
            self._closed_cache[key] = found
        return found

    def _starts(
        self,
        therapist_id: str,
        day: int,
        windows: Windows,
        ctx: _CourseContext,
        course: Course,
        length: int,
        lo: int,
        hi: int,
    ) -> tuple[int, ...]:
        """Grid starts on one therapist-day, shared between sessions that see the same day.

        Most sessions see a therapist's day whole, so one tuple serves them all: a resort
        spa's millions of choices then cost memory once per distinct day, not per session.
        """
        # Rows may nest (09:00-18:00 and 10:00-11:00): the day ends with the row that ends last,
        # not with the last row by start.
        lo = max(lo, min(w_lo for w_lo, _ in windows))
        hi = min(hi, max(w_hi for _, w_hi in windows))
        if hi - lo < length:
            return ()
        client = course.client_id if ctx.availability is not None else None
        key = (therapist_id, day, length, lo, hi, client)
        found = self._cache.get(key)
        if found is None:
            if ctx.availability is not None:
                windows = intersect(windows, ctx.availability)
            found = tuple(grid_starts(windows, length, self.slot, lo, hi))
            self._cache[key] = found
        return found

    @staticmethod
    def _preferred(ctx: _CourseContext, length: int, starts: list[int]) -> frozenset[int] | None:
        if ctx.preferred is None:
            return None
        inside: set[int] = set()
        for lo, hi in ctx.preferred:
            a = bisect_left(starts, lo)
            b = bisect_right(starts, hi - length)
            inside.update(starts[a:b])
        return frozenset(inside)


def bookable_prefix(course_specs: list[SessionSpec]) -> list[SessionSpec]:
    """Sessions 1..k of a course's specs (in order) that have at least one possible slot:
    those before the first without one (the prefix rule)."""
    out: list[SessionSpec] = []
    for spec in course_specs:
        if not spec.candidates:
            break
        out.append(spec)
    return out


def reachable_only(
    spec: SessionSpec, before: list[int], length: int, min_gap: int, max_gap: int
) -> SessionSpec:
    """``spec`` with only the starts that some start in ``before`` (the previous session's,
    sorted, of ``length`` minutes) reaches within the gaps.

    Between the earliest and the latest start of the previous session there may be holes (the
    client's availability, closed days): with a longest gap, a start inside the hull of reach
    may still be out of reach of every actual start, and no plan can use it.
    """

    def reached(start: int) -> bool:
        i = bisect_right(before, start - length - min_gap) - 1
        return i >= 0 and before[i] >= start - length - max_gap

    candidates: dict[TherapistDay, tuple[int, ...]] = {}
    changed = False
    for key, starts in spec.candidates.items():
        kept = tuple(s for s in starts if reached(s))
        changed = changed or len(kept) != len(starts)
        if kept:
            candidates[key] = kept
    if not changed:
        return spec
    return replace(spec, candidates=candidates, rooms=spec.rooms if candidates else {})


def build_specs(scenario: Scenario) -> dict[str, list[SessionSpec]]:
    """Specs of every session of every course, by course id, in the scenario's course order.

    Parameters
    ----------
    scenario
        A validated scenario.

    Returns
    -------
    dict[str, list[SessionSpec]]
        Course id -> :meth:`CandidateBuilder.course_specs` of the course.
    """
    builder = CandidateBuilder(scenario)
    return {course.id: builder.course_specs(course) for course in scenario.courses}
