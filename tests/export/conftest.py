"""A tiny spa whose plan has a caution session, formula-looking names and an unscheduled session.

The plan is made by hand (valid for the scenario, verified with the checker) so the export tests
do not depend on the solver; ``test_solved_exports.py`` covers plans that come from a solve.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.check import check_sessions
from planner.plan import PlannedSession, UnscheduledSession
from planner.plan.csvfiles import write_plan_csv, write_unscheduled_csv
from planner.scenario import Scenario, load_scenario

CONDITION_WORD = "varicose"  # appears nowhere in the project's code or in plotly.js
PHONE = "+380 44 555 0101"
EMAIL = "anna.private@example.org"
FORMULA_NAME = '=HYPERLINK("http://attacker.example","open")'
AT_NAME = "@SUM(1)"
DAY = 1440

SPA_FILES: dict[str, str] = {
    "therapists.csv": """
        therapist_id,name,specialties
        t1,Olena,relaxing;lymphatic
        t2,Taras,relaxing
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,17:00
        t1,2026-12-08,09:00,17:00
        t2,2026-12-07,12:00,18:00
    """,
    "rooms.csv": """
        room_id,name,equipment
        r1,Room 1,table
        r2,Garden room,table
    """,
    "room_closures.csv": """
        room_id,date,start,end
        r2,2026-12-08,09:00,21:00
    """,
    "clients.csv": f"""
        client_id,name,phone,email
        c1,Anna,{PHONE},{EMAIL}
        c2,"{FORMULA_NAME.replace('"', '""')}",,
        c3,{AT_NAME},,
        c4,Bohdan,,
    """,
    "client_conditions.csv": f"""
        client_id,condition
        c1,{CONDITION_WORD}_veins
    """,
    "contraindications.csv": f"""
        condition,treatment_id,rule
        {CONDITION_WORD}_veins,relax,local
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority
        co1,c1,relax,2,2
        co2,c2,relax,1,1
        co3,c3,relax,1,1
        co4,c4,relax,1,1
    """,
}


def hand_plan() -> list[PlannedSession]:
    """A valid plan for ``SPA_FILES``; session 1 of each course includes a 15-minute assessment."""
    return [
        PlannedSession("co1", 1, "c1", "relax", "t1", "r1", 9 * 60, 10 * 60 + 15),
        PlannedSession("co2", 1, "c2", "relax", "t1", "r1", 10 * 60 + 30, 11 * 60 + 45),
        PlannedSession("co3", 1, "c3", "relax", "t2", "r2", 12 * 60, 13 * 60 + 15),
        PlannedSession("co1", 2, "c1", "relax", "t1", "r1", DAY + 10 * 60 + 15, DAY + 11 * 60 + 15),
    ]


UNSCHEDULED = [
    UnscheduledSession("co4", 1, "c4", "relax", "No therapist with the skill is free then."),
]


def write_plan_dir(
    folder: Path,
    scenario: Scenario,
    sessions: list[PlannedSession],
    unscheduled: list[UnscheduledSession] | None = None,
    summary: dict[str, object] | None = None,
) -> Path:
    """A solve's output folder (plan.csv, unscheduled.csv, summary.json) written by hand."""
    folder.mkdir(parents=True, exist_ok=True)
    write_plan_csv(folder / "plan.csv", scenario, sessions)
    write_unscheduled_csv(
        folder / "unscheduled.csv", UNSCHEDULED if unscheduled is None else unscheduled
    )
    default = {
        "status": "feasible",
        "scheduled_value": 6,
        "penalty": 0,
        "bound": 7,
        "gap": 0.142857,
        "solve_seconds": 0.1,
        "sessions_total": 5,
        "sessions_scheduled": 4,
    }
    (folder / "summary.json").write_text(json.dumps(summary or default), encoding="utf-8")
    return folder


@pytest.fixture
def spa(make_scenario: Callable[..., Path]) -> tuple[Path, Scenario]:
    """The scenario folder and its loaded scenario."""
    folder = make_scenario(SPA_FILES)
    scenario, _warnings = load_scenario(folder)
    return folder, scenario


@pytest.fixture
def plan_dir(spa: tuple[Path, Scenario], tmp_path: Path) -> Path:
    """The hand-made plan's folder; the plan is verified by the independent checker first."""
    _folder, scenario = spa
    assert check_sessions(scenario, hand_plan()) == []
    return write_plan_dir(tmp_path / "solve-out", scenario, hand_plan())
