"""``planner nightly`` end to end: stable re-plans, archive, exports, exit codes for cron."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from filelock import FileLock

from planner.archive import Archive, scenario_hash
from planner.check import check_sessions
from planner.nightly import lock_path
from planner.plan.csvfiles import read_plan_csv
from planner.scenario import load_scenario
from planner.scenario.timeaxis import parse_datetime

FIRST_NOW = "2026-12-07T07:00"
SECOND_NOW = "2026-12-08T12:00"
SECOND_UNTIL = "2026-12-09T12:00"  # SECOND_NOW + 24 h


def test_second_run_keeps_the_freeze_window_and_moves_little(
    spa_week: Path, tmp_path: Path, archive_url: str, add_course, nightly
) -> None:
    first = nightly(spa_week, FIRST_NOW)
    assert first.exit_code == 0, first.output
    week_before, _ = load_scenario(spa_week)
    add_course(spa_week)
    hash_before = scenario_hash(spa_week)
    second = nightly(spa_week, SECOND_NOW)
    assert second.exit_code == 0, second.output
    assert scenario_hash(spa_week) == hash_before  # the input is only read
    week_after, _ = load_scenario(spa_week)

    with Archive(archive_url) as archive:
        runs = archive.runs("Spa Podil nightly")
        assert [(r.kind, r.published) for r in runs] == [("nightly", True), ("nightly", True)]
        plans = [archive.plan(r.id) for r in runs]
    start = week_after.settings.start
    old = {s.key: s for s in plans[0]}
    new = {s.key: s for s in plans[1]}

    # Every archived plan keeps every hard rule of the scenario it was made for.
    assert check_sessions(week_before, [s.to_planned(start) for s in plans[0]]) == []
    assert check_sessions(week_after, [s.to_planned(start) for s in plans[1]]) == []

    # k4's client has a local contraindication: the archive keeps the caution, not the reason.
    assert {s.caution for s in plans[1] if s.course_id == "k4"} == {True}
    assert not any(s.caution for s in plans[1] if s.course_id != "k4")

    # Inside the freeze window (and before it) nothing changed, nothing was added.
    def early(sessions) -> dict:
        return {k: s for k, s in sessions.items() if s.start < SECOND_UNTIL}

    assert early(new) == early(old)
    assert any(SECOND_NOW <= s.start < SECOND_UNTIL for s in old.values())
    # The new course is booked after the window; few published sessions changed.
    assert {("k13", 1), ("k13", 2)} <= new.keys()
    changed = [k for k, s in old.items() if new.get(k) != s]
    assert len(changed) <= 3, changed
    # Moved: start, therapist or room changed; dropped: no longer booked.
    place = {k: (s.start, s.therapist_id, s.room_id) for k, s in new.items()}
    moved = [
        k for k, s in old.items() if k in new and place[k] != (s.start, s.therapist_id, s.room_id)
    ]
    dropped = [k for k in old if k not in new]
    assert f"published sessions moved: {len(moved)}, dropped: {len(dropped)}" in second.output

    # The published exports are the archived plan, and they pass the checker too.
    exports = tmp_path / "exports"
    sessions, problems = read_plan_csv(exports / "plan.csv", week_after)
    assert problems == []
    assert check_sessions(week_after, sessions) == []
    assert sorted(s.start for s in sessions) == sorted(
        parse_datetime(start, s.start) for s in plans[1]
    )
    report = json.loads((exports / "nightly.json").read_text(encoding="utf-8"))
    assert (report["run_id"], report["previous_run_id"]) == (runs[1].id, runs[0].id)
    assert (report["moved"], report["dropped"]) == (len(moved), len(dropped))
    # How far from the limit, in sessions: the same sentence in the report and on the terminal.
    summary = json.loads((exports / "summary.json").read_text(encoding="utf-8"))
    assert report["limit"] == summary["limit"]["text"]
    assert report["limit"] in second.output
    assert {"plan.xlsx", "report.html", "summary.json", "manifest.json"} <= {
        p.name for p in exports.iterdir()
    }


def test_the_log_holds_ids_and_counts_never_health_or_contact_data(
    spa_week: Path, tmp_path: Path, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW, "--formats", "csv").exit_code == 0
    log = (tmp_path / "nightly.log").read_text(encoding="utf-8")
    assert "published run 1" in log
    assert "0 client(s) to notify" in log
    for secret in ("skin_lesion", "+380", "Client 4"):
        assert secret not in log


@pytest.mark.parametrize("archive_url", ["sqlite"], indirect=True)
def test_a_second_run_while_one_holds_the_lock_file_exits_4(
    spa_week: Path, tmp_path: Path, nightly
) -> None:
    # PostgreSQL's lock is in the database: tests/nightly/test_postgres.py.
    holder = FileLock(str(tmp_path / "plans.db.lock"))
    with holder:
        result = nightly(spa_week, FIRST_NOW)
    assert result.exit_code == 4
    assert "another run is re-planning" in result.output
    assert not (tmp_path / "exports").exists()
    assert not (tmp_path / "plans.db").exists()


@pytest.mark.parametrize("archive_url", ["sqlite"], indirect=True)
def test_exports_held_by_another_writer_exit_4_and_nothing_is_published(
    spa_week: Path, tmp_path: Path, archive_url: str, nightly
) -> None:
    # Another writer (an export into the same folder, say) holds the exports' lock throughout.
    with FileLock(str(tmp_path / ".exports.lock")):
        result = nightly(spa_week, FIRST_NOW, "--formats", "csv")
    assert result.exit_code == 4, result.output
    assert "another process is writing" in result.output
    assert not (tmp_path / "exports").exists()
    with Archive(archive_url) as archive:
        assert [r.published for r in archive.runs("Spa Podil nightly")] == [False]


def test_an_invalid_scenario_exits_2_and_publishes_nothing(
    spa_week: Path, tmp_path: Path, nightly
) -> None:
    (spa_week / "courses.csv").write_text(
        "course_id,client_id,treatment_id,sessions\nk1,c1,relax,three\n", encoding="utf-8"
    )
    result = nightly(spa_week, FIRST_NOW)
    assert result.exit_code == 2
    # The error names the file, the row, the course it is about and the column; so does the
    # log (ids only).
    where = "courses.csv, row 2 (course k1), column 'sessions'"
    assert f"{where}: error: expected a whole number" in result.output
    assert f"scenario problem at {where}" in (tmp_path / "nightly.log").read_text("utf-8")
    assert not (tmp_path / "exports").exists()


# A solver that finds no plan, put in the solve's child process (see ``child_patch``).
NO_PLAN_IN_CHILD = """
    import planner.solving
    from planner.plan import Plan
    from planner.plan.result import Result, Status

    def no_plan(scenario, options):
        return Result(Status.INFEASIBLE, Plan(()), 0, 0, None, 0.1, 31)

    planner.solving.solve = no_plan
"""


def test_no_plan_possible_exits_3_and_keeps_the_published_plan(
    spa_week: Path, tmp_path: Path, archive_url: str, child_patch, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW, "--formats", "csv").exit_code == 0
    before = (tmp_path / "exports" / "plan.csv").read_bytes()

    child_patch(NO_PLAN_IN_CHILD)
    result = nightly(spa_week, SECOND_NOW, "--formats", "csv")
    assert result.exit_code == 3
    assert "no plan possible" in result.output
    assert (tmp_path / "exports" / "plan.csv").read_bytes() == before
    with Archive(archive_url) as archive:
        assert len(archive.runs()) == 1


def test_unknown_export_formats_are_a_usage_error(spa_week: Path, tmp_path: Path, nightly) -> None:
    result = nightly(spa_week, FIRST_NOW, "--formats", "csv,pdf")
    assert result.exit_code == 2
    assert "unknown format(s) pdf" in result.output


def test_the_lock_file_sits_beside_an_sqlite_archive_and_postgresql_needs_none(
    tmp_path: Path,
) -> None:
    exports = tmp_path / "exports"
    database = tmp_path / "plans.db"
    assert lock_path(f"sqlite:///{database}", exports) == tmp_path / "plans.db.lock"
    assert lock_path(str(database), exports) == tmp_path / "plans.db.lock"
    # PostgreSQL: an advisory lock in the database (tests/nightly/test_postgres.py).
    for server in ("postgresql://planner:secret@db.example/plans", "postgres://db/plans"):
        assert lock_path(server, exports) is None
    other = "mysql+pymysql://planner@db.example/plans"
    assert lock_path(other, exports) == tmp_path / "exports.nightly.lock"
    assert lock_path("sqlite://", exports) == tmp_path / "exports.nightly.lock"


BOOKING = ["--client", "c99", "--client-name", "Nadia", "--treatment", "back",
           "--sessions", "2", "--needs-assessment", "no", "--now", "2026-12-07T11:57",
           "--formats", "csv"]  # fmt: skip


def _booked(exports: Path) -> list[tuple[str, str, str, str]]:
    report = json.loads((exports / "book.json").read_text(encoding="utf-8"))
    return [(s["course_id"], s["start"], s["therapist_id"], s["room_id"]) for s in report["booked"]]


def _plan_rows(exports: Path, course_id: str) -> list[tuple[str, str, str, str]]:
    with (exports / "plan.csv").open(encoding="utf-8") as plan:
        return [
            (row["course_id"], row["start"], row["therapist_id"], row["room_id"])
            for row in csv.DictReader(plan)
            if row["course_id"] == course_id
        ]


def test_a_booking_stays_as_booked_and_is_released_only_when_made_impossible(
    spa_week: Path, tmp_path: Path, archive_url: str, nightly
) -> None:
    from click.testing import CliRunner

    from planner.check.pin_check import load_releasing_bookings
    from planner.cli import main

    exports = tmp_path / "exports"
    assert nightly(spa_week, FIRST_NOW).exit_code == 0
    booked = CliRunner().invoke(
        main, ["book", str(spa_week), "--archive", archive_url, "-o", str(exports), *BOOKING]
    )
    assert booked.exit_code == 0, booked.output
    promised = _booked(exports)
    assert len(promised) == 2

    # A re-plan keeps the booked sessions exactly as the desk promised them.
    again = nightly(spa_week, "2026-12-07T20:00")
    assert again.exit_code == 0, again.output
    assert _plan_rows(exports, "c99-back-1") == promised
    assert "released" not in again.stdout

    # The booked therapist no longer works that week: the bookings are released, not fatal.
    therapist = promised[0][2]
    shifts = spa_week / "shifts.csv"
    lines = shifts.read_text(encoding="utf-8").splitlines(keepends=True)
    shifts.write_text("".join(x for x in lines if not x.startswith(f"{therapist},")), "utf-8")
    # A third of the week's shift minutes go: past the safety stop's share, so accepted.
    third = nightly(spa_week, "2026-12-07T21:00", "--accept-change")
    assert third.exit_code == 0, third.output
    assert "released booking c99-back-1 session 2: it breaks hard rule 3" in third.stdout
    report = json.loads((exports / "nightly.json").read_text(encoding="utf-8"))
    released = {(r["course_id"], r["session"]) for r in report["released_bookings"]}
    assert released == {("c99-back-1", 2)}  # session 1 began before now: it happened
    assert {r["therapist_id"] for r in report["released_bookings"]} == {therapist}
    # The published plan keeps every rule of the scenario (with the bookings released) from
    # now on; what already began stays as it happened (session 1 at 13:00, before 21:00).
    scenario, _, _ = load_releasing_bookings(spa_week)
    sessions, problems = read_plan_csv(exports / "plan.csv", scenario)
    assert problems == []
    now = parse_datetime(scenario.settings.start, "2026-12-07T21:00")
    assert check_sessions(scenario, [s for s in sessions if s.start >= now], partial=True) == []
    assert all(s.start < now for s in sessions if s.therapist_id == therapist)
