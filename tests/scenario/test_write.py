"""Writing a scenario back as a folder: the round trip through the loader is exact."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planner.scenario.load import load_scenario
from planner.scenario.types import RoomClosure, Shift
from planner.scenario.write import write_scenario_folder
from tests.whatif.helpers import write_small

DEMO = Path(__file__).parents[2] / "scenarios" / "demo-week"

RICH_FILES: dict[str, str | None] = {
    "scenario.toml": """
        name = "rich, \\"quoted\\""
        start = 2026-12-07
        days = 3
        slot_minutes = 5
        turnover_minutes = 10
        time_limit_seconds = 2.5
        [opening_hours]
        default = "08:00-24:00"
        tue = "closed"
        closed_dates = [2026-12-09]
        [weights]
        continuity = 7
        stability = 1
    """,
    "client_conditions.csv": """
        client_id,condition,from,until,cleared
        c1,Pregnancy,2026-11-01,,yes
        c2,fever,,2026-12-07,no
    """,
    "client_availability.csv": """
        client_id,date,start,end,kind
        c1,2026-12-07,09:00,24:00,preferred
        c1,2026-12-08,10:00,12:00,
    """,
    "contraindications.csv": """
        condition,treatment_id,rule
        fever,relax,local
    """,
    "room_closures.csv": """
        room_id,date,start,end
        r1,2026-12-08,00:00,24:00
    """,
    "clients.csv": """
        client_id,name,phone,note
        c1,"Anna, the first",+380 1,"line one"
        c2,Bohdan,,x
        c3,Chrystia,+380 3,
        c4,Dmytro,+380 4,
        c5,Eva,+380 5,
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority,earliest,latest,min_gap_hours,max_gap_hours,preferred_therapist,needs_assessment,last_session_end
        co1,c1,relax,2,3,2026-12-01T10:00,2026-12-20T00:00,1.1,72.5,t1,yes,2026-12-05T10:00
        co2,c2,relax,2,2,,,,,,no,
        co3,c3,lymph,2,2,,2026-12-08T13:00,,,t9,yes,
        co4,c4,relax,1,1,,,,,,no,
        co5,c5,relax,2,1,,,0,,,no,
    """,
    "pinned.csv": """
        course_id,session,therapist_id,room_id,start
        co2,1,t2,r1,2026-12-07T09:00
    """,
}


def test_round_trip_of_the_demo_week_is_exact(tmp_path: Path) -> None:
    scenario, _ = load_scenario(DEMO)
    again, _ = load_scenario(write_scenario_folder(scenario, tmp_path / "copy"))
    assert again == scenario


def test_round_trip_keeps_every_file_and_fine_point(tmp_path: Path) -> None:
    scenario, _ = load_scenario(write_small(tmp_path / "rich", RICH_FILES))
    # The cases a careless writer gets wrong are really in the scenario.
    assert scenario.settings.opening_hours[1] is None
    assert any(a.end % 1440 == 0 for a in scenario.availability)
    assert scenario.conditions[0].first_day < 0
    assert scenario.courses[0].earliest is not None and scenario.courses[0].earliest < 0
    assert scenario.clients[0].details == (("phone", "+380 1"), ("note", "line one"))
    folder = write_scenario_folder(scenario, tmp_path / "copy")
    again, _ = load_scenario(folder)
    assert again == scenario
    # Written twice into the same folder: same bytes (deterministic output).
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    write_scenario_folder(again, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first


def test_periods_longer_than_a_day_are_split_at_midnight(tmp_path: Path) -> None:
    scenario, _ = load_scenario(write_small(tmp_path / "s"))
    changed = replace(
        scenario,
        shifts=(*scenario.shifts, Shift("t1", 1440 + 20 * 60, 2 * 1440)),
        room_closures=(RoomClosure("r1", 12 * 60, 1440 + 10 * 60),),
    )
    again, _ = load_scenario(write_scenario_folder(changed, tmp_path / "copy"))
    assert RoomClosure("r1", 12 * 60, 1440) in again.room_closures
    assert RoomClosure("r1", 1440, 1440 + 10 * 60) in again.room_closures
    assert Shift("t1", 1440 + 20 * 60, 2 * 1440) in again.shifts


def test_a_new_folder_can_leave_out_empty_files_and_the_shipped_rules(tmp_path: Path) -> None:
    scenario, _ = load_scenario(write_small(tmp_path / "s"))
    folder = write_scenario_folder(
        scenario, tmp_path / "lean", empty_files=False, effective_rules=False
    )
    names = {p.name for p in folder.iterdir()}
    assert "contraindications.csv" not in names
    assert {"scenario.toml", "therapists.csv", "courses.csv"} <= names
    assert all(
        (folder / n).read_text(encoding="utf-8").count("\n") > 1 for n in names - {"scenario.toml"}
    )
    again, _ = load_scenario(folder)
    assert again == scenario  # the shipped rules come back from the loader


def test_headers_are_the_loaders_columns(tmp_path: Path) -> None:
    from planner.scenario.rows import ALL_SPECS
    from planner.scenario.write import pinned_spec

    scenario = load_scenario(DEMO)[0]
    folder = write_scenario_folder(scenario, tmp_path / "copy")
    for spec in ALL_SPECS:
        # pinned.csv's `booked` (planner's extension) is written only when a pin is a booking.
        columns = pinned_spec(scenario.pins).columns if spec.file == "pinned.csv" else spec.columns
        header = (folder / spec.file).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert tuple(header[: len(columns)]) == columns, spec.file
