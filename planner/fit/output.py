"""The plan with a fitted course booked, as a solve's output folder with its scenario beside it.

``OUT/plan.csv``, ``OUT/unscheduled.csv`` and ``OUT/summary.json`` as a solve writes them, and
``OUT/scenario/`` (the scenario with the new course added), so that ``planner check
OUT/scenario OUT/plan.csv`` checks exactly what the front desk booked. The plan is checked
before anything is written, and the folder appears all at once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planner.fit import FitResult, plan_with
from planner.plan.folder import PlanBundle, write_plan_folder
from planner.plan.publish import publish_folder
from planner.plan.result import given_summary
from planner.scenario.medical import offered_rules
from planner.scenario.write import write_scenario_folder

SCENARIO_FOLDER = "scenario"


def write_fit_folder(out: Path | str, result: FitResult, published: PlanBundle, rank: int) -> Path:
    """Publish the plan with option ``rank`` of ``result`` booked into ``out``.

    Parameters
    ----------
    out
        The output folder (replaced as a whole).
    result
        What :func:`planner.fit.fit_course` found.
    published
        The published plan the course was fitted into (its unscheduled sessions are kept).
    rank
        The option to book (1 = best).

    Returns
    -------
    Path
        The published folder.

    Raises
    ------
    IndexError
        If there is no option ``rank``.
    RuntimeError
        If the plan would break a hard rule (a defect); nothing is written then.
    """
    scenario = result.scenario
    sessions, unscheduled, delta = plan_with(result, published.sessions, rank)
    summary = {
        "scenario": scenario.settings.name,
        **given_summary(scenario, sessions),
        "fit": {
            "course_id": result.course.id,
            "option": rank,
            "penalty_delta": delta,
            "moved": len(result.moves.get(rank, ())),
        },
    }
    bundle = PlanBundle(tuple(sessions), (*published.unscheduled, *unscheduled), summary)

    def write(folder: Path) -> None:
        write_plan_folder(folder, scenario, bundle)
        rules = offered_rules(scenario)
        write_scenario_folder(replace(scenario, contraindications=rules), folder / SCENARIO_FOLDER)

    return publish_folder(out, write)


__all__ = ["SCENARIO_FOLDER", "write_fit_folder"]
