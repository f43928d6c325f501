"""The plan a command starts from with ``--archive``: the one published for the scenario's days."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from planner.archive import Archive, ArchiveError, NoPublishedPlan, published_plan
from planner.plan import Plan
from planner.scenario.types import Scenario


def test_the_plan_of_the_scenarios_days_on_its_own_axis(
    scenario_folder: Path, scenario: Scenario, small_plan: Plan, tmp_path: Path
) -> None:
    plan = small_plan
    url = str(tmp_path / "plans.db")
    with Archive(url) as archive:
        archive.record(scenario, scenario_folder, plan, "import")
    # The next day's scenario: Monday's sessions are another horizon's, Tuesday's move to day 0.
    settings = scenario.settings
    tuesday = replace(scenario, settings=replace(settings, start=settings.start + timedelta(1)))
    assert published_plan(url, scenario, scenario_folder).sessions == plan.sessions
    moved = published_plan(url, tuesday, scenario_folder).sessions
    assert [(s.course_id, s.session, s.start) for s in moved] == [("co1", 2, 10 * 60 + 30)]


def test_no_plan_published_for_these_days(
    scenario_folder: Path, scenario: Scenario, tmp_path: Path
) -> None:
    url = str(tmp_path / "plans.db")
    with Archive(url) as archive:
        archive.record(scenario, scenario_folder, Plan(()), "whatif")  # never published
    with pytest.raises(NoPublishedPlan, match="no published plan of 'tiny' for 2026-12-07"):
        published_plan(url, scenario, scenario_folder)


def test_a_missing_archive_is_not_created(
    scenario_folder: Path, scenario: Scenario, tmp_path: Path
) -> None:
    with pytest.raises(ArchiveError):
        published_plan(tmp_path / "none.db", scenario, scenario_folder)
    assert not (tmp_path / "none.db").exists()
