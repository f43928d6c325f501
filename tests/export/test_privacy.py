"""Every file of an exports folder is for one audience: only the manager's name a condition.

The test walks every file an export writes (csv, xlsx cell by cell and part by part, ics, html,
json): a condition's name appears only in the manager's files (and does appear there, so the
test can fail), a phone or e-mail in none, and each therapist's roster and calendar hold only
their own sessions.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook

from planner.export import export_plan
from planner.export.audience import audience_of, may_name_conditions
from planner.plan import UnscheduledSession
from planner.scenario import Scenario

from .conftest import CONDITION_WORD, EMAIL, PHONE, hand_plan, write_plan_dir

# The solver's own wording for a session a condition rules out (planner.model.explain.reasons).
CONDITION_REASON = (
    f"Hard rule: the client has {CONDITION_WORD} veins (contraindicated) on every day the "
    "course could run."
)
UNSCHEDULED = [
    UnscheduledSession("co4", 1, "c4", "relax", "No therapist with the skill is free then."),
    UnscheduledSession("co9", 1, "c1", "relax", CONDITION_REASON),
]


def readable_text(path: Path) -> str:
    """Everything a person or program could read in the file, lower-cased: for a workbook every
    cell of every sheet and every part of its zip archive."""
    if path.suffix == ".xlsx":
        workbook = load_workbook(path)
        cells = [
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        ]
        with zipfile.ZipFile(path) as archive:
            parts = [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        return "\n".join(cells + parts).lower()
    return path.read_bytes().decode("utf-8", "replace").lower()


def _export(spa: tuple[Path, Scenario], tmp_path: Path) -> tuple[Path, list[Path], Scenario]:
    _folder, scenario = spa
    plan_dir = write_plan_dir(tmp_path / "solve-out", scenario, hand_plan(), UNSCHEDULED)
    out = tmp_path / "out"
    report = export_plan(plan_dir, scenario, out, "xlsx,ics,html,csv")
    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.relative_to(out).as_posix() for p in files} == set(report.files)
    return out, files, scenario


def test_only_the_managers_files_name_a_condition_and_none_holds_a_phone(
    spa: tuple[Path, Scenario], tmp_path: Path
) -> None:
    out, files, _scenario = _export(spa, tmp_path)
    assert {p.suffix for p in files} == {".xlsx", ".ics", ".html", ".csv", ".json"}
    naming = set()
    for path in files:
        relative = path.relative_to(out).as_posix()
        content = readable_text(path)
        for secret in (PHONE, EMAIL, "anna.private"):
            assert secret.lower() not in content, f"{secret!r} leaked into {relative}"
        if CONDITION_WORD in content:
            naming.add(relative)
        if not may_name_conditions(relative) and "co9" in content:
            assert "a health condition" in content, relative
    assert naming == {
        "report.html",
        "unscheduled.csv",
        "manager/plan.xlsx",
        "manager/roster_unscheduled.csv",
    }
    assert all(may_name_conditions(name) for name in naming)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["audiences"]["manager/plan.xlsx"] == "manager"
    assert manifest["audiences"]["plan.xlsx"] == "desk"
    assert manifest["audiences"]["calendars/t1.ics"] == "therapist"
    assert all(audience_of(name) == kind for name, kind in manifest["audiences"].items())


def test_the_caution_reaches_the_therapist(spa: tuple[Path, Scenario], tmp_path: Path) -> None:
    out, _files, _scenario = _export(spa, tmp_path)
    assert b"CAUTION: avoid the affected area" in (out / "calendars" / "t1.ics").read_bytes()
    assert "caution (see client file)" in readable_text(out / "plan.xlsx")
    roster = (out / "roster.csv").read_text(encoding="utf-8-sig").splitlines()
    assert roster[1].split(",")[4:9] == ["Anna", "Relaxing massage", "Room 1", "1 of 2", "yes"]


def _roster_courses(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [(row["therapist"], row["course_id"]) for row in rows]


def test_each_therapist_gets_only_their_sessions(
    spa: tuple[Path, Scenario], tmp_path: Path
) -> None:
    out, _files, scenario = _export(spa, tmp_path)
    for therapist in scenario.therapists:
        mine = sorted(
            (s.course_id, s.session) for s in hand_plan() if s.therapist_id == therapist.id
        )
        roster = _roster_courses(out / "therapists" / f"{therapist.id}.csv")
        assert {name for name, _ in roster} <= {therapist.name}
        assert sorted(course for _, course in roster) == [course for course, _ in mine]
        calendar = Calendar.from_ical((out / "calendars" / f"{therapist.id}.ics").read_bytes())
        events = list(calendar.walk("VEVENT"))
        assert len(events) == len(mine)
    # Together the therapists' files hold the whole plan, each session once.
    total = sum(len(_roster_courses(p)) for p in (out / "therapists").glob("*.csv"))
    assert total == len(hand_plan())


def test_a_new_export_keeps_earlier_call_lists_in_the_managers_folder(
    spa: tuple[Path, Scenario], tmp_path: Path
) -> None:
    out, _files, _scenario = _export(spa, tmp_path)
    earlier = out / "manager" / "notify-5.csv"
    earlier.write_bytes(b"client_id,phone\r\nc1,+380\r\n")
    _folder, scenario = spa
    report = export_plan(tmp_path / "solve-out", scenario, out, "csv")
    assert earlier.read_bytes() == b"client_id,phone\r\nc1,+380\r\n"
    assert "manager/notify-5.csv" in report.files
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["audiences"]["manager/notify-5.csv"] == "manager"
