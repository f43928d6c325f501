"""Utilisation: the one definition that the what-if comparison and the report share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.plan.utilisation import overall_share, room_utilisation, therapist_utilisation
from planner.scenario import load_scenario
from tests.export.conftest import SPA_FILES, hand_plan


def test_utilisation_counts_booked_minutes_against_shifts_and_open_unclosed_hours(
    make_scenario: Callable[..., Path],
) -> None:
    closures = """
        room_id,date,start,end
        r1,2026-12-07,08:00,10:00
        r1,2026-12-07,09:30,11:00
        r1,2026-12-08,20:00,23:00
    """
    scenario, _ = load_scenario(make_scenario({**SPA_FILES, "room_closures.csv": closures}))
    sessions = [s for s in hand_plan() if s.room_id == "r1" and s.start >= 1440]

    staff = therapist_utilisation(scenario, sessions)
    assert [(u.id, u.booked_minutes, u.available_minutes) for u in staff] == [
        ("t1", 60, 960),
        ("t2", 0, 360),
    ]
    rooms = room_utilisation(scenario, sessions)
    # Open 09:00-21:00 on two days = 1440 min; closed 09:00-11:00 (overlapping rows counted
    # once, the part before opening not at all) and 20:00-21:00.
    assert [(u.id, u.booked_minutes, u.available_minutes) for u in rooms] == [
        ("r1", 60, 1440 - 120 - 60),
        ("r2", 0, 1440),
    ]
    assert rooms[0].share == 60 / 1260


def test_shift_minutes_count_once_inside_the_opening_hours(
    make_scenario: Callable[..., Path],
) -> None:
    # Nested and overlapping rows, a shift reaching before the 09:00 opening, a closed Sunday.
    shifts = """
        therapist_id,date,start,end
        t1,2026-12-07,08:00,12:00
        t1,2026-12-07,10:00,11:00
        t1,2026-12-07,11:30,13:00
        t2,2026-12-08,12:00,18:00
    """
    scenario, _ = load_scenario(make_scenario({**SPA_FILES, "shifts.csv": shifts}))
    staff = therapist_utilisation(scenario, [])
    # t1: 09:00-13:00 = 240 minutes (not 240 + 60 + 90 raw, nor 300 with the hour before 09:00).
    assert [(u.id, u.available_minutes) for u in staff] == [("t1", 240), ("t2", 360)]
    assert overall_share(staff) == 0.0
    assert overall_share([]) is None
