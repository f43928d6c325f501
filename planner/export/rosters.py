"""CSV files: the contract's machine files, and readable rosters for people.

``plan.csv`` and ``unscheduled.csv`` are the contract's files, written exactly (ids unescaped) so
``planner check`` and other tools read them back unchanged. ``roster.csv`` and
``roster_unscheduled.csv`` are for people: names instead of ids, a byte-order mark so
spreadsheet programs detect UTF-8, and every text cell escaped against formula injection.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from planner.export.safe import escape_formula
from planner.export.views import SessionView, UnscheduledView
from planner.plan.csvfiles import write_plan_csv, write_unscheduled_csv
from planner.plan.folder import PLAN_FILE, UNSCHEDULED_FILE
from planner.plan.types import PlannedSession, UnscheduledSession
from planner.scenario.types import Scenario

ROSTER_FILE = "roster.csv"
ROSTER_UNSCHEDULED_FILE = "roster_unscheduled.csv"
ROSTER_COLUMNS = (
    "date",
    "start",
    "end",
    "therapist",
    "client",
    "treatment",
    "room",
    "session",
    "caution",
    "course_id",
)
ROSTER_UNSCHEDULED_COLUMNS = ("client", "treatment", "course_id", "session", "reason")


def write_human_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """Write a CSV for people: UTF-8 with byte-order mark, every cell formula-escaped."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([escape_formula(cell) for cell in row] for row in rows)


def write_csv_files(
    folder: Path,
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    unscheduled: Sequence[UnscheduledSession],
    views: Sequence[SessionView],
    unscheduled_views: Sequence[UnscheduledView],
) -> list[Path]:
    """Write the contract's two plan files and the two readable rosters into ``folder``."""
    write_plan_csv(folder / PLAN_FILE, scenario, sessions)
    write_unscheduled_csv(folder / UNSCHEDULED_FILE, unscheduled)
    write_human_csv(
        folder / ROSTER_FILE,
        ROSTER_COLUMNS,
        (
            (
                v.day.isoformat(),
                v.start_clock,
                v.end_clock,
                v.therapist_name,
                v.client_name,
                v.treatment_name,
                v.room_name,
                v.session_label,
                "yes" if v.caution else "no",
                v.session.course_id,
            )
            for v in views
        ),
    )
    write_human_csv(
        folder / ROSTER_UNSCHEDULED_FILE,
        ROSTER_UNSCHEDULED_COLUMNS,
        (u.readable_row for u in unscheduled_views),
    )
    return [folder / name for name in (PLAN_FILE, UNSCHEDULED_FILE, ROSTER_FILE)] + [
        folder / ROSTER_UNSCHEDULED_FILE
    ]
