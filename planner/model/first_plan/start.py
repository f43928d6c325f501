"""The plan every search starts from.

Without a reference plan: pins, then the courses that hold pins, then every other course, in the
better of two orders (priority first, file order; priority first, the hardest to place first),
each course booked whole where it fits. The booking-system baseline (priority first, each session
at its earliest valid slot, no second try) is built too and kept if it happens to be better, so
the start is never below it.

With a reference plan (a re-plan, a what-if variant): every reference session that still keeps
every rule, in course order (a session whose predecessor went goes too), then the rest as above.
"""

from __future__ import annotations

from collections.abc import Sequence

from planner.model.cpsat.build import build_model
from planner.model.cpsat.hint import extract_plan, to_sessions
from planner.model.cpsat.run import run_cpsat
from planner.model.first_plan.booking_state import BookingState
from planner.model.first_plan.construct import CourseBooker, book_pins, construct
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import SessionKey, SessionSpec, TherapistDay
from planner.model.search.budget import Budget
from planner.model.search.search_score import search_score
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# Share of the time limit that placing the courses around pins may take when the construction
# alone can't (a CP-SAT model of those courses only).
PINNED_SHARE = 0.2


def priority_order(scenario: Scenario) -> list[str]:
    """Courses by priority, highest first, in file order otherwise (the baseline's order)."""
    return [c.id for c in sorted(scenario.courses, key=lambda c: -c.priority)]


def scarcity_order(scenario: Scenario, specs: dict[str, list[SessionSpec]]) -> list[str]:
    """Courses by priority, highest first, then the fewest choices for session 1 first."""

    def choices(course_id: str) -> int:
        first = specs[course_id][0] if specs[course_id] else None
        return 0 if first is None else sum(len(v) for v in first.candidates.values())

    return [c.id for c in sorted(scenario.courses, key=lambda c: (-c.priority, choices(c.id)))]


def baseline_plan(scenario: Scenario, specs: dict[str, list[SessionSpec]]) -> list[PlannedSession]:
    """What a booking system does: courses by priority, each session at its earliest valid
    slot with any therapist, a course stopped at its first session that does not fit.

    Parameters
    ----------
    scenario
        A validated scenario.
    specs
        Its sessions' choices (:func:`~planner.model.prune.session_specs.build_specs`).

    Returns
    -------
    list[PlannedSession]
        The baseline plan, pins included; valid but not optimised.
    """
    state = BookingState(scenario)
    book_pins(state, specs)
    construct(
        state, specs, priority_order(scenario), CourseBooker(state, backtrack=0, favour=False)
    )
    return state.planned()


def pinned_courses(specs: dict[str, list[SessionSpec]]) -> list[str]:
    return [c for c, course in specs.items() if any(s.pin is not None for s in course)]


def pins_reached(state: BookingState, specs: dict[str, list[SessionSpec]]) -> bool:
    """True if every session before a pinned one is booked (the prefix rule)."""
    for course_id in pinned_courses(specs):
        course = specs[course_id]
        last_pin = max(i for i, s in enumerate(course) if s.pin is not None)
        if any(s.key not in state.booked for s in course[:last_pin]):
            return False
    return True


def _place_pinned_courses(
    state: BookingState,
    specs: dict[str, list[SessionSpec]],
    work: dict[TherapistDay, Windows],
    budget: Budget,
) -> bool:
    """Book the courses with pins into ``state`` (pins only so far): by construction, else
    with a CP-SAT model of those courses alone. False if they can't all be kept."""
    courses = pinned_courses(specs)
    construct(state, specs, courses, CourseBooker(state, backtrack=50))
    if pins_reached(state, specs):
        return True
    for course_id in courses:
        for spec in specs[course_id]:
            if spec.key in state.booked and spec.pin is None:
                state.release(spec.key)
    model_specs = [s for c in courses for s in specs[c] if s.candidates]
    built = build_model(state.scenario, model_specs, work)
    built.model.maximize(built.objective.value)
    stage = budget.stage(budget.left() * PINNED_SHARE)
    run = run_cpsat(built.model, stage, workers=1, seed=0)
    if not run.found:
        return False
    spec_of = {s.key: s for s in model_specs}
    for session in to_sessions(state.scenario, extract_plan(built, run.solver)):
        spec = spec_of[(session.course_id, session.session)]
        if spec.pin is None:
            state.book(spec, session.therapist_id, session.room_id, session.start)
    return pins_reached(state, specs)


def kept_reference(
    state: BookingState, specs: dict[str, list[SessionSpec]], reference: Sequence[PlannedSession]
) -> None:
    """Book every reference session that still keeps every rule, course by course in order."""
    spec_of: dict[SessionKey, SessionSpec] = {s.key: s for c in specs.values() for s in c}
    wanted = {(r.course_id, r.session): r for r in reference}
    for course_id, course in specs.items():
        for spec in course:
            if spec.key in state.booked:
                continue  # a pin
            ref = wanted.get(spec.key)
            if ref is None or not _still_fits(state, spec_of[spec.key], ref):
                break
            previous = state.booked.get((course_id, spec.session - 1))
            if not _gaps_hold(state.scenario, spec, ref, previous.end if previous else None):
                break
            state.book(spec, ref.therapist_id, ref.room_id, ref.start)


def _still_fits(state: BookingState, spec: SessionSpec, ref: PlannedSession) -> bool:
    starts = spec.candidates.get((ref.therapist_id, day_index(ref.start)), ())
    return (
        ref.start in starts
        and ref.end == ref.start + spec.length
        and state.therapist_blocker(spec, ref.therapist_id, ref.start) is None
        and state.room_free(spec, ref.room_id, ref.start)
    )


def _gaps_hold(
    scenario: Scenario, spec: SessionSpec, ref: PlannedSession, previous_end: int | None
) -> bool:
    min_gap, max_gap = scenario.gap_minutes(spec.course)
    anchor = previous_end if previous_end is not None else spec.course.last_session_end
    if anchor is None:
        return True
    gap = ref.start - anchor
    return gap >= min_gap and (max_gap is None or gap <= max_gap)


def start_plan(
    scenario: Scenario,
    specs: dict[str, list[SessionSpec]],
    work: dict[TherapistDay, Windows],
    budget: Budget,
    reference: Sequence[PlannedSession] | None = None,
) -> list[PlannedSession] | None:
    """The best first plan (see the module), or None if the pins can't all be kept.

    Parameters
    ----------
    scenario
        A validated scenario.
    specs
        Its sessions' choices, by course id.
    work
        Each therapist's usable periods per day (:attr:`CandidateBuilder.work`), for the
        CP-SAT model that places the courses around pins when the construction can't.
    budget
        The solve's budget; that model may use a share of what is left.
    reference
        A published plan to stay close to (a re-plan): its sessions that still keep every rule
        are kept first.

    Returns
    -------
    list[PlannedSession] or None
        The candidate with the best search score (never below the baseline when there is no
        reference plan and no pin), or None when no plan reaches every pin.
    """
    candidates: list[list[PlannedSession]] = []
    orders = [priority_order(scenario), scarcity_order(scenario, specs)]
    for order in orders[:1] if reference else orders:
        state = BookingState(scenario)
        book_pins(state, specs)
        if reference:
            kept_reference(state, specs, reference)
        if not _place_pinned_courses(state, specs, work, budget):
            return None
        construct(state, specs, order)
        candidates.append(state.planned())
    if not reference and not pinned_courses(specs):
        candidates.append(baseline_plan(scenario, specs))
    return max(candidates, key=lambda plan: search_score(scenario, plan, reference))
