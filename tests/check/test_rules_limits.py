"""Rules 9 and 10: contraindications on the session's date, and the therapists' limits."""

from __future__ import annotations

from planner.scenario.types import Condition, Contraindication, Course, Strictness


def _with_rule(spa, rule: Strictness, cleared: bool = False, first_day: int = 0, last_day: int = 2):
    return spa.replace(
        conditions=(Condition("c1", "pregnancy", first_day, last_day, cleared),),
        contraindications=(Contraindication("pregnancy", "relax", rule),),
    )


# Rule 9 ------------------------------------------------------------------------------------
def test_absolute_rule_breaks_rule_9_without_naming_the_condition(spa):
    spa = _with_rule(
        spa, Strictness.ABSOLUTE, cleared=True
    )  # clearance doesn't lift absolute rules
    found = spa.check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [
        (9, (("co1", 1),)),
        (9, (("co1", 2),)),
        (9, (("co1", 3),)),
    ]
    assert "a contraindication of the client forbids relax on 2026-12-07" in found[0].message
    assert all("pregnancy" not in v.message for v in found)


def test_relative_rule_blocks_unless_cleared(spa):
    assert _with_rule(spa, Strictness.RELATIVE).rules(spa.valid_plan()) == [9, 9, 9]
    assert _with_rule(spa, Strictness.RELATIVE, cleared=True).check(spa.valid_plan()) == []


def test_local_rule_allows_the_session(spa):
    assert _with_rule(spa, Strictness.LOCAL).check(spa.valid_plan()) == []


def test_condition_active_on_some_dates_only(spa):
    # Active on day 1 only (Tuesday): only co1 #2 is on that date.
    spa = _with_rule(spa, Strictness.ABSOLUTE, first_day=1, last_day=1)
    found = spa.check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [(9, (("co1", 2),))]
    assert "2026-12-08" in found[0].message


def test_star_rule_forbids_every_treatment(spa):
    spa = spa.replace(
        conditions=(Condition("c3", "fever", 0, 0),),
        contraindications=(Contraindication("fever", "*", Strictness.ABSOLUTE),),
    )
    assert [(v.rule, v.sessions) for v in spa.check(spa.valid_plan())] == [(9, (("co3", 1),))]


# Rule 10 -----------------------------------------------------------------------------------
def test_max_sessions_per_day_breaks_rule_10(spa):
    # t1 has co1 #1 and co2 #1 on day 0.
    assert spa.with_therapist("t1", max_sessions_per_day=2).check(spa.valid_plan()) == []
    found = spa.with_therapist("t1", max_sessions_per_day=1).check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [
        (10, (("co1", 1), ("co2", 1))),
        (10, (("co1", 2), ("co2", 2))),
    ]
    assert "limit of 1 per day" in found[0].message


def test_max_deep_per_day_breaks_rule_10(spa):
    extra = Course("co4", "c3", "sport", 1, needs_assessment=False)
    spa = spa.replace(courses=(*spa.scenario.courses, extra))
    plan = [*spa.valid_plan(), spa.session("co4", 1, "t1", "r2", 1, "13:00")]  # 2nd deep on day 1
    assert spa.with_therapist("t1", max_deep_per_day=2).check(plan) == []
    found = spa.with_therapist("t1", max_deep_per_day=1).check(plan)
    assert [(v.rule, v.sessions) for v in found] == [(10, (("co2", 2), ("co4", 1)))]
    assert "deep" in found[0].message


def test_max_minutes_per_week_counts_assessment_breaks_rule_10(spa):
    # t1 books 75 + 60 + 60 (co1) + 45 + 45 (co2) = 285 minutes this week.
    assert spa.with_therapist("t1", max_minutes_per_week=285).check(spa.valid_plan()) == []
    found = spa.with_therapist("t1", max_minutes_per_week=284).check(spa.valid_plan())
    assert [v.rule for v in found] == [10]
    assert "285 minutes" in found[0].message


def test_week_limit_counts_calendar_weeks_from_a_mid_week_start(spa):
    # Horizon Sat 2026-12-05 .. Mon 2026-12-07: Sat+Sun are one week, Mon the next.
    start = spa.scenario.settings.start
    spa = spa.with_settings(start=start.replace(day=5)).with_therapist(
        "t1", max_minutes_per_week=135
    )
    # Day 0 = Sat: co1 #1 (75) + co2 #1 (45) = 120; day 1 = Sun: co1 #2 (60) + co2 #2 (45) = 105;
    # week of Sat+Sun = 225 > 135, day 2 = Monday: co1 #3 (60) alone.
    found = spa.check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [
        (10, (("co1", 1), ("co2", 1), ("co1", 2), ("co2", 2))),
    ]
    assert "Monday 2026-11-30" in found[0].message
    # Counting the whole horizon as one week would give 285 minutes and break a 225 limit.
    assert spa.with_therapist("t1", max_minutes_per_week=225).check(spa.valid_plan()) == []
