"""Cross-file checks: near-miss ids, therapists without a shift, scenarios without a course."""

from __future__ import annotations

import pytest

from planner.scenario import ScenarioError, load_scenario
from planner.scenario.errors import Severity

TEAM = """
    therapist_id,name,specialties
    t01,Olena,relaxing
    t02,Taras,relaxing
"""


def _messages(problems, severity=Severity.WARNING) -> list[str]:
    return [str(p) for p in problems if p.severity is severity]


def test_an_unknown_id_suggests_the_near_miss(make_scenario) -> None:
    shifts = """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,17:00
        t02,2026-12-07,09:00,17:00
    """
    with pytest.raises(ScenarioError) as caught:
        load_scenario(make_scenario({"therapists.csv": TEAM, "shifts.csv": shifts}))
    [error] = _messages(caught.value.problems, Severity.ERROR)
    assert "shifts.csv, row 2" in error
    assert "unknown id 't1' (did you mean 't01'?)" in error


def test_an_unknown_preferred_therapist_suggests_the_near_miss(make_scenario) -> None:
    shifts = """
        therapist_id,date,start,end
        t01,2026-12-07,09:00,17:00
        t02,2026-12-07,09:00,17:00
    """
    courses = """
        course_id,client_id,treatment_id,sessions,preferred_therapist
        co1,c1,relax,1,T2
    """
    files = {"therapists.csv": TEAM, "shifts.csv": shifts, "courses.csv": courses}
    _scenario, warnings = load_scenario(make_scenario(files))
    assert any("unknown therapist 'T2' (did you mean 't02'?)" in w for w in _messages(warnings))


def test_a_therapist_without_a_shift_warns_by_id(make_scenario) -> None:
    shifts = """
        therapist_id,date,start,end
        t01,2026-12-07,09:00,17:00
    """
    _scenario, warnings = load_scenario(
        make_scenario({"therapists.csv": TEAM, "shifts.csv": shifts})
    )
    idle = [w for w in _messages(warnings) if "no shift" in w]
    assert idle == [
        "therapists.csv, row 3 (therapist t02), column 'therapist_id': warning: therapist t02 "
        "has no shift in "
        "the horizon: they can't be booked"
    ]


def test_no_shift_at_all_is_one_warning_not_one_per_therapist(make_scenario) -> None:
    shifts = """
        therapist_id,date,start,end
        t01,2027-03-01,09:00,17:00
        t02,2027-03-01,09:00,17:00
    """
    _scenario, warnings = load_scenario(
        make_scenario({"therapists.csv": TEAM, "shifts.csv": shifts})
    )
    idle = [w for w in _messages(warnings) if "no shift" in w or "has a shift" in w]
    assert idle == [
        "shifts.csv: warning: no therapist has a shift in the horizon: nothing can be booked"
    ]


def test_a_scenario_without_a_course_warns(make_scenario) -> None:
    courses = "course_id,client_id,treatment_id,sessions\n"
    scenario, warnings = load_scenario(make_scenario({"courses.csv": courses}))
    assert scenario.courses == ()
    assert "courses.csv: warning: courses.csv has no course: the plan will be empty" in (
        _messages(warnings)
    )


def test_a_complete_scenario_has_none_of_these_warnings(make_scenario) -> None:
    _scenario, warnings = load_scenario(make_scenario())
    assert not [w for w in _messages(warnings) if "no shift" in w or "no course" in w]
