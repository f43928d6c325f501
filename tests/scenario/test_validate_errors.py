"""A corpus of broken scenarios: each error class names its file, row, column and expectation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.scenario import Problem, ScenarioError, Severity, load_scenario

ScenarioFactory = Callable[..., Path]  # the make_scenario fixture of tests/conftest.py

COURSE_HEAD = "course_id,client_id,treatment_id,sessions"
SHIFT_HEAD = "therapist_id,date,start,end"
TREAT_HEAD = "treatment_id,name,specialty,duration_min,equipment,intensity,min_gap_hours"
PIN_HEAD = "course_id,session,therapist_id,room_id,start"
TWO_SESSIONS = f"{COURSE_HEAD}\nco1,c1,relax,2\n"


def errors_of(folder: Path) -> list[Problem]:
    """The errors loading ``folder`` reports (it must fail)."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(folder)
    return [p for p in info.value.problems if p.severity is Severity.ERROR]


# (files to override, expected (file, row, column, key phrase of the message))
CORPUS = [
    pytest.param(
        {"rooms.csv": None},
        ("rooms.csv", None, None, "required file is missing"),
        id="missing-required-file",
    ),
    pytest.param({"rooms.csv": ""}, ("rooms.csv", None, None, "empty"), id="empty-file"),
    pytest.param(
        {"courses.csv": "course_id,client_id,treatment_id\nco1,c1,relax\n"},
        ("courses.csv", 1, "sessions", "required column is missing"),
        id="missing-required-column",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD},sessions\nco1,c1,relax,1,1\n"},
        ("courses.csv", 1, "sessions", "appears twice"),
        id="duplicate-column",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD}\nco1,c1,relax,1\nco2,c1,relax,1,extra\n"},
        ("courses.csv", 3, None, "has 5 cells but the header has 4"),
        id="row-with-too-many-cells",
    ),
    pytest.param(
        {"shifts.csv": f"{SHIFT_HEAD}\nt1,2026-02-30,09:00,17:00\n"},
        ("shifts.csv", 2, "date", "expected a date YYYY-MM-DD"),
        id="bad-date",
    ),
    pytest.param(
        {"shifts.csv": f"{SHIFT_HEAD}\nt1,2026-12-07,9:75,17:00\n"},
        ("shifts.csv", 2, "start", "expected a time HH:MM"),
        id="bad-time",
    ),
    pytest.param(
        {"shifts.csv": f"{SHIFT_HEAD}\nt1,2026-12-07,24:00,24:00\n"},
        ("shifts.csv", 2, "start", "24:00 is allowed only as an end"),
        id="24:00-as-start",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD},earliest\nco1,c1,relax,1,2026-12-07 25:00\n"},
        ("courses.csv", 2, "earliest", "expected a date-time YYYY-MM-DDTHH:MM"),
        id="bad-date-time",
    ),
    pytest.param(
        {"shifts.csv": f"{SHIFT_HEAD}\nt1,2026-12-07,10:00,10:00\n"},
        ("shifts.csv", 2, "end", "expected an end after the start"),
        id="end-equals-start",
    ),
    pytest.param(
        {"room_closures.csv": "room_id,date,start,end\nr1,2026-12-07,22:00,02:00\n"},
        ("room_closures.csv", 2, "end", "can't cross midnight"),
        id="period-crosses-midnight",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD}\nco1,c1,relax,two\n"},
        ("courses.csv", 2, "sessions", "expected a whole number of at least 1, got 'two'"),
        id="non-integer",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD}\nco1,c1,relax,0\n"},
        ("courses.csv", 2, "sessions", "at least 1"),
        id="sessions-zero",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD},priority\nco1,c1,relax,1,6\n"},
        ("courses.csv", 2, "priority", "from 1 to 5"),
        id="priority-out-of-range",
    ),
    pytest.param(
        {"treatments.csv": f"{TREAT_HEAD}\nrelax,Relax,relaxing,0,table,gentle,24\n"},
        ("treatments.csv", 2, "duration_min", "at least 1"),
        id="duration-zero",
    ),
    pytest.param(
        {"therapists.csv": "therapist_id,specialties,max_sessions_per_day\nt1,relaxing,0\n"},
        ("therapists.csv", 2, "max_sessions_per_day", "at least 1"),
        id="max-sessions-per-day-zero",
    ),
    pytest.param(
        {"therapists.csv": "therapist_id,specialties,max_deep_per_day\nt1,relaxing,-1\n"},
        ("therapists.csv", 2, "max_deep_per_day", "at least 0"),
        id="negative-limit",
    ),
    pytest.param(
        {"therapists.csv": "therapist_id,specialties\nt1,\n"},
        ("therapists.csv", 2, "specialties", "at least one specialty"),
        id="no-specialty",
    ),
    pytest.param(
        {"treatments.csv": f"{TREAT_HEAD}\nrelax,Relax,relaxing,60,table,gentle,-1\n"},
        ("treatments.csv", 2, "min_gap_hours", "a number of at least 0"),
        id="negative-gap",
    ),
    pytest.param(
        {"treatments.csv": f"{TREAT_HEAD},max_gap_hours\nrelax,R,relaxing,60,table,gentle,24,12\n"},
        ("treatments.csv", 2, "max_gap_hours", "at least the min gap"),
        id="treatment-max-gap-below-min",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD},max_gap_hours\nco1,c1,relax,2,12\n"},
        ("courses.csv", 2, "max_gap_hours", "below the min gap (24 h)"),
        id="course-max-gap-below-treatment-min",
    ),
    pytest.param(
        {
            "treatments.csv": f"{TREAT_HEAD},max_gap_hours\n"
            "relax,R,relaxing,60,table,gentle,24,36\n",
            "courses.csv": f"{COURSE_HEAD},min_gap_hours\nco1,c1,relax,2,48\n",
        },
        ("courses.csv", 2, "min_gap_hours", "max gap (36 h) is below the min gap (48 h)"),
        id="course-min-gap-above-treatment-max",
    ),
    pytest.param(
        {
            "courses.csv": f"{COURSE_HEAD},earliest,latest\n"
            "co1,c1,relax,1,2026-12-08T10:00,2026-12-08T10:00\n"
        },
        ("courses.csv", 2, "latest", "expected a date-time after earliest"),
        id="latest-not-after-earliest",
    ),
    pytest.param(
        {"treatments.csv": f"{TREAT_HEAD}\nrelax,Relax,relaxing,60,table,hard,24\n"},
        ("treatments.csv", 2, "intensity", "expected gentle or deep, got 'hard'"),
        id="bad-intensity",
    ),
    pytest.param(
        {
            "client_availability.csv": "client_id,date,start,end,kind\n"
            "c1,2026-12-07,09:00,12:00,maybe\n"
        },
        ("client_availability.csv", 2, "kind", "expected available or preferred"),
        id="bad-availability-kind",
    ),
    pytest.param(
        {"client_conditions.csv": "client_id,condition,cleared\nc1,fever,perhaps\n"},
        ("client_conditions.csv", 2, "cleared", "expected yes or no"),
        id="bad-cleared",
    ),
    pytest.param(
        {
            "client_conditions.csv": "client_id,condition,from,until\n"
            "c1,fever,2026-12-08,2026-12-07\n"
        },
        ("client_conditions.csv", 2, "until", "on or after 'from'"),
        id="condition-until-before-from",
    ),
    pytest.param(
        {"contraindications.csv": "condition,treatment_id,rule\nfever,*,never\n"},
        ("contraindications.csv", 2, "rule", "expected absolute or relative or local"),
        id="bad-rule",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD},needs_assessment\nco1,c1,relax,1,sometimes\n"},
        ("courses.csv", 2, "needs_assessment", "expected yes or no"),
        id="bad-needs-assessment",
    ),
    pytest.param(
        {"therapists.csv": "therapist_id,specialties\nt1,relaxing\nt1,lymphatic\n"},
        ("therapists.csv", 3, "therapist_id", "duplicate id 't1' (already in row 2)"),
        id="duplicate-id",
    ),
    pytest.param(
        {"clients.csv": "client_id,name\nc1,Anna\n,Bob\n"},
        ("clients.csv", 3, "client_id", "expected an id, got an empty cell"),
        id="empty-id",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD}\nco1,c9,relax,1\n"},
        ("courses.csv", 2, "client_id", "unknown id 'c9'; expected an id from clients.csv"),
        id="unknown-course-client",
    ),
    pytest.param(
        {"courses.csv": f"{COURSE_HEAD}\nco1,c1,Relax,1\n"},
        ("courses.csv", 2, "treatment_id", "unknown id 'Relax'"),
        id="unknown-course-treatment-ids-are-case-sensitive",
    ),
    pytest.param(
        {"shifts.csv": f"{SHIFT_HEAD}\nt1,2026-12-07,09:00,17:00\nt2,2026-12-07,09:00,17:00\n"},
        ("shifts.csv", 3, "therapist_id", "unknown id 't2'; expected an id from therapists.csv"),
        id="unknown-shift-therapist",
    ),
    pytest.param(
        {"room_closures.csv": "room_id,date,start,end\nr2,2026-12-07,09:00,10:00\n"},
        ("room_closures.csv", 2, "room_id", "unknown id 'r2'"),
        id="unknown-closure-room",
    ),
    pytest.param(
        {"client_conditions.csv": "client_id,condition\nc2,fever\n"},
        ("client_conditions.csv", 2, "client_id", "unknown id 'c2'"),
        id="unknown-condition-client",
    ),
    pytest.param(
        {"client_availability.csv": "client_id,date,start,end\nc2,2026-12-07,09:00,12:00\n"},
        ("client_availability.csv", 2, "client_id", "unknown id 'c2'"),
        id="unknown-availability-client",
    ),
    pytest.param(
        {"pinned.csv": f"{PIN_HEAD}\nco9,1,t1,r1,2026-12-07T10:00\n"},
        ("pinned.csv", 2, "course_id", "unknown id 'co9'; expected an id from courses.csv"),
        id="unknown-pin-course",
    ),
    pytest.param(
        {"pinned.csv": f"{PIN_HEAD}\nco1,1,t9,r1,2026-12-07T10:00\n"},
        ("pinned.csv", 2, "therapist_id", "unknown id 't9'"),
        id="unknown-pin-therapist",
    ),
    pytest.param(
        {"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r9,2026-12-07T10:00\n"},
        ("pinned.csv", 2, "room_id", "unknown id 'r9'"),
        id="unknown-pin-room",
    ),
    pytest.param(
        {"pinned.csv": f"{PIN_HEAD}\nco1,2,t1,r1,2026-12-07T10:00\n"},
        ("pinned.csv", 2, "session", "expected a session number from 1 to 1"),
        id="pin-session-beyond-course",
    ),
    pytest.param(
        {"pinned.csv": f"{PIN_HEAD}\nco1,0,t1,r1,2026-12-07T10:00\n"},
        ("pinned.csv", 2, "session", "at least 1"),
        id="pin-session-zero",
    ),
    pytest.param(
        {
            "courses.csv": TWO_SESSIONS,
            "pinned.csv": f"{PIN_HEAD}\n"
            "co1,1,t1,r1,2026-12-07T10:00\nco1,1,t1,r1,2026-12-08T10:00\n",
        },
        ("pinned.csv", 3, "session", "already pinned in row 2"),
        id="duplicate-pin",
    ),
    pytest.param(
        {"scenario.toml": "start = 2026-12-07\ndays = 0\n"},
        ("scenario.toml", 2, "days", "expected a whole number of at least 1"),
        id="toml-days-zero",
    ),
    pytest.param(
        {"scenario.toml": 'start = "07.12.2026"\n'},
        ("scenario.toml", 1, "start", "expected a date YYYY-MM-DD"),
        id="toml-bad-start",
    ),
    pytest.param(
        {"scenario.toml": 'start = 2026-12-07\n[opening_hours]\nsun = "20:00-08:00"\n'},
        ("scenario.toml", 3, "opening_hours.sun", 'expected "closed" or a period'),
        id="toml-bad-opening-hours",
    ),
    pytest.param(
        {"scenario.toml": "start = 2026-12-07\n[weights]\ncontinuity = -1\n"},
        ("scenario.toml", 3, "weights.continuity", "at least 0"),
        id="toml-negative-weight",
    ),
    pytest.param(
        {"scenario.toml": "start = 2026-12-07\ntime_limit_seconds = 0\n"},
        ("scenario.toml", 2, "time_limit_seconds", "expected a number above 0"),
        id="toml-zero-time-limit",
    ),
    pytest.param(
        {"scenario.toml": "start = 2026-12-07\ndays = = 3\n"},
        ("scenario.toml", 2, None, "not valid TOML"),
        id="toml-syntax",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CORPUS)
def test_broken_scenario_is_reported_exactly(
    make_scenario: ScenarioFactory,
    files: dict[str, str | None],
    expected: tuple[str, int | None, str | None, str],
) -> None:
    file, row, column, phrase = expected
    errors = errors_of(make_scenario(files))
    assert [(p.file, p.row, p.column) for p in errors] == [(file, row, column)], errors
    assert phrase in errors[0].message


def test_non_utf8_file_names_file_and_row(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario()
    (folder / "clients.csv").write_bytes("client_id,name\nc1,Anna\nc2,J\xf6rg\n".encode("latin-1"))
    errors = errors_of(folder)
    assert [(p.file, p.row) for p in errors] == [("clients.csv", 3)]
    assert "not UTF-8" in errors[0].message


def test_every_error_is_reported_at_once(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "shifts.csv": f"{SHIFT_HEAD}\nt1,2026-12-07,9h00,17:00\nt7,2026-12-08,09:00,17:00\n",
            "courses.csv": f"{COURSE_HEAD},priority\nco1,c1,relax,1,9\nco2,c5,relax,x,1\n",
            "rooms.csv": "room_id,name\nr1,One\nr1,Two\n",
        }
    )
    found = {(p.file, p.row, p.column) for p in errors_of(folder)}
    assert found == {
        ("shifts.csv", 2, "start"),
        ("shifts.csv", 3, "therapist_id"),
        ("courses.csv", 2, "priority"),
        ("courses.csv", 3, "sessions"),
        ("courses.csv", 3, "client_id"),
        ("rooms.csv", 3, "room_id"),
    }


def test_unreadable_file_does_not_flood_references(make_scenario: ScenarioFactory) -> None:
    # clients.csv lacks its id column: courses pointing at clients are not all reported too.
    folder = make_scenario({"clients.csv": "name\nAnna\n"})
    assert [(p.file, p.row, p.column) for p in errors_of(folder)] == [
        ("clients.csv", 1, "client_id")
    ]


CLI_CASES = ("missing-required-file", "non-integer", "unknown-course-client", "toml-syntax")


@pytest.mark.parametrize(("files", "expected"), [c for c in CORPUS if c.id in CLI_CASES])
def test_cli_reports_invalid_input_with_exit_2(
    make_scenario: ScenarioFactory,
    files: dict[str, str | None],
    expected: tuple[str, int | None, str | None, str],
) -> None:
    file, row, column, phrase = expected
    result = CliRunner().invoke(main, ["validate", str(make_scenario(files))])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    first = result.output.splitlines()[0]
    assert first.startswith(file)
    if row is not None:
        assert f"row {row}" in first
    if column is not None:
        assert f"column {column!r}" in first
    assert phrase in first
    assert result.output.splitlines()[-1] == "invalid: 1 errors"
