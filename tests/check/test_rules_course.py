"""Rules 8, 11 and 12: a course's numbering and gaps, its time window, and pinned sessions."""

from __future__ import annotations

from dataclasses import replace

from planner.scenario.types import Pin


# Rule 8: numbering -------------------------------------------------------------------------
def test_session_of_unknown_course_breaks_rule_8(spa):
    ghost = replace(spa.session("co3", 1, "t2", "r2", 1, "09:00"), course_id="ghost")
    found = spa.check([*spa.valid_plan(), ghost])
    assert [(v.rule, v.sessions) for v in found] == [(8, (("ghost", 1),))]


def test_session_number_out_of_range_breaks_rule_8(spa):
    fourth = spa.session("co3", 2, "t2", "r2", 1, "09:00")  # co3 books one session
    found = spa.check([*spa.valid_plan(), fourth])
    assert [(v.rule, v.sessions) for v in found] == [(8, (("co3", 2),))]
    assert "1..1" in found[0].message


def test_session_booked_twice_breaks_rule_8(spa):
    twin = spa.session("co3", 1, "t2", "r2", 1, "09:00")
    found = spa.check([*spa.valid_plan(), twin])
    assert (8, (("co3", 1), ("co3", 1))) in [(v.rule, v.sessions) for v in found]
    assert "2 times" in found[[v.rule for v in found].index(8)].message


def test_numbers_out_of_time_order_break_rule_8(spa):
    first = spa.session("co2", 2, "t1", "r2", 0, "10:30")
    second = spa.session("co2", 1, "t1", "r1", 1, "12:00")
    # Both lengths are 45 (no assessment), so only the order is wrong.
    plan = [*spa.drop(spa.valid_plan(), ("co2", 1), ("co2", 2)), first, second]
    found = spa.check(plan)
    assert [(v.rule, v.sessions) for v in found] == [(8, (("co2", 1), ("co2", 2)))]
    assert "time order" in found[0].message


def test_skipped_number_breaks_rule_8_unless_partial(spa):
    plan = spa.drop(spa.valid_plan(), ("co1", 2))  # sessions 1 and 3 of co1
    found = spa.check(plan)
    assert [v.rule for v in found] == [8]
    assert "prefix" in found[0].message
    assert spa.check(plan, partial=True) == []


def test_prefix_of_sessions_is_valid(spa):
    assert spa.check(spa.drop(spa.valid_plan(), ("co1", 3), ("co2", 2))) == []


def test_partial_plan_still_checks_order_and_gaps(spa):
    spa = spa.with_settings(client_max_sessions_per_day=2)
    plan = [
        spa.session("co1", 2, "t1", "r1", 1, "10:15"),
        spa.session("co1", 3, "t1", "r1", 1, "15:00"),
    ]
    found = spa.check(plan, partial=True)
    assert [v.rule for v in found] == [8]  # 3 h 45 min after session 2: 24 h needed
    backwards = [
        spa.session("co1", 2, "t1", "r1", 2, "10:15"),
        spa.session("co1", 3, "t1", "r1", 0, "10:00"),
    ]
    assert 8 in spa.rules(backwards, partial=True)


# Rule 8: gaps ------------------------------------------------------------------------------
def test_exact_min_gap_accepted_one_minute_less_breaks_rule_8(spa):
    spa = spa.with_settings(slot_minutes=1)
    plan = spa.valid_plan()  # co1 #2 starts exactly 24 h after co1 #1 ends
    assert spa.check(plan) == []
    early = spa.session("co1", 2, "t1", "r1", 1, "10:14")
    found = spa.check(spa.swap(plan, ("co1", 2), early))
    assert [(v.rule, v.sessions) for v in found] == [(8, (("co1", 1), ("co1", 2)))]
    assert "1439 minutes" in found[0].message and "at least 1440 minutes (24 h)" in found[0].message


def test_max_gap_breaks_rule_8(spa):
    # sport allows at most 48 h: co2 #1 ends day 0 11:15; day 2 11:15 is exactly 48 h.
    plan = spa.drop(spa.valid_plan(), ("co1", 3))  # frees t1 on day 2
    exact = spa.session("co2", 2, "t1", "r2", 2, "11:15")
    assert spa.check(spa.swap(plan, ("co2", 2), exact)) == []
    late = spa.session("co2", 2, "t1", "r2", 2, "11:30")
    found = spa.check(spa.swap(plan, ("co2", 2), late))
    assert [v.rule for v in found] == [8]
    assert "at most 2880 minutes (48 h)" in found[0].message


def test_fractional_gap_hours_accept_exactly_66_minutes(spa):
    spa = spa.with_settings(slot_minutes=1, client_max_sessions_per_day=2)
    spa = spa.with_course("co1", min_gap_hours=1.1)
    first = spa.session("co1", 1, "t1", "r1", 0, "09:00")  # ends 10:15
    ok = spa.session("co1", 2, "t1", "r1", 0, "11:21")  # 66 minutes later
    assert spa.check([first, ok]) == []
    short = spa.session("co1", 2, "t1", "r1", 0, "11:20")
    assert spa.rules([first, short]) == [8]


def test_fractional_max_gap_hours_accept_exactly_66_minutes(spa):
    spa = spa.with_settings(slot_minutes=1, client_max_sessions_per_day=2)
    spa = spa.with_course("co1", min_gap_hours=0, max_gap_hours=1.1)
    first = spa.session("co1", 1, "t1", "r1", 0, "09:00")
    assert spa.check([first, spa.session("co1", 2, "t1", "r1", 0, "11:21")]) == []
    assert spa.rules([first, spa.session("co1", 2, "t1", "r1", 0, "11:22")]) == [8]


def test_gap_from_last_session_end_breaks_rule_8(spa):
    spa = spa.with_course("co1", last_session_end=spa.at(-1, "12:00"))
    first = spa.session("co1", 1, "t1", "r1", 0, "11:00")  # 23 h after: 24 h needed
    found = spa.check([first])
    assert [(v.rule, v.sessions) for v in found] == [(8, (("co1", 1),))]
    assert "before the horizon" in found[0].message
    assert spa.check([spa.session("co1", 1, "t1", "r1", 0, "12:00")]) == []


# Rule 11 -----------------------------------------------------------------------------------
def test_start_before_earliest_breaks_rule_11(spa):
    spa = spa.with_course("co3", earliest=spa.at(0, "09:45"))
    found = spa.check(spa.valid_plan())  # co3 #1 starts 09:00
    assert [(v.rule, v.sessions) for v in found] == [(11, (("co3", 1),))]
    assert "earliest" in found[0].message
    at_earliest = spa.session("co3", 1, "t2", "r2", 0, "09:45")
    assert spa.check(spa.swap(spa.valid_plan(), ("co3", 1), at_earliest)) == []


def test_end_after_latest_breaks_rule_11(spa):
    spa = spa.with_course("co1", latest=spa.at(2, "12:00"))
    found = spa.check(spa.valid_plan())  # co1 #3 ends day 2 12:15
    assert [(v.rule, v.sessions) for v in found] == [(11, (("co1", 3),))]
    spa = spa.with_course("co1", latest=spa.at(2, "12:15"))
    assert spa.check(spa.valid_plan()) == []


def test_session_outside_horizon_breaks_rule_11_even_if_course_allows_it(spa):
    spa = spa.with_course("co3", latest=spa.at(10, "00:00"))
    outside = spa.session("co3", 1, "t2", "r2", 3, "09:00")  # day 3 of a 3-day horizon
    found = spa.check(spa.swap(spa.valid_plan(), ("co3", 1), outside))
    assert 11 in [v.rule for v in found]
    assert any("horizon" in v.message for v in found if v.rule == 11)
    before = spa.session("co3", 1, "t2", "r2", -1, "09:00")
    assert 11 in spa.rules(spa.swap(spa.valid_plan(), ("co3", 1), before))


# Rule 12 -----------------------------------------------------------------------------------
def test_pinned_session_present_exactly_is_valid(spa):
    spa = spa.replace(pins=(Pin("co3", 1, "t2", "r2", spa.at(0, "09:00")),))
    assert spa.check(spa.valid_plan()) == []


def test_moved_pinned_session_breaks_rule_12(spa):
    spa = spa.replace(pins=(Pin("co3", 1, "t2", "r2", spa.at(0, "09:15")),))
    found = spa.check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [(12, (("co3", 1),))]
    assert "pinned.csv row 2" in found[0].message


def test_missing_pinned_session_breaks_rule_12_unless_partial(spa):
    spa = spa.replace(pins=(Pin("co3", 1, "t2", "r2", spa.at(0, "09:00")),))
    plan = spa.drop(spa.valid_plan(), ("co3", 1))
    found = spa.check(plan)
    assert [(v.rule, v.sessions) for v in found] == [(12, (("co3", 1),))]
    assert "missing" in found[0].message
    assert spa.check(plan, partial=True) == []


def test_pinned_session_takes_part_in_other_rules(spa):
    # A pin does not excuse a clash: co2 #1 pinned into t1's turnover still breaks rule 6.
    early = spa.session("co2", 1, "t1", "r2", 0, "10:15")
    spa = spa.replace(pins=(Pin("co2", 1, "t1", "r2", early.start),))
    assert spa.rules(spa.swap(spa.valid_plan(), ("co2", 1), early)) == [6]
