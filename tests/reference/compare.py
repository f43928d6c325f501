"""Hold a solve against the independent checker and the exact reference; name every defect.

Only sound conclusions are drawn, whatever either side proved:

- the solver's plan must keep every hard rule and score what the solver says it scores;
- its value can't exceed the reference's proven bound, and its bound can't fall below a value
  the reference reached with a valid plan;
- where the solver says ``optimal``, its value must reach what the reference reached, and where
  both proved their optimum, value and penalty must be equal;
- the reference itself must give valid plans that score what it says (else it is the suspect).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.check import check_sessions, score
from planner.model import Result, Status
from planner.scenario.types import Scenario
from tests.reference.plain_model import PlainResult


@dataclass(frozen=True)
class Defect:
    """One disagreement: ``kind`` (a short tag), ``rule`` (1..12 where one is broken) and text."""

    kind: str
    message: str
    rule: int | None = None

    def __str__(self) -> str:
        rule = f" (rule {self.rule})" if self.rule is not None else ""
        return f"{self.kind}{rule}: {self.message}"


def plan_defects(scenario: Scenario, result: Result) -> list[Defect]:
    """What is wrong with the solver's plan on its own: broken rules, a score it misreports.

    Without any plan (``unknown``) only that is reported, not every pin it lacks: every fuzzed
    spa has a valid plan by construction (its pins are cut from one), so it is a defect there.
    """
    if result.status is Status.UNKNOWN and not result.plan.sessions:
        return [Defect("no plan", f"solve found no plan in {result.solve_seconds:.1f} s")]
    found = [
        Defect("invalid plan", v.message, v.rule)
        for v in check_sessions(scenario, result.plan.sessions)
    ]
    rated = score(scenario, result.plan.sessions)
    if (rated.scheduled_value, rated.penalty) != (result.scheduled_value, result.penalty):
        found.append(
            Defect(
                "misreported score",
                f"solve reports value {result.scheduled_value} / penalty {result.penalty}, the "
                f"checker scores {rated.scheduled_value} / {rated.penalty}",
            )
        )
    if result.bound is not None and result.bound < result.scheduled_value:
        found.append(
            Defect("bound below own value", f"bound {result.bound} < {result.scheduled_value}")
        )
    return found


def reference_defects(scenario: Scenario, ref: PlainResult) -> list[Defect]:
    """What is wrong with the reference's own answer (a defect of the harness or the checker)."""
    if ref.status in ("unknown", "infeasible"):
        return []  # no plan to check
    found = [
        Defect("reference invalid plan", v.message, v.rule)
        for v in check_sessions(scenario, ref.sessions)
    ]
    if ref.model_penalty is not None and ref.model_penalty != ref.penalty:
        found.append(
            Defect(
                "reference penalty",
                f"the reference counts penalty {ref.model_penalty}, the checker {ref.penalty}",
            )
        )
    return found


def _infeasibility(result: Result, ref: PlainResult) -> list[Defect]:
    solve_says = result.status is Status.INFEASIBLE
    ref_says = ref.status == "infeasible"
    if solve_says and ref.status in ("optimal", "feasible"):
        return [
            Defect(
                "false infeasible",
                f"solve says infeasible, the reference planned value {ref.scheduled_value}",
            )
        ]
    if ref_says and result.status in (Status.OPTIMAL, Status.FEASIBLE) and result.plan.sessions:
        return [
            Defect("reference infeasible", "the reference proved no plan exists, solve found one")
        ]
    return []


def optimum_defects(result: Result, ref: PlainResult) -> list[Defect]:
    """Disagreements between the solver's value, penalty and bound and the reference's."""
    if result.status is Status.INFEASIBLE or ref.status in ("infeasible", "unknown"):
        return _infeasibility(result, ref)
    found: list[Defect] = []
    if ref.value_proven and result.scheduled_value > ref.scheduled_value:
        found.append(
            Defect(
                "above reference optimum",
                f"solve value {result.scheduled_value} > proven {ref.scheduled_value}",
            )
        )
    if result.bound is not None and result.bound < ref.scheduled_value:
        found.append(
            Defect(
                "bound below a reachable value",
                f"solve bound {result.bound} < value {ref.scheduled_value} of a valid plan",
            )
        )
    if result.status is Status.OPTIMAL and result.scheduled_value < ref.scheduled_value:
        found.append(
            Defect(
                "false optimal (value)",
                f"solve says optimal at value {result.scheduled_value}, a valid plan reaches "
                f"{ref.scheduled_value}",
            )
        )
    same = result.scheduled_value == ref.scheduled_value
    if same and result.status is Status.OPTIMAL and result.penalty > ref.penalty:
        found.append(
            Defect(
                "false optimal (penalty)",
                f"at value {ref.scheduled_value} solve says penalty {result.penalty} is optimal, "
                f"a valid plan has {ref.penalty}",
            )
        )
    if same and ref.status == "optimal" and result.penalty < ref.penalty:
        found.append(
            Defect(
                "reference penalty",
                f"at value {ref.scheduled_value} the reference's proven penalty {ref.penalty} "
                f"is above solve's {result.penalty}",
            )
        )
    return found


def all_defects(scenario: Scenario, result: Result, ref: PlainResult | None) -> list[Defect]:
    """:func:`plan_defects`, and with a reference also its own and the optimum's defects."""
    found = plan_defects(scenario, result)
    if ref is not None:
        found += reference_defects(scenario, ref) + optimum_defects(result, ref)
    return found
