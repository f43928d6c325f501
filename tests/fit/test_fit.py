"""planner fit: the best bookings of a whole new course into a plan that stays as it is.

Every spa here has turnover 0 and hour-long sessions without assessment, so the free times can
be read off the shifts and the plan by hand. 2026-12-07 is a Monday.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from planner.check import check_plan_file
from planner.cli import main

TOML = """
    name = "three days"
    start = 2026-12-07
    days = 3
    turnover_minutes = 0
"""
CLIENTS = "client_id,name\n" + "\n".join(f"c{i},Client {i}" for i in range(1, 11)) + "\n"
COURSES = "course_id,client_id,treatment_id,sessions,needs_assessment\n" + "\n".join(
    f"co{i},c{i},relax,1,no" for i in range(1, 10)
)
PLAN_HEAD = "course_id,session,client_id,treatment_id,therapist_id,room_id,start,end\n"


def _plan(folder: Path, rows: list[tuple[int, str]]) -> Path:
    """A plan folder with course ``co{i}`` booked with t1 in r1 at each ``(i, start)``."""
    folder.mkdir()
    lines = [
        f"co{i},1,c{i},relax,t1,r1,{start},{start[:11]}{int(start[11:13]) + 1:02d}:00"
        for i, start in rows
    ]
    (folder / "plan.csv").write_text(PLAN_HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    return folder


# Before the horizon: the clock rules nothing out unless a test sets --now itself.
EARLY = ("--now", "2026-12-01T08:00")


def _fit(*args: str) -> tuple[int, str, str]:
    clock = () if "--now" in args else EARLY
    done = CliRunner().invoke(main, ["fit", *args, *clock])
    return done.exit_code, done.stdout, done.stderr


def test_the_only_free_afternoon_is_the_only_option(make_scenario, tmp_path):
    # t1 works 09-12 every day and 14-17 on Wednesday; the plan fills every morning.
    folder = make_scenario(
        {
            "scenario.toml": TOML,
            "shifts.csv": """
                therapist_id,date,start,end
                t1,2026-12-07,09:00,12:00
                t1,2026-12-08,09:00,12:00
                t1,2026-12-09,09:00,12:00
                t1,2026-12-09,14:00,17:00
            """,
            "clients.csv": CLIENTS,
            "courses.csv": COURSES,
        }
    )
    mornings = [f"2026-12-0{d}T{h}:00" for d in (7, 8, 9) for h in ("09", "10", "11")]
    plan = _plan(tmp_path / "plan", list(enumerate(mornings, start=1)))
    code, out, _ = _fit(str(folder), str(plan), "--client", "c10", "--treatment", "relax",
                        "--sessions", "1", "--needs-assessment", "no", "--json")  # fmt: skip
    assert code == 0
    found = json.loads(out)
    # One therapist, one free day: every booking has the same signature, so one option.
    assert [o["sessions"] for o in found["options"]] == [
        [{"session": 1, "therapist_id": "t1", "room_id": "r1",
          "start": "2026-12-09T14:00", "end": "2026-12-09T15:00"}]
    ]  # fmt: skip
    assert found["options"][0]["complete"] is True


TWO_THERAPISTS = {
    "scenario.toml": TOML,
    "therapists.csv": """
        therapist_id,name,specialties
        t1,Olena,relaxing
        t2,Iryna,relaxing
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,12:00
        t1,2026-12-08,09:00,12:00
        t1,2026-12-09,09:00,12:00
        t2,2026-12-07,09:00,12:00
        t2,2026-12-08,09:00,12:00
        t2,2026-12-09,09:00,12:00
    """,
    "clients.csv": CLIENTS,
    "courses.csv": COURSES,
}


def test_options_are_ranked_by_penalty_then_start_and_differ_in_day_or_therapist(
    make_scenario, tmp_path
):
    folder = make_scenario(TWO_THERAPISTS)
    plan = _plan(tmp_path / "plan", [])
    code, out, _ = _fit(str(folder), str(plan), "--client", "c10", "--treatment", "relax",
                        "--sessions", "2", "--needs-assessment", "no",
                        "--preferred-therapist", "t2", "--json")  # fmt: skip
    assert code == 0
    options = json.loads(out)["options"]
    got = [
        (o["penalty_delta"], [(s["therapist_id"], s["start"][5:]) for s in o["sessions"]])
        for o in options
    ]
    # Iryna twice costs nothing; Olena twice 2 x 5 (preferred therapist); mixing them 10 + 5.
    # Session 2 starts 24 h after session 1 ends at the earliest.
    assert got == [
        (0, [("t2", "12-07T09:00"), ("t2", "12-08T10:00")]),
        (0, [("t2", "12-07T09:00"), ("t2", "12-09T09:00")]),
        (0, [("t2", "12-08T09:00"), ("t2", "12-09T10:00")]),
        (10, [("t1", "12-07T09:00"), ("t1", "12-08T10:00")]),
        (10, [("t1", "12-07T09:00"), ("t1", "12-09T09:00")]),
    ]


def test_no_complete_booking_gives_the_reason_and_the_longest_prefix(make_scenario, tmp_path):
    folder = make_scenario(TWO_THERAPISTS)
    plan = _plan(tmp_path / "plan", [])
    code, out, _ = _fit(str(folder), str(plan), "--client", "c10", "--treatment", "relax",
                        "--sessions", "4", "--needs-assessment", "no", "--json")  # fmt: skip
    assert code == 0
    found = json.loads(out)
    # Three days hold at most three sessions a day apart.
    assert "Session 4 of 4" in found["reason"]
    assert "only 3 fit" in found["reason"]
    first = found["options"][0]
    assert first["complete"] is False
    assert [s["start"] for s in first["sessions"]] == [
        "2026-12-07T09:00", "2026-12-08T10:00", "2026-12-09T11:00"
    ]  # fmt: skip


def test_the_chosen_option_is_written_as_a_plan_that_passes_the_checker(make_scenario, tmp_path):
    folder = make_scenario(TWO_THERAPISTS)
    plan = _plan(tmp_path / "plan", [(1, "2026-12-07T09:00")])
    out = tmp_path / "out"
    code, _, err = _fit(str(folder), str(plan), "--client", "c99", "--client-name", "Nadia",
                        "--treatment", "relax", "--sessions", "2", "-o", str(out),
                        "--choose", "2")  # fmt: skip
    assert code == 0, err
    report = check_plan_file(out / "scenario", out / "plan.csv")
    assert report.valid, report.violations
    assert report.sessions_scheduled == 3
    assert "Nadia" in (out / "scenario" / "clients.csv").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["fit"]["option"] == 2


def test_a_move_outside_the_freeze_window_makes_room(make_scenario, tmp_path):
    # Monday only, t1 09-12; the client can come only 10-11, where co2 is booked.
    folder = make_scenario(
        {
            "scenario.toml": TOML.replace("days = 3", "days = 1"),
            "shifts.csv": "therapist_id,date,start,end\nt1,2026-12-07,09:00,12:00\n",
            "clients.csv": CLIENTS,
            "courses.csv": COURSES,
            "client_availability.csv": "client_id,date,start,end\nc10,2026-12-07,10:00,11:00\n",
        }
    )
    plan = _plan(tmp_path / "plan", [(1, "2026-12-07T09:00"), (2, "2026-12-07T10:00")])
    request = [str(folder), str(plan), "--client", "c10", "--treatment", "relax",
               "--sessions", "1", "--needs-assessment", "no", "--json",
               "--now", "2026-12-06T08:00", "--freeze-hours", "0"]  # fmt: skip
    code, out, _ = _fit(*request)
    assert json.loads(out)["options"] == []
    code, out, _ = _fit(
        *request, "--allow-moves", "1", "-o", str(tmp_path / "out"), "--choose", "1"
    )
    assert code == 0
    option = json.loads(out)["options"][0]
    assert option["sessions"][0]["start"] == "2026-12-07T10:00"
    assert option["moves"] == [
        {"course_id": "co2", "session": 1,
         "from": {"therapist_id": "t1", "room_id": "r1", "start": "2026-12-07T10:00"},
         "to": {"therapist_id": "t1", "room_id": "r1", "start": "2026-12-07T11:00"}}
    ]  # fmt: skip
    assert check_plan_file(tmp_path / "out" / "scenario", tmp_path / "out" / "plan.csv").valid
    # Within the freeze window nothing moves.
    code, out, _ = _fit(*request[:-4], "--now", "2026-12-07T08:00", "--freeze-hours", "4",
                        "--allow-moves", "1")  # fmt: skip
    assert json.loads(out)["options"] == []


def test_an_unknown_treatment_names_the_option_and_exits_2(make_scenario, tmp_path):
    folder = make_scenario(TWO_THERAPISTS)
    plan = _plan(tmp_path / "plan", [])
    code, _, err = _fit(str(folder), str(plan), "--client", "c1", "--treatment", "thai",
                        "--sessions", "1")  # fmt: skip
    assert code == 2
    assert "--treatment: unknown treatment 'thai'; expected one of: relax" in err


def test_nothing_is_offered_before_the_clock_plus_the_lead_time(make_scenario, tmp_path):
    # One therapist free all three days: without a clock, Monday 09:00 would be option 1.
    folder = make_scenario({"scenario.toml": TOML, "clients.csv": CLIENTS, "courses.csv": COURSES})
    plan = _plan(tmp_path / "plan", [])
    request = [str(folder), str(plan), "--client", "c10", "--treatment", "relax",
               "--sessions", "2", "--needs-assessment", "no", "--json", "--top", "5"]  # fmt: skip
    for lead, first in (("60", "2026-12-07T13:00"), ("0", "2026-12-07T12:00")):
        code, out, _ = _fit(*request, "--now", "2026-12-07T11:57", "--lead-minutes", lead)
        assert code == 0
        starts = [s["start"] for o in json.loads(out)["options"] for s in o["sessions"]]
        assert starts and min(starts) == first
    # A clock after the last bookable start: nothing fits, and the run says so.
    code, out, _ = _fit(*request, "--now", "2026-12-09T16:30")
    assert code == 0
    assert json.loads(out)["options"] == []
