"""Which published sessions ``--allow-moves`` may move, read from the spa's clock."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from planner.fit.moves import move_search_at
from planner.plan import PlannedSession
from planner.scenario import load_scenario
from planner.scenario.types import Pin

# co1's only session, Monday 2026-12-07 10:00-11:15 with its assessment (axis minutes 600-675).
BOOKED = PlannedSession("co1", 1, "c1", "relax", "t1", "r1", 600, 675)


def test_a_session_inside_the_freeze_window_stays(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    monday_8 = datetime(2026, 12, 7, 8, 0)
    outside = move_search_at(scenario, [BOOKED], 1, monday_8, freeze_hours=1)
    inside = move_search_at(scenario, [BOOKED], 1, monday_8, freeze_hours=3)
    assert outside is not None and outside.movable == {("co1", 1)}
    assert outside.not_before == 8 * 60 + 60
    assert inside is not None and inside.movable == frozenset()


def test_seconds_of_the_clock_do_not_count(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    found = move_search_at(scenario, [BOOKED], 2, datetime(2026, 12, 7, 8, 59, 59), 1)
    assert found is not None and found.not_before == 8 * 60 + 59 + 60
    assert found.limit == 2


def test_a_pinned_session_never_moves_and_no_limit_means_no_search(make_scenario) -> None:
    scenario, _ = load_scenario(make_scenario())
    pinned = replace(scenario, pins=(Pin("co1", 1, "t1", "r1", 600),))
    early = datetime(2026, 12, 1, 8, 0)
    found = move_search_at(pinned, [BOOKED], 1, early, 1)
    assert found is not None and found.movable == frozenset()
    assert move_search_at(scenario, [BOOKED], 0, early, 1) is None
