"""The workbook: its Plan sheet is plan.csv, its day grids and lists show the plan, no formulas."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from planner.export import export_plan
from planner.export.safe import escape_formula
from planner.scenario import Scenario

from .conftest import AT_NAME, FORMULA_NAME


def _export(spa: tuple[Path, Scenario], plan_dir: Path, out: Path) -> openpyxl.Workbook:
    _folder, scenario = spa
    export_plan(plan_dir, scenario, out, "xlsx")
    return openpyxl.load_workbook(out / "plan.xlsx")


def test_sheets_per_day_per_therapist_unscheduled_and_plan(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    workbook = _export(spa, plan_dir, tmp_path / "out")
    assert workbook.sheetnames == [
        "Mon 2026-12-07",
        "Tue 2026-12-08",
        "Olena",
        "Taras",
        "Unscheduled",
        "Plan",
    ]
    unscheduled = list(workbook["Unscheduled"].iter_rows(values_only=True))
    assert unscheduled == [
        ("Course", "Session", "Client", "Treatment", "Reason"),
        (
            "co4",
            "1 of 1",
            "Bohdan",
            "Relaxing massage",
            "No therapist with the skill is free then.",
        ),
    ]
    olena = list(workbook["Olena"].iter_rows(values_only=True))
    assert olena[0] == ("Date", "Start", "End", "Client", "Treatment", "Room", "Session", "Caution")
    assert olena[1] == (
        "Mon 2026-12-07", "09:00", "10:15", "Anna", "Relaxing massage", "Room 1", "1 of 2", "yes"
    )  # fmt: skip
    assert [row[3] for row in olena[1:]] == ["Anna", escape_formula(FORMULA_NAME), "Anna"]


def test_plan_sheet_matches_plan_csv_row_for_row(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    workbook = _export(spa, plan_dir, tmp_path / "out")
    with (plan_dir / "plan.csv").open(encoding="utf-8", newline="") as handle:
        expected = list(csv.reader(handle))
    sheet = [[str(cell) for cell in row] for row in workbook["Plan"].iter_rows(values_only=True)]
    # Ids here are plain, so escaping changes nothing: the sheet is the file.
    assert sheet == expected
    assert len(sheet) == 5 and sheet[0][-1] == "caution"
    assert isinstance(workbook["Plan"]["B2"].value, int)  # session numbers stay numbers


def test_day_sheet_shows_each_session_as_a_block_over_its_slots(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    monday = _export(spa, plan_dir, tmp_path / "out")["Mon 2026-12-07"]
    header = [cell.value for cell in monday[3]]
    assert header == ["Time", "Olena", "Taras"]
    times = {monday.cell(row=r, column=1).value: r for r in range(4, monday.max_row + 1)}
    assert min(times) == "09:00" and max(times) == "20:45"  # opening hours, 15-minute slots
    anna = monday.cell(row=times["09:00"], column=2)
    assert anna.value == "Anna\nRelaxing massage\nRoom 1\nCAUTION (see client file)"
    # 09:00-10:15 books five 15-minute slots: one merged block, coloured by treatment.
    assert f"B{times['09:00']}:B{times['10:00']}" in {str(r) for r in monday.merged_cells.ranges}
    assert anna.fill.fgColor.rgb.endswith("BFD7EA")
    # Taras works 12:00-18:00: his morning slots are greyed, his afternoon ones are not.
    assert monday.cell(row=times["11:45"], column=3).fill.fgColor.rgb.endswith("EEEEEE")
    assert monday.cell(row=times["14:00"], column=3).fill.fill_type is None


def test_formula_looking_names_are_escaped_text_cells(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    workbook = _export(spa, plan_dir, tmp_path / "out")
    texts = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"formula in {sheet.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert cell.value[:1] not in ("=", "+", "-", "@"), cell.value
                    texts.append(cell.value)
    assert "'" + FORMULA_NAME in texts  # therapist sheet
    assert "'" + AT_NAME in texts
    assert "'" + AT_NAME + "\nRelaxing massage\nGarden room" in texts  # day grid block
