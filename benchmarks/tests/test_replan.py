"""The re-planning benchmark's core on a tiny spa: every change re-planned, checked, reported.

Run with ``python -m pytest benchmarks/tests -q`` from the repository root (about 10 s: six
solves of at most 1.5 s). Nothing here asserts a timing; only the no-change row's target.
"""

from __future__ import annotations

import pytest

from benchmarks.machine import machine_info
from benchmarks.replan import Row, RunOptions, Solved, render, replan_rows
from benchmarks.replan_changes import CHANGES
from planner.generate import build_scenario
from planner.scenario.types import Scenario

RUN = RunOptions(limit=1.5, workers=2, seed=0)
NAMES = ("no change", "one more room", "one more shift", "one course added",
         "therapist ill one day")  # fmt: skip


@pytest.fixture(scope="module")
def spa() -> Scenario:
    """41 sessions over five days, three therapists each with a day off, one pin."""
    return build_scenario(therapists=3, rooms=2, courses=None, days=5, seed=0, tightness=0.8)


@pytest.fixture(scope="module")
def replanned(spa: Scenario) -> tuple[Solved, list[Row]]:
    return replan_rows("tiny", spa, RUN)


def test_every_change_gets_a_row_in_table_order(replanned: tuple[Solved, list[Row]]) -> None:
    _, rows = replanned
    assert len(CHANGES) == len(NAMES)
    assert [row.change.name for row in rows] == list(NAMES)


def test_every_plan_passes_the_checker(replanned: tuple[Solved, list[Row]]) -> None:
    base, rows = replanned
    assert base.result.plan.sessions
    assert base.sound, base.violations
    for row in rows:
        assert row.again.sound, (row.change.name, row.again.violations)


def test_no_change_moves_nothing(replanned: tuple[Solved, list[Row]]) -> None:
    _, rows = replanned
    same = rows[0]
    assert same.moved == 0 and same.dropped == 0 and same.notify == 0
    assert same.target()[0]


def test_the_ill_therapist_had_sessions_that_day_and_has_none_after(
    replanned: tuple[Solved, list[Row]],
) -> None:
    ill = replanned[1][-1]
    assert ill.change.on_base > 0
    assert ill.on_new == 0
    assert ill.change.allowed >= ill.change.on_base


def test_the_report_has_a_row_per_change(
    spa: Scenario, replanned: tuple[Solved, list[Row]]
) -> None:
    base, rows = replanned
    text = render([("tiny", spa, base, rows)], RUN, "python -m benchmarks.replan", "now",
                  machine_info())  # fmt: skip
    table = [line for line in text.splitlines() if line.startswith("| tiny |")]
    assert len(table) == 1 + len(NAMES)  # the base plan's row, then one per change
    for name in NAMES:
        assert any(f"| {name} |" in line for line in table)
    assert "### Failures" in text
