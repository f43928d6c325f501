"""Shift arithmetic of what-if variants: time off cut out, overtime merged in, pins kept."""

from __future__ import annotations

from planner.scenario import load_scenario
from planner.scenario.types import Pin, Shift
from planner.whatif.shifts import pin_outside, shift_without, with_shift

DAY = 24 * 60
NINE_TO_FIVE = Shift("t1", 9 * 60, 17 * 60)


def test_time_off_cuts_the_shift_in_two_or_shortens_it_or_leaves_it() -> None:
    assert shift_without(NINE_TO_FIVE, 12 * 60, 13 * 60) == [
        Shift("t1", 9 * 60, 12 * 60),
        Shift("t1", 13 * 60, 17 * 60),
    ]
    assert shift_without(NINE_TO_FIVE, 8 * 60, 10 * 60) == [Shift("t1", 10 * 60, 17 * 60)]
    assert shift_without(NINE_TO_FIVE, 0, DAY) == []
    assert shift_without(NINE_TO_FIVE, 17 * 60, 18 * 60) == [NINE_TO_FIVE]


def test_overtime_touching_a_shift_makes_one_longer_shift_in_its_place() -> None:
    other = Shift("t2", 9 * 60, 17 * 60)
    tuesday = Shift("t1", DAY + 9 * 60, DAY + 17 * 60)
    shifts = [NINE_TO_FIVE, other, tuesday]
    assert with_shift(shifts, Shift("t1", 17 * 60, 19 * 60)) == [
        Shift("t1", 9 * 60, 19 * 60),
        other,
        tuesday,
    ]


def test_overtime_on_another_day_or_for_another_therapist_is_a_shift_of_its_own() -> None:
    # Midnight touches Tuesday's shift only on the clock: days never merge.
    late = Shift("t1", 17 * 60, DAY)
    tuesday = Shift("t1", DAY, DAY + 8 * 60)
    assert with_shift([late], tuesday) == [late, tuesday]
    assert with_shift([NINE_TO_FIVE], Shift("t2", 17 * 60, 18 * 60)) == [
        NINE_TO_FIVE,
        Shift("t2", 17 * 60, 18 * 60),
    ]


def test_a_pin_stays_unless_it_is_the_absent_therapists_and_overlaps(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    # co1's session lasts 75 minutes with its assessment: 10:00-11:15.
    pin = Pin("co1", 1, "t1", "r1", 10 * 60)
    assert pin_outside(scenario, "t1", 11 * 60, 12 * 60)(pin) is False
    assert pin_outside(scenario, "t1", 11 * 60 + 15, 12 * 60)(pin) is True
    assert pin_outside(scenario, "t2", 0, DAY)(pin) is True
