"""CSV exports: contract files stay exact for machines, readable rosters are escaped for people."""

from __future__ import annotations

import csv
from pathlib import Path

from planner.check import check_plan_file
from planner.export import export_plan
from planner.scenario import Scenario

from .conftest import AT_NAME, FORMULA_NAME


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_contract_files_are_copied_exactly_and_still_check(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    folder, scenario = spa
    out = tmp_path / "out"
    export_plan(plan_dir, scenario, out, "csv")
    for name in ("plan.csv", "unscheduled.csv"):
        assert (out / name).read_bytes() == (plan_dir / name).read_bytes()
        assert (out / name).stat().st_mode & 0o044, f"{name} is private to its owner"
    report = check_plan_file(folder, out / "plan.csv")
    assert report.valid and report.sessions_scheduled == 4


def test_readable_roster_uses_names_and_escapes_formulas(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    out = tmp_path / "out"
    export_plan(plan_dir, scenario, out, "csv")
    assert (out / "roster.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # Excel detects UTF-8
    roster = _rows(out / "roster.csv")
    assert roster[0] == [
        "date", "start", "end", "therapist", "client", "treatment", "room", "session", "caution",
        "course_id",
    ]  # fmt: skip
    assert roster[1:] == [
        ["2026-12-07", "09:00", "10:15", "Olena", "Anna", "Relaxing massage", "Room 1", "1 of 2",
         "yes", "co1"],
        ["2026-12-07", "10:30", "11:45", "Olena", "'" + FORMULA_NAME, "Relaxing massage",
         "Room 1", "1 of 1", "no", "co2"],
        ["2026-12-07", "12:00", "13:15", "Taras", "'" + AT_NAME, "Relaxing massage",
         "Garden room", "1 of 1", "no", "co3"],
        ["2026-12-08", "10:15", "11:15", "Olena", "Anna", "Relaxing massage", "Room 1", "2 of 2",
         "yes", "co1"],
    ]  # fmt: skip
    assert _rows(out / "roster_unscheduled.csv")[1:] == [
        ["Bohdan", "Relaxing massage", "co4", "1 of 1", "No therapist with the skill is free then."]
    ]
