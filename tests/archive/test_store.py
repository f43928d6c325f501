"""The plan archive keeps runs and their sessions exactly, and knows which plan was published;
on SQLite and on PostgreSQL alike (``archive_url``)."""

from __future__ import annotations

import sqlite3
import sys
from dataclasses import replace as changed
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from planner.archive import (
    Archive,
    ArchiveError,
    record_result,
    resolve_archive_url,
    scenario_hash,
)
from planner.check import check_sessions
from planner.plan import Plan
from planner.plan.notify import call_list
from planner.plan.result import Result, Status
from planner.scenario import load_scenario
from planner.scenario.types import Scenario


def make_result(scenario: Scenario, plan: Plan, status: Status = Status.OPTIMAL) -> Result:
    return Result(
        status=status,
        plan=plan,
        scheduled_value=len(plan.sessions),
        penalty=0,
        bound=len(plan.sessions),
        solve_seconds=0.5,
        sessions_total=3,
    )


def test_the_hand_made_plan_is_valid(scenario: Scenario, small_plan: Plan) -> None:
    assert check_sessions(scenario, small_plan.sessions) == []


def test_record_list_and_read_back_a_run(
    archive_url: str, scenario_folder: Path, scenario: Scenario, small_plan: Plan
) -> None:
    plan = small_plan
    before = datetime.now(UTC)
    with Archive(archive_url) as archive:
        run_id = archive.record(scenario, scenario_folder, make_result(scenario, plan), "solve")
        runs = archive.runs()
        archived = archive.plan(run_id)

    assert [run.id for run in runs] == [run_id]
    run = runs[0]
    assert run.scenario_name == "tiny"
    assert run.scenario_hash == scenario_hash(scenario_folder)
    assert run.kind == "solve"
    assert run.status == "optimal"
    assert run.published
    assert run.summary["sessions_scheduled"] == 3
    assert run.settings["start"] == "2026-12-07"
    assert before - timedelta(seconds=5) <= run.created_at <= datetime.now(UTC)
    # Stored as the contract's strings, in the contract's order, and read back exactly.
    assert [(s.course_id, s.session, s.start, s.end) for s in archived] == [
        ("co1", 1, "2026-12-07T09:00", "2026-12-07T10:15"),
        ("co2", 1, "2026-12-07T11:00", "2026-12-07T12:15"),
        ("co1", 2, "2026-12-08T10:30", "2026-12-08T11:30"),
    ]
    start = scenario.settings.start
    assert [s.to_planned(start) for s in archived] == list(plan.sorted().sessions)


def test_a_bare_path_and_its_sqlite_url_are_the_same_archive(
    tmp_path: Path, scenario_folder: Path, scenario: Scenario
) -> None:
    path = tmp_path / "plans.db"
    run_id = record_result(path, scenario, scenario_folder, make_result(scenario, Plan(())))
    with Archive(f"sqlite:///{path}", create=False) as archive:
        assert [run.id for run in archive.runs()] == [run_id]
        assert archive.plan(run_id) == []


def test_runs_filter_by_scenario_name(archive_url: str, make_scenario, scenario: Scenario) -> None:
    other_folder = make_scenario({"scenario.toml": 'name = "other"\nstart = 2026-12-07\ndays = 2'})
    other, _ = load_scenario(other_folder)
    with Archive(archive_url) as archive:
        first = archive.record(scenario, other_folder, Plan(()), "import")
        second = archive.record(other, other_folder, Plan(()), "import")
        assert [r.id for r in archive.runs("tiny")] == [first]
        assert [r.id for r in archive.runs("other")] == [second]
        assert [r.id for r in archive.runs()] == [first, second]


def test_last_published_skips_what_if_failed_and_unmarked_runs(
    archive_url: str, scenario_folder: Path, scenario: Scenario, small_plan: Plan
) -> None:
    plan = small_plan
    with Archive(archive_url) as archive:
        assert archive.last_published("tiny") is None
        solved = archive.record(scenario, scenario_folder, make_result(scenario, plan), "solve")
        archive.record(scenario, scenario_folder, make_result(scenario, plan), "whatif")
        failed = make_result(scenario, Plan(()), Status.INFEASIBLE)
        archive.record(scenario, scenario_folder, failed, "solve")
        nightly = archive.record(
            scenario, scenario_folder, make_result(scenario, plan), "nightly", published=False
        )
        found = archive.last_published("tiny")
        assert found is not None and found.id == solved
        archive.mark_published(nightly)
        found = archive.last_published("tiny")
        assert found is not None and found.id == nightly
        assert archive.last_published("another spa") is None


def test_a_plan_without_result_is_scored_by_the_checker(
    archive_url: str, scenario_folder: Path, scenario: Scenario, small_plan: Plan
) -> None:
    with Archive(archive_url) as archive:
        run_id = archive.record(scenario, scenario_folder, small_plan, "import")
        run = archive.run(run_id)
    assert run.status == "given"
    assert run.summary["scheduled_value"] == 3
    assert run.summary["sessions_total"] == 3


def test_a_plan_booking_a_session_twice_is_refused(
    archive_url: str, scenario_folder: Path, scenario: Scenario, small_plan: Plan
) -> None:
    twice = small_plan.sessions[0]
    with Archive(archive_url) as archive, pytest.raises(ArchiveError, match="twice"):
        archive.record(scenario, scenario_folder, [twice, twice], "import")
    with Archive(archive_url) as archive:
        assert archive.runs() == []


def test_unknown_runs_and_missing_archives_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no plan archive"):
        Archive(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    with Archive(tmp_path / "plans.db") as archive, pytest.raises(ArchiveError, match="no run 7"):
        archive.plan(7)
    with pytest.raises(ArchiveError, match="can't open"):
        Archive("nosuchdialect://somewhere/db")


def test_postgresql_urls_get_psycopg_3_and_a_missing_driver_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = "postgresql://planner@db.example:5432/plans"
    assert resolve_archive_url(plain) == "postgresql+psycopg://planner@db.example:5432/plans"
    assert (
        resolve_archive_url("postgres://db.example/plans")
        == "postgresql+psycopg://db.example/plans"
    )
    given = "postgresql+psycopg2://planner@db.example/plans"
    assert resolve_archive_url(given) == given  # a driver the user chose is kept
    # Without psycopg installed: the message names the extra to install, and no password.
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(ArchiveError) as error:
        Archive("postgresql://planner:secret@db.example/plans")
    assert "pip install 'planner[postgres]'" in str(error.value)
    assert "secret" not in str(error.value)


def test_the_scenario_hash_follows_contract_files_only(scenario_folder: Path) -> None:
    first = scenario_hash(scenario_folder)
    (scenario_folder / "notes.txt").write_text("call the plumber", encoding="utf-8")
    assert scenario_hash(scenario_folder) == first
    courses = scenario_folder / "courses.csv"
    courses.write_text(courses.read_text(encoding="utf-8") + "co3,c1,relax,1\n", encoding="utf-8")
    assert scenario_hash(scenario_folder) != first
    assert len(first) == 64


def test_a_runs_call_list_is_kept_and_an_older_archive_gains_the_table(
    tmp_path: Path, scenario_folder: Path, scenario: Scenario, small_plan: Plan
) -> None:
    moved = [changed(s, room_id="r9") if s.session == 2 else s for s in small_plan.sessions]
    rows = call_list(scenario, small_plan.sessions, moved)
    assert [r.change for r in rows] == ["moved"]
    database = tmp_path / "old.db"
    with Archive(database) as archive:
        run_id = archive.record(scenario, scenario_folder, small_plan, "import")
    # An archive made before call lists existed: no run_calls table.
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TABLE run_calls")
    with Archive(database, create=False) as archive:
        assert archive.calls(run_id) == []  # read-only commands don't need the table
    with Archive(database) as archive:
        archive.record_calls(run_id, rows)
        archive.record_calls(run_id, rows)  # again: replaces, never doubles
        kept = archive.calls(run_id)
        assert archive.plan(run_id)  # the run itself is untouched
    assert kept == [rows[0].to_dict()]
    assert kept[0]["change"] == "moved" and kept[0]["new_room"] == "r9"
