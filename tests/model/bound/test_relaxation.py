"""The linear relaxation's bound is a bound: never below the best plan that exists.

The optimum of each tiny spa is computed by hand (the comments say how) and confirmed by brute
force (:func:`tests.model.brute_force.brute_force_best`, every plan the checker accepts); the
wards' by their own exact model (:func:`tests.reference.ward_optimum.ward_optimum`). A bound
below either would let the solver call a plan optimal that is not.
"""

from __future__ import annotations

import pytest

from planner.generate.ward import build_ward
from planner.model import CandidateBuilder, bookable_prefix
from planner.model.bound.relaxation import relaxation_bound
from planner.scenario import load_scenario
from planner.scenario.types import Scenario
from tests.model.brute_force import brute_force_best
from tests.model.scenarios import (
    ONE_DAY,
    ONE_DAY_THREE_COURSES,
    TABLE_AND_MAT_ROOMS,
    TWO_CLIENTS,
    TWO_COURSES_NO_ASSESSMENT,
    TWO_RELAXING_THERAPISTS,
    shifts,
)

# Generous: the bound's time limit is a ceiling for a tiny LP, not a measurement.
SECONDS = 30.0


def bound_of(scenario: Scenario) -> int | None:
    """The relaxation bound as :func:`planner.model.solve` computes it for ``scenario``."""
    builder = CandidateBuilder(scenario)
    specs = [
        s for course in scenario.courses for s in bookable_prefix(builder.course_specs(course))
    ]
    return relaxation_bound(scenario, specs, builder.work, SECONDS)


# Each spa: its files over the shared base (tests/conftest.py) and its optimum by hand.
SPAS: dict[str, tuple[dict[str, str], int]] = {
    # One therapist, 09:00-10:00: one 60-minute session fits; co1 (priority 2) wins.
    "one therapist-hour for two courses": (
        {
            "scenario.toml": ONE_DAY,
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:00"),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES_NO_ASSESSMENT,
        },
        2,
    ),
    # Two therapists work 09:00-10:00 but only r1 has the table: one session, co1's, value 2.
    "one equipped room for two therapists": (
        {
            "scenario.toml": ONE_DAY,
            "therapists.csv": TWO_RELAXING_THERAPISTS,
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:00", "t2,2026-12-07,09:00,10:00"),
            "rooms.csv": TABLE_AND_MAT_ROOMS,
            "clients.csv": TWO_CLIENTS,
            "courses.csv": TWO_COURSES_NO_ASSESSMENT,
        },
        2,
    ),
    # One day and a 24 h recovery gap: only session 1 of each two-session course can be
    # booked. 09:00-11:45 holds two 60-minute sessions with the 15-minute turnover between
    # (09:00, 10:15), not three: the two most valuable, 3 + 2 = 5.
    "gaps leave only first sessions": (
        ONE_DAY_THREE_COURSES,
        5,
    ),
    # Two days, one therapist 09:00-10:00 each day: one session a day. co1 (priority 2) has
    # two sessions 20 h apart, co2 (priority 3) one: co2 on one day and co1's first on the
    # other (3 + 2 = 5) beats both of co1's (2 + 2 = 4).
    "a chain against a single session": (
        {
            "scenario.toml": "start = 2026-12-07\ndays = 2\n",
            "shifts.csv": shifts("t1,2026-12-07,09:00,10:00", "t1,2026-12-08,09:00,10:00"),
            "clients.csv": TWO_CLIENTS,
            "courses.csv": """
                course_id,client_id,treatment_id,sessions,priority,min_gap_hours,needs_assessment
                co1,c1,relax,2,2,20,no
                co2,c2,relax,1,3,,no
            """,
        },
        5,
    ),
}


@pytest.mark.parametrize("name", sorted(SPAS))
def test_the_bound_is_never_below_the_brute_force_optimum(make_scenario, name):
    files, optimum = SPAS[name]
    scenario, _warnings = load_scenario(make_scenario(**files))
    assert brute_force_best(scenario)[0] == optimum  # the hand computation holds
    bound = bound_of(scenario)
    assert bound is not None
    assert bound >= optimum
    # Nor above what every session booked would be worth (the trivial bound).
    assert bound <= sum(c.priority * c.sessions for c in scenario.courses)


@pytest.mark.parametrize(
    ("patients", "days", "demand", "turnover", "seed"),
    [(10, 2, 1.5, 0, 0), (10, 2, 1.5, 0, 1), (12, 3, 1.8, 5, 2)],
)
def test_the_bound_is_never_below_a_wards_exact_optimum(patients, days, demand, turnover, seed):
    from tests.reference.ward_optimum import ward_optimum

    ward = build_ward(
        patients=patients, therapists=1, days=days, demand=demand, turnover=turnover, seed=seed
    )
    optimum = ward_optimum(ward)
    assert optimum is not None
    bound = bound_of(ward)
    assert bound is not None
    assert bound >= optimum[0]
