"""The scenario checks on Scenario objects built or changed in Python, no CSV in between."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from planner.scenario import (
    Course,
    Pin,
    Room,
    Scenario,
    Severity,
    Shift,
    Therapist,
    Treatment,
    load_scenario,
    load_scenario_folder,
    validate_scenario,
)
from planner.scenario.checks import (
    Known,
    check_references,
    check_scenario,
    without_unknown_preferences,
)

ScenarioFactory = Callable[..., Path]  # the make_scenario fixture of tests/conftest.py

MONDAY_10 = 10 * 60


@pytest.fixture
def tiny(make_scenario: ScenarioFactory) -> Scenario:
    """conftest's two-day spa: t1 (relaxing; lymphatic), r1 (table), relax, c1, course co1."""
    scenario, warnings = load_scenario(make_scenario())
    assert warnings == []
    return scenario


def found(scenario: Scenario) -> list[tuple[str, tuple[str | int, ...], str | None, Severity]]:
    return [(p.file, p.key, p.column, p.severity) for p in validate_scenario(scenario)]


def add_course(scenario: Scenario, course: Course) -> Scenario:
    return replace(scenario, courses=(*scenario.courses, course))


def test_a_loaded_scenario_has_no_problem(tiny: Scenario) -> None:
    assert validate_scenario(tiny) == []


def test_a_scenario_with_the_shipped_rules_does_not_warn_about_their_treatments(
    tiny: Scenario,
) -> None:
    # The loaded scenario's rules are the shipped ones, which name hot_stone and many more.
    assert any(rule.treatment_id == "hot_stone" for rule in tiny.contraindications)
    assert validate_scenario(tiny) == []
    # Asked without knowing them, the same rules warn.
    assert check_scenario(tiny)
    assert {p.file for p in check_scenario(tiny)} == {"contraindications.csv"}


def test_hard_references_are_errors_keyed_by_file_and_id(tiny: Scenario) -> None:
    course = Course("co2", "c9", "massage", 1)
    changed = replace(add_course(tiny, course), shifts=(Shift("T1", 540, 600), *tiny.shifts))
    assert found(changed) == [
        ("shifts.csv", ("T1",), "therapist_id", Severity.ERROR),
        ("courses.csv", ("co2",), "client_id", Severity.ERROR),
        ("courses.csv", ("co2",), "treatment_id", Severity.ERROR),
    ]
    [shift, client, _] = validate_scenario(changed)
    assert (shift.index, client.index) == (0, 1)
    assert "unknown id 'T1' (did you mean 't1'?)" in shift.message
    assert str(client) == (
        "courses.csv (course co2), column 'client_id': error: unknown id 'c9'; expected an id "
        "from clients.csv"
    )


def test_pins_name_course_therapist_and_room_that_exist(tiny: Scenario) -> None:
    changed = replace(tiny, pins=(Pin("co9", 1, "t9", "r9", MONDAY_10),))
    assert [(p.column, p.subject) for p in validate_scenario(changed)] == [
        ("course_id", "course co9, session 1"),
        ("therapist_id", "course co9, session 1"),
        ("room_id", "course co9, session 1"),
    ]


def test_an_unknown_preferred_therapist_warns_and_is_dropped(tiny: Scenario) -> None:
    course = replace(tiny.courses[0], preferred_therapist="t2")
    changed = replace(tiny, courses=(course,))
    assert found(changed) == [("courses.csv", ("co1",), "preferred_therapist", Severity.WARNING)]
    fixed = without_unknown_preferences(changed)
    assert fixed.courses[0].preferred_therapist is None
    assert fixed.courses[0] == tiny.courses[0]


def test_a_course_whose_gaps_contradict_its_treatment_is_an_error(tiny: Scenario) -> None:
    # relax has a min gap of 24 h; a max gap of 12 h can't be kept.
    changed = replace(tiny, courses=(replace(tiny.courses[0], sessions=2, max_gap_hours=12),))
    [problem] = validate_scenario(changed)
    assert (problem.key, problem.column, problem.severity) == (
        ("co1",),
        "max_gap_hours",
        Severity.ERROR,
    )
    assert "the max gap (12 h) is below the min gap (24 h)" in problem.message


def test_pin_numbers_lie_within_the_course_and_each_session_is_pinned_once(
    tiny: Scenario,
) -> None:
    pin = Pin("co1", 1, "t1", "r1", MONDAY_10)
    changed = replace(tiny, pins=(pin, replace(pin, session=2), pin))
    problems = validate_scenario(changed)
    assert [(p.index, p.column, p.first) for p in problems] == [
        (1, "session", None),
        (2, "session", 0),
    ]
    assert "expected a session number from 1 to 1" in problems[0].message
    assert "already pinned in position 1" in problems[1].message
    # Placed on rows, the second names the row of the first.
    assert "already pinned in row 2;" in problems[1].at_row(4, 2).message


def test_a_pin_of_a_course_with_broken_gaps_is_not_asked_its_number(tiny: Scenario) -> None:
    course = replace(tiny.courses[0], sessions=2, max_gap_hours=12)
    changed = replace(tiny, courses=(course,), pins=(Pin("co1", 3, "t1", "r1", MONDAY_10),))
    assert [p.file for p in validate_scenario(changed)] == ["courses.csv"]


def test_treatments_no_one_can_give_warn(tiny: Scenario) -> None:
    stones = Treatment("stones", "Hot stones", "stone", 60, frozenset({"stones"}))
    changed = replace(tiny, treatments=(*tiny.treatments, stones))
    assert found(changed) == [
        ("treatments.csv", ("stones",), "specialty", Severity.WARNING),
        ("treatments.csv", ("stones",), "equipment", Severity.WARNING),
    ]


def test_idle_therapists_and_an_empty_week_warn(tiny: Scenario) -> None:
    vera = Therapist("t2", "Vera", frozenset({"relaxing"}))
    changed = replace(tiny, therapists=(*tiny.therapists, vera))
    assert found(changed) == [("therapists.csv", ("t2",), "therapist_id", Severity.WARNING)]
    nobody = replace(tiny, shifts=(), courses=())
    assert [(p.file, p.index, p.message) for p in validate_scenario(nobody)] == [
        ("courses.csv", None, "courses.csv has no course: the plan will be empty"),
        ("shifts.csv", None, "no therapist has a shift in the horizon: nothing can be booked"),
    ]


def test_objects_are_checked_on_their_own(tiny: Scenario) -> None:
    changed = replace(
        tiny,
        therapists=(replace(tiny.therapists[0], specialties=frozenset()),),
        shifts=(Shift("t1", 600, 600), *tiny.shifts[1:]),
        rooms=(*tiny.rooms, Room("r2", "Room 2")),
        courses=(replace(tiny.courses[0], sessions=0, priority=9),),
    )
    assert [(p.file, p.column) for p in validate_scenario(changed) if p.severity == "error"] == [
        ("therapists.csv", "specialties"),
        ("shifts.csv", "end"),
        ("courses.csv", "sessions"),
        ("courses.csv", "priority"),
    ]


def test_ids_given_twice_are_errors(tiny: Scenario) -> None:
    changed = replace(tiny, clients=tiny.clients * 2)
    [problem] = validate_scenario(changed)
    assert (problem.file, problem.index, problem.first) == ("clients.csv", 1, 0)
    assert problem.message.startswith("duplicate id 'c1' (already in position 1)")


def test_health_data_is_never_named(tiny: Scenario) -> None:
    from planner.scenario import Condition

    changed = replace(tiny, conditions=(Condition("c9", "fever", 0, 1),))
    [problem] = validate_scenario(changed)
    assert problem.file == "client_conditions.csv" and problem.subject is None
    assert "fever" not in str(problem) and "fever" not in problem.at_row(2).where()


def test_the_loader_tells_the_same_problem_on_its_row(make_scenario: ScenarioFactory) -> None:
    courses = "course_id,client_id,treatment_id,sessions,preferred_therapist\nco1,c1,relax,1,t9\n"
    loaded = load_scenario_folder(make_scenario({"courses.csv": courses}))
    [warning] = loaded.warnings
    assert warning.where() == "courses.csv, row 2 (course co1), column 'preferred_therapist'"
    assert loaded.rows["courses.csv"] == (2,)
    # The scenario that was loaded no longer holds the preference it warned about.
    assert loaded.scenario.courses[0].preferred_therapist is None


def test_references_into_an_unreadable_file_are_not_checked(tiny: Scenario) -> None:
    # The loader passes None for a file it could not read: that file has its own error.
    changed = add_course(tiny, Course("co2", "c9", "relax", 1))
    known = Known.of(changed)
    assert [p.column for p in check_references(changed, known)] == ["client_id"]
    unreadable = replace(known, ids={**known.ids, "clients.csv": None})
    assert list(check_references(changed, unreadable)) == []
