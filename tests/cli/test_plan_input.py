"""The plan a desk command starts from with ``--archive``: the one published for its days."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console

from planner.archive import Archive
from planner.cli.plan_input import read_plan_or_exit
from planner.plan import Plan, PlannedSession
from planner.scenario import load_scenario


def test_the_archive_gives_the_plan_of_the_scenarios_days_not_the_newest_of_its_name(
    make_scenario, tmp_path: Path
) -> None:
    folder = make_scenario()
    week_50, _ = load_scenario(folder)
    settings = week_50.settings
    week_51 = replace(week_50, settings=replace(settings, start=settings.start + timedelta(7)))
    booked = PlannedSession("co1", 1, "c1", "relax", "t1", "r1", 600, 675)
    archive_url = str(tmp_path / "plans.db")
    with Archive(archive_url) as archive:
        archive.record(week_50, folder, Plan((booked,)), "import")
        # Published later, filed under the same name: next week's plan.
        archive.record(week_51, folder, Plan((replace(booked, start=700, end=775),)), "import")

    bundle = read_plan_or_exit(None, archive_url, week_50, folder, Console())
    assert bundle.sessions == (booked,)


def test_no_plan_published_for_these_days_exits_2(make_scenario, tmp_path: Path, capsys) -> None:
    folder = make_scenario()
    week_50, _ = load_scenario(folder)
    later = replace(
        week_50, settings=replace(week_50.settings, start=week_50.settings.start + timedelta(7))
    )
    archive_url = str(tmp_path / "plans.db")
    with Archive(archive_url) as archive:
        archive.record(later, folder, Plan(()), "import")
    with pytest.raises(SystemExit) as exited:
        read_plan_or_exit(None, archive_url, week_50, folder, Console())
    assert exited.value.code == 2
    assert "no published plan of 'tiny' for 2026-12-07 .. 2026-12-08" in capsys.readouterr().err
