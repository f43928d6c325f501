"""Hard rules about health and the therapists' personal limits (rules 9 and 10)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from planner.check.under_check import PlanUnderCheck, keys
from planner.check.violation import Violation
from planner.plan.types import PlannedSession
from planner.scenario.medical import restriction_on


def rule_9_contraindications(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 9: no session on a date when an active condition forbids its treatment.

    The message never names the condition: it is health data, and check reports are shared.
    """
    for s in plan.sessions:
        course = plan.course(s)
        if course is None:
            continue
        found = restriction_on(plan.scenario, course, plan.day(s))
        if found is not None and found.blocks:
            yield Violation(
                9,
                f"{plan.described(s)}: a contraindication of the client forbids "
                f"{course.treatment_id} on {plan.date(s)}.",
                keys([s]),
            )


def rule_10_therapist_limits(plan: PlanUnderCheck) -> Iterator[Violation]:
    """Rule 10: sessions per day, deep sessions per day, booked minutes per calendar week."""
    scenario = plan.scenario
    days = scenario.settings.days
    per_day: dict[tuple[str, int], list[PlannedSession]] = defaultdict(list)
    per_week: dict[tuple[str, int], list[PlannedSession]] = defaultdict(list)
    for s in plan.sessions:
        per_day[(s.therapist_id, plan.day(s))].append(s)
        # Weeks count the horizon's own days only; sessions outside it break rule 11 already.
        if 0 <= plan.day(s) < days:
            per_week[(s.therapist_id, scenario.settings.week_of(plan.day(s)))].append(s)
    for (therapist_id, _day), booked in per_day.items():
        therapist = scenario.therapist_by_id.get(therapist_id)
        if therapist is None:
            continue  # rule 1 reports unknown therapists
        on = plan.date(booked[0])
        if len(booked) > therapist.max_sessions_per_day:
            yield Violation(
                10,
                f"Therapist {therapist_id} has {len(booked)} sessions on {on}, more than "
                f"their limit of {therapist.max_sessions_per_day} per day.",
                keys(booked),
            )
        deep = [s for s in booked if (t := plan.treatment(s)) is not None and t.deep]
        if therapist.max_deep_per_day is not None and len(deep) > therapist.max_deep_per_day:
            yield Violation(
                10,
                f"Therapist {therapist_id} has {len(deep)} deep sessions on {on}, more than "
                f"their limit of {therapist.max_deep_per_day} per day.",
                keys(deep),
            )
    for (therapist_id, week), booked in per_week.items():
        therapist = scenario.therapist_by_id.get(therapist_id)
        if therapist is None or therapist.max_minutes_per_week is None:
            continue
        minutes = sum(s.end - s.start for s in booked)
        if minutes > therapist.max_minutes_per_week:
            yield Violation(
                10,
                f"Therapist {therapist_id} is booked for {minutes} minutes in the week "
                f"starting Monday {scenario.settings.week_monday(week)}, more than their limit of "
                f"{therapist.max_minutes_per_week} minutes per week.",
                keys(booked),
            )
