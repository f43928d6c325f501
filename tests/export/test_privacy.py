"""No export carries a client's health condition or contact details, in any format."""

from __future__ import annotations

import zipfile
from pathlib import Path

from planner.export import export_plan
from planner.scenario import Scenario

from .conftest import CONDITION_WORD, EMAIL, PHONE


def _readable_bytes(path: Path) -> bytes:
    """A file's content; for a workbook, every part of its zip archive, decompressed."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as archive:
            return b"\n".join(archive.read(name) for name in archive.namelist())
    return path.read_bytes()


def test_no_condition_or_contact_detail_in_any_exported_file(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    out = tmp_path / "out"
    report = export_plan(plan_dir, scenario, out, "xlsx,ics,html,csv")

    files = sorted(p for p in out.rglob("*") if p.is_file())
    assert {p.relative_to(out).as_posix() for p in files} == set(report.files)
    assert {p.suffix for p in files} == {".xlsx", ".ics", ".html", ".csv", ".json"}
    for path in files:
        content = _readable_bytes(path).lower()
        for secret in (CONDITION_WORD, PHONE, EMAIL, "anna.private"):
            assert secret.lower().encode() not in content, f"{secret!r} leaked into {path.name}"
    # The caution itself does reach the therapist: in the calendar, workbook and roster.
    assert b"CAUTION: avoid the affected area" in (out / "calendars" / "t1.ics").read_bytes()
    assert b"CAUTION (see client file)" in _readable_bytes(out / "plan.xlsx")
    roster = (out / "roster.csv").read_text(encoding="utf-8-sig").splitlines()
    assert roster[1].split(",")[4:9] == ["Anna", "Relaxing massage", "Room 1", "1 of 2", "yes"]
