"""The greedy's booking state agrees with the independent checker, booking by booking.

Every construction and local search of the solver decides "may this session go there?" with
:class:`planner.model.BookingState` alone, over the choices pruning left
(:class:`planner.model.CandidateBuilder`). If the state ever said yes where the checker says no,
a plan would break a rule; if it said no where the checker says yes, the solver would miss plans.
The property: on random generated spas and random sequences of bookings of first sessions (the
gaps between a course's sessions are the construction's business, not the state's), the state
accepts a booking exactly when :func:`planner.check.check_sessions` accepts the plan with it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.check import check_sessions
from planner.generate import build_scenario
from planner.model import BookingState, SessionSpec, build_specs
from planner.plan import PlannedSession
from planner.scenario.medical import caution_on
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# Small, crowded spas: few therapists and rooms for many courses, so that bookings clash.
SPA_SEEDS = range(8)


@cache
def spa(seed: int) -> tuple[Scenario, tuple[SessionSpec, ...]]:
    """A generated spa and the first session of each of its courses that has a choice left.

    Odd seeds allow a client two sessions a day, so that a client's own overlaps are the
    state's to find, not only the daily limit.
    """
    scenario = build_scenario(therapists=3, rooms=3, courses=16, days=2, seed=seed, tightness=1.3)
    if seed % 2:
        limits = replace(scenario.settings, client_max_sessions_per_day=2)
        scenario = replace(scenario, settings=limits)
    specs = build_specs(scenario)
    firsts = tuple(course[0] for course in specs.values() if course and course[0].candidates)
    return scenario, firsts


def planned(scenario: Scenario, spec: SessionSpec, therapist_id: str, room_id: str, start: int):
    course = spec.course
    return PlannedSession(
        course_id=course.id,
        session=spec.session,
        client_id=course.client_id,
        treatment_id=course.treatment_id,
        therapist_id=therapist_id,
        room_id=room_id,
        start=start,
        end=start + spec.length,
        caution=caution_on(scenario, course, day_index(start)),
    )


# One attempted booking: which course, which of its pruned (therapist, day, start) choices,
# which room of the spa (any room: equipment and closures are the state's to judge too), and
# whether to aim at the edge of a session booked before instead: the turnover and overlap rules
# are only tested where two sessions nearly touch, which random starts seldom do.
attempts = st.lists(
    st.tuples(
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.integers(0, 10**6),
        st.sampled_from([None, -15, 0, 15, 30]),
    ),
    min_size=1,
    max_size=30,
)


def choose(
    spec: SessionSpec, pick: int, plan: list[PlannedSession], edge: int | None
) -> tuple[str, int]:
    """The ``pick``-th of ``spec``'s choices, or with ``edge`` the one nearest to the end of a
    booked session (the same client's, for an odd ``pick``, where there is one) plus ``edge``
    minutes."""
    choices = [(t, start) for (t, _day), starts in sorted(spec.candidates.items())
               for start in starts]  # fmt: skip
    if edge is None or not plan:
        return choices[pick % len(choices)]
    near = [s for s in plan if s.client_id == spec.client_id] if pick % 2 else []
    near = near or plan
    target = near[pick % len(near)].end + edge
    return min(choices, key=lambda c: (abs(c[1] - target), c))


@settings(max_examples=150, deadline=None, derandomize=True)
@given(seed=st.sampled_from(SPA_SEEDS), tries=attempts)
def test_the_state_accepts_a_booking_exactly_when_the_checker_does(seed, tries):
    scenario, firsts = spa(seed)
    assert firsts, "the generated spa has no bookable session"
    rooms = [r.id for r in scenario.rooms]
    state = BookingState(scenario)
    plan: list[PlannedSession] = []
    for course_pick, choice_pick, room_pick, edge in tries:
        spec = firsts[course_pick % len(firsts)]
        if spec.key in state.booked:
            continue
        therapist_id, start = choose(spec, choice_pick, plan, edge)
        room_id = rooms[room_pick % len(rooms)]
        free_therapist = state.therapist_blocker(spec, therapist_id, start) is None
        state_says = free_therapist and state.room_free(spec, room_id, start)
        session = planned(scenario, spec, therapist_id, room_id, start)
        broken = check_sessions(scenario, [*plan, session], partial=True)
        assert state_says == (not broken), (session, broken)
        if state_says:
            state.book(spec, therapist_id, room_id, start)
            plan.append(session)

    # What the state holds is what was booked, as the checker saw it.
    def by_key(s: PlannedSession) -> tuple[str, int]:
        return (s.course_id, s.session)

    assert sorted(state.planned(), key=by_key) == sorted(plan, key=by_key)
