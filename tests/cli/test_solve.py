"""``planner solve``: the outputs a user gets, and the documented exit codes."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main
from planner.plan import PLAN_COLUMNS, UNSCHEDULED_COLUMNS
from tests.model.scenarios import TWO_CLIENTS, pinned, shifts

SUMMARY_KEYS = {
    "status",
    "scheduled_value",
    "penalty",
    "bound",
    "solve_seconds",
    "sessions_total",
    "sessions_scheduled",
}

# One 75-minute slot a day for two single-session courses and one course nobody can give:
# co1 (priority 2) and co2 are booked, co3 is not.
SPA = {
    "shifts.csv": shifts(
        "t1,2026-12-07,09:00,10:15",
        "t1,2026-12-08,09:00,10:15",
    ),
    "treatments.csv": """
        treatment_id,name,specialty,duration_min,equipment
        relax,Relaxing massage,relaxing,60,table
        thai,Thai massage,thai,60,table
    """,
    "clients.csv": TWO_CLIENTS,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority
        co1,c1,relax,1,2
        co2,c2,relax,1,1
        co3,c2,thai,1,1
    """,
}


def _solve(folder: Path, out: Path, *extra: str):
    args = ["solve", str(folder), "-o", str(out), "--time-limit", "5", "--workers", "1", *extra]
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result


def _header(path: Path) -> tuple[str, ...]:
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(next(csv.reader(handle)))


def test_solve_writes_the_three_outputs(make_scenario, tmp_path):
    folder = make_scenario(**SPA)
    out = tmp_path / "out"
    result = _solve(folder, out, "--quiet")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["plan.csv", "summary.json", "unscheduled.csv"]
    # The contract's columns in its order; the project may add columns after them.
    assert _header(out / "plan.csv")[: len(PLAN_COLUMNS)] == PLAN_COLUMNS
    assert _header(out / "unscheduled.csv") == UNSCHEDULED_COLUMNS
    with (out / "plan.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # One session a day, sorted by start; which course takes which day is the solver's choice.
    assert [r["start"] for r in rows] == ["2026-12-07T09:00", "2026-12-08T09:00"]
    assert sorted(r["course_id"] for r in rows) == ["co1", "co2"]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary.keys() >= SUMMARY_KEYS
    assert summary["status"] == "optimal"
    assert (summary["scheduled_value"], summary["penalty"], summary["bound"]) == (3, 0, 3)
    assert (summary["sessions_total"], summary["sessions_scheduled"]) == (3, 2)
    assert isinstance(summary["solve_seconds"], int | float)
    # ... and the plan it wrote passes the independent checker.
    checked = CliRunner().invoke(main, ["check", str(folder), str(out / "plan.csv")])
    assert checked.exit_code == 0, checked.output


def test_solve_prints_a_summary_unless_quiet(make_scenario, tmp_path):
    folder = make_scenario(**SPA)
    loud = _solve(folder, tmp_path / "loud")
    quiet = _solve(folder, tmp_path / "quiet", "--quiet")
    assert loud.exit_code == quiet.exit_code == 0
    assert "scheduled value" in loud.output
    assert quiet.output == ""


def test_invalid_scenario_exits_2_naming_file_and_row(make_scenario, tmp_path):
    # A course of an unknown client. Run as a real process: the user sees exit code 2, the
    # file and row, and no traceback.
    folder = make_scenario(
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c9,relax,1
            """
        }
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", "from planner.cli import main; main()", "solve", str(folder),
         "-o", str(out), "--time-limit", "2", "--workers", "1"],
        capture_output=True, text=True, timeout=60, cwd=Path(__file__).parents[2],
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "courses.csv" in done.stderr
    assert "c9" in done.stderr
    assert not out.exists()


def test_two_pins_on_one_therapist_at_once_exit_3(make_scenario, tmp_path):
    # The loader finds that the pins clash (code "pin"): no plan is possible.
    folder = make_scenario(
        **SPA,
        **{
            "pinned.csv": pinned(
                "co1,1,t1,r1,2026-12-07T09:00",
                "co2,1,t1,r1,2026-12-07T09:00",
            )
        },
    )
    out = tmp_path / "out"
    result = _solve(folder, out)
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())
    assert "pinned.csv, row 2" in said
    assert "hard rule 6" in said
    assert "No plan is possible" in said
    assert not out.exists()


def test_pinned_second_session_without_room_for_the_first_exits_3(make_scenario, tmp_path):
    # Session 2 pinned on Monday 09:00: session 1 would have to end 24 h earlier, before the
    # horizon. Each pin is fine on its own, so only the solver can tell; the message names the
    # pinned.csv row.
    folder = make_scenario(
        **{
            "courses.csv": """
                course_id,client_id,treatment_id,sessions
                co1,c1,relax,2
            """,
            "pinned.csv": pinned("co1,2,t1,r1,2026-12-07T09:00"),
        }
    )
    out = tmp_path / "out"
    result = _solve(folder, out)
    assert result.exit_code == 3, result.output
    said = " ".join(result.output.split())  # the terminal wraps long lines
    assert "No plan is possible" in said
    assert "course co1 session 2" in said
    assert "pinned.csv row 2" in said
    assert not out.exists()


def test_solving_again_keeps_other_files_in_out(make_scenario, tmp_path):
    folder = make_scenario(**SPA)
    out = tmp_path / "out"
    assert _solve(folder, out, "--quiet").exit_code == 0
    (out / "notes.txt").write_text("the manager's", encoding="utf-8")
    assert _solve(folder, out, "--quiet").exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "notes.txt",
        "plan.csv",
        "summary.json",
        "unscheduled.csv",
    ]


def test_the_current_folder_as_out_exits_2_and_keeps_it(make_scenario, tmp_path, monkeypatch):
    folder = make_scenario(**SPA)
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    result = _solve(folder, Path("."), "--quiet")
    assert result.exit_code == 2
    assert "holds the current folder" in result.output
    assert here.is_dir() and list(here.iterdir()) == []
