"""Fixtures of the archive tests: a two-course scenario and a valid hand-made plan of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.plan import Plan, PlannedSession
from planner.scenario import load_scenario
from planner.scenario.timeaxis import parse_datetime
from planner.scenario.types import Scenario

TWO_COURSES = """
    course_id,client_id,treatment_id,sessions
    co1,c1,relax,2
    co2,c2,relax,1
"""
CLIENTS = """
    client_id,name,phone
    c1,Anna,+380 44 000 0001
    c2,Bohdan,+380 44 000 0002
"""


def _at(scenario: Scenario, text: str) -> int:
    return parse_datetime(scenario.settings.start, text)


def _small_plan(scenario: Scenario) -> Plan:
    """A valid plan of the two-course scenario: co1 on both days, co2 on day one."""

    def session(course: str, number: int, client: str, start: str, minutes: int) -> PlannedSession:
        begin = _at(scenario, start)
        return PlannedSession(course, number, client, "relax", "t1", "r1", begin, begin + minutes)

    return Plan(
        (
            session("co1", 1, "c1", "2026-12-07T09:00", 75),
            session("co2", 1, "c2", "2026-12-07T11:00", 75),
            session("co1", 2, "c1", "2026-12-08T10:30", 60),
        )
    )


@pytest.fixture
def scenario_folder(make_scenario) -> Path:
    return make_scenario({"courses.csv": TWO_COURSES, "clients.csv": CLIENTS})


@pytest.fixture
def scenario(scenario_folder: Path) -> Scenario:
    loaded, _warnings = load_scenario(scenario_folder)
    return loaded


@pytest.fixture
def small_plan(scenario: Scenario) -> Plan:
    return _small_plan(scenario)
