"""A scenario built in Python is the scenario the loader gives for the same folder, and solves."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from planner.check import check_sessions
from planner.scenario import load_scenario
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.write import write_scenario_folder

MON = date(2026, 12, 7)
TUE = date(2026, 12, 8)
WED = date(2026, 12, 9)


def small_spa() -> ScenarioBuilder:
    """Two therapists, two rooms, three clients (one with a condition), courses and a pin."""
    b = ScenarioBuilder(
        "built week",
        start=MON,
        days=3,
        opening_hours={"default": ("08:00", "20:00"), "sun": None},
        closed_dates=[date(2026, 12, 25)],
        turnover_minutes=10,
    )
    b.add_therapist(
        "t1",
        "Olena",
        specialties=["Relaxing", "lymphatic"],
        shifts=[(MON, "09:00", "17:00"), (TUE, "09:00", "17:00"), (WED, "12:00", "20:00")],
        max_minutes_per_week=900,
    )
    b.add_therapist("t2", specialties=["relaxing"], shifts=[(TUE, time(10), "18:00")])
    b.add_room("r1", "Room 1", equipment=["Table"])
    b.add_room("r2", equipment=["table", "shower"])
    b.close_room("r2", TUE, "12:00", "14:00")
    b.add_treatment("relax", "Relaxing massage", specialty="relaxing", duration=60,
                    equipment=["table"])  # fmt: skip
    b.add_treatment("lymph", specialty="lymphatic", duration=45, intensity="deep",
                    min_gap_hours=1.5, max_gap_hours=48)  # fmt: skip
    b.add_client("c1", "Anna", details={"phone": "+380 44 000 0001"})
    b.add_client("c2", available=[(MON, "09:00", "12:00"), (TUE, "09:00", "18:00")],
                 preferred=[(TUE, "10:00", "12:00")], details={"phone": ""})  # fmt: skip
    b.add_client("c3", "Iryna", details={"phone": "+380 44 000 0003"})
    b.add_condition("c3", "Varicose_Veins", first=TUE)
    b.add_contraindication("fever", "relax", "relative")
    b.add_course("k1", "c1", "relax", 2, priority=3, preferred_therapist="t1")
    b.add_course("k2", "c2", "lymph", 2, earliest="2026-12-07T09:00",
                 latest=datetime(2026, 12, 9, 18, 0), needs_assessment=False)  # fmt: skip
    b.add_course("k3", "c3", "relax", 1, min_gap_hours=30)
    b.pin("k1", 1, "t1", "r1", "2026-12-07T10:00")
    return b


def test_a_built_scenario_equals_the_same_scenario_written_and_loaded(tmp_path: Path) -> None:
    built = small_spa().build()
    folder = write_scenario_folder(built, tmp_path / "spa")
    loaded, _ = load_scenario(folder)
    assert loaded == built
    # Times went through the loader's conversions: minutes on the horizon's axis.
    assert built.shifts[0].start == 9 * 60
    assert built.course_by_id["k2"].latest == 2 * 1440 + 18 * 60
    assert built.pins[0].start == 10 * 60
    assert built.therapist_by_id["t1"].specialties == frozenset({"relaxing", "lymphatic"})
    assert built.settings.opening(6) is None  # Sunday closed


def test_the_spas_own_rules_replace_the_shipped_ones_for_their_conditions() -> None:
    rules = small_spa().build().contraindications
    fever = [rule for rule in rules if rule.condition == "fever"]
    assert [(r.treatment_id, r.rule.value) for r in fever] == [("relax", "relative")]
    assert any(rule.condition == "varicose_veins" for rule in rules)  # shipped, kept


def test_a_built_scenario_solves_and_its_plan_keeps_every_hard_rule() -> None:
    import planner

    scenario = small_spa().build()
    assert planner.validate(scenario) == []
    result = planner.solve(scenario, time_limit=10, workers=1, deterministic=True)
    assert result.status.value in ("optimal", "feasible")
    assert check_sessions(scenario, result.plan.sessions) == []
    pinned = [s for s in result.plan.sessions if (s.course_id, s.session) == ("k1", 1)]
    assert [(s.therapist_id, s.room_id, s.start) for s in pinned] == [("t1", "r1", 600)]
    assert result.scheduled_value > 0


@pytest.mark.parametrize(
    ("mistake", "message"),
    [
        (lambda b: b.add_room("r1"), "room 'r1' was added twice"),
        (lambda b: b.add_course("k9", "nobody", "relax", 1), "unknown id 'nobody'"),
        (lambda b: b.pin("k1", 2, "t1", "r9", "2026-12-08T10:00"), "unknown id 'r9'"),
        (lambda b: b.add_shift("t1", date(2026, 12, 20), "09:00", "12:00"), "outside the horizon"),
        (lambda b: b.add_shift("t1", MON, "12:00", "09:00"), "expected an end after the start"),
        (lambda b: b.add_course("k9", "c1", "relax", 1, earliest="7 Dec"), "expected a date-time"),
    ],
)
def test_a_mistake_in_the_builder_says_what_is_wrong(mistake, message) -> None:  # type: ignore[no-untyped-def]
    builder = small_spa()
    with pytest.raises(ValueError, match=message):
        mistake(builder)
        builder.build()


def test_a_pin_that_breaks_a_hard_rule_is_a_problem_of_validate() -> None:
    import planner

    builder = small_spa()
    # t2 does not work on Monday: the pin breaks the shift rule.
    builder.pin("k3", 1, "t2", "r2", "2026-12-07T10:00")
    problems = planner.validate(builder.build())
    assert [p.file for p in problems] == ["pinned.csv"]
    assert problems[0].row == 3 and "hard rule" in problems[0].message
