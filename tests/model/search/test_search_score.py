"""The search's score: value in hundredths, less the cost of moving published sessions, then the
penalty of the soft goals, each counted by hand."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from planner.model import moved_sessions
from planner.model.search.search_score import (
    OVER_CAP,
    SearchScore,
    penalty_counts,
    search_score,
    weighted_penalty,
)
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario, Weights

MON = date(2026, 12, 7)
TUE = date(2026, 12, 8)


def spa() -> Scenario:
    """Two relaxing therapists; c1's three-session course (priority 3) prefers t1 and mornings,
    c2's one-session course has priority 1. Weights: continuity 10, preferred therapist 5,
    preferred time 2; a moved published session costs 3 of value (300 hundredths)."""
    b = ScenarioBuilder(
        "score", start=MON, days=3, weights=Weights(continuity=10, preferred_therapist=5,
                                                    preferred_time=2, stability=3),
    )  # fmt: skip
    for t in ("t1", "t2"):
        b.add_therapist(t, specialties=["relaxing"])
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    morning = [(day, "09:00", "12:00") for day in (MON, TUE)]
    b.add_client("c1", available=[(MON, "09:00", "18:00"), (TUE, "09:00", "18:00")],
                 preferred=morning)  # fmt: skip
    b.add_client("c2")
    b.add_course("co1", "c1", "relax", 3, priority=3, preferred_therapist="t1")
    b.add_course("co2", "c2", "relax", 1)
    return b.build()


def session(course: str, k: int, therapist: str, start: int) -> PlannedSession:
    client = "c1" if course == "co1" else "c2"
    return PlannedSession(course, k, client, "relax", therapist, "r1", start, start + 60)


# co1's session 1 with t1 on Monday 09:00 (preferred on both counts), session 2 with t2 on
# Tuesday 14:00 (another therapist, outside the mornings); co2 with t2 on Monday 14:00.
PLAN = [
    session("co1", 1, "t1", 540),
    session("co1", 2, "t2", 1440 + 840),
    session("co2", 1, "t2", 840),
]


def test_penalty_counts_each_soft_goal_missed():
    counts = penalty_counts(spa(), PLAN)
    # co1 has two therapists (one extra); co1/2 is not with t1 and not in a morning; co2 has
    # no preferences.
    assert counts == {"continuity": 1, "preferred_therapist": 1, "preferred_time": 1}
    assert weighted_penalty(spa(), counts) == {
        "continuity": 10,
        "preferred_therapist": 5,
        "preferred_time": 2,
    }


def test_the_score_is_value_in_hundredths_then_the_lower_penalty():
    score = search_score(spa(), PLAN)
    assert score == SearchScore(value_less_moves=(3 + 3 + 1) * 100, neg_penalty=-17)
    assert score.penalty == 17
    # Fewer penalty points win at equal value less moves; more of it wins whatever the penalty.
    assert SearchScore(700, -10) > score
    assert SearchScore(701, -1000) > SearchScore(700, 0)


def test_moved_sessions_are_those_the_plan_does_not_keep_exactly():
    moved = replace(PLAN[1], therapist_id="t1")
    assert moved_sessions([PLAN[0], moved], PLAN) == [PLAN[1], PLAN[2]]
    assert moved_sessions(PLAN, PLAN) == []


def test_each_moved_reference_session_costs_the_stability_weight():
    scenario = spa()
    later = replace(PLAN[2], start=900, end=960)  # co2 moved by an hour
    plan = [PLAN[0], PLAN[1], later]
    assert search_score(scenario, plan, reference=PLAN) == SearchScore(700 - 300, -17)
    # Dropping a session loses its value and pays the move too.
    assert search_score(scenario, PLAN[:2], reference=PLAN) == SearchScore(600 - 300, -17)


def test_a_plan_moving_more_than_the_cap_is_worth_nothing():
    scenario = spa()
    assert search_score(scenario, PLAN[:2], reference=PLAN, move_cap=0).value_less_moves == OVER_CAP
    assert search_score(scenario, PLAN[:2], reference=PLAN, move_cap=1).value_less_moves == 300
