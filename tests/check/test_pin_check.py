"""Pinned sessions that break a hard rule, alone or against each other, make a scenario invalid.

The checker checks them when a scenario is loaded (:func:`planner.check.load_checked_scenario`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.check import load_checked_scenario, settle_scenario
from planner.cli import main
from planner.scenario import Pin, Problem, Scenario, ScenarioError, Severity
from planner.scenario.write import write_scenario_folder

ScenarioFactory = Callable[..., Path]  # the make_scenario fixture of tests/conftest.py

PIN_HEAD = "course_id,session,therapist_id,room_id,start"
TWO_CLIENTS = "client_id,name\nc1,Anna\nc2,Bohdan\n"
TWO_COURSES = "course_id,client_id,treatment_id,sessions\nco1,c1,relax,1\nco2,c2,relax,1\n"


def pin_errors(folder: Path) -> list[Problem]:
    with pytest.raises(ScenarioError) as info:
        load_checked_scenario(folder)
    errors = [p for p in info.value.problems if p.severity is Severity.ERROR]
    assert errors and all((p.file, p.code) == ("pinned.csv", "pin") for p in errors), errors
    return errors


def test_valid_pin_is_loaded_with_its_row(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario({"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r1,2026-12-08T10:00\n"})
    scenario, warnings = load_checked_scenario(folder)
    assert warnings == []
    assert scenario.pins == (Pin("co1", 1, "t1", "r1", 1440 + 600),)


def test_later_session_may_be_pinned_alone(make_scenario: ScenarioFactory) -> None:
    # Partial check: session 1 is left to the solver, so "prefix 1..k" is not asked of pins.
    folder = make_scenario(
        {
            "courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c1,relax,2\n",
            "pinned.csv": f"{PIN_HEAD}\nco1,2,t1,r1,2026-12-08T10:00\n",
        }
    )
    scenario, _ = load_checked_scenario(folder)
    assert [(p.course_id, p.session) for p in scenario.pins] == [("co1", 2)]


def test_pin_past_its_shift_is_an_error(make_scenario: ScenarioFactory) -> None:
    # 60 min + 15 min assessment from 16:30 ends 17:45, after the 17:00 shift end.
    folder = make_scenario({"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r1,2026-12-07T16:30\n"})
    errors = pin_errors(folder)
    assert [(p.row, p.column) for p in errors] == [(2, "start")]
    assert "hard rule 3" in errors[0].message


def test_pin_off_the_slot_grid_is_an_error(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario({"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r1,2026-12-07T10:05\n"})
    errors = pin_errors(folder)
    assert [(p.row, p.column) for p in errors] == [(2, "start")]
    assert "hard rule 5" in errors[0].message


def test_pin_with_a_therapist_lacking_the_skill_is_an_error(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "therapists.csv": "therapist_id,specialties\nt1,relaxing\nt2,thai\n",
            "shifts.csv": "therapist_id,date,start,end\n"
            "t1,2026-12-07,09:00,17:00\nt2,2026-12-07,09:00,17:00\n",
            "pinned.csv": f"{PIN_HEAD}\nco1,1,t2,r1,2026-12-07T10:00\n",
        }
    )
    errors = pin_errors(folder)
    assert [p.row for p in errors] == [2]
    assert "hard rule 1" in errors[0].message


def test_two_pins_sharing_therapist_and_room_clash(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario(
        {
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES,
            "pinned.csv": f"{PIN_HEAD}\n"
            "co1,1,t1,r1,2026-12-07T10:00\nco2,1,t1,r1,2026-12-07T10:30\n",
        }
    )
    errors = pin_errors(folder)
    assert {p.row for p in errors} == {2}
    assert all("hard rule 6 together with row 3" in p.message for p in errors)


def test_two_pins_of_one_course_too_close_break_the_gap(make_scenario: ScenarioFactory) -> None:
    # Session 1 ends 10:15 on Monday; session 2 starts 09:00 Tuesday: under the 24 h minimum.
    folder = make_scenario(
        {
            "courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c1,relax,2\n",
            "pinned.csv": f"{PIN_HEAD}\n"
            "co1,1,t1,r1,2026-12-07T09:00\nco1,2,t1,r1,2026-12-08T09:00\n",
        }
    )
    errors = pin_errors(folder)
    assert [(p.row, p.column) for p in errors] == [(2, "start")]
    assert "hard rule 8 together with row 3" in errors[0].message


def test_cli_pin_conflict_exits_2_without_traceback(make_scenario: ScenarioFactory) -> None:
    folder = make_scenario({"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r1,2026-12-07T16:30\n"})
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.output.startswith(
        "pinned.csv, row 2 (course co1, session 1), column 'start': error: pinned session"
    )


def test_the_scenario_package_alone_reads_pins_without_checking_them(
    make_scenario: ScenarioFactory,
) -> None:
    # The checker sits above the scenario package: loading alone takes the pin as written,
    # and the checked loader (what every command uses) rejects it.
    from planner.scenario import load_scenario, load_scenario_folder

    folder = make_scenario({"pinned.csv": f"{PIN_HEAD}\nco1,1,t1,r1,2026-12-07T16:30\n"})
    scenario, _ = load_scenario(folder)
    assert [(p.course_id, p.session) for p in scenario.pins] == [("co1", 1)]
    assert load_scenario_folder(folder).pin_rows() == {("co1", 1): 2}
    assert pin_errors(folder)


BOOKED_HEAD = "course_id,session,therapist_id,room_id,start,booked"


def test_a_booking_column_loads_without_a_warning_and_round_trips(make_scenario, tmp_path):
    from planner.scenario.write import write_scenario_folder

    folder = make_scenario(
        {"pinned.csv": f"{BOOKED_HEAD}\nco1,1,t1,r1,2026-12-07T10:00,2026-12-06T18:30\n"}
    )
    scenario, warnings = load_checked_scenario(folder)
    assert warnings == []
    assert scenario.pins[0].booked == -330  # 18:30 the day before the horizon
    written = write_scenario_folder(scenario, tmp_path / "again")
    assert (written / "pinned.csv").read_text().splitlines()[0] == BOOKED_HEAD
    assert load_checked_scenario(written)[0].pins == scenario.pins


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        # The therapist's Monday shift no longer covers the booked hour (hard rule 3).
        ({"shifts.csv": "therapist_id,date,start,end\nt1,2026-12-08,09:00,17:00\n"}, "rule 3"),
        # The room is gone from rooms.csv (an unknown id in pinned.csv).
        ({"rooms.csv": "room_id,name,equipment\nr2,Room 2,table\n"}, "unknown id 'r1'"),
    ],
)
def test_an_impossible_booking_is_released_but_an_ordinary_pin_still_fails(
    make_scenario, change, reason
):
    from planner.check.pin_check import load_releasing_bookings

    row = "co1,1,t1,r1,2026-12-07T10:00"
    booked = make_scenario({**change, "pinned.csv": f"{BOOKED_HEAD}\n{row},2026-12-06T18:30\n"})
    scenario, _, released = load_releasing_bookings(booked)
    assert scenario.pins == ()
    assert [(r.course_id, r.session, r.therapist_id, r.room_id, r.start) for r in released] == [
        ("co1", 1, "t1", "r1", "2026-12-07T10:00")
    ]
    assert reason in released[0].reason
    # The same row without the booking mark is the manager's pin: the load still fails.
    plain = make_scenario({**change, "pinned.csv": f"{PIN_HEAD}\n{row}\n"})
    with pytest.raises(ScenarioError):
        load_releasing_bookings(plain)
    # Every command reads it as the re-plan does: released, with a warning naming the row.
    checked, warnings = load_checked_scenario(booked)
    assert checked.pins == ()
    assert any("booking released" in w.message for w in warnings)


def test_the_later_bookings_of_a_course_with_a_released_session_are_released_too(
    make_scenario,
):
    from planner.check.pin_check import load_releasing_bookings

    # A two-session course booked Monday and Tuesday; Olena no longer works on Monday. Its
    # second session stays possible on its own, but the course is booked again from session 1.
    files = {
        "shifts.csv": "therapist_id,date,start,end\nt1,2026-12-08,09:00,17:00\n",
        "courses.csv": "course_id,client_id,treatment_id,sessions\nco1,c1,relax,2\n",
        "pinned.csv": f"{BOOKED_HEAD}\nco1,1,t1,r1,2026-12-07T10:00,2026-12-06T18:30\n"
        "co1,2,t1,r1,2026-12-08T12:00,2026-12-06T18:30\n",
    }
    scenario, _, released = load_releasing_bookings(make_scenario(files))
    assert scenario.pins == ()
    assert [(r.session, r.reason) for r in released] == [
        (1, "it breaks hard rule 3"),
        (2, "an earlier session of its course was released"),
    ]


# settle_scenario: a scenario made in memory is validated as its written folder would be.


def _settled_or_problems(scenario: Scenario) -> tuple[Scenario | None, list[str]]:
    try:
        settled, warnings = settle_scenario(scenario)
    except ScenarioError as error:
        return None, [str(p) for p in error.problems]
    return settled, [str(p) for p in warnings]


def _loaded_or_problems(scenario: Scenario, folder: Path) -> tuple[Scenario | None, list[str]]:
    try:
        loaded, warnings = load_checked_scenario(write_scenario_folder(scenario, folder))
    except ScenarioError as error:
        return None, [str(p) for p in error.problems]
    return loaded, [str(p) for p in warnings]


def _two_courses(make_scenario: ScenarioFactory) -> Scenario:
    folder = make_scenario({"clients.csv": TWO_CLIENTS, "courses.csv": TWO_COURSES})
    scenario, _ = load_checked_scenario(folder)
    return scenario


MON_10 = 600
CHANGES: dict[str, Callable[[Scenario], Scenario]] = {
    "valid pins": lambda s: replace(s, pins=(Pin("co1", 1, "t1", "r1", MON_10),)),
    "unknown course": lambda s: replace(s, pins=(Pin("co9", 1, "t1", "r1", MON_10),)),
    "session beyond": lambda s: replace(s, pins=(Pin("co1", 2, "t1", "r1", MON_10),)),
    "pinned twice": lambda s: replace(s, pins=(Pin("co1", 1, "t1", "r1", MON_10),) * 2),
    "clash": lambda s: replace(
        s, pins=(Pin("co1", 1, "t1", "r1", MON_10), Pin("co2", 1, "t1", "r1", MON_10))
    ),
    "booking clash": lambda s: replace(
        s,
        pins=(Pin("co1", 1, "t1", "r1", MON_10), Pin("co2", 1, "t1", "r1", MON_10, booked=-60)),
    ),
    "booking of a gone course": lambda s: replace(
        s,
        pins=(Pin("co9", 1, "t1", "r1", MON_10, booked=-60), Pin("co1", 1, "t1", "r1", MON_10)),
    ),
    "unknown client": lambda s: replace(s, courses=(replace(s.courses[0], client_id="c9"),)),
    "unknown preferred therapist": lambda s: replace(
        s, courses=tuple(replace(c, preferred_therapist="t2") for c in s.courses)
    ),
    "gaps": lambda s: replace(
        s, courses=(replace(s.courses[0], sessions=2, max_gap_hours=1), *s.courses[1:])
    ),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_scenario_in_memory_is_settled_as_its_written_folder_loads(
    make_scenario: ScenarioFactory, tmp_path: Path, change: str
) -> None:
    scenario = CHANGES[change](_two_courses(make_scenario))
    settled, told = _settled_or_problems(scenario)
    loaded, read = _loaded_or_problems(scenario, tmp_path / "written")
    assert settled == loaded
    # The shipped rules (written into the folder as its own) warn only when read back.
    assert told == [line for line in read if "unknown treatment" not in line]


def test_settling_names_the_rows_of_the_written_folder(make_scenario: ScenarioFactory) -> None:
    scenario = CHANGES["pinned twice"](_two_courses(make_scenario))
    _, told = _settled_or_problems(scenario)
    assert told == [
        "pinned.csv, row 3 (course co1, session 1), column 'session': error: session 1 of "
        "course 'co1' is already pinned in row 2; expected each session pinned once"
    ]
