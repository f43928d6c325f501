"""A manager's changes of one day: a therapist off sick, a room closed; nothing is written until
the change is, and then the folder loads with it."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from planner.check.pin_check import load_releasing_bookings
from planner.live.changes import (
    ROOM_CLOSED,
    SICK_DAY,
    ChangeError,
    room_closed,
    staged_scenario,
    therapist_off,
    write_change,
)
from planner.scenario.types import Scenario

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-week"
WEDNESDAY = date(2026, 12, 9)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "demo-week"
    shutil.copytree(DEMO, copy)
    return copy


def _load(folder: Path) -> Scenario:
    return load_releasing_bookings(folder)[0]


def _day_minutes(scenario: Scenario, therapist_id: str, day: int) -> int:
    low, high = day * 1440, (day + 1) * 1440
    return sum(
        s.end - s.start
        for s in scenario.shifts
        if s.therapist_id == therapist_id and low <= s.start < high
    )


def test_a_sick_day_takes_the_therapists_shifts_of_that_day_only(folder: Path) -> None:
    before_text = (folder / "shifts.csv").read_text("utf-8")
    scenario = _load(folder)
    change = therapist_off(folder, scenario, "t01", WEDNESDAY)
    assert change.kind == SICK_DAY and change.rows >= 1
    # Made, not written.
    assert (folder / "shifts.csv").read_text("utf-8") == before_text
    staged, _, _ = staged_scenario(folder, change)
    assert _day_minutes(scenario, "t01", 2) > 0
    assert _day_minutes(staged, "t01", 2) == 0
    assert _day_minutes(staged, "t01", 3) == _day_minutes(scenario, "t01", 3)
    assert _day_minutes(staged, "t02", 2) == _day_minutes(scenario, "t02", 2)

    write_change(folder, change)
    assert _day_minutes(_load(folder), "t01", 2) == 0


def test_a_closed_room_is_closed_over_the_days_opening_hours(folder: Path) -> None:
    scenario = _load(folder)
    change = room_closed(folder, scenario, "r03", WEDNESDAY)
    assert change.kind == ROOM_CLOSED
    staged, _, _ = staged_scenario(folder, change)
    opening = scenario.settings.opening(2)
    assert opening is not None
    closures = [c for c in staged.room_closures if c.room_id == "r03"]
    assert any(c.start <= opening[0] and c.end >= opening[1] for c in closures)
    assert not any(c.room_id == "r03" for c in scenario.room_closures)


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda f, s: therapist_off(f, s, "t99", WEDNESDAY), "therapist_id"),
        (lambda f, s: therapist_off(f, s, "t01", date(2026, 12, 20)), "day"),
        # Olena's first shift is on Wednesday: nothing to take away on Monday.
        (lambda f, s: therapist_off(f, s, "t01", date(2026, 12, 7)), "day"),
        (lambda f, s: room_closed(f, s, "r99", WEDNESDAY), "room_id"),
    ],
)
def test_a_change_that_cannot_be_made_names_the_field(folder: Path, make, field: str) -> None:
    with pytest.raises(ChangeError) as caught:
        make(folder, _load(folder))
    assert caught.value.field == field
