"""A plan from bookings chosen day by day, such as the bound's day split
(:mod:`planner.model.bound.lagrangian`): every day's most valuable set of (session, therapist)
choices, solved on its own.

Where the days hardly depend on each other (a ward: the same therapists every day, one session
of each course a day at most) those choices are an optimal plan's outline, which neither the
greedy nor the local search finds: a course's chosen days, in order, become its sessions 1, 2,
...; each is placed at its earliest valid start that day with the chosen therapist (another one
that day if not), keeping the recovery gaps; a day where the course's next session can't go is
passed over, and the course takes its next chosen day. What the outline leaves free is then
filled as the first plan is (whole courses by priority, continuing those begun). Every rule is
kept as the local search keeps it
(:class:`~planner.model.first_plan.booking_state.BookingState`), so what comes out is a valid
plan however poor the outline; where the days do depend on each other it is simply
worth less, and the search keeps the better plan.

The courses with pinned sessions are not outlined: an outline that numbers sessions by their
days can't keep a pin at its number. They are kept as a valid plan has them (the search's best
plan so far), and the outline is fitted around them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planner.model.first_plan.booking_state import BookingState
from planner.model.first_plan.construct import CourseBooker, Placement, construct, gap_window
from planner.model.first_plan.start import pinned_courses, scarcity_order
from planner.model.prune.session_specs import SessionSpec
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# A session of some course booked with a therapist on a day (its number is the outline's
# business: the course's chosen days in order are its sessions 1, 2, ...).
DayChoice = tuple[SessionSpec, str, int]


def plan_from_days(
    scenario: Scenario,
    specs: dict[str, list[SessionSpec]],
    choices: Iterable[DayChoice],
    plan: Sequence[PlannedSession] = (),
) -> list[PlannedSession]:
    """The valid plan that follows ``choices`` as far as it can (see the module).

    Parameters
    ----------
    scenario
        The scenario.
    specs
        Each course's bookable sessions in order (course id -> specs).
    choices
        (a session of the course, therapist id, day) per booking; the session number is
        ignored.
    plan
        A valid plan of the scenario whose sessions of courses with pins are kept.

    Returns
    -------
    list of PlannedSession
        The plan.
    """
    state = BookingState(scenario)
    pinned = set(pinned_courses(specs))
    spec_of = {s.key: s for course in specs.values() for s in course}
    state.load([s for s in plan if s.course_id in pinned], spec_of)
    booker = CourseBooker(state, backtrack=0)
    outline = sorted(
        (day, therapist_id, spec.course.id)
        for spec, therapist_id, day in choices
        if spec.course.id not in pinned
    )
    booked: dict[str, int] = {}
    last_end: dict[str, int] = {}
    for day, therapist_id, course_id in outline:
        course = specs.get(course_id, ())
        number = booked.get(course_id, 0)
        if number >= len(course):
            continue
        spec = course[number]
        lo, hi = gap_window(scenario, spec, last_end.get(course_id))
        placement = _on_day(booker, spec, day, therapist_id, lo, hi)
        if placement is None:
            continue
        state.book(spec, placement.therapist_id, placement.room_id, placement.start)
        booked[course_id] = number + 1
        last_end[course_id] = placement.start + spec.length
    order = [c for c in scarcity_order(scenario, specs) if c not in pinned]
    construct(state, specs, order, CourseBooker(state))
    return state.planned()


def _on_day(
    booker: CourseBooker, spec: SessionSpec, day: int, therapist_id: str, lo: int, hi: int | None
) -> Placement | None:
    """The earliest placement of ``spec`` on ``day`` within [``lo``, ``hi``], with
    ``therapist_id`` if they can take it, else with whoever can; None if nobody can."""
    for placement in booker.day_choices(spec, lo, hi, favour=(therapist_id,)):
        placed_on = day_index(placement.start)
        if placed_on == day:
            return placement
        if placed_on > day:
            return None
    return None
