"""planner.fit.FitContext: a warm front desk answers every request as a one-shot fit does.

Generated one-week spas, their booking-system plans, and many seeded requests of every kind
(known and new clients, windows, clocks, gaps, preferred therapists): the warm context must give
the same options in the same order with the same reason as :func:`fit_course`, leave itself as
it was, agree with itself across threads, and give the reason the whole-plan explanation gives.
The search's bounds must change no answer.
"""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from planner.check import check_sessions, settle_scenario
from planner.fit import FitContext, FitRequest, FitResult, RequestError, fit_course, plan_with
from planner.fit.request import with_course
from planner.fit.result import booked_state, planned_sessions
from planner.fit.search import CourseSearch
from planner.generate import build_scenario
from planner.model import BookingState, CandidateBuilder, baseline_plan, build_specs, explain_plan
from planner.plan import PlannedSession
from planner.plan.unscheduled import without_conditions
from planner.scenario.timeaxis import format_datetime
from planner.scenario.types import Scenario


@dataclass(frozen=True)
class Spa:
    scenario: Scenario
    plan: list[PlannedSession]
    requests: list[tuple[FitRequest, int]]


def _requests(scenario: Scenario, count: int, seed: int) -> list[tuple[FitRequest, int]]:
    rng = random.Random(seed)
    start, days = scenario.settings.start, scenario.settings.days
    treatments = sorted(t.id for t in scenario.treatments)
    therapists = sorted(t.id for t in scenario.therapists)
    clients = sorted(c.id for c in scenario.clients)
    out = []
    for i in range(count):
        day = rng.randrange(days - 1)
        new = rng.random() < 0.3
        gaps = rng.random() < 0.4
        request = FitRequest(
            client_id=f"new{i}" if new else rng.choice(clients),
            treatment_id=rng.choice(treatments),
            sessions=rng.choice([1, 2, 3, 4, 5, 7]),
            available=("mon-fri 15:00-20:00",) if new and rng.random() < 0.5 else (),
            now=format_datetime(start, day * 1440 + 600) if rng.random() < 0.4 else None,
            latest=format_datetime(start, days * 1440 - 1440) if rng.random() < 0.2 else None,
            preferred_therapist=rng.choice(therapists) if rng.random() < 0.3 else None,
            min_gap_hours=rng.choice([0, 4, 24]) if gaps else None,
            max_gap_hours=rng.choice([None, 30, 72]) if gaps else None,
            needs_assessment=rng.random() < 0.5,
        )
        out.append((request, rng.choice([1, 3, 5])))
    return out


@pytest.fixture(scope="module", params=[(1, 0.9), (2, 1.0)], ids=["comfortable", "full"])
def spa(request: pytest.FixtureRequest) -> Spa:
    seed, tightness = request.param
    scenario, problems = settle_scenario(
        build_scenario(therapists=6, rooms=4, courses=None, days=7, seed=seed, tightness=tightness)
    )
    assert not problems
    plan = baseline_plan(scenario, build_specs(scenario))
    assert plan and not check_sessions(scenario, plan)
    return Spa(scenario, plan, _requests(scenario, 40, seed))


def _answer(result: FitResult) -> tuple[object, ...]:
    return (result.course, result.options, result.reason, result.exhausted, result.moves)


def _snapshot(state: BookingState) -> tuple[object, ...]:
    def timelines(table: dict[str, object]) -> dict[str, object]:
        return {k: (list(t.starts), list(t.ends)) for k, t in table.items()}  # type: ignore[attr-defined]

    return (
        dict(state.booked),
        timelines(state.therapist),  # type: ignore[arg-type]
        timelines(state.room),  # type: ignore[arg-type]
        timelines(state.client),  # type: ignore[arg-type]
        dict(state.day_count),
        dict(state.week_minutes),
        dict(state.client_day),
        state.value,
    )


def _fits(context: FitContext, asked: list[tuple[FitRequest, int]]) -> list[object]:
    out: list[object] = []
    for request, top in asked:
        try:
            out.append(_answer(context.fit(request, top)))
        except RequestError as error:
            out.append(str(error))
    return out


def test_a_warm_context_answers_every_request_as_a_one_shot_fit(spa: Spa) -> None:
    context = FitContext(spa.scenario, spa.plan)
    before = _snapshot(context.state)
    kinds = set()
    for request, top in spa.requests:
        try:
            cold = fit_course(spa.scenario, spa.plan, request, top)
        except RequestError:
            with pytest.raises(RequestError):
                context.fit(request, top)
            continue
        warm = context.fit(request, top)
        assert _answer(warm) == _answer(cold), request
        kinds.add("none" if not warm.options else "prefix" if warm.reason else "complete")
        for rank in range(1, len(warm.options) + 1):
            plan_with(warm, spa.plan, rank)  # raises if the checker finds a broken rule
    # Requests of every kind were asked (else the comparison proves little), and no fit
    # changed what the context holds.
    assert kinds >= {"complete", "prefix"}
    assert _snapshot(context.state) == before


def test_threads_fitting_against_one_context_agree_with_one_after_another(spa: Spa) -> None:
    context = FitContext(spa.scenario, spa.plan)
    serial = _fits(context, spa.requests)
    parts = [spa.requests[i::4] for i in range(4)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda part: _fits(context, part), parts))
    for i, part_answers in enumerate(answers):
        assert part_answers == serial[i::4]


def test_the_reason_is_the_whole_plan_explanation_of_the_new_course(spa: Spa) -> None:
    context = FitContext(spa.scenario, spa.plan)
    explained = 0
    for request, top in spa.requests:
        try:
            result = context.fit(request, top)
        except RequestError:
            continue
        if result.reason is None:
            continue
        course = result.course
        prefix = (
            planned_sessions(result.scenario, course, result.options[0]) if result.options else []
        )
        rows = [
            u
            for u in explain_plan(result.scenario, [*spa.plan, *prefix])
            if u.course_id == course.id
        ]
        expected = f"Session {rows[0].session} of {course.sessions}: {rows[0].reason}"
        assert result.reason == without_conditions(result.scenario, course.client_id, expected)
        explained += 1
    assert explained >= 3


def test_the_search_bounds_change_no_answer(spa: Spa) -> None:
    compared = 0
    for request, top in spa.requests:
        try:
            full, course = with_course(spa.scenario, request)
        except RequestError:
            continue
        specs = CandidateBuilder(full).course_specs(course)
        answers = []
        # No bound at all; the bound from the first step in both searches; the default.
        for reach_after in (None, 0, 2_000):
            search = CourseSearch(
                full, booked_state(full, spa.plan), specs, top, reach_after=reach_after
            )
            complete = search.run(complete_only=True)
            prefixes = search.run(complete_only=False)
            # The offer: the longest prefixes (the bound skips shorter ones, never offered).
            longest = [o for o in prefixes if len(o.placements) == len(prefixes[0].placements)]
            answers.append((complete, longest))
        assert answers[0] == answers[1] == answers[2], request
        compared += bool(answers[0][1])
    assert compared >= 10
