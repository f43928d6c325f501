"""The plan as an Excel workbook for the front desk and the manager.

Sheets: one per day (a time grid per therapist), one per therapist (their sessions as a list),
``Unscheduled`` (unscheduled sessions, with the reason) and ``Plan`` (exactly the rows of
``plan.csv``, for filtering and pivoting). Text cells are escaped against formula injection.
The export writes it twice: ``plan.xlsx`` for the desk, whose reasons say "a health condition",
and ``manager/plan.xlsx``, whose reasons name it (:mod:`planner.export.audience`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from planner.export.excel_days import add_day_sheets
from planner.export.excel_style import SheetNames, write_table
from planner.export.views import SessionView, UnscheduledView
from planner.plan.csvfiles import CAUTION_COLUMN, plan_rows
from planner.plan.types import PLAN_COLUMNS
from planner.scenario.types import Scenario

WORKBOOK_FILE = "plan.xlsx"
PLAN_SHEET = "Plan"
UNSCHEDULED_SHEET = "Unscheduled"


def _add_therapist_sheets(
    workbook: Workbook, scenario: Scenario, views: Sequence[SessionView], names: SheetNames
) -> None:
    header = ("Date", "Start", "End", "Client", "Treatment", "Room", "Session", "Caution")
    known = [(t.id, t.name) for t in scenario.therapists]
    strangers = sorted({v.session.therapist_id for v in views} - {i for i, _ in known})
    for therapist_id, name in known + [(s, s) for s in strangers]:
        sheet = workbook.create_sheet(names.claim(name))
        rows = [
            (
                v.start.strftime("%a %Y-%m-%d"),
                v.start_clock,
                v.end_clock,
                v.client_name,
                v.treatment_name,
                v.room_name,
                v.session_label,
                "yes" if v.caution else "",
            )
            for v in views
            if v.session.therapist_id == therapist_id
        ]
        write_table(sheet, header, rows, widths=(16, 8, 8, 24, 24, 16, 10, 9))


def _add_unscheduled_sheet(
    workbook: Workbook, unscheduled: Sequence[UnscheduledView], names: SheetNames
) -> None:
    sheet = workbook.create_sheet(names.claim(UNSCHEDULED_SHEET))
    header = ("Course", "Session", "Client", "Treatment", "Reason")
    rows = [
        (u.session.course_id, u.session_label, u.client_name, u.treatment_name, u.reason)
        for u in unscheduled
    ]
    write_table(sheet, header, rows, widths=(14, 10, 24, 24, 80))


def _add_plan_sheet(
    workbook: Workbook, scenario: Scenario, views: Sequence[SessionView], names: SheetNames
) -> None:
    sheet = workbook.create_sheet(names.claim(PLAN_SHEET))
    rows: list[list[str | int]] = [
        [row[0], int(row[1]), *row[2:]] for row in plan_rows(scenario, [v.session for v in views])
    ]
    widths = (14, 8, 12, 18, 12, 10, 17, 17, 8)
    write_table(sheet, (*PLAN_COLUMNS, CAUTION_COLUMN), rows, widths=widths)


def write_workbook(
    path: Path,
    scenario: Scenario,
    sessions: Sequence[SessionView],
    unscheduled: Sequence[UnscheduledView],
    now: datetime,
) -> None:
    """Write the plan's workbook to ``path``.

    Parameters
    ----------
    path
        The ``.xlsx`` file to write.
    scenario
        The scenario the plan belongs to.
    sessions
        The scheduled sessions, in the contract's order.
    unscheduled
        The unscheduled sessions.
    now
        Creation time stored in the workbook's properties.
    """
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = SheetNames()
    add_day_sheets(workbook, scenario, sessions, names)
    _add_therapist_sheets(workbook, scenario, sessions, names)
    _add_unscheduled_sheet(workbook, unscheduled, names)
    _add_plan_sheet(workbook, scenario, sessions, names)
    workbook.properties.creator = "planner"
    workbook.properties.title = scenario.settings.name or "Plan"
    stamp = now.replace(tzinfo=None, microsecond=0)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.save(path)
