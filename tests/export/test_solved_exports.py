"""Plans that come from a solve, exported in every format, still pass the independent checker."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar

from planner.check import check_plan_file
from planner.export import export_plan
from planner.model import SolveOptions, solve
from planner.plan.folder import write_outputs
from planner.scenario import load_scenario

from .conftest import SPA_FILES

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-week"


def _solve_and_export(scenario_dir: Path, tmp_path: Path) -> tuple[Path, int]:
    scenario, _ = load_scenario(scenario_dir)
    result = solve(scenario, SolveOptions(time_limit=5, workers=2, seed=0))
    assert result.sessions_scheduled > 0
    write_outputs(tmp_path / "solved", scenario, result)
    out = tmp_path / "export"
    export_plan(tmp_path / "solved", scenario, out, "xlsx,ics,html,csv")
    return out, result.sessions_scheduled


def _assert_every_export_checks(scenario_dir: Path, out: Path, scheduled: int) -> None:
    report = check_plan_file(scenario_dir, out / "plan.csv")
    assert report.valid, [v.message for v in report.violations]
    assert report.sessions_scheduled == scheduled

    # The workbook's Plan sheet, saved as a CSV, is a plan the checker accepts too.
    sheet = openpyxl.load_workbook(out / "plan.xlsx")["Plan"]
    from_sheet = out.parent / "from_sheet.csv"
    with from_sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(sheet.iter_rows(values_only=True))
    report = check_plan_file(scenario_dir, from_sheet)
    assert report.valid and report.sessions_scheduled == scheduled

    events = 0
    for path in (out / "calendars").glob("*.ics"):
        events += len(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    assert events == scheduled


def test_solved_tiny_spa_exports_check(make_scenario: Callable[..., Path], tmp_path: Path) -> None:
    folder = make_scenario(SPA_FILES)
    out, scheduled = _solve_and_export(folder, tmp_path)
    _assert_every_export_checks(folder, out, scheduled)


@pytest.mark.skipif(not DEMO.is_dir(), reason="scenarios/demo-week is not in this checkout")
def test_solved_demo_week_exports_check(tmp_path: Path) -> None:
    out, scheduled = _solve_and_export(DEMO, tmp_path)
    _assert_every_export_checks(DEMO, out, scheduled)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f'<div class="value">{scheduled} / ' in html
