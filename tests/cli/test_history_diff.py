"""``planner history`` and ``planner diff`` as a spa manager runs them."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.archive import Archive
from planner.cli import main
from planner.plan import Plan
from planner.plan.csvfiles import write_plan_csv
from planner.scenario.types import Scenario


@pytest.fixture
def archived(
    archive_url: str, scenario_folder: Path, scenario: Scenario, small_plan: Plan
) -> tuple[str, Scenario, int, int]:
    """An archive (SQLite and PostgreSQL) with two runs of the same scenario: the second moves
    co2 by two hours."""
    folder = scenario_folder
    first = small_plan
    second = Plan(
        tuple(
            replace(s, start=s.start + 120, end=s.end + 120) if s.course_id == "co2" else s
            for s in first.sessions
        )
    )
    database = archive_url
    with Archive(database) as archive:
        a = archive.record(scenario, folder, first, "import")
        b = archive.record(scenario, folder, second, "whatif")
    return database, scenario, a, b


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_history_lists_every_run(archived) -> None:
    database, _scenario, a, b = archived
    result = run("history", "--archive", str(database))
    assert result.exit_code == 0, result.output
    assert "import" in result.output and "whatif" in result.output
    assert "tiny" in result.output
    listed = json.loads(run("history", "--archive", str(database), "--json").output)
    assert [(r["id"], r["kind"], r["published"]) for r in listed] == [
        (a, "import", True),
        (b, "whatif", False),
    ]


def test_history_filters_by_scenario_and_says_when_empty(archived) -> None:
    database = archived[0]
    result = run("history", "--archive", str(database), "--scenario", "elsewhere")
    assert result.exit_code == 0
    assert "No runs archived for 'elsewhere'." in result.output


def test_history_of_a_missing_archive_exits_2_without_creating_it(tmp_path: Path) -> None:
    result = run("history", "--archive", str(tmp_path / "nope.db"))
    assert result.exit_code == 2
    assert "no plan archive" in result.output
    assert not (tmp_path / "nope.db").exists()


def test_diff_of_two_archived_runs(archived) -> None:
    database, _scenario, a, b = archived
    result = run("diff", str(a), str(b), "--archive", str(database))
    assert result.exit_code == 0, result.output
    assert "moved 1 (time 1, therapist 0, room 0)" in result.output
    assert "unchanged 2" in result.output
    assert "co2" in result.output and "2026-12-07T13:00" in result.output
    as_json = json.loads(run("diff", str(a), str(b), "--archive", str(database), "--json").output)
    found = [(c["course_id"], c["changes"]) for c in as_json["changes"]]
    assert found == [("co2", ["moved", "time"])]


def test_diff_of_two_plan_files_and_of_a_file_against_a_run(archived, tmp_path: Path) -> None:
    database, scenario, a, b = archived
    with Archive(database) as archive:
        sessions = [s.to_planned(scenario.settings.start) for s in archive.plan(b)]
    dropped = [s for s in sessions if s.course_id != "co1" or s.session != 2]
    write_plan_csv(tmp_path / "b.csv", scenario, dropped)
    write_plan_csv(tmp_path / "a.csv", scenario, sessions)
    result = run("diff", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["dropped"] == 1
    mixed = run("diff", str(a), str(tmp_path / "b.csv"), "--archive", str(database), "--json")
    counts = json.loads(mixed.output)["counts"]
    assert (counts["moved"], counts["dropped"], counts["unchanged"]) == (1, 1, 1)


def test_diff_errors_exit_2_with_where_and_why(archived, tmp_path: Path) -> None:
    database = archived[0]
    result = run("diff", "1", "2")
    assert result.exit_code == 2
    assert "--archive" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("course_id,session\nco1,1\n", encoding="utf-8")
    result = run("diff", str(bad), "1", "--archive", str(database))
    assert result.exit_code == 2
    assert "bad.csv, row 1, column 'start'" in result.output
    result = run("diff", "1", "99", "--archive", str(database))
    assert result.exit_code == 2
    assert "no run 99" in result.output
