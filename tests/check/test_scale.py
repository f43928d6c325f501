"""The checker checks plans of 10,000 sessions quickly (sweeps, not pairwise comparisons)."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from planner.check import check_sessions, score
from planner.plan import PlannedSession
from planner.scenario.types import (
    Client,
    Course,
    Room,
    Scenario,
    Settings,
    Shift,
    Therapist,
    Treatment,
)

THERAPISTS, DAYS, PER_DAY = 60, 28, 6


def _big() -> tuple[Scenario, list[PlannedSession]]:
    therapists = tuple(
        Therapist(f"t{i}", f"T{i}", frozenset({"relaxing"})) for i in range(THERAPISTS)
    )
    shifts = tuple(
        Shift(t.id, day * 1440 + 8 * 60, day * 1440 + 20 * 60)
        for t in therapists
        for day in range(DAYS)
    )
    rooms = tuple(Room(f"r{i}", f"R{i}", frozenset({"table"})) for i in range(THERAPISTS))
    sessions: list[PlannedSession] = []
    clients: list[Client] = []
    courses: list[Course] = []
    for i in range(THERAPISTS):
        for day in range(DAYS):
            for k in range(PER_DAY):
                key = f"{i}-{day}-{k}"
                clients.append(Client(f"c{key}", key))
                courses.append(Course(f"co{key}", f"c{key}", "relax", 1, needs_assessment=False))
                start = day * 1440 + 9 * 60 + k * 75  # 60 minutes + 15 turnover
                sessions.append(
                    PlannedSession(
                        f"co{key}", 1, f"c{key}", "relax", f"t{i}", f"r{i}", start, start + 60
                    )
                )
    scenario = Scenario(
        settings=Settings(start=date(2026, 12, 7), days=DAYS),
        therapists=therapists,
        shifts=shifts,
        rooms=rooms,
        treatments=(Treatment("relax", "Relax", "relaxing", 60, frozenset({"table"})),),
        clients=tuple(clients),
        courses=tuple(courses),
    )
    return scenario, sessions


def test_ten_thousand_sessions_are_checked_quickly():
    scenario, sessions = _big()
    assert len(sessions) > 10_000
    began = time.perf_counter()
    assert check_sessions(scenario, sessions) == []
    assert score(scenario, sessions).scheduled_value == len(sessions)
    # Pairwise comparison would take minutes here; the sweeps take well under a second.
    assert time.perf_counter() - began < 10


def test_one_clash_among_ten_thousand_is_found():
    scenario, sessions = _big()
    sessions[500] = replace(
        sessions[500], start=sessions[500].start - 15, end=sessions[500].end - 15
    )
    found = check_sessions(scenario, sessions)
    assert [v.rule for v in found] == [6, 6]  # the therapist and the room
