"""Where a run is filed: its scenario's name and spa, and what it keeps of the scenario."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from planner.archive.filing import scenario_counts, scenario_name, settings_json, spa_name
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MON = date(2026, 12, 7)


def week(name: str, spa: str = "") -> Scenario:
    b = ScenarioBuilder(name, start=MON, days=2, spa=spa, closed_dates=[date(2026, 12, 8)])
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MON, "09:00", "17:00"),
                                                             (MON, "18:00", "19:30")])  # fmt: skip
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    b.add_client("c1")
    b.add_course("co1", "c1", "relax", 2)
    return b.build()


def test_a_run_is_filed_under_the_scenario_name_else_the_folder(tmp_path: Path):
    folder = tmp_path / "week-50"
    assert scenario_name(week("Spring week"), folder) == "Spring week"
    assert scenario_name(week("  "), folder) == "week-50"
    assert scenario_name(week(""), str(folder)) == "week-50"


def test_weeks_of_one_spa_share_its_name_else_their_own(tmp_path: Path):
    assert spa_name(week("week 50", spa="Lakeside"), tmp_path / "a") == "Lakeside"
    assert spa_name(week("week 50"), tmp_path / "a") == "week 50"
    assert spa_name(week(""), tmp_path / "a") == "a"


def test_counts_and_settings_are_what_a_nightly_compares_and_json_can_hold():
    scenario = week("week 50")
    # 8 hours and 1.5 hours of shifts.
    assert scenario_counts(scenario) == {"courses": 1, "therapists": 1, "shift_minutes": 570}
    settings = settings_json(scenario.settings)
    assert json.loads(json.dumps(settings)) == settings
    assert settings["start"] == "2026-12-07"
    assert settings["days"] == 2
    assert settings["closed_dates"] == ["2026-12-08"]
    assert set(settings["weights"]) == {  # type: ignore[arg-type]
        "continuity",
        "preferred_therapist",
        "preferred_time",
        "stability",
    }
