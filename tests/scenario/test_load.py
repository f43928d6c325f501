"""Loading valid scenarios: defaults, tolerated spellings, warnings, the contraindication merge."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from planner.cli import main
from planner.scenario import (
    Contraindication,
    Intensity,
    Problem,
    Scenario,
    Severity,
    Strictness,
    load_scenario,
)
from planner.scenario.csvread import Problems
from planner.scenario.load import shipped_contraindications
from planner.scenario.settings import next_monday

ScenarioFactory = Callable[..., Path]  # the make_scenario fixture of tests/conftest.py


def load(folder: Path, today: date | None = None) -> tuple[Scenario, list[Problem]]:
    scenario, warnings = load_scenario(folder, today=today)
    assert all(p.severity is Severity.WARNING for p in warnings)
    return scenario, warnings


def where(problems: list[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(p.file, p.row, p.column) for p in problems]


def test_base_scenario_loads_on_the_minute_axis(make_scenario: ScenarioFactory) -> None:
    scenario, warnings = load(make_scenario())
    assert warnings == []
    assert scenario.settings.start == date(2026, 12, 7)
    assert scenario.settings.days == 2
    assert [(s.therapist_id, s.start, s.end) for s in scenario.shifts] == [
        ("t1", 9 * 60, 17 * 60),
        ("t1", 1440 + 9 * 60, 1440 + 17 * 60),
    ]
    assert scenario.therapists[0].specialties == frozenset({"relaxing", "lymphatic"})
    assert scenario.rooms[0].equipment == frozenset({"table"})


def test_contract_defaults_apply(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "scenario.toml": None,
            "therapists.csv": "therapist_id,specialties\nt1,relaxing\n",
            "treatments.csv": "treatment_id,specialty,duration_min\nrelax,relaxing,60\n",
            "rooms.csv": "room_id\nr1\n",
            "clients.csv": "client_id\nc1\n",
        }
    )
    today = date(2026, 12, 2)  # a Wednesday
    scenario, warnings = load(folder, today=today)
    settings = scenario.settings
    assert settings.start == date(2026, 12, 7)
    assert (settings.days, settings.slot_minutes, settings.turnover_minutes) == (7, 15, 15)
    assert (settings.assessment_minutes, settings.client_max_sessions_per_day) == (15, 1)
    assert settings.time_limit_seconds == 30
    assert settings.opening_hours == ((9 * 60, 21 * 60),) * 7
    assert (settings.weights.continuity, settings.weights.preferred_therapist) == (10, 5)
    assert settings.weights.preferred_time == 2
    therapist = scenario.therapists[0]
    assert (therapist.name, therapist.max_sessions_per_day) == ("t1", 6)
    assert therapist.max_minutes_per_week is None and therapist.max_deep_per_day is None
    treatment = scenario.treatments[0]
    assert (treatment.name, treatment.min_gap_hours, treatment.max_gap_hours) == ("relax", 24, None)
    assert treatment.intensity is Intensity.GENTLE and treatment.equipment == frozenset()
    course = scenario.courses[0]
    assert (course.priority, course.needs_assessment, course.preferred_therapist) == (1, True, None)
    assert (course.earliest, course.latest, course.min_gap_hours) == (None, None, None)
    assert scenario.gap_hours(course) == (24.0, None)
    assert (scenario.clients[0].name, scenario.rooms[0].name) == ("c1", "r1")
    # The default start is announced, since it depends on the day the scenario is loaded.
    assert where(warnings) == [("scenario.toml", None, "start")]
    assert "2026-12-07" in warnings[0].message


def test_next_monday_is_strictly_after_today() -> None:
    assert next_monday(date(2026, 12, 7)) == date(2026, 12, 14)  # a Monday: the next one
    assert next_monday(date(2026, 12, 13)) == date(2026, 12, 14)  # a Sunday


def test_opening_hours_per_weekday_closed_and_closed_dates(make_scenario: ScenarioFactory) -> None:
    toml = """
        start = 2026-12-07
        days = 7
        closed_dates = [2026-12-09]
        [opening_hours]
        default = "08:00-20:00"
        sat = "10:00-24:00"
        sun = "Closed"
        closed_dates = ["2026-12-08"]
    """
    scenario, _ = load(make_scenario({"scenario.toml": toml}))
    settings = scenario.settings
    assert settings.opening_hours[0] == (8 * 60, 20 * 60)
    assert settings.opening_hours[5] == (10 * 60, 24 * 60)
    assert settings.opening_hours[6] is None
    assert settings.closed_dates == {date(2026, 12, 8), date(2026, 12, 9)}
    assert settings.opening(0) == (8 * 60, 20 * 60)
    assert settings.opening(1) is None and settings.opening(2) is None


def test_byte_order_mark_and_header_spelling_are_tolerated(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "courses.csv": " Course_ID ,CLIENT_ID,treatment_id , Sessions,Priority\n"
            "co1,c1,relax,1,3\n"
        }
    )
    therapists = "\ufefftherapist_id,name,specialties\r\nt1,Olena,relaxing\r\n"
    (folder / "therapists.csv").write_bytes(therapists.encode("utf-8"))
    scenario, warnings = load(folder)
    assert warnings == []
    assert scenario.therapists[0].id == "t1"
    assert (scenario.courses[0].id, scenario.courses[0].priority) == ("co1", 3)


def test_quoted_cells_and_blank_lines(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {"clients.csv": 'client_id,name,phone\nc1,"Anna, the ""first""",+380 1\n\nc2,Bob,\n'}
    )
    scenario, warnings = load(folder)
    assert warnings == []  # clients.csv keeps extra columns as private details
    anna, bob = scenario.clients
    assert anna.name == 'Anna, the "first"'
    assert anna.details == (("phone", "+380 1"),)
    assert bob.id == "c2"


def test_unknown_column_warns_and_is_ignored(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario({"rooms.csv": "room_id,name,equipment,colour\nr1,Room 1,table,blue\n"})
    scenario, warnings = load(folder)
    assert where(warnings) == [("rooms.csv", 1, "colour")]
    assert "unknown column" in warnings[0].message
    assert scenario.rooms[0].equipment == frozenset({"table"})


def test_24_00_is_a_valid_end(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "shifts.csv": "therapist_id,date,start,end\nt1,2026-12-07,20:00,24:00\n",
            "client_availability.csv": "client_id,date,start,end\nc1,2026-12-08,18:00,24:00\n",
        }
    )
    scenario, _ = load(folder)
    assert (scenario.shifts[0].start, scenario.shifts[0].end) == (20 * 60, 1440)
    assert (scenario.availability[0].start, scenario.availability[0].end) == (
        1440 + 18 * 60,
        2 * 1440,
    )


def test_course_fields_are_converted(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "courses.csv": "course_id,client_id,treatment_id,sessions,earliest,latest,"
            "min_gap_hours,max_gap_hours,preferred_therapist,needs_assessment,last_session_end\n"
            "co1,c1,relax,2,2026-12-07T10:00,2026-12-08T18:00,1.1,48,t1,NO,2026-12-05T11:30\n"
        }
    )
    course = load(folder)[0].courses[0]
    assert (course.earliest, course.latest) == (600, 1440 + 18 * 60)
    assert (course.min_gap_hours, course.max_gap_hours) == (1.1, 48.0)
    assert (course.preferred_therapist, course.needs_assessment) == ("t1", False)
    assert course.last_session_end == -2 * 1440 + 11 * 60 + 30


def test_soft_references_only_warn(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "courses.csv": "course_id,client_id,treatment_id,sessions,preferred_therapist\n"
            "co1,c1,relax,1,t9\n",
            "contraindications.csv": "condition,treatment_id,rule\nfever,hot_stone,absolute\n",
        }
    )
    scenario, warnings = load(folder)
    assert where(warnings) == [
        ("courses.csv", 2, "preferred_therapist"),
        ("contraindications.csv", 2, "treatment_id"),
    ]
    assert scenario.courses[0].preferred_therapist is None


def test_treatments_nobody_can_give_warn(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "treatments.csv": "treatment_id,specialty,duration_min,equipment\n"
            "relax,relaxing,60,table\nthai,thai,90,mat\n"
        }
    )
    _, warnings = load(folder)
    assert where(warnings) == [
        ("treatments.csv", 3, "specialty"),
        ("treatments.csv", 3, "equipment"),
    ]
    assert "no therapist has the specialty 'thai'" in warnings[0].message
    assert "no room has all of 'mat'" in warnings[1].message


def test_shift_outside_horizon_warns_and_is_ignored(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "shifts.csv": "therapist_id,date,start,end\n"
            "t1,2026-12-07,09:00,17:00\nt1,2026-12-20,09:00,17:00\n"
        }
    )
    scenario, warnings = load(folder)
    assert where(warnings) == [("shifts.csv", 3, "date")]
    assert len(scenario.shifts) == 1


def test_conditions_are_lower_cased_and_default_to_the_horizon(
    make_scenario: ScenarioFactory,
) -> None:
    folder = make_scenario(
        {
            "client_conditions.csv": "client_id,condition,until,cleared\n"
            "c1,Pregnancy,,Yes\nc1,fever,2026-12-07,\n"
        }
    )
    first, second = load(folder)[0].conditions
    assert (first.condition, first.first_day, first.last_day, first.cleared) == (
        "pregnancy",
        0,
        1,
        True,
    )
    assert (second.condition, second.first_day, second.last_day, second.cleared) == (
        "fever",
        0,
        0,
        False,
    )


def test_scenario_rules_replace_shipped_rules_of_the_conditions_they_name(
    make_scenario: ScenarioFactory,
) -> None:
    shipped = shipped_contraindications(load(make_scenario())[0].settings, Problems())
    assert {"pregnancy", "fever"} <= {rule.condition for rule in shipped}
    folder = make_scenario(
        {"contraindications.csv": "condition,treatment_id,rule\nPregnancy,relax,LOCAL\n"}
    )
    effective = load(folder)[0].contraindications
    pregnancy = [r for r in effective if r.condition == "pregnancy"]
    assert pregnancy == [Contraindication("pregnancy", "relax", Strictness.LOCAL)]
    others = [r for r in effective if r.condition != "pregnancy"]
    assert others == [r for r in shipped if r.condition != "pregnancy"]


def test_without_a_rule_file_the_shipped_rules_apply(make_scenario: ScenarioFactory) -> None:
    scenario, _ = load(make_scenario())
    assert Contraindication("fever", "*", Strictness.ABSOLUTE) in scenario.contraindications


def test_loading_never_touches_the_folder(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {"courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c1,relax,x\n"}
    )
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    CliRunner().invoke(main, ["validate", str(folder)])
    load_scenario(make_scenario())  # a valid one too
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert before == after


def test_course_window_outside_the_horizon_warns(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "courses.csv": "course_id,client_id,treatment_id,sessions,earliest\n"
            "co1,c1,relax,1,2026-12-10T09:00\n"
        }
    )
    scenario, warnings = load(folder)
    assert where(warnings) == [("courses.csv", 2, "earliest")]
    assert "outside the horizon" in warnings[0].message
    assert scenario.courses[0].earliest == 3 * 1440 + 9 * 60


def test_toml_keys_are_case_insensitive(make_scenario: ScenarioFactory) -> None:
    toml = (
        'Start = 2026-12-07\nDays = 3\n[Opening_Hours]\nSun = "closed"\n[Weights]\nContinuity = 7\n'
    )
    scenario, warnings = load(make_scenario({"scenario.toml": toml}))
    assert warnings == []
    assert (scenario.settings.days, scenario.settings.weights.continuity) == (3, 7)
    assert scenario.settings.opening_hours[6] is None
