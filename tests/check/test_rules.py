"""The checker's entry point runs every hard rule of the contract, 1 to 12, once each and in
order, and reports breaches in rule order."""

from __future__ import annotations

import re
from datetime import date

from planner.check import check_sessions
from planner.check.rules import HARD_RULES
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder

MONDAY = date(2026, 12, 7)


def test_every_hard_rule_is_checked_exactly_once_in_the_contracts_order():
    numbers = [int(re.match(r"rule_(\d+)_", rule.__name__).group(1)) for rule in HARD_RULES]  # type: ignore[union-attr]

    assert numbers == list(range(1, 13))
    assert len(set(HARD_RULES)) == 12


def test_breaches_come_in_rule_order_and_a_valid_plan_has_none():
    b = ScenarioBuilder("order", start=MONDAY, days=1)
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MONDAY, "09:00", "17:00")])
    b.add_room("r1", equipment=["table"])
    b.add_treatment("relax", specialty="relaxing", duration=60, equipment=["table"])
    for n in (1, 2):
        b.add_client(f"c{n}")
        b.add_course(f"co{n}", f"c{n}", "relax", 1, needs_assessment=False)
    scenario = b.build()

    def at(course: str, start: int, minutes: int = 60) -> PlannedSession:
        return PlannedSession(
            course, 1, "c" + course[-1], "relax", "t1", "r1", start, start + minutes
        )

    assert check_sessions(scenario, [at("co1", 540), at("co2", 615)]) == []
    # co2 listed first, 45 minutes long (rule 2) and overlapping co1 (rule 6).
    rules = [v.rule for v in check_sessions(scenario, [at("co2", 570, 45), at("co1", 540)])]
    assert rules == sorted(rules)
    assert set(rules) == {2, 6}
