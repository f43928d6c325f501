"""Reading and writing plan.csv / unscheduled.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.plan import PLAN_COLUMNS, PlannedSession, UnscheduledSession
from planner.plan.csvfiles import read_plan_csv, write_plan_csv, write_unscheduled_csv
from planner.scenario.load import load_scenario

HEADER = ",".join(PLAN_COLUMNS) + "\n"


@pytest.fixture
def scenario(make_scenario):
    folder = make_scenario(
        **{
            "therapists.csv": "therapist_id,specialties\nt1,relaxing\nt2,relaxing\n",
            "client_conditions.csv": "client_id,condition,from,until\nc1,bruise,2026-12-08,\n",
            "contraindications.csv": "condition,treatment_id,rule\nbruise,relax,local\n",
        }
    )
    return load_scenario(folder)[0]


def _session(course: str, therapist: str, start: int, end: int, number: int = 1) -> PlannedSession:
    return PlannedSession(course, number, "c1", "relax", therapist, "r1", start, end)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "plan.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_write_uses_contract_columns_order_and_format(scenario, tmp_path):
    sessions = [
        _session("co1", "t2", 1440 + 600, 1440 + 660, 2),  # Tue 10:00, caution (local rule)
        _session("co1", "t2", 540, 615),  # Mon 09:00
        _session("co1", "t1", 540, 615, 3),  # same start: t1 before t2
        _session("co1", "t1", 1440 - 60, 1440, 4),  # ends at midnight
    ]
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "plan.csv"
    write_plan_csv(path, scenario, sessions)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(PLAN_COLUMNS) + ",caution"
    assert lines[1:] == [
        "co1,3,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:15,no",
        "co1,1,c1,relax,t2,r1,2026-12-07T09:00,2026-12-07T10:15,no",
        "co1,4,c1,relax,t1,r1,2026-12-07T23:00,2026-12-08T00:00,no",
        "co1,2,c1,relax,t2,r1,2026-12-08T10:00,2026-12-08T11:00,yes",
    ]
    assert [p.name for p in path.parent.iterdir()] == ["plan.csv"]  # no temporary file left


def test_written_plan_reads_back_identically(scenario, tmp_path):
    sessions = [_session("co1", "t1", 540, 615), _session("co1", "t1", 1440 + 600, 1440 + 660, 2)]
    path = tmp_path / "plan.csv"
    write_plan_csv(path, scenario, sessions)
    read, problems = read_plan_csv(path, scenario)
    assert problems == []
    assert [(s.course_id, s.session, s.start, s.end, s.caution) for s in read] == [
        ("co1", 1, 540, 615, False),
        ("co1", 2, 2040, 2100, True),
    ]


def test_read_accepts_any_column_order_case_spaces_bom_and_extra_columns(scenario, tmp_path):
    text = (
        "\ufeff Room_ID ,END,start,therapist_id,treatment_id,client_id,SESSION,course_id,notes\n"
        "r1,2026-12-07T10:15,2026-12-07T09:00,t1,relax,c1,1,co1,anything\n"
        "\n"
        "r1,2026-12-08T24:00,2026-12-08T23:00,t1,relax,c1,2,co1,\n"
    )
    sessions, problems = read_plan_csv(_write(tmp_path, text), scenario)
    assert problems == []
    assert [(s.session, s.room_id, s.start, s.end) for s in sessions] == [
        (1, "r1", 540, 615),
        (2, "r1", 1440 + 23 * 60, 2880),
    ]


def test_unknown_ids_are_not_read_errors(scenario, tmp_path):
    text = HEADER + "ghost,7,nobody,nothing,tX,rX,2026-12-07T09:00,2026-12-07T10:00\n"
    sessions, problems = read_plan_csv(_write(tmp_path, text), scenario)
    assert problems == []
    assert sessions[0].course_id == "ghost" and sessions[0].therapist_id == "tX"


def test_every_bad_cell_is_reported_with_row_and_column(scenario, tmp_path):
    text = HEADER + (
        "co1,1,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:15\n"
        "co1,two,c1,relax,,r1,2026-12-07 9am,2026-13-07T10:15\n"
        ",1.0,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T25:00\n"
    )
    sessions, problems = read_plan_csv(_write(tmp_path, text), scenario)
    assert [(p.file, p.row, p.column) for p in problems] == [
        ("plan.csv", 3, "therapist_id"),
        ("plan.csv", 3, "session"),
        ("plan.csv", 3, "start"),
        ("plan.csv", 3, "end"),
        ("plan.csv", 4, "course_id"),
        ("plan.csv", 4, "session"),
        ("plan.csv", 4, "end"),
    ]
    assert "whole number" in problems[1].message
    assert "YYYY-MM-DDTHH:MM" in problems[2].message
    assert [s.session for s in sessions] == [1]


def test_missing_columns_are_reported(scenario, tmp_path):
    text = (
        "course_id,session,client_id,treatment_id,room_id,start\n"
        "co1,1,c1,relax,r1,2026-12-07T09:00\n"
    )
    sessions, problems = read_plan_csv(_write(tmp_path, text), scenario)
    assert sessions == []
    assert [(p.row, p.column) for p in problems] == [(1, "therapist_id"), (1, "end")]
    assert "missing" in problems[0].message


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (HEADER.encode() + "co1,1,c1,rélax,t1,r1,x,y\n".encode("latin-1"), "UTF-8"),
        (
            HEADER.encode()
            + b"co1,1,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:15,extra,more\n",
            "line 2",
        ),
    ],
)
def test_unreadable_files_are_one_problem(scenario, tmp_path, content, expected):
    path = tmp_path / "plan.csv"
    path.write_bytes(content)
    sessions, problems = read_plan_csv(path, scenario)
    assert sessions == []
    assert len(problems) == 1 and problems[0].file == "plan.csv"
    assert expected in problems[0].message


def test_column_named_twice_is_a_problem(scenario, tmp_path):
    text = (
        HEADER.rstrip("\n")
        + ", Start\n"
        + "co1,1,c1,relax,t1,r1,2026-12-07T09:00,2026-12-07T10:15,x\n"
    )
    sessions, problems = read_plan_csv(_write(tmp_path, text), scenario)
    assert sessions == []
    assert [(p.row, p.column) for p in problems] == [(1, "Start")]
    assert "twice" in problems[0].message


def test_folder_instead_of_file_is_a_problem(scenario, tmp_path):
    sessions, problems = read_plan_csv(tmp_path, scenario)
    assert sessions == [] and "folder" in problems[0].message


def test_missing_file_is_a_problem(scenario, tmp_path):
    sessions, problems = read_plan_csv(tmp_path / "absent.csv", scenario)
    assert sessions == [] and "not found" in problems[0].message


def test_header_only_is_an_empty_plan(scenario, tmp_path):
    assert read_plan_csv(_write(tmp_path, HEADER), scenario) == ([], [])


def test_write_unscheduled(tmp_path):
    path = tmp_path / "unscheduled.csv"
    write_unscheduled_csv(
        path,
        [
            UnscheduledSession("co2", 1, "c2", "relax", "No therapist with the specialty works."),
            UnscheduledSession("co1", 2, "c1", "relax", "Too few shifts, so, later"),
        ],
    )
    assert path.read_text(encoding="utf-8").splitlines() == [
        "course_id,session,client_id,treatment_id,reason",
        'co1,2,c1,relax,"Too few shifts, so, later"',
        "co2,1,c2,relax,No therapist with the specialty works.",
    ]
