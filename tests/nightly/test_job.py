"""The nightly job across weeks: the reference plan is the one published for the horizon's days,
and the scenario is read only under the spa's lock."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from filelock import FileLock

from planner.cli import main


def report(tmp_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        (tmp_path / "exports" / "nightly.json").read_text(encoding="utf-8")
    )
    return loaded


def test_week_50_then_51_then_50_again_never_mix(spa_week: Path, tmp_path: Path, nightly) -> None:
    first = nightly(spa_week, "2026-12-07T07:00", "--formats", "csv", "--deterministic")
    assert first.exit_code == 0, first.output
    published_50 = report(tmp_path)["sessions_scheduled"]
    week_51 = tmp_path / "week51"
    args = ["rollover", str(spa_week), str(tmp_path / "exports"), "-o", str(week_51)]
    rolled = CliRunner().invoke(main, [*args, "--start", "2026-12-14"])
    assert rolled.exit_code == 0, rolled.output
    # The next week keeps the spa's name: the archive tells the weeks apart by their days.
    assert 'name = "Spa Podil nightly"' in (week_51 / "scenario.toml").read_text("utf-8")

    second = nightly(week_51, "2026-12-11T20:00", "--formats", "csv", "--deterministic")
    assert second.exit_code == 0, second.output
    assert "previous published plan: none" in second.output
    assert report(tmp_path)["changes"]["dropped"] == 0

    # Week 50 re-run: its reference plan is week 50's (run 1), not the later week 51's.
    third = nightly(spa_week, "2026-12-08T12:00", "--formats", "csv", "--deterministic")
    assert third.exit_code == 0, third.output
    found = report(tmp_path)
    assert found["previous_run_id"] == 1
    changes = found["changes"]
    assert (changes["added"], changes["dropped"], changes["moved"]) == (0, 0, 0), changes
    assert changes["unchanged"] == published_50
    assert found["moved"] == 0


@pytest.mark.parametrize("archive_url", ["sqlite"], indirect=True)
def test_the_scenario_is_read_only_under_the_lock(spa_week: Path, tmp_path: Path, nightly) -> None:
    # A broken scenario: a run that read it before taking the lock would exit 2.
    (spa_week / "courses.csv").write_text("course_id,client_id\nk1,c1\n", encoding="utf-8")
    (spa_week / "scenario.toml").write_text("name = [broken", encoding="utf-8")
    with FileLock(str(tmp_path / "plans.db.lock")):
        result = nightly(spa_week, "2026-12-07T07:00")
    assert result.exit_code == 4, result.output
    assert "another run is re-planning" in result.output
