"""The construction books whole courses at their earliest slots, backtracking a little.

2026-12-07 (a Monday) is day 0: Monday 09:00 is minute 540, Wednesday 09:00 minute 3420,
Thursday 09:00 minute 4860.
"""

from __future__ import annotations

from datetime import date, timedelta

from planner.model import BookingState, CourseBooker, build_specs
from planner.model.first_plan.construct import book_pins, construct, gap_window
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MON = date(2026, 12, 7)
DAYS = [MON + timedelta(days=i) for i in range(4)]


def spa(available_days: tuple[int, ...] = (0, 1, 2, 3)) -> ScenarioBuilder:
    """Two relaxing therapists working 09:00-17:00 every day of four; client c1 can come from
    09:00 to 10:00 on ``available_days``."""
    b = ScenarioBuilder("construct", start=MON, days=4)
    for t in ("t1", "t2"):
        b.add_therapist(t, specialties=["relaxing"], shifts=[(d, "09:00", "17:00") for d in DAYS])
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    b.add_client("c1", available=[(DAYS[i], "09:00", "10:00") for i in available_days])
    return b


def starts(scenario: Scenario, state: BookingState) -> list[tuple[str, int, str, int]]:
    return sorted((s.course_id, s.session, s.therapist_id, s.start) for s in state.planned())


def test_backtracking_moves_the_first_session_to_a_day_the_second_can_follow():
    # 12 to 30 hours between sessions; c1 comes on Monday, Wednesday and Thursday only. After
    # Monday the second session would fall on Tuesday: the course only fits from Wednesday.
    b = spa(available_days=(0, 2, 3))
    b.add_course("co1", "c1", "relax", 2, needs_assessment=False, min_gap_hours=12,
                 max_gap_hours=30)  # fmt: skip
    scenario = b.build()
    specs = build_specs(scenario)["co1"]

    state = BookingState(scenario)
    assert CourseBooker(state).book(specs) == 2
    assert starts(scenario, state) == [("co1", 1, "t1", 3420), ("co1", 2, "t1", 4860)]

    # Without backtracking (the booking-system baseline) the course stops after Monday.
    plain = BookingState(scenario)
    assert CourseBooker(plain, backtrack=0, favour=False).book(specs) == 1
    assert starts(scenario, plain) == [("co1", 1, "t1", 540)]


def test_the_preferred_then_the_previous_therapist_is_favoured():
    b = spa()
    b.add_client("c9")  # comes whenever the spa is open
    b.add_course("co1", "c9", "relax", 3, needs_assessment=False, preferred_therapist="t2")
    scenario = b.build()
    specs = build_specs(scenario)["co1"]
    # A default gap of 24 hours after each end: Monday 09:00, Tuesday 10:00, Wednesday 11:00;
    # t1 would come first on every tie.
    favoured = BookingState(scenario)
    CourseBooker(favoured).book(specs)
    assert [s[2:] for s in starts(scenario, favoured)] == [("t2", 540), ("t2", 2040),
                                                            ("t2", 3540)]  # fmt: skip
    unfavoured = BookingState(scenario)
    CourseBooker(unfavoured, favour=False).book(specs)
    assert {s[2] for s in starts(scenario, unfavoured)} == {"t1"}


def test_courses_are_booked_in_the_order_given_and_pins_stay():
    b = spa()
    b.add_client("c2", available=[(MON, "09:00", "10:00")])
    b.add_course("co1", "c1", "relax", 1, needs_assessment=False)
    b.add_course("co2", "c2", "relax", 1, needs_assessment=False)
    b.add_course("co3", "c1", "relax", 1, needs_assessment=False)
    b.pin("co3", 1, "t2", "r1", "2026-12-10T09:00")
    scenario = b.build()
    specs = build_specs(scenario)
    state = BookingState(scenario)
    book_pins(state, specs)
    construct(state, specs, ["co2", "co1", "co3"])
    # One room: co2 takes Monday 09:00, so co1 (a client allowed one session a day) goes to
    # Tuesday; the pin keeps Thursday.
    assert starts(scenario, state) == [
        ("co1", 1, "t1", 1980),
        ("co2", 1, "t1", 540),
        ("co3", 1, "t2", 4860),
    ]


def test_gap_window_follows_the_previous_session_or_the_last_session_end():
    b = spa()
    b.add_course("co1", "c1", "relax", 2, min_gap_hours=24, max_gap_hours=48)
    b.add_course("co2", "c1", "relax", 1, last_session_end="2026-12-06T10:00", max_gap_hours=30)
    scenario = b.build()
    specs = build_specs(scenario)
    assert gap_window(scenario, specs["co1"][0], None) == (0, None)
    assert gap_window(scenario, specs["co1"][1], 600) == (600 + 1440, 600 + 2880)
    # The session before the week ended at minute -840; a default gap of 24 hours follows.
    assert gap_window(scenario, specs["co2"][0], None) == (-840 + 1440, -840 + 1800)
