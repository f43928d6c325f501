"""Rules 6 and 7: therapists, rooms and clients can't be in two places at once."""

from __future__ import annotations

from planner.scenario.types import Course


# Rule 6 -------------------------------------------------------------------------------------
def test_turnover_exactly_respected_is_accepted(spa):
    # co1 #1 ends 10:15 in r1 with t1; co2 #1 with t1 starts 10:30 = 10:15 + 15 turnover.
    assert spa.check(spa.valid_plan()) == []


def test_therapist_without_turnover_breaks_rule_6(spa):
    early = spa.session("co2", 1, "t1", "r2", 0, "10:15")  # t1 busy until 10:30
    found = spa.check(spa.swap(spa.valid_plan(), ("co2", 1), early))
    assert [(v.rule, v.sessions) for v in found] == [(6, (("co1", 1), ("co2", 1)))]
    assert "Therapist t1" in found[0].message and "turnover" in found[0].message


def test_room_overlap_breaks_rule_6(spa):
    shared = spa.session("co3", 1, "t2", "r2", 0, "10:30")  # r2 holds co2 #1 10:30-11:15
    found = spa.check(spa.swap(spa.valid_plan(), ("co3", 1), shared))
    assert [v.rule for v in found] == [6]
    assert "Room r2" in found[0].message and "overlapping" in found[0].message


def test_room_turnover_one_minute_short_breaks_rule_6(spa):
    spa = spa.with_settings(slot_minutes=1)
    after = spa.session("co3", 1, "t2", "r2", 0, "11:29")  # r2 free from 11:15 + 15 = 11:30
    assert spa.rules(spa.swap(spa.valid_plan(), ("co3", 1), after)) == [6]
    exact = spa.session("co3", 1, "t2", "r2", 0, "11:30")
    assert spa.rules(spa.swap(spa.valid_plan(), ("co3", 1), exact)) == []


def test_turnover_may_run_past_shift_end_and_closing(spa):
    spa = spa.with_settings(opening_hours=((9 * 60, 17 * 60),) * 7)
    last = spa.session("co2", 2, "t1", "r1", 1, "16:15")  # ends 17:00, turnover to 17:15
    assert spa.check(spa.swap(spa.valid_plan(), ("co2", 2), last)) == []


def test_long_session_hiding_behind_short_one_is_found(spa):
    # t2 has a long session and two short ones inside it: both short ones clash.
    courses = (
        *spa.scenario.courses,
        Course("long", "c1", "relax", 1, needs_assessment=False),
        Course("short", "c2", "scrub", 1, needs_assessment=False),
    )
    spa = spa.replace(courses=courses)
    plan = [
        spa.session("long", 1, "t2", "r1", 2, "13:00", 180),
        spa.session("co3", 1, "t2", "r2", 2, "13:30"),
        spa.session("short", 1, "t2", "r2", 2, "15:00"),
    ]
    found = [v for v in spa.check(plan) if v.rule == 6]
    assert {v.sessions for v in found} == {
        (("long", 1), ("co3", 1)),
        (("long", 1), ("short", 1)),
    }


# Rule 7 -------------------------------------------------------------------------------------
def test_client_overlap_breaks_rule_7(spa):
    extra = Course("co4", "c3", "relax", 1, needs_assessment=False)
    spa = spa.replace(courses=(*spa.scenario.courses, extra)).with_settings(
        client_max_sessions_per_day=2
    )
    # co3 #1 is 09:00-09:30 with t2 in r2; co4 #1 with t1 in r1 starts while it lasts.
    plan = [*spa.valid_plan(), spa.session("co4", 1, "t1", "r1", 2, "09:15")]
    plan = spa.swap(plan, ("co3", 1), spa.session("co3", 1, "t2", "r2", 2, "09:00"))
    found = spa.check(plan)
    assert [(v.rule, v.sessions) for v in found] == [(7, (("co3", 1), ("co4", 1)))]


def test_client_needs_no_turnover(spa):
    extra = Course("co4", "c3", "relax", 1, needs_assessment=False)
    spa = spa.replace(courses=(*spa.scenario.courses, extra)).with_settings(
        client_max_sessions_per_day=2
    )
    plan = [*spa.valid_plan(), spa.session("co4", 1, "t1", "r1", 2, "09:30")]  # right after
    plan = spa.swap(plan, ("co3", 1), spa.session("co3", 1, "t2", "r2", 2, "09:00"))
    assert spa.check(plan) == []


def test_client_daily_limit_breaks_rule_7(spa):
    extra = Course("co4", "c3", "relax", 1, needs_assessment=False)
    spa = spa.replace(courses=(*spa.scenario.courses, extra))
    plan = [*spa.valid_plan(), spa.session("co4", 1, "t2", "r1", 0, "14:00")]
    found = spa.check(plan)
    assert [(v.rule, v.sessions) for v in found] == [(7, (("co3", 1), ("co4", 1)))]
    assert "2 sessions on 2026-12-07" in found[0].message
    # Another date is fine: the limit is per date.
    later = spa.swap(plan, ("co4", 1), spa.session("co4", 1, "t2", "r1", 1, "14:00"))
    assert spa.check(later) == []
