"""The contract's score on hand-computed examples."""

from __future__ import annotations

from planner.plan.score import score
from planner.scenario.types import Availability, Weights


def test_valid_plan_scores_value_and_no_penalty(spa):
    result = score(spa.scenario, spa.valid_plan())
    # co1 priority 2 x 3 sessions + co2 1 x 2 + co3 1 x 1 = 9
    assert result.scheduled_value == 9
    assert result.penalty == 0
    assert dict(result.parts) == {"continuity": 0, "preferred_therapist": 0, "preferred_time": 0}


def test_empty_plan_scores_zero(spa):
    result = score(spa.scenario, [])
    assert (result.scheduled_value, result.penalty) == (0, 0)


def test_continuity_counts_extra_therapists_per_course(spa):
    plan = spa.swap(spa.valid_plan(), ("co1", 2), spa.session("co1", 2, "t2", "r1", 1, "10:15"))
    plan = spa.swap(plan, ("co1", 3), spa.session("co1", 3, "t2", "r1", 2, "13:00"))
    result = score(spa.scenario, plan)
    # co1 has t1 and t2: 2 - 1 = 1 extra therapist; others use one therapist each.
    assert result.counts["continuity"] == 1
    assert result.parts["continuity"] == 10
    assert result.penalty == 10


def test_preferred_therapist_counts_sessions_given_to_others(spa):
    spa = spa.with_course("co1", preferred_therapist="t2")
    result = score(spa.scenario, spa.valid_plan())
    assert result.counts["preferred_therapist"] == 3
    assert result.penalty == 15


def test_preferred_therapist_unknown_to_the_spa_is_ignored(spa):
    spa = spa.with_course("co1", preferred_therapist="nobody")
    assert score(spa.scenario, spa.valid_plan()).penalty == 0


def test_preferred_time_counts_sessions_outside_every_preferred_row(spa):
    rows = (
        Availability("c1", spa.at(0, "09:00"), spa.at(0, "12:00"), preferred=True),
        Availability("c1", spa.at(1, "09:00"), spa.at(1, "11:00")),  # available, not preferred
        Availability("c1", spa.at(2, "11:00"), spa.at(2, "12:00"), preferred=True),
        Availability("c1", spa.at(2, "12:00"), spa.at(2, "13:00"), preferred=True),
    )
    spa = spa.replace(availability=rows)
    result = score(spa.scenario, spa.valid_plan())
    # co1 #1 09:00-10:15 in a preferred row; #2 only in an available row; #3 11:15-12:15
    # spans two touching preferred rows, wholly inside neither.
    assert result.counts["preferred_time"] == 2
    assert result.parts["preferred_time"] == 4
    # Clients without preferred rows (c2, c3) add nothing.
    assert result.penalty == 4


def test_weights_come_from_the_scenario(spa):
    spa = spa.with_course("co1", preferred_therapist="t2").with_settings(
        weights=Weights(continuity=1, preferred_therapist=7, preferred_time=1)
    )
    plan = spa.swap(spa.valid_plan(), ("co1", 3), spa.session("co1", 3, "t2", "r1", 2, "13:00"))
    result = score(spa.scenario, plan)
    # continuity 1 x 1, preferred therapist 7 x 2 (co1 #1, #2 with t1)
    assert dict(result.parts) == {"continuity": 1, "preferred_therapist": 14, "preferred_time": 0}
    assert result.penalty == 15


def test_unscheduled_course_adds_no_continuity(spa):
    plan = spa.drop(spa.valid_plan(), ("co1", 1), ("co1", 2), ("co1", 3))
    result = score(spa.scenario, plan)
    assert (result.scheduled_value, result.penalty) == (3, 0)


def test_score_key_orders_value_before_penalty(spa):
    better = score(spa.scenario, spa.valid_plan())
    fewer = score(spa.scenario, spa.drop(spa.valid_plan(), ("co3", 1)))
    assert better.key() > fewer.key()
