"""The minutes and sessions a therapist-day or room-day can hold, counted by hand."""

from __future__ import annotations

from datetime import date

from planner.model.prune.day_capacity import (
    count_capacity,
    merged_pieces,
    room_day_capacity,
    room_day_pieces,
    union_capacity,
)
from planner.scenario.builder import ScenarioBuilder

MON = date(2026, 12, 7)


def test_overlapping_nested_and_touching_periods_merge_into_pieces():
    periods = [(300, 400), (100, 200), (150, 180), (200, 250)]
    assert merged_pieces(periods) == [(100, 250), (300, 400)]
    assert merged_pieces([]) == []


def test_union_capacity_adds_one_turnover_per_piece():
    # 150 + 15 and 100 + 15 minutes.
    assert union_capacity([(100, 250), (300, 400)], 15) == 280


def test_count_capacity_counts_whole_sessions_with_their_turnover():
    # Sessions of 60 + 15 turnover: the 150-minute piece holds 2 ((150 + 15) // 75), the
    # 100-minute piece 1 ((100 + 15) // 75).
    assert count_capacity([(100, 250), (300, 400)], 15, 60) == 3
    # The last session's turnover may run past the end: 60 minutes hold one 60-minute session.
    assert count_capacity([(0, 60)], 15, 60) == 1


def test_a_room_day_is_its_opening_hours_less_its_closures():
    b = ScenarioBuilder(
        "rooms", start=MON, days=7, opening_hours={"default": ("08:00", "20:00"), "sun": None}
    )
    b.add_room("r1", equipment=["table"])
    b.add_room("r2", equipment=["table"])
    b.close_room("r1", MON, "09:00", "10:00")
    b.close_room("r1", MON, "19:30", "21:00")  # runs past closing time
    scenario = b.build()
    assert room_day_pieces(scenario, "r1", 0) == [(480, 540), (600, 1170)]
    assert room_day_pieces(scenario, "r2", 0) == [(480, 1200)]
    assert room_day_pieces(scenario, "r1", 6) == []  # Sunday: closed
    # (60 + 15) + (570 + 15) minutes.
    assert room_day_capacity(scenario, "r1", 0) == 660
    assert room_day_capacity(scenario, "r1", 6) == 0
