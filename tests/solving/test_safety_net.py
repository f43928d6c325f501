"""No invalid plan leaves a command: a solver plan that breaks a rule is repaired, said loudly,
recorded in summary.json and gives exit code 5; nightly publishes nothing.

The solver is replaced here by one that books a session outside its therapist's shift, the kind
of defect the net exists for; the commands solve in a child process, so it is replaced there.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import planner.solving
from planner.cli import main
from planner.model import solve
from planner.plan import Plan, PlannedSession

SPA = {
    "clients.csv": """
        client_id,name
        c1,Anna
        c2,Boris
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,2,1,no
        co2,c2,relax,1,2,no
    """,
}


def _broken_solve(scenario, options=None):
    """A real solve whose plan then gets one session moved after the therapist's shift."""
    result = solve(scenario, options)
    sessions = list(result.plan.sessions)
    first = next(s for s in sessions if (s.course_id, s.session) == ("co1", 1))
    moved = PlannedSession(**{**first.__dict__, "start": 18 * 60, "end": 19 * 60})
    sessions[sessions.index(first)] = moved
    return replace(result, plan=Plan(tuple(sessions), result.plan.unscheduled))


# The same replacement, run in the solver's child process (see the ``child_patch`` fixture).
BROKEN_IN_CHILD = """
    import planner.solving
    from tests.solving.test_safety_net import _broken_solve

    planner.solving.solve = _broken_solve
"""


@pytest.fixture
def broken_solver(monkeypatch, child_patch):
    monkeypatch.delenv("PLANNER_FAIL_ON_REPAIR", raising=False)
    child_patch(BROKEN_IN_CHILD)


def test_solve_writes_a_valid_plan_says_so_and_exits_5(make_scenario, tmp_path, broken_solver):
    folder = make_scenario(SPA)
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["solve", str(folder), "-o", str(out), "--workers", "1"])
    assert run.exit_code == 5, run.output
    assert "broke hard rules" in run.output
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "feasible"
    assert [(r["course_id"], r["session"], r["rules"]) for r in summary["repaired"]] == [
        ("co1", 1, [3]),
        ("co1", 2, [8]),
    ]
    check = CliRunner().invoke(main, ["check", str(folder), str(out / "plan.csv")])
    assert check.exit_code == 0, check.output
    unscheduled = (out / "unscheduled.csv").read_text()
    assert "Left out by the final check" in unscheduled


def test_a_normal_solve_records_an_empty_repair_list(make_scenario, tmp_path):
    folder = make_scenario(SPA)
    out = tmp_path / "out"
    run = CliRunner().invoke(main, ["solve", str(folder), "-o", str(out), "--workers", "1"])
    assert run.exit_code == 0, run.output
    assert json.loads((out / "summary.json").read_text())["repaired"] == []


def test_the_test_suite_turns_a_repair_into_an_error(make_scenario, monkeypatch):
    from planner.scenario import load_scenario

    monkeypatch.setattr(planner.solving, "solve", _broken_solve)
    scenario, _ = load_scenario(make_scenario(SPA))
    with pytest.raises(planner.solving.RepairNeeded):
        planner.solving.solve_checked(scenario)


def test_nightly_publishes_nothing_after_a_repair(make_scenario, tmp_path: Path, broken_solver):
    folder = make_scenario(SPA)
    exports = tmp_path / "exports"
    args = ["nightly", str(folder), "--archive", str(tmp_path / "plans.db"), "-o", str(exports)]
    args += ["--now", "2026-12-06T02:00", "--time-limit", "3"]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 5, run.output
    assert not exports.exists()
