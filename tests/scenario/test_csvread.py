"""The CSV conventions: near-miss headers and semicolon-separated files."""

from __future__ import annotations

import pytest

from planner.scenario import ScenarioError, load_scenario
from planner.scenario.errors import Severity

COURSES_WITH_A_TYPO = """
    course_id,client_id,treatment_id,sessions,preferred_therapst
    co1,c1,relax,1,t1
"""


def _messages(problems, severity=Severity.WARNING) -> list[str]:
    return [str(p) for p in problems if p.severity is severity]


def test_a_misspelt_optional_column_names_the_column_and_what_is_lost(make_scenario) -> None:
    scenario, warnings = load_scenario(make_scenario({"courses.csv": COURSES_WITH_A_TYPO}))
    [warning] = [w for w in _messages(warnings) if "preferred_therapst" in w]
    assert "did you mean 'preferred_therapist'?" in warning
    assert "every row of courses.csv is read without its preferred_therapist" in warning
    assert scenario.courses[0].preferred_therapist is None


def test_a_misspelt_required_column_is_an_error_naming_the_typo(make_scenario) -> None:
    shifts = """
        therapst_id,date,start,end
        t1,2026-12-07,09:00,17:00
    """
    with pytest.raises(ScenarioError) as caught:
        load_scenario(make_scenario({"shifts.csv": shifts}))
    [error] = _messages(caught.value.problems, Severity.ERROR)
    assert "required column is missing (is column 'therapst_id' meant to be it?)" in error
    assert not [w for w in _messages(caught.value.problems) if "therapst_id" in w]


def test_an_unknown_column_far_from_any_keeps_the_plain_warning(make_scenario) -> None:
    courses = """
        course_id,client_id,treatment_id,sessions,notes
        co1,c1,relax,1,bring a towel
    """
    _scenario, warnings = load_scenario(make_scenario({"courses.csv": courses}))
    [warning] = [w for w in _messages(warnings) if "'notes'" in w]
    assert "unknown column is ignored (known:" in warning
    assert "did you mean" not in warning


def test_a_semicolon_separated_file_is_read_with_a_warning(make_scenario) -> None:
    therapists = """
        therapist_id;name;specialties
        t1;Olena;"relaxing;lymphatic"
        t2;Taras;relaxing
    """
    scenario, warnings = load_scenario(make_scenario({"therapists.csv": therapists}))
    assert {t.id: t.specialties for t in scenario.therapists} == {
        "t1": frozenset({"relaxing", "lymphatic"}),
        "t2": frozenset({"relaxing"}),
    }
    [warning] = [w for w in _messages(warnings) if "semicolon" in w]
    assert warning.startswith("therapists.csv: warning: the file is semicolon-separated")


def test_an_unquoted_list_in_a_semicolon_file_says_how_to_fix_it(make_scenario) -> None:
    therapists = """
        therapist_id;name;specialties
        t1;Olena;relaxing;lymphatic
    """
    with pytest.raises(ScenarioError) as caught:
        load_scenario(make_scenario({"therapists.csv": therapists}))
    [error] = _messages(caught.value.problems, Severity.ERROR)
    assert "row 2" in error
    assert "semicolon-separated: quote a cell that holds a list" in error


def test_a_comma_file_with_semicolon_lists_is_read_as_before(make_scenario) -> None:
    _scenario, warnings = load_scenario(make_scenario())
    assert not [w for w in _messages(warnings) if "semicolon" in w]
