"""Why a session is unscheduled, in words a spa manager understands.

Each course's first missing session gets the most precise cause that can be shown: a rule that
rules it out on its own (no therapist with the specialty, no equipped room, a health condition on
every possible date, a deadline the recovery gaps can't meet, no shift while the client can
come) or, when it could have fitted in an empty spa, which resources the plan had filled at the
client's possible times. Later sessions of the course follow from it (sessions go in order).

These reasons are for the manager's ``unscheduled.csv`` only: they may name a client's health
condition, so they never go to therapist- or client-facing exports, nor to logs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from planner.model.first_plan.booking_state import BookingState, spec_of_session
from planner.model.first_plan.construct import gap_window
from planner.model.prune.session_specs import (
    CandidateBuilder,
    SessionSpec,
    TherapistDay,
    Windows,
    grid_starts,
    intersect,
)
from planner.plan import PlannedSession, UnscheduledSession
from planner.scenario.medical import Restriction, blocked_days
from planner.scenario.timeaxis import format_datetime
from planner.scenario.types import Course, Scenario

_BLOCKERS = {
    "therapist_busy": "every therapist with the specialty {specialty} is already booked",
    "room_busy": "every room with the needed equipment is already booked",
    "therapist_day": "the therapists able to do it have reached their sessions-per-day limit",
    "deep_day": "the therapists able to do it have reached their deep-sessions-per-day limit",
    "therapist_week": "the therapists able to do it have reached their weekly minutes",
    "client_day": "the client already has the most sessions allowed that day",
    "client_busy": "the client is in another session then",
    "gap": "the recovery gaps to the course's previous session (shortest and longest) leave "
    "no free slot",
}


def _hours(minutes: int) -> str:
    return f"{minutes / 60:g} h"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _static_reason(
    scenario: Scenario, course: Course, spec: SessionSpec, work: dict[TherapistDay, Windows]
) -> str:
    """Cause for a session that no slot of the week allows, whatever else is booked."""
    treatment = scenario.treatment_of(course)
    name = treatment.name
    if not any(treatment.specialty in t.specialties for t in scenario.therapists):
        return f"no therapist has the specialty {treatment.specialty} needed for {name}"
    missing = sorted(treatment.equipment)
    if not any(treatment.equipment <= r.equipment for r in scenario.rooms):
        return f"no room has all the equipment {name} needs ({', '.join(missing)})"
    start = scenario.settings.start
    low, high = scenario.course_window(course)
    if high - low < spec.length:
        return (
            f"the course's allowed period ({format_datetime(start, low)} to "
            f"{format_datetime(start, high)}) leaves no room for a {spec.length}-minute session"
        )
    blocked = blocked_days(scenario, course)
    open_days = [d for d in range(scenario.settings.days) if scenario.settings.opening(d)]
    if open_days and all(d in blocked for d in open_days):
        restriction = blocked[open_days[0]]
        kind = (
            "a contraindication for {name}, not cleared by a physician"
            if restriction.rule.value == "relative"
            else "an absolute contraindication for {name}"
        ).format(name=name)
        return (
            f"the client has {restriction.condition.replace('_', ' ')} ({kind}) on every day "
            f"the spa is open"
        )
    min_gap, max_gap = scenario.gap_minutes(course)
    previous_end = course.last_session_end
    if spec.session == 1 and previous_end is not None and max_gap is not None:
        due = previous_end + max_gap
        if due < low or due < previous_end + min_gap:
            return (
                f"the course's longest gap of {_hours(max_gap)} after its previous session "
                f"(ended {format_datetime(start, previous_end)}) ran out at "
                f"{format_datetime(start, due)}, before a session could take place"
            )
    if spec.session > 1 or previous_end is not None:
        limited_by = (
            " into the client's available times"
            if scenario.availability_by_client.get(course.client_id)
            else ""
        )
        fitted = spec.session - 1
        verb = "fits" if fitted == 1 else "fit"
        how_many = "none fits" if fitted == 0 else f"only {fitted} {verb}"
        return (
            f"the course needs {_count(course.sessions, 'session')} at least "
            f"{_hours(min_gap)} apart, but {how_many}"
            f"{limited_by} before {format_datetime(start, high)}"
            + (" after its previous session" if previous_end is not None else "")
        )
    return _availability_reason(scenario, course, spec, blocked, work)


def _availability_reason(
    scenario: Scenario,
    course: Course,
    spec: SessionSpec,
    blocked: dict[int, Restriction],
    work: dict[TherapistDay, Windows],
) -> str:
    treatment = scenario.treatment_of(course)
    low, high = scenario.course_window(course)
    slot = scenario.settings.slot_minutes
    able = [t.id for t in scenario.therapists if treatment.specialty in t.specialties]
    fits_shift = {
        day
        for (t, day), windows in work.items()
        if t in able and grid_starts(windows, spec.length, slot, low, high)
    }
    if not fits_shift:
        return (
            f"no therapist with the specialty {treatment.specialty} works a long enough shift "
            f"within the spa's opening hours in the course's allowed period"
        )
    if fits_shift <= set(blocked):
        restriction = blocked[min(fits_shift)]
        return (
            f"the client has {restriction.condition.replace('_', ' ')} on every day a "
            f"therapist with the specialty {treatment.specialty} works"
        )
    rows = scenario.availability_by_client.get(course.client_id)
    if rows:
        windows = sorted((a.start, a.end) for a in rows)
        if not any(
            grid_starts(intersect(w, windows), spec.length, slot, low, high)
            for (t, _), w in work.items()
            if t in able
        ):
            return (
                f"no therapist with the specialty {treatment.specialty} works when the client "
                f"is available"
            )
    return (
        f"every room that has the equipment for {treatment.name} is closed when it could take place"
    )


def _start_blocker(
    state: BookingState, spec: SessionSpec, start: int, therapists: list[str]
) -> str:
    """Why no therapist-and-room pair takes ``spec`` at ``start`` (``free`` if one does)."""
    codes = [state.therapist_blocker(spec, t, start) for t in therapists]
    if any(code is None for code in codes):
        rooms_free = any(state.room_free(spec, room_id, start) for room_id in spec.rooms)
        return "free" if rooms_free else "room_busy"
    return Counter(c for c in codes if c is not None).most_common(1)[0][0]


def _capacity_reason(
    scenario: Scenario, state: BookingState, spec: SessionSpec, previous_end: int | None
) -> str:
    """Which resources the plan had filled at the session's possible times."""
    lo, hi = gap_window(scenario, spec, previous_end)
    by_start: dict[int, list[str]] = {}
    for (therapist_id, _), starts in spec.candidates.items():
        for start in starts:
            by_start.setdefault(start, []).append(therapist_id)
    counts: Counter[str] = Counter()
    for start, therapists in by_start.items():
        if start < lo or (hi is not None and start > hi):
            counts["gap"] += 1
        else:
            counts[_start_blocker(state, spec, start, therapists)] += 1
    if counts["free"]:
        return (
            "it could still be booked, but the solver's time ran out before it improved the "
            "plan that far"
        )
    specialty = scenario.treatment_of(spec.course).specialty
    (first, first_count), *rest = counts.most_common()
    reason = "not enough capacity: " + _BLOCKERS[first].format(specialty=specialty)
    if rest and rest[0][1] * 4 >= first_count:
        reason += ", or at other times " + _BLOCKERS[rest[0][0]].format(specialty=specialty)
    return reason + ", at every time the client can come"


def explain_session(
    scenario: Scenario,
    state: BookingState,
    spec: SessionSpec,
    previous_end: int | None,
    work: dict[TherapistDay, Windows],
) -> str:
    """Why ``spec``, the first session of its course that is not booked, could not be booked.

    The reason :func:`explain_unscheduled` gives that session, for one course alone (the front
    desk's fit asks about one new course against a plan it already holds in ``state``).

    Parameters
    ----------
    scenario
        A validated scenario holding the session's course.
    state
        Everything booked: the plan, and the sessions of the course before ``spec``.
    spec
        The session, with every choice pruning leaves it.
    previous_end
        End of the course's session before ``spec`` (None for its first session).
    work
        Each therapist's usable time per day, as pruning computed it.

    Returns
    -------
    str
        The reason in a spa manager's words, capitalised and ending with a full stop; it may
        name a health condition (for the manager's files only).
    """
    if spec.candidates:
        reason = _capacity_reason(scenario, state, spec, previous_end)
    else:
        reason = _static_reason(scenario, spec.course, spec, work)
    return reason[0].upper() + reason[1:] + "."


def explain_unscheduled(
    scenario: Scenario,
    specs: dict[str, list[SessionSpec]],
    sessions: list[PlannedSession],
    work: dict[TherapistDay, Windows],
) -> list[UnscheduledSession]:
    """One row per session of every course that ``sessions`` leaves out, with its reason.

    Parameters
    ----------
    scenario, specs
        A validated scenario and its sessions' choices, by course id.
    sessions
        A plan of the scenario (the solver's).
    work
        Each therapist's usable time per day (shift ∩ opening hours), as pruning computed it.

    Returns
    -------
    list[UnscheduledSession]
        In course order, then session order; each reason in a spa manager's words. A reason
        may name a health condition: for the manager's files only.
    """
    booked = {(s.course_id, s.session): s for s in sessions}
    state = BookingState(scenario)
    spec_of = {spec.key: spec for course_specs in specs.values() for spec in course_specs}
    for s in sorted(sessions, key=lambda s: s.start):
        spec = spec_of.get((s.course_id, s.session))
        if spec is not None:
            state.book(spec, s.therapist_id, s.room_id, s.start)
    out: list[UnscheduledSession] = []
    for course in scenario.courses:
        first_missing: int | None = None
        for spec in specs[course.id]:
            if spec.key in booked:
                continue
            if first_missing is None:
                first_missing = spec.session
                previous = booked.get((course.id, spec.session - 1))
                end = None if previous is None else previous.end
                reason = explain_session(scenario, state, spec, end, work)
            else:
                reason = (
                    f"Sessions are booked in order and session {first_missing} of this course "
                    f"could not be booked."
                )
            out.append(
                UnscheduledSession(
                    course_id=course.id,
                    session=spec.session,
                    client_id=course.client_id,
                    treatment_id=course.treatment_id,
                    reason=reason,
                )
            )
    return out


def explain_plan(
    scenario: Scenario, sessions: Sequence[PlannedSession]
) -> list[UnscheduledSession]:
    """:func:`explain_unscheduled` for any plan of ``scenario``, a hand-edited one included:
    every course's choices are worked out here, as a solve works them out.

    Parameters
    ----------
    scenario
        A validated scenario.
    sessions
        A plan that keeps every hard rule of ``scenario``.

    Returns
    -------
    list of UnscheduledSession
        One row per session the plan leaves out, in the scenario's course order, with the
        manager's reason (which may name a health condition).
    """
    builder = CandidateBuilder(scenario)
    booked = {(s.course_id, s.session): s for s in sessions}
    specs: dict[str, list[SessionSpec]] = {}
    for course in scenario.courses:
        keys = [(course.id, k) for k in range(1, course.sessions + 1)]
        if all(key in booked for key in keys):
            # Nothing of it to explain: the booking state needs only what its sessions take,
            # not their choices, whose pruning costs most of the time on a month of bookings.
            specs[course.id] = [spec_of_session(scenario, booked[key]) for key in keys]
        else:
            specs[course.id] = builder.course_specs(course)
    return explain_unscheduled(scenario, specs, list(sessions), builder.work)
