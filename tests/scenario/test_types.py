"""Quantities of the contract derived once on the scenario: calendar weeks, sessions asked for."""

from __future__ import annotations

from datetime import date

from planner.scenario.types import Settings


def test_weeks_run_monday_to_sunday_and_a_mid_week_start_has_a_short_first_week() -> None:
    thursday = Settings(start=date(2026, 12, 10), days=14)
    assert [thursday.week_of(day) for day in range(6)] == [0, 0, 0, 0, 1, 1]
    assert thursday.week_monday(0) == date(2026, 12, 7)
    assert thursday.week_monday(1) == date(2026, 12, 14)
    monday = Settings(start=date(2026, 12, 7))
    assert [monday.week_of(day) for day in (0, 6, 7)] == [0, 0, 1]
    assert monday.week_monday(0) == monday.start
