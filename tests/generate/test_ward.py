"""The physiotherapy-ward generator: the class it promises, reproducible and legal."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planner.cli import main
from planner.generate.ward import build_ward, ward_demand
from planner.scenario import load_scenario
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.write import write_scenario_folder
from tests.reference.ward_optimum import ward_optimum


def test_the_same_seed_gives_the_same_ward() -> None:
    assert build_ward(seed=3) == build_ward(seed=3)
    assert build_ward(seed=3) != build_ward(seed=4)


def test_the_published_case_has_identical_therapists_and_daily_courses() -> None:
    ward = build_ward(patients=90, therapists=4, seed=0, demand=1.85)
    assert len({t.specialties for t in ward.therapists}) == 1
    days = {(x.start % MINUTES_PER_DAY, x.end % MINUTES_PER_DAY) for x in ward.shifts}
    assert days == {(8 * 60, 16 * 60)}  # everybody's day is the same 480 minutes
    weekdays = {ward.settings.day_date(x.start // MINUTES_PER_DAY).weekday() for x in ward.shifts}
    assert weekdays == {0, 1, 2, 3, 4}
    assert len(ward.shifts) == 4 * 5
    assert ward.settings.slot_minutes == 5
    assert ward.settings.client_max_sessions_per_day == 1
    assert len(ward.courses) == 90 and len({c.client_id for c in ward.courses}) == 90
    assert {c.sessions for c in ward.courses} == {5}
    durations = [ward.treatment_of(c).duration for c in ward.courses]
    assert min(durations) >= 10 and max(durations) <= 80
    assert all(d % 5 == 0 for d in durations) and len(set(durations)) > 8
    assert {c.priority for c in ward.courses} == {1, 2, 3, 4, 5}
    assert all(ward.gap_hours(c) == (12.0, None) for c in ward.courses)
    assert len(ward.rooms) == 4  # as many rooms as therapists: rooms never bind


@pytest.mark.parametrize(
    ("patients", "therapists", "demand"), [(90, 4, 1.85), (90, 4, 2.0), (40, 2, 1.9), (12, 1, 1.5)]
)
def test_demand_is_what_was_asked(patients: int, therapists: int, demand: float) -> None:
    ward = build_ward(patients=patients, therapists=therapists, demand=demand, seed=1)
    # Durations move in 5-minute steps of 5 sessions: within 25 minutes of the target.
    capacity = therapists * 480 * 5
    assert abs(ward_demand(ward) - demand) * capacity <= 5 * 5 / 2 + 1e-9


def test_rooms_and_turnover_can_be_made_a_limit() -> None:
    ward = build_ward(therapists=4, rooms=2, turnover=5, seed=2)
    assert len(ward.rooms) == 2 and ward.settings.turnover_minutes == 5


@pytest.mark.parametrize(
    ("arguments", "message"),
    [({"demand": 9.0}, "10 to 80"), ({"demand": 0.1}, "10 to 80"), ({"patients": 0}, "patients")],
)
def test_impossible_wards_are_refused(arguments: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_ward(**arguments)  # type: ignore[arg-type]


def test_a_ward_survives_writing_and_loading_without_a_problem(tmp_path: Path) -> None:
    ward = build_ward(patients=30, therapists=2, turnover=5, seed=5)
    loaded, warnings = load_scenario(write_scenario_folder(ward, tmp_path / "ward"))
    assert loaded == ward
    assert all("unknown treatment" in w.message for w in warnings)


def test_the_cli_writes_a_ward(tmp_path: Path) -> None:
    out = tmp_path / "ward"
    arguments = ["generate", str(out), "--kind", "ward", "--patients", "40", "--therapists", "2"]
    written = CliRunner().invoke(main, [*arguments, "--seed", "4", "--demand", "1.85"])
    assert written.exit_code == 0, written.output
    assert "demand 1.8" in written.output
    assert load_scenario(out)[0] == build_ward(patients=40, therapists=2, seed=4, demand=1.85)
    refused = CliRunner().invoke(main, [*arguments, "--demand", "9"])
    assert refused.exit_code == 2


def test_the_exact_ward_optimum_of_the_published_case_is_known() -> None:
    # One day's multiple knapsack, repeated on every working day, with no penalty.
    optimum = ward_optimum(build_ward(patients=90, therapists=4, seed=0, demand=1.85))
    assert optimum is not None
    value, penalty = optimum
    assert value % 5 == 0 and penalty == 0


def test_the_ward_optimum_refuses_scenarios_whose_days_are_not_interchangeable() -> None:
    from dataclasses import replace

    ward = build_ward(patients=20, therapists=1, seed=0, demand=1.5)
    course = replace(ward.courses[0], latest=MINUTES_PER_DAY)
    with pytest.raises(ValueError, match="window"):
        ward_optimum(replace(ward, courses=(course, *ward.courses[1:])))
