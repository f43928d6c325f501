"""The changes of the re-planning benchmark, each a variant of a spa and what it may move.

Every change is made with :func:`dataclasses.replace` on the immutable scenario, as what-if
variants and nightly re-plans make them, and every choice (which room, therapist, day, client,
treatment) is fixed by the spa and its base plan alone, so two runs change the same thing.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from planner.plan import PlannedSession
from planner.scenario.medical import blocked_days
from planner.scenario.timeaxis import MINUTES_PER_DAY, day_index, format_clock
from planner.scenario.types import Course, Room, Scenario, Shift, Treatment

# Share of the base plan's sessions a capacity change or an added course may move.
MOVE_SHARE = 0.05
# Minutes a therapist's weekly cap must leave in the base plan for an extra shift to count.
MIN_HEADROOM = 60
# The kinds of change, each with its own target (see :mod:`benchmarks.replan`).
SAME, CAPACITY, COURSE, ILL = "same", "capacity", "course", "ill"


@dataclass(frozen=True)
class Change:
    """One variant of a spa, to be re-planned against the spa's base plan.

    Parameters
    ----------
    name
        The change as the report's table names it (``one more room``, ...).
    detail
        What exactly changed (ids), for the report.
    scenario
        The changed spa.
    on_base
        Sessions of the base plan on the changed thing (for ``ill``: the therapist's sessions
        that day, which must move).
    allowed
        Reference sessions the target lets the re-plan move.
    kind
        :data:`SAME`, :data:`CAPACITY`, :data:`COURSE` or :data:`ILL`: which target applies.
    touches
        True for a session on the changed thing (a new plan's use of the new capacity).
    may_move
        For ``ill``: the (course, session) keys counted in ``allowed``, so the report can tell
        a move outside them even when the count is met; None otherwise.
    """

    name: str
    detail: str
    scenario: Scenario
    on_base: int
    allowed: float
    kind: str
    touches: Callable[[PlannedSession], bool]
    may_move: frozenset[tuple[str, int]] | None = None


def _unused(taken: set[str], stem: str) -> str:
    """``stem``, or ``stem-2``, ``stem-3``, ... whichever no row of the spa uses yet."""
    name, n = stem, 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}"
    return name


def _day(scenario: Scenario, day: int) -> str:
    """Horizon day ``day`` as its weekday and date, e.g. ``Wed 2026-12-09``."""
    return scenario.settings.day_date(day).strftime("%a %Y-%m-%d")


def no_change(scenario: Scenario, base: Sequence[PlannedSession]) -> Change:
    """The spa as it is: a re-plan must keep every session."""
    return Change("no change", "–", scenario, 0, 0, SAME, lambda _s: False)


def one_more_room(scenario: Scenario, base: Sequence[PlannedSession]) -> Change:
    """A copy of the best-equipped room (ties: the first id), so every treatment fits it."""
    source = min(scenario.rooms, key=lambda r: (-len(r.equipment), r.id))
    room_id = _unused({r.id for r in scenario.rooms}, f"{source.id}-copy")
    room = Room(room_id, f"{source.name} (copy)", source.equipment)
    bigger = replace(scenario, rooms=(*scenario.rooms, room))
    detail = f"{room_id}, a copy of {source.id} ({', '.join(sorted(source.equipment)) or '–'})"
    allowed = MOVE_SHARE * len(base)
    return Change("one more room", detail, bigger, 0, allowed, CAPACITY,
                  lambda s: s.room_id == room_id)  # fmt: skip


def _extra_shift(scenario: Scenario, therapist: str, days_off: list[int]) -> Shift | None:
    """The therapist's usual shift (most common start and length) on their first open day off,
    cut to the opening hours; None if no day off is open."""
    own = scenario.shifts_by_therapist[therapist]
    start_of_day = Counter(s.start % MINUTES_PER_DAY for s in own).most_common(1)[0][0]
    length = Counter(s.end - s.start for s in own).most_common(1)[0][0]
    for day in days_off:
        opening = scenario.settings.opening(day)
        if opening is None:
            continue
        start = max(opening[0], day * MINUTES_PER_DAY + start_of_day)
        end = min(opening[1], start + length)
        if end - start < length:  # the usual start would run past closing: open with the spa
            start, end = opening[0], min(opening[1], opening[0] + length)
        return Shift(therapist, start, end)
    return None


def _waiting(scenario: Scenario, base: Sequence[PlannedSession]) -> Counter[str]:
    """Sessions the base plan leaves out, by the specialty their treatment needs."""
    planned = {(s.course_id, s.session) for s in base}
    return Counter(
        scenario.treatment_of(c).specialty
        for c in scenario.courses
        for n in range(1, c.sessions + 1)
        if (c.id, n) not in planned
    )


def _days_off(scenario: Scenario, base: Sequence[PlannedSession], therapist: str) -> list[int]:
    """Days the therapist has no shift, in weeks where their weekly cap leaves room for another
    session in the base plan (a shift past the cap adds nothing)."""
    settings = scenario.settings
    cap = scenario.therapist_by_id[therapist].max_minutes_per_week
    worked = {day_index(s.start) for s in scenario.shifts_by_therapist[therapist]}
    booked: Counter[int] = Counter()
    for s in base:
        if s.therapist_id == therapist:
            booked[settings.week_of(day_index(s.start))] += s.end - s.start
    return [d for d in range(settings.days) if d not in worked
            and (cap is None or cap - booked[settings.week_of(d)] >= MIN_HEADROOM)]  # fmt: skip


def one_more_shift(scenario: Scenario, base: Sequence[PlannedSession]) -> Change:
    """A shift on their first open day off for the therapist who could give the most sessions
    the base plan leaves out (ties: fewest working days, first id), below their weekly cap:
    the shift a manager would add, and one the re-plan can use."""
    waiting = _waiting(scenario, base)
    demand = {t.id: sum(waiting[x] for x in t.specialties) for t in scenario.therapists}
    working = [t.id for t in scenario.therapists if scenario.shifts_by_therapist[t.id]]
    days = {t: len({day_index(s.start) for s in scenario.shifts_by_therapist[t]}) for t in working}
    for therapist in sorted(working, key=lambda t: (-demand[t], days[t], t)):
        shift = _extra_shift(scenario, therapist, _days_off(scenario, base, therapist))
        if shift is not None:
            break
    else:
        raise ValueError("no therapist has an open day off below their weekly cap")
    more = replace(scenario, shifts=(*scenario.shifts, shift))
    day = day_index(shift.start)
    hours = "-".join(format_clock(m - day * MINUTES_PER_DAY) for m in (shift.start, shift.end))
    detail = f"{shift.therapist_id} on {_day(scenario, day)}, {hours}"

    def touches(s: PlannedSession) -> bool:
        return s.therapist_id == shift.therapist_id and shift.start <= s.start < shift.end

    return Change("one more shift", detail, more, 0, MOVE_SHARE * len(base), CAPACITY, touches)


def _bookable(scenario: Scenario, treatment: Treatment) -> bool:
    """Some therapist gives it, some room holds its equipment, two sessions fit the horizon."""
    gives = any(treatment.specialty in t.specialties for t in scenario.therapists)
    fits = any(treatment.equipment <= r.equipment for r in scenario.rooms)
    return gives and fits and treatment.min_gap_hours <= 24 * (scenario.settings.days - 1)


def _free_minutes(scenario: Scenario, base: Sequence[PlannedSession]) -> dict[str, int]:
    """Shift minutes each therapist has left in the base plan."""
    free = {t.id: sum(s.end - s.start for s in scenario.shifts_by_therapist[t.id])
            for t in scenario.therapists}  # fmt: skip
    for s in base:
        free[s.therapist_id] -= s.end - s.start
    return free


def _new_course(scenario: Scenario, base: Sequence[PlannedSession]) -> Course:
    """Two sessions of the treatment whose therapists have the most shift minutes left in the
    base plan (where a front desk would book), for the client with the fewest base sessions
    among those free at any time and with no conditions (else among all clients)."""
    free = _free_minutes(scenario, base)
    left = {t.id: sum(m for h, m in free.items()
                      if t.specialty in scenario.therapist_by_id[h].specialties)
            for t in scenario.treatments}  # fmt: skip
    treatments = sorted((t for t in scenario.treatments if _bookable(scenario, t)),
                        key=lambda t: (-left[t.id], t.id))  # fmt: skip
    if not treatments:
        raise ValueError("no treatment can be booked: no course can be added")
    booked = Counter(s.client_id for s in base)
    unbound = [c for c in scenario.clients if c.id not in scenario.availability_by_client
               and c.id not in scenario.conditions_by_client]  # fmt: skip
    clients = sorted(unbound or scenario.clients, key=lambda c: (booked[c.id], c.id))
    # A typical booking's priority: the median of the spa's courses (the lower of two).
    priority = int(statistics.median_low(c.priority for c in scenario.courses))
    course_id = _unused({c.id for c in scenario.courses}, "new-course")
    for client in clients:
        for treatment in treatments:
            course = Course(course_id, client.id, treatment.id, sessions=2, priority=priority)
            if not blocked_days(scenario, course):
                return course
    raise ValueError("every client's conditions forbid every treatment: no course can be added")


def one_course_added(scenario: Scenario, base: Sequence[PlannedSession]) -> Change:
    """A new two-session course (the nightly case: a booking taken during the day)."""
    course = _new_course(scenario, base)
    added = replace(scenario, courses=(*scenario.courses, course))
    detail = f"{course.client_id}: 2 x {course.treatment_id}, priority {course.priority}"
    allowed = MOVE_SHARE * len(base)
    return Change("one course added", detail, added, 0, allowed, COURSE,
                  lambda s: s.course_id == course.id)  # fmt: skip


def _ill_day(scenario: Scenario, base: Sequence[PlannedSession]) -> tuple[str, int]:
    """The busiest day of the base plan and its busiest therapist (ties: the earliest day, the
    first id); a therapist with a pinned session that day is passed over (the pin could not
    stay, and the spa would have no plan)."""
    pinned = {(p.therapist_id, day_index(p.start)) for p in scenario.pins}
    by_day = Counter(day_index(s.start) for s in base)
    for day, _ in sorted(by_day.items(), key=lambda kv: (-kv[1], kv[0])):
        on_day = Counter(s.therapist_id for s in base if day_index(s.start) == day)
        for therapist, _ in sorted(on_day.items(), key=lambda kv: (-kv[1], kv[0])):
            if (therapist, day) not in pinned:
                return therapist, day
    raise ValueError("the base plan has no session off a pin: no therapist can fall ill")


def therapist_ill(scenario: Scenario, base: Sequence[PlannedSession]) -> Change:
    """The busiest therapist of the busiest day is ill: all their shift rows that day go.

    They may move their sessions that day and the follow-ups those force. The follow-ups a
    course's gaps force are approximated by every later session of the same courses in the
    base plan (an upper bound: a later session whose gaps still hold need not move).
    """
    therapist, day = _ill_day(scenario, base)
    shifts = tuple(s for s in scenario.shifts
                   if not (s.therapist_id == therapist and day_index(s.start) == day))  # fmt: skip
    ill = replace(scenario, shifts=shifts)
    lost = [s for s in base if s.therapist_id == therapist and day_index(s.start) == day]
    first_lost: dict[str, int] = {}
    for s in lost:
        first_lost[s.course_id] = min(first_lost.get(s.course_id, s.session), s.session)
    forced = [s for s in base if s.session >= first_lost.get(s.course_id, s.session + 1)]
    later = len(forced) - len(lost)
    detail = f"{therapist} on {_day(scenario, day)}: {len(lost)} sessions, {later} later ones"

    def touches(s: PlannedSession) -> bool:
        return s.therapist_id == therapist and day_index(s.start) == day

    keys = frozenset((s.course_id, s.session) for s in forced)
    return Change("therapist ill one day", detail, ill, len(lost), len(forced), ILL, touches, keys)


# The changes in the order of the report's table.
CHANGES: tuple[Callable[[Scenario, Sequence[PlannedSession]], Change], ...] = (
    no_change,
    one_more_room,
    one_more_shift,
    one_course_added,
    therapist_ill,
)
