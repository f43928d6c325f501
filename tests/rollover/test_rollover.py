"""Rollover: the next horizon's scenario holds exactly the sessions still owed, ready to plan."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main
from planner.plan import PlannedSession
from planner.plan.folder import PlanBundle, write_plan_folder
from planner.rollover import rollover
from planner.scenario import load_scenario
from planner.scenario.timeaxis import parse_datetime

# Monday 7 to Tuesday 8 December; three courses of one relaxing massage a day.
FILES = {
    "scenario.toml": """
        name = "two days"
        start = 2026-12-07
        days = 2
    """,
    "clients.csv": """
        client_id,name
        c1,Anna
        c2,Boris
        c3,Daria
        c4,Emil
    """,
    "client_conditions.csv": """
        client_id,condition,from,until,cleared
        c1,pregnancy,,,no
        c2,fever,2026-12-07,2026-12-07,no
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,earliest,latest,needs_assessment
        co1,c1,relax,4,2,,,yes
        co2,c2,relax,2,1,,2026-12-12T18:00,no
        co3,c3,relax,3,1,,2026-12-08T17:00,yes
        co4,c4,relax,1,1,,,yes
    """,
}


START = date(2026, 12, 7)


def _session(course: str, number: int, client: str, start: str, end: str) -> PlannedSession:
    at = parse_datetime(START, start), parse_datetime(START, end)
    return PlannedSession(course, number, client, "relax", "t1", "r1", *at)


# co1: sessions 1 (with the 15-minute assessment) and 2 booked; co2, co3: nothing; co4: done.
PLAN = [
    _session("co1", 1, "c1", "2026-12-07T09:00", "2026-12-07T10:15"),
    _session("co4", 1, "c4", "2026-12-07T11:00", "2026-12-07T12:15"),
    _session("co1", 2, "c1", "2026-12-08T10:30", "2026-12-08T11:30"),
]


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {row["course_id"]: row for row in csv.DictReader(handle)}


def test_owed_sessions_are_carried_and_a_course_past_its_latest_is_dropped(make_scenario):
    scenario, _ = load_scenario(make_scenario(FILES))
    result = rollover(scenario, PLAN)
    assert result.scenario.settings.start.isoformat() == "2026-12-09"
    # co1 owes 2 of 4, co2 both of its 2 (latest Saturday, still ahead); co4 is done.
    assert result.carried == (("co1", 2), ("co2", 2))
    assert [(d.course_id, d.owed) for d in result.dropped] == [("co3", 3)]
    assert "2026-12-08T17:00 has passed" in result.dropped[0].reason
    assert result.scenario.pins == ()


def test_the_next_folder_validates_keeps_gaps_assessment_and_conditions(make_scenario, tmp_path):
    folder = make_scenario(FILES)
    scenario, _ = load_scenario(folder)
    plan_dir = tmp_path / "plan"
    plan_dir.mkdir()
    write_plan_folder(plan_dir, scenario, PlanBundle(tuple(PLAN)))
    runner = CliRunner()
    out = tmp_path / "next"
    done = runner.invoke(main, ["rollover", str(folder), str(plan_dir), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "co3: 3 session(s) owed, its latest end 2026-12-08T17:00 has passed" in done.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    courses = _rows(out / "courses.csv")
    assert set(courses) == {"co1", "co2"}
    # The gaps run from the end of session 2 as plan.csv has it; the assessment was booked.
    assert courses["co1"]["sessions"] == "2"
    assert courses["co1"]["last_session_end"] == "2026-12-08T11:30"
    assert courses["co1"]["needs_assessment"] == "no"
    # Nothing booked: the course starts afresh, window kept, an empty latest stays empty.
    assert courses["co2"]["last_session_end"] == ""
    assert courses["co2"]["latest"] == "2026-12-12T18:00"
    assert courses["co1"]["latest"] == ""
    loaded, _ = load_scenario(out)
    # The pregnancy had no end date: it goes on. The fever ended on Monday.
    assert [(c.client_id, c.condition) for c in loaded.conditions] == [("c1", "pregnancy")]
    assert {c.id for c in loaded.clients} == {"c1", "c2"}
    # The shifts of Monday and Tuesday become those of Wednesday and Thursday.
    with (out / "shifts.csv").open(encoding="utf-8") as handle:
        dates = [row["date"] for row in csv.DictReader(handle)]
    assert dates == ["2026-12-09", "2026-12-10"]


def test_a_start_inside_the_horizon_is_refused_and_nothing_is_written(make_scenario, tmp_path):
    folder = make_scenario(FILES)
    scenario, _ = load_scenario(folder)
    plan_dir = tmp_path / "plan"
    plan_dir.mkdir()
    write_plan_folder(plan_dir, scenario, PlanBundle(tuple(PLAN)))
    out = tmp_path / "next"
    done = CliRunner().invoke(
        main, ["rollover", str(folder), str(plan_dir), "-o", str(out), "--start", "2026-12-08"]
    )
    assert done.exit_code == 2
    assert "on or after 2026-12-09" in done.output
    assert not out.exists()


def test_the_next_week_keeps_the_spa(make_scenario) -> None:
    toml = 'name = "two days"\nspa = "Spa Podil"\nstart = 2026-12-07\ndays = 2\n'
    scenario, _ = load_scenario(make_scenario({**FILES, "scenario.toml": toml}))
    settings = rollover(scenario, PLAN).scenario.settings
    assert (settings.spa, settings.name, settings.start) == (
        "Spa Podil",
        "two days",
        date(2026, 12, 9),
    )
