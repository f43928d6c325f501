"""planner advise: the change that books the most unscheduled value, verified by a re-solve.

One therapist works one hour on Monday; two clients want one hour-long relaxing massage each.
The plan books the more valuable one (priority 3) and leaves co1 (priority 1) out, so any
change that gives the therapist one more hour books co1 and gains exactly 1.
"""

from __future__ import annotations

import csv
import json

from click.testing import CliRunner

from planner.cli import main

FILES = {
    "scenario.toml": """
        name = "one hour"
        start = 2026-12-07
        days = 2
        turnover_minutes = 0
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,10:00
    """,
    "clients.csv": """
        client_id,name
        c1,Anna
        c2,Boris
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,needs_assessment
        co1,c1,relax,1,1,no
        co2,c2,relax,1,3,no
    """,
}
PLAN = (
    "course_id,session,client_id,treatment_id,therapist_id,room_id,start,end\n"
    "co2,1,c2,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:00\n"
)
UNSCHEDULED = (
    "course_id,session,client_id,treatment_id,reason\nco1,1,c1,relax,Not enough capacity.\n"
)


def test_one_more_hour_books_the_unscheduled_course(make_scenario, tmp_path):
    folder = make_scenario(FILES)
    plan = tmp_path / "plan"
    plan.mkdir()
    (plan / "plan.csv").write_text(PLAN, encoding="utf-8")
    (plan / "unscheduled.csv").write_text(UNSCHEDULED, encoding="utf-8")
    out = tmp_path / "advice"
    runner = CliRunner()
    done = runner.invoke(main, ["advise", str(folder), str(plan), "--time-limit", "2",
                                "--workers", "1", "--json", "-o", str(out)])  # fmt: skip
    assert done.exit_code == 0, done.output
    advice = json.loads(done.stdout)["advice"]
    assert len(advice) == 3
    # Every verified change books co1 and nothing else: a gain of exactly its priority.
    assert all(a["verified_gain"] == 1 for a in advice)
    assert all(a["sessions_booked"] == [{"course_id": "co1", "session": 1}] for a in advice)
    # Ties go to the cheaper change, then the name: Monday an hour longer, 60 minutes.
    first = advice[0]
    assert first["kind"] == "extend_shift"
    assert first["cost_minutes"] == 60
    assert "until 11:00" in first["description"]
    with (out / "advice.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["variant"] for r in rows] == [a["variant"] for a in advice]
    # advice.toml runs unchanged in whatif, and every variant's plan passes the checker.
    whatif = runner.invoke(main, ["whatif", str(folder), str(out / "advice.toml"), "-o",
                                  str(tmp_path / "whatif"), "--time-limit", "2"])  # fmt: skip
    assert whatif.exit_code == 0, whatif.output
    with (tmp_path / "whatif" / "comparison.csv").open(encoding="utf-8") as handle:
        compared = {row["variant"]: row for row in csv.DictReader(handle)}
    assert compared[first["variant"]]["check"] == "ok"
    assert compared[first["variant"]]["scheduled_value"] == "4"


def test_a_stopped_advice_returns_what_it_verified_so_far(make_scenario, tmp_path):
    import threading

    from planner.advise import advise
    from planner.check import load_checked_scenario
    from planner.plan.csvfiles import read_plan_csv
    from planner.plan.types import UnscheduledSession

    folder = make_scenario(FILES)
    scenario = load_checked_scenario(folder)[0]
    (tmp_path / "plan.csv").write_text(PLAN, encoding="utf-8")
    sessions, problems = read_plan_csv(tmp_path / "plan.csv", scenario)
    assert not problems
    left_out = [UnscheduledSession("co1", 1, "c1", "relax", "Not enough capacity.")]
    stop = threading.Event()
    stop.set()  # the manager pressed Stop before the first change was verified
    verified, estimated = advise(scenario, sessions, left_out, time_limit=2, workers=1, stop=stop)
    assert estimated >= 3 and verified == []
