"""The checker's entry point: every hard rule of the contract, in the contract's order."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from planner.check.rules_course import (
    rule_8_numbering_and_gaps,
    rule_11_course_window,
    rule_12_pins,
)
from planner.check.rules_limits import rule_9_contraindications, rule_10_therapist_limits
from planner.check.rules_overlap import (
    rule_6_therapist_room_overlap,
    rule_7_client_overlap_and_daily_limit,
)
from planner.check.rules_session import (
    rule_1_skills_and_equipment,
    rule_2_session_length,
    rule_3_shift_opening_closure,
    rule_4_client_availability,
    rule_5_slot_grid,
)
from planner.check.under_check import PlanUnderCheck
from planner.check.violation import Violation
from planner.plan.types import PlannedSession
from planner.scenario.types import Scenario

# A rule function: a plan under check in, every breach of that one hard rule out.
RuleCheck = Callable[[PlanUnderCheck], Iterator[Violation]]

# One function per hard rule, numbered as in the contract; the report keeps this order.
HARD_RULES: tuple[RuleCheck, ...] = (
    rule_1_skills_and_equipment,
    rule_2_session_length,
    rule_3_shift_opening_closure,
    rule_4_client_availability,
    rule_5_slot_grid,
    rule_6_therapist_room_overlap,
    rule_7_client_overlap_and_daily_limit,
    rule_8_numbering_and_gaps,
    rule_9_contraindications,
    rule_10_therapist_limits,
    rule_11_course_window,
    rule_12_pins,
)


def check_sessions(
    scenario: Scenario, sessions: Sequence[PlannedSession], partial: bool = False
) -> list[Violation]:
    """Every breach of the contract's hard rules by ``sessions``.

    Reads only the scenario, never the optimisation model, so it can check any plan.

    Parameters
    ----------
    scenario
        The scenario the plan is for.
    sessions
        The scheduled sessions, in any order.
    partial
        True when ``sessions`` is only part of a plan (e.g. the pinned sessions alone): the
        prefix rule of rule 8 and missing pins (rule 12) are then not reported, while time
        order and gaps between consecutive session numbers still are.

    Returns
    -------
    list[Violation]
        Ordered by rule number, then by plan order (start, therapist); empty for a valid plan.
    """
    plan = PlanUnderCheck.of(scenario, sessions, partial)
    return [violation for rule in HARD_RULES for violation in rule(plan)]
