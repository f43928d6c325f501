"""``--available``: the desk's words for when a client can come, as availability periods."""

from __future__ import annotations

from datetime import date

import pytest

from planner.fit.availability import availability_rows, available_periods
from planner.fit.request_error import RequestError
from planner.scenario.types import Settings

# Monday 2026-12-07, a week: days 0..6 are Mon..Sun.
WEEK = Settings(name="w", start=date(2026, 12, 7), days=7)


def _days(spec: str) -> list[int]:
    return [start // 1440 for start, _ in available_periods(WEEK, spec)]


def test_weekday_ranges_lists_and_single_days() -> None:
    assert _days("mon-fri 17:00-21:00") == [0, 1, 2, 3, 4]
    assert _days("mon,wed 09:00-12:00") == [0, 2]
    assert _days("sat 10:00-14:00") == [5]
    assert _days("Fri-Mon 10:00-14:00") == [0, 4, 5, 6]  # wraps past Sunday


def test_periods_are_the_times_of_each_day() -> None:
    assert available_periods(WEEK, "tue 17:00-21:00") == [(1440 + 17 * 60, 1440 + 21 * 60)]
    assert available_periods(WEEK, "2026-12-09 17:00-21:00") == [
        (2 * 1440 + 17 * 60, 2 * 1440 + 21 * 60)
    ]


def test_rows_are_a_union_without_duplicates() -> None:
    rows = availability_rows(WEEK, "c1", ["mon-tue 17:00-21:00", "mon 17:00-21:00"])
    assert [(a.client_id, a.start // 1440) for a in rows] == [("c1", 0), ("c1", 1)]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("mon-fri", "expected days and a time range"),
        ("mon-fri 21:00-17:00", "expected the end after the start"),
        ("moon 17:00-21:00", "unknown day 'moon'"),
        ("mon 17-21", "expected a time HH:MM"),
        ("2026-12-20 17:00-21:00", "lies outside the horizon 2026-12-07..2026-12-13"),
        ("2026-13-01 17:00-21:00", "expected a date YYYY-MM-DD"),
    ],
)
def test_bad_specs_name_the_option_and_what_was_expected(spec: str, expected: str) -> None:
    with pytest.raises(RequestError) as caught:
        available_periods(WEEK, spec)
    assert caught.value.option == "--available"
    assert expected in str(caught.value)
