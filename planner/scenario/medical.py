"""Which treatments a client's conditions forbid, and on which days (hard rule 9).

Shared by the model (to prune), the checker (to check) and the explanations, so that all three
read the contraindication rules the same way. Nothing here ever leaves the manager's outputs:
condition names are health data.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.scenario.types import Condition, Contraindication, Course, Scenario, Strictness


@dataclass(frozen=True)
class Restriction:
    """The strictest rule that applies to one course on one day.

    ``blocks`` is True when the session may not take place (absolute, or relative without a
    physician's clearance); otherwise the session is allowed with a caution for the therapist.
    """

    condition: str
    rule: Strictness
    cleared: bool

    @property
    def blocks(self) -> bool:
        return self.rule is Strictness.ABSOLUTE or (
            self.rule is Strictness.RELATIVE and not self.cleared
        )


def rule_for(
    rules: tuple[Contraindication, ...], condition: str, treatment_id: str
) -> Strictness | None:
    """Strictest rule among ``rules`` for this condition and treatment (``*`` matches all)."""
    found: Strictness | None = None
    for row in rules:
        if row.condition != condition or row.treatment_id not in ("*", treatment_id):
            continue
        if found is None or row.rule.rank > found.rank:
            found = row.rule
    return found


def _restriction(scenario: Scenario, condition: Condition, treatment_id: str) -> Restriction | None:
    rule = rule_for(scenario.contraindications, condition.condition, treatment_id)
    if rule is None:
        return None
    return Restriction(condition.condition, rule, condition.cleared)


def restriction_on(scenario: Scenario, course: Course, day: int) -> Restriction | None:
    """The strictest restriction on ``course`` on horizon day ``day``, or None.

    A blocking restriction wins over a caution; among equals the first condition row wins, so the
    answer is deterministic.
    """
    best: Restriction | None = None
    for condition in scenario.conditions_by_client.get(course.client_id, ()):
        if not condition.active_on(day):
            continue
        found = _restriction(scenario, condition, course.treatment_id)
        if found is None:
            continue
        if best is None or (found.blocks, found.rule.rank) > (
            best.blocks,
            best.rule.rank,
        ):
            best = found
    return best


def blocked_days(scenario: Scenario, course: Course) -> dict[int, Restriction]:
    """Horizon days on which ``course`` may not have a session, with the reason."""
    out: dict[int, Restriction] = {}
    for day in range(scenario.settings.days):
        found = restriction_on(scenario, course, day)
        if found is not None and found.blocks:
            out[day] = found
    return out


def caution_on(scenario: Scenario, course: Course, day: int) -> bool:
    """True if a session of ``course`` on ``day`` is allowed but needs care (a local rule)."""
    found = restriction_on(scenario, course, day)
    return found is not None and not found.blocks


def offered_rules(scenario: Scenario) -> tuple[Contraindication, ...]:
    """The effective rules that can apply in ``scenario``: those for every treatment (``*``)
    and those for a treatment it offers. Written into a derived scenario folder, the others
    would only make it warn (the contract warns about rules for treatments not offered)."""
    return tuple(
        c
        for c in scenario.contraindications
        if c.treatment_id == "*" or c.treatment_id in scenario.treatment_by_id
    )
