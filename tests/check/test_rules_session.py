"""Rules 1-5: each session on its own (skills, equipment, length, shift, opening, grid)."""

from __future__ import annotations

from planner.scenario.types import Availability, RoomClosure


def test_valid_plan_breaks_no_rule(spa):
    assert spa.check(spa.valid_plan()) == []


def test_empty_plan_breaks_no_rule(spa):
    assert spa.check([]) == []


# Rule 1 -------------------------------------------------------------------------------------
def test_therapist_without_specialty_breaks_rule_1(spa):
    plan = spa.swap(spa.valid_plan(), ("co2", 1), spa.session("co2", 1, "t2", "r2", 0, "10:30"))
    found = spa.check(plan)
    assert [v.rule for v in found] == [1]
    assert "t2" in found[0].message and "sports" in found[0].message
    assert found[0].sessions == (("co2", 1),)


def test_room_without_equipment_breaks_rule_1(spa):
    plan = spa.swap(spa.valid_plan(), ("co3", 1), spa.session("co3", 1, "t2", "r1", 0, "11:00"))
    found = spa.check(plan)
    assert [v.rule for v in found] == [1]
    assert "shower" in found[0].message


def test_unknown_therapist_and_room_break_rule_1(spa):
    plan = spa.swap(spa.valid_plan(), ("co3", 1), spa.session("co3", 1, "tX", "rX", 0, "09:00"))
    found = spa.check(plan)
    assert [v.rule for v in found] == [1, 1]
    assert "'tX'" in found[0].message and "'rX'" in found[1].message


# Rule 2 -------------------------------------------------------------------------------------
def test_first_session_without_assessment_time_breaks_rule_2(spa):
    plan = spa.swap(spa.valid_plan(), ("co1", 1), spa.session("co1", 1, "t1", "r1", 0, "09:00", 60))
    found = spa.check(plan)
    assert [v.rule for v in found] == [2]
    assert "75 minutes" in found[0].message and "assessment" in found[0].message


def test_no_assessment_after_last_session_end(spa):
    # A course continued from before the horizon needs no assessment: 60 minutes is right.
    spa = spa.with_course("co1", last_session_end=spa.at(-2, "10:00"))
    plan = spa.swap(spa.valid_plan(), ("co1", 1), spa.session("co1", 1, "t1", "r1", 0, "09:00", 60))
    assert spa.check(plan) == []


def test_plan_row_naming_other_client_or_treatment_breaks_rule_2(spa):
    from dataclasses import replace

    plan = spa.valid_plan()
    plan[0] = replace(plan[0], client_id="c2", treatment_id="sport")
    found = spa.check(plan)
    assert [v.rule for v in found] == [2, 2]


# Rule 3 -------------------------------------------------------------------------------------
def test_session_past_shift_end_breaks_rule_3(spa):
    late = spa.session("co2", 2, "t1", "r1", 1, "16:30")  # t1 works until 17:00
    found = spa.check(spa.swap(spa.valid_plan(), ("co2", 2), late))
    assert [v.rule for v in found] == [3]
    assert "shift" in found[0].message


def test_session_ending_exactly_at_shift_end_is_accepted(spa):
    last = spa.session("co2", 2, "t1", "r1", 1, "16:15")  # 45 min: ends 17:00
    assert spa.check(spa.swap(spa.valid_plan(), ("co2", 2), last)) == []


def test_session_across_split_shift_break_breaks_rule_3(spa):
    # t2 works 09-12 and 13-18: 11:45-12:15 lies in no single shift.
    across = spa.session("co3", 1, "t2", "r2", 0, "11:45")
    assert spa.rules(spa.swap(spa.valid_plan(), ("co3", 1), across)) == [3]
    after_break = spa.session("co3", 1, "t2", "r2", 0, "13:00")
    assert spa.rules(spa.swap(spa.valid_plan(), ("co3", 1), after_break)) == []


def test_session_across_touching_shift_rows_breaks_rule_3(spa):
    from planner.scenario.types import Shift

    touching = (
        Shift("t2", spa.at(0, "09:00"), spa.at(0, "12:00")),
        Shift("t2", spa.at(0, "12:00"), spa.at(0, "18:00")),
    )
    spa = spa.replace(
        shifts=(*(s for s in spa.scenario.shifts if s.therapist_id != "t2"), *touching)
    )
    across = spa.session("co3", 1, "t2", "r2", 0, "11:45")
    assert spa.rules(spa.swap(spa.valid_plan(), ("co3", 1), across)) == [3]


def test_session_outside_opening_hours_breaks_rule_3(spa):
    spa = spa.with_settings(opening_hours=((10 * 60, 21 * 60),) * 7)
    found = spa.check(spa.valid_plan())
    # co1 #1 and co3 #1 start at 09:00, before opening at 10:00.
    assert [(v.rule, v.sessions) for v in found] == [(3, (("co1", 1),)), (3, (("co3", 1),))]
    assert "10:00 to 21:00" in found[0].message


def test_session_on_closed_date_or_weekday_breaks_rule_3(spa):
    closed = spa.with_settings(closed_dates=frozenset({spa.scenario.settings.day_date(2)}))
    found = closed.check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [(3, (("co1", 3),))]
    assert "closed" in found[0].message
    wednesday_off = spa.with_settings(
        opening_hours=((9 * 60, 21 * 60),) * 2 + (None,) + ((9 * 60, 21 * 60),) * 4
    )
    assert wednesday_off.rules(spa.valid_plan()) == [3]


def test_session_overlapping_room_closure_breaks_rule_3(spa):
    closure = RoomClosure("r2", spa.at(0, "11:00"), spa.at(0, "12:00"))
    found = spa.replace(room_closures=(closure,)).check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [(3, (("co2", 1),))]  # 10:30-11:15 in r2
    touching = RoomClosure("r2", spa.at(0, "11:15"), spa.at(0, "12:00"))
    assert spa.replace(room_closures=(touching,)).check(spa.valid_plan()) == []


def test_session_crossing_midnight_breaks_rule_3(spa):
    spa = spa.with_settings(opening_hours=((0, 1440),) * 7)
    from planner.scenario.types import Shift

    spa = spa.replace(
        shifts=(
            *spa.scenario.shifts,
            Shift("t2", spa.at(0, "22:00"), spa.at(1, "00:00")),
            Shift("t2", spa.at(1, "00:00"), spa.at(1, "02:00")),
        )
    )
    night = spa.session("co3", 1, "t2", "r2", 0, "23:45")
    found = spa.check(spa.swap(spa.valid_plan(), ("co3", 1), night))
    assert [v.rule for v in found] == [3]
    assert "midnight" in found[0].message
    # Ending exactly at midnight (24:00) is fine.
    before = spa.session("co3", 1, "t2", "r2", 0, "23:30")
    assert spa.check(spa.swap(spa.valid_plan(), ("co3", 1), before)) == []


# Rule 4 -------------------------------------------------------------------------------------
def test_client_availability_rows_limit_sessions_rule_4(spa):
    rows = (
        Availability("c3", spa.at(0, "08:30"), spa.at(0, "09:15")),  # too short for 09:00-09:30
        Availability("c3", spa.at(0, "09:15"), spa.at(0, "12:00"), preferred=True),
    )
    spa = spa.replace(availability=rows)
    found = spa.check(spa.valid_plan())
    assert [(v.rule, v.sessions) for v in found] == [(4, (("co3", 1),))]
    # Either kind of row admits the session, but only one row wholly.
    inside = spa.session("co3", 1, "t2", "r2", 0, "09:30")
    assert spa.check(spa.swap(spa.valid_plan(), ("co3", 1), inside)) == []


def test_client_without_rows_may_come_whenever_open(spa):
    rows = (Availability("c3", spa.at(0, "09:00"), spa.at(0, "09:30")),)
    # c1 and c2 have no rows: unaffected; c3's session fits exactly.
    assert spa.replace(availability=rows).check(spa.valid_plan()) == []


# Rule 5 -------------------------------------------------------------------------------------
def test_start_off_the_slot_grid_breaks_rule_5(spa):
    odd = spa.session("co3", 1, "t2", "r2", 0, "09:05")
    found = spa.check(spa.swap(spa.valid_plan(), ("co3", 1), odd))
    assert [v.rule for v in found] == [5]
    assert "15-minute" in found[0].message
    assert (
        spa.with_settings(slot_minutes=5).check(spa.swap(spa.valid_plan(), ("co3", 1), odd)) == []
    )
