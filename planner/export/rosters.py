"""CSV files: the contract's machine files, and readable rosters for people.

``plan.csv`` and ``unscheduled.csv`` are the contract's files, written exactly (ids unescaped) so
``planner check`` and other tools read them back unchanged. ``roster.csv`` and
``roster_unscheduled.csv`` are for people: names instead of ids, a byte-order mark so
spreadsheet programs detect UTF-8, and every text cell escaped against formula injection.

Audiences (:mod:`planner.export.audience`): ``roster.csv`` and ``roster_unscheduled.csv`` are the
desk's (reasons say "a health condition"); ``manager/roster_unscheduled.csv`` is the manager's,
with the reasons as the solver gave them; ``therapists/<therapist id>.csv`` holds one therapist's
sessions only (every therapist gets one, an empty one too).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from planner.export.audience import MANAGER_FOLDER, THERAPIST_FOLDER
from planner.export.ics import calendar_file_names
from planner.export.safe import escape_formula
from planner.export.views import SessionView, UnscheduledView, for_desk
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


def _roster_row(v: SessionView) -> tuple[str, ...]:
    return (
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


def write_therapist_rosters(
    folder: Path, scenario: Scenario, views: Sequence[SessionView]
) -> list[Path]:
    """Write ``therapists/<therapist id>.csv`` per therapist: their sessions only (the file
    names are the calendars', so one id names both of a therapist's files)."""
    ids = [t.id for t in scenario.therapists]
    ids += sorted({v.session.therapist_id for v in views} - set(ids))  # forced plans only
    names = calendar_file_names(ids)
    target = folder / THERAPIST_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for therapist_id in ids:
        path = target / (names[therapist_id].removesuffix(".ics") + ".csv")
        mine = (_roster_row(v) for v in views if v.session.therapist_id == therapist_id)
        write_human_csv(path, ROSTER_COLUMNS, mine)
        written.append(path)
    return written


def write_csv_files(
    folder: Path,
    scenario: Scenario,
    sessions: Sequence[PlannedSession],
    unscheduled: Sequence[UnscheduledSession],
    views: Sequence[SessionView],
    unscheduled_views: Sequence[UnscheduledView],
) -> list[Path]:
    """Write the contract's two plan files, the desk's two readable rosters, the manager's
    roster of unscheduled sessions and one roster per therapist into ``folder``."""
    write_plan_csv(folder / PLAN_FILE, scenario, sessions)
    write_unscheduled_csv(folder / UNSCHEDULED_FILE, unscheduled)
    write_human_csv(folder / ROSTER_FILE, ROSTER_COLUMNS, (_roster_row(v) for v in views))
    desk = for_desk(scenario, unscheduled_views)
    write_human_csv(
        folder / ROSTER_UNSCHEDULED_FILE, ROSTER_UNSCHEDULED_COLUMNS, (u.readable_row for u in desk)
    )
    manager = folder / MANAGER_FOLDER / ROSTER_UNSCHEDULED_FILE
    manager.parent.mkdir(parents=True, exist_ok=True)
    write_human_csv(
        manager, ROSTER_UNSCHEDULED_COLUMNS, (u.readable_row for u in unscheduled_views)
    )
    names = (PLAN_FILE, UNSCHEDULED_FILE, ROSTER_FILE, ROSTER_UNSCHEDULED_FILE)
    return (
        [folder / name for name in names]
        + [manager]
        + write_therapist_rosters(folder, scenario, views)
    )
