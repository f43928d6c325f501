"""The scenario generator, the shipped contraindication defaults and the demo scenario."""

from __future__ import annotations

import csv
import re
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.check import check_sessions
from planner.cli import main
from planner.generate import (
    OutputExistsError,
    build_scenario,
    default_contraindications,
    generate_scenario,
)
from planner.generate.catalog import TREATMENT_BY_ID
from planner.plan import PlannedSession
from planner.scenario import Scenario, Severity, load_scenario
from planner.scenario.medical import rule_for
from planner.scenario.types import Strictness

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "demo-week"


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _generate(folder: Path, **overrides: object) -> Path:
    arguments: dict[str, object] = {
        "therapists": 6,
        "rooms": 4,
        "courses": None,
        "days": 7,
        "seed": 0,
        "tightness": 0.7,
    }
    arguments.update(overrides)
    return generate_scenario(folder, **arguments)  # type: ignore[arg-type]


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _pins_as_sessions(scenario: Scenario) -> list[PlannedSession]:
    sessions = []
    for pin in scenario.pins:
        course = scenario.course_by_id[pin.course_id]
        length = scenario.session_length(course, pin.session)
        sessions.append(
            PlannedSession(pin.course_id, pin.session, course.client_id, course.treatment_id,
                           pin.therapist_id, pin.room_id, pin.start, pin.start + length)
        )  # fmt: skip
    return sessions


# Determinism -------------------------------------------------------------------------------


def test_same_seed_gives_byte_identical_folders(tmp_path: Path) -> None:
    first = _files(_generate(tmp_path / "a", seed=42))
    second = _files(_generate(tmp_path / "b", seed=42))
    assert first == second
    assert {"scenario.toml", "therapists.csv", "shifts.csv", "courses.csv"} <= set(first)


def test_different_seeds_give_different_scenarios(tmp_path: Path) -> None:
    first = _files(_generate(tmp_path / "a", seed=1))
    second = _files(_generate(tmp_path / "b", seed=2))
    assert first["courses.csv"] != second["courses.csv"]
    assert first["therapists.csv"] != second["therapists.csv"]


# Sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("therapists", "rooms", "courses", "days"),
    [(1, 1, 1, 1), (1, 1, 12, 3), (3, 2, 25, 10), (12, 7, 90, 14)],
)
def test_asked_sizes_are_honoured(
    tmp_path: Path, therapists: int, rooms: int, courses: int, days: int
) -> None:
    folder = _generate(
        tmp_path / "s", therapists=therapists, rooms=rooms, courses=courses, days=days
    )
    assert len(_rows(folder, "therapists.csv")) == therapists
    assert len(_rows(folder, "rooms.csv")) == rooms
    assert len(_rows(folder, "courses.csv")) == courses
    toml = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    assert toml["days"] == days
    start: date = toml["start"]
    horizon = {(start + timedelta(days=d)).isoformat() for d in range(days)}
    assert {row["date"] for row in _rows(folder, "shifts.csv")} <= horizon


def test_default_start_is_a_monday_and_christmas_is_closed(tmp_path: Path) -> None:
    folder = _generate(tmp_path / "s", days=28, therapists=8)
    toml = tomllib.loads((folder / "scenario.toml").read_text(encoding="utf-8"))
    assert toml["start"].weekday() == 0
    assert date(2026, 12, 25) in toml["opening_hours"]["closed_dates"]
    assert "2026-12-25" not in {row["date"] for row in _rows(folder, "shifts.csv")}


def test_tightness_sets_demand_against_shift_minutes() -> None:
    def ratio(tightness: float) -> float:
        scenario = build_scenario(
            therapists=10, rooms=6, courses=None, days=14, seed=3, tightness=tightness
        )
        shift = sum(s.end - s.start for s in scenario.shifts)
        demand = sum(
            scenario.session_length(c, k)
            for c in scenario.courses
            for k in range(1, c.sessions + 1)
        )
        return demand / shift

    for tightness in (0.3, 0.7, 1.2):
        assert ratio(tightness) == pytest.approx(tightness, rel=0.15)


def test_huge_spa_generates_quickly(tmp_path: Path) -> None:
    began = time.perf_counter()
    folder = _generate(tmp_path / "huge", therapists=120, rooms=60, days=28, tightness=0.6)
    assert time.perf_counter() - began < 20
    sessions = sum(int(row["sessions"]) for row in _rows(folder, "courses.csv"))
    assert 8_000 <= sessions <= 14_000
    assert len(_rows(folder, "therapists.csv")) == 120


# References and coverage --------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 7, 99])
def test_every_referenced_id_exists_and_every_treatment_can_be_given(
    tmp_path: Path, seed: int
) -> None:
    folder = _generate(tmp_path / "s", seed=seed, therapists=4, rooms=2, days=10)
    therapists = {r["therapist_id"]: r for r in _rows(folder, "therapists.csv")}
    rooms = {r["room_id"]: r for r in _rows(folder, "rooms.csv")}
    treatments = {r["treatment_id"]: r for r in _rows(folder, "treatments.csv")}
    clients = {r["client_id"] for r in _rows(folder, "clients.csv")}
    courses = {r["course_id"]: r for r in _rows(folder, "courses.csv")}
    for course in courses.values():
        assert course["client_id"] in clients
        assert course["treatment_id"] in treatments
        assert course["preferred_therapist"] in {"", *therapists}
    assert {r["therapist_id"] for r in _rows(folder, "shifts.csv")} <= set(therapists)
    assert {r["room_id"] for r in _rows(folder, "room_closures.csv")} <= set(rooms)
    assert {r["client_id"] for r in _rows(folder, "client_conditions.csv")} <= clients
    assert {r["client_id"] for r in _rows(folder, "client_availability.csv")} <= clients
    for pin in _rows(folder, "pinned.csv"):
        assert pin["course_id"] in courses
        assert pin["therapist_id"] in therapists
        assert pin["room_id"] in rooms
    for treatment in treatments.values():
        assert any(
            treatment["specialty"] in t["specialties"].split(";") for t in therapists.values()
        ), treatment["treatment_id"]
        needed = set(filter(None, treatment["equipment"].split(";")))
        assert any(needed <= set(r["equipment"].split(";")) for r in rooms.values())


def test_therapists_have_realistic_skills_and_limits() -> None:
    scenario = build_scenario(therapists=30, rooms=12, courses=None, days=14, seed=4, tightness=0.8)
    for therapist in scenario.therapists:
        assert 1 <= len(therapist.specialties) <= 3
        assert 5 <= therapist.max_sessions_per_day <= 7
    assert any(t.max_minutes_per_week is not None for t in scenario.therapists)
    assert any(t.max_deep_per_day is not None for t in scenario.therapists)
    # Split shifts: some therapist works two pieces on one day.
    pieces = [(s.therapist_id, s.start // 1440) for s in scenario.shifts]
    assert len(pieces) > len(set(pieces))
    # Each therapist works five days a week (four for part-timers), never more.
    for therapist in scenario.therapists:
        days = {s.start // 1440 for s in scenario.shifts if s.therapist_id == therapist.id}
        assert 6 <= len(days) <= 10


# Loading and pinned sessions ---------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_pinned_sessions_keep_every_hard_rule(tmp_path: Path, seed: int) -> None:
    folder = _generate(tmp_path / "s", seed=seed, therapists=5, rooms=3, courses=60, days=10)
    scenario, _ = load_scenario(folder)
    assert scenario.pins, "a scenario this size gets pinned sessions"
    assert check_sessions(scenario, _pins_as_sessions(scenario), partial=True) == []


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    therapists=st.integers(1, 8),
    rooms=st.integers(1, 5),
    courses=st.integers(1, 40),
    days=st.integers(1, 14),
    seed=st.integers(0, 2**32),
    tightness=st.floats(0.1, 1.5),
    start_offset=st.integers(0, 400),
)
def test_generated_scenarios_always_load(
    tmp_path: Path,
    therapists: int,
    rooms: int,
    courses: int,
    days: int,
    seed: int,
    tightness: float,
    start_offset: int,
) -> None:
    folder = tmp_path / f"s{seed}-{therapists}-{rooms}-{courses}-{days}-{start_offset}"
    generate_scenario(
        folder, therapists=therapists, rooms=rooms, courses=courses, days=days, seed=seed,
        tightness=tightness, start=date(2026, 1, 5) + timedelta(days=start_offset),
        overwrite=True,
    )  # fmt: skip
    scenario, problems = load_scenario(folder)
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert len(scenario.therapists) == therapists and len(scenario.courses) == courses
    assert check_sessions(scenario, _pins_as_sessions(scenario), partial=True) == []


# Command line ------------------------------------------------------------------------------


def test_cli_writes_a_folder_and_refuses_to_overwrite_it(tmp_path: Path) -> None:
    out = tmp_path / "week"
    runner = CliRunner()
    first = runner.invoke(main, ["generate", str(out), "--therapists", "2", "--rooms", "1",
                                 "--courses", "5", "--days", "3", "--seed", "5"])  # fmt: skip
    assert first.exit_code == 0, first.output
    assert "courses.csv" in first.output
    before = _files(out)
    again = runner.invoke(main, ["generate", str(out), "--seed", "6"])
    assert again.exit_code == 2
    assert "not empty" in again.output
    assert _files(out) == before
    forced = runner.invoke(main, ["generate", str(out), "--seed", "6", "--force"])
    assert forced.exit_code == 0, forced.output
    assert _files(out) != before
    # Only the folder and its lock file (every writer of a folder takes its lock).
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".week.lock", "week"], "no staging folder left"


def test_cli_writes_into_an_existing_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    result = CliRunner().invoke(main, ["generate", str(out), "--start", "2027-03-01"])
    assert result.exit_code == 0, result.output
    toml = tomllib.loads((out / "scenario.toml").read_text(encoding="utf-8"))
    assert toml["start"] == date(2027, 3, 1)


@pytest.mark.parametrize(
    "arguments",
    [["--tightness", "0"], ["--tightness", "1.6"], ["--therapists", "0"], ["--start", "7 Dec"]],
)
def test_cli_rejects_bad_options_with_exit_2(tmp_path: Path, arguments: list[str]) -> None:
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "x"), *arguments])
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_library_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        _generate(out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


# Shipped contraindication defaults ---------------------------------------------------------

REQUIRED_CONDITIONS = {
    "fever", "local_inflammation", "skin_lesion", "fracture", "recent_surgery", "pregnancy",
    "hypertension", "phlebitis", "thrombosis", "cancer", "coagulation_disorder", "osteoporosis",
    "heart_failure", "varicose_veins",
}  # fmt: skip
DEEP_WORK = (
    "sports_massage",
    "deep_tissue",
    "friction_massage",
    "connective_tissue",
    "thai_massage",
)


def test_default_contraindications_are_well_formed() -> None:
    rules = default_contraindications()
    assert {r.condition for r in rules} >= REQUIRED_CONDITIONS
    for row in rules:
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", row.condition)
        assert row.treatment_id == "*" or row.treatment_id in TREATMENT_BY_ID
    keys = [(r.condition, r.treatment_id) for r in rules]
    assert len(keys) == len(set(keys)), "one row per condition and treatment"
    # Pregnancy has no catch-all row (a ``*`` row could not be relaxed for prenatal massage,
    # the strictest rule wins), so each treatment of the catalog must be named.
    assert {t for c, t in keys if c == "pregnancy"} == set(TREATMENT_BY_ID)


@pytest.mark.parametrize(
    ("condition", "treatment", "rule"),
    [
        ("fever", "relaxing_massage", Strictness.ABSOLUTE),
        ("fever", "reflexology", Strictness.ABSOLUTE),
        ("thrombosis", "lymph_drainage", Strictness.ABSOLUTE),
        ("local_inflammation", "lymph_drainage", Strictness.ABSOLUTE),
        ("heart_failure", "lymph_drainage", Strictness.ABSOLUTE),
        ("cancer", "lymph_drainage", Strictness.RELATIVE),
        ("skin_lesion", "classic_massage", Strictness.LOCAL),
        ("varicose_veins", "relaxing_massage", Strictness.LOCAL),
        ("pregnancy", "relaxing_massage", Strictness.RELATIVE),
        ("pregnancy", "hot_stone", Strictness.ABSOLUTE),
        ("pregnancy", "prenatal_massage", Strictness.LOCAL),
        *(
            (c, t, Strictness.ABSOLUTE)
            for c in ("coagulation_disorder", "osteoporosis")
            for t in DEEP_WORK
        ),
        *(("pregnancy", t, Strictness.ABSOLUTE) for t in DEEP_WORK),
    ],
)
def test_default_contraindications_follow_massage_guidance(
    condition: str, treatment: str, rule: Strictness
) -> None:
    assert rule_for(default_contraindications(), condition, treatment) is rule


# The demo week -----------------------------------------------------------------------------


def test_demo_week_loads_cleanly_with_valid_pins() -> None:
    scenario, problems = load_scenario(DEMO)
    assert problems == []
    assert 120 <= sum(c.sessions for c in scenario.courses) <= 180
    assert (len(scenario.therapists), len(scenario.rooms), scenario.settings.days) == (6, 4, 7)
    assert scenario.pins
    assert check_sessions(scenario, _pins_as_sessions(scenario), partial=True) == []


def test_demo_week_tells_its_stories() -> None:
    scenario, _ = load_scenario(DEMO)
    conditions = {(c.client_id, c.condition): c for c in scenario.conditions}
    booked = {(c.client_id, c.treatment_id) for c in scenario.courses}
    # A pregnant client booked for prenatal massage; a client with a two-day fever.
    assert any(k[1] == "pregnancy" and (k[0], "prenatal_massage") in booked for k in conditions)
    fever = [c for (_, name), c in conditions.items() if name == "fever"]
    assert fever and all(c.last_day - c.first_day < scenario.settings.days - 1 for c in fever)
    # A thrombosis client booked for lymph drainage, and a cleared relative condition.
    assert any(k[1] == "thrombosis" and (k[0], "lymph_drainage") in booked for k in conditions)
    assert any(c.cleared for c in scenario.conditions)
    assert any(c.preferred_therapist for c in scenario.courses)
