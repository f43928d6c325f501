"""The plan under check: its sessions in plan order, lookups that fall back on the plan's own
row when it names a course the scenario lacks, and the wording of messages."""

from __future__ import annotations

from datetime import date

from planner.check.under_check import PlanUnderCheck, duration_text, keys
from planner.plan import PlannedSession
from planner.scenario.builder import ScenarioBuilder
from planner.scenario.types import Scenario

MONDAY = date(2026, 12, 7)


def scenario() -> Scenario:
    b = ScenarioBuilder("lookups", start=MONDAY, days=2)
    b.add_therapist("t1", specialties=["relaxing"], shifts=[(MONDAY, "09:00", "17:00")])
    b.add_room("r1")
    b.add_treatment("relax", specialty="relaxing", duration=60)
    b.add_treatment("stone", specialty="relaxing", duration=90)
    b.add_client("c1")
    b.add_course("co1", "c1", "relax", 2)
    return b.build()


KNOWN = PlannedSession("co1", 2, "someone", "stone", "t1", "r1", 1440 + 600, 1440 + 660)
UNKNOWN = PlannedSession("zz9", 1, "c7", "stone", "t1", "r1", 540, 630)


def test_sessions_are_kept_in_plan_order():
    plan = PlanUnderCheck.of(scenario(), [KNOWN, UNKNOWN], partial=False)

    assert keys(plan.sessions) == (("zz9", 1), ("co1", 2))
    assert not plan.partial


def test_a_known_course_gives_its_own_client_and_treatment():
    plan = PlanUnderCheck.of(scenario(), [KNOWN], partial=True)

    course = plan.course(KNOWN)
    assert course is not None and course.id == "co1"
    assert plan.client_id(KNOWN) == "c1"  # not the row's "someone"
    treatment = plan.treatment(KNOWN)
    assert treatment is not None and treatment.id == "relax"  # not the row's "stone"


def test_an_unknown_course_falls_back_on_the_rows_client_and_treatment():
    plan = PlanUnderCheck.of(scenario(), [UNKNOWN], partial=False)

    assert plan.course(UNKNOWN) is None
    assert plan.client_id(UNKNOWN) == "c7"
    treatment = plan.treatment(UNKNOWN)
    assert treatment is not None and treatment.id == "stone"
    row = PlannedSession("zz9", 1, "c7", "nothing", "t1", "r1", 540, 630)
    assert plan.treatment(row) is None


def test_days_dates_and_wording():
    plan = PlanUnderCheck.of(scenario(), [KNOWN], partial=False)

    assert plan.day(KNOWN) == 1
    assert plan.date(KNOWN) == date(2026, 12, 8)
    assert plan.at(1440 + 600) == "2026-12-08T10:00"
    assert plan.described(KNOWN) == "co1 session 2 (2026-12-08T10:00 to 11:00)"
    # Across midnight the end shows its date too.
    assert plan.span(1380, 1500) == "2026-12-07T23:00 to 2026-12-08T01:00"
    # Ending at midnight exactly still reads as the same day's 24:00.
    assert plan.span(1380, 1440) == "2026-12-07T23:00 to 24:00"
    assert PlanUnderCheck.label(UNKNOWN) == "zz9 session 1"


def test_duration_text():
    assert duration_text(45) == "45 minutes"
    assert duration_text(120) == "120 minutes (2 h)"
    assert duration_text(1365) == "1365 minutes (22 h 45 min)"
    assert duration_text(-90) == "-90 minutes (-1 h 30 min)"
