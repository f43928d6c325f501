"""Treatment courses of a generated spa, sized so that demand matches the asked tightness."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

from planner.generate.catalog import TreatmentSpec
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Course, Settings, Therapist

# Sessions booked per course: most courses are short, a few run to ten sessions.
_SESSION_WEIGHTS = (15, 12, 15, 14, 14, 12, 6, 5, 3, 4)
_PRIORITY_WEIGHTS = (30, 30, 20, 12, 8)
ASSESSMENT_SHARE = 0.7  # share of courses that start with an assessment


@dataclass
class CourseDraft:
    """A course before its client and details are settled."""

    treatment: TreatmentSpec
    sessions: int
    cap: int
    client: int = 0

    def minutes(self, assessment_minutes: int) -> int:
        """Treatment minutes this course asks for (with the expected assessment share)."""
        return self.sessions * self.treatment.duration + round(
            ASSESSMENT_SHARE * assessment_minutes
        )


def session_cap(treatment: TreatmentSpec, days: int) -> int:
    """Most sessions of ``treatment`` a course can hold in ``days`` (one a day, gaps kept)."""
    gap_days = max(1.0, treatment.min_gap_hours / 24)
    return max(1, min(10, days, 1 + math.floor((days - 1) / gap_days)))


def draft_courses(
    rng: random.Random,
    treatments: Sequence[TreatmentSpec],
    settings: Settings,
    target_minutes: int,
    count: int | None,
    holders: dict[str, int],
) -> list[CourseDraft]:
    """Courses whose demanded minutes come close to ``target_minutes``.

    With ``count`` given exactly that many courses are drafted and their session counts are
    stretched or shrunk towards the target; without it, courses are added until the target is
    reached. ``holders`` counts the therapists per specialty: clients book what the spa is
    known for, so demand follows the staff's skills.
    """
    weights = [t.popularity * holders.get(t.specialty, 0) for t in treatments]
    assessment = settings.assessment_minutes

    def draft() -> CourseDraft:
        treatment = rng.choices(treatments, weights=weights)[0]
        cap = session_cap(treatment, settings.days)
        wanted = rng.choices(range(1, 11), weights=_SESSION_WEIGHTS)[0]
        return CourseDraft(treatment, min(wanted, cap), cap)

    drafts: list[CourseDraft] = []
    if count is None:
        total = 0
        while not drafts or total < target_minutes:
            drafts.append(draft())
            total += drafts[-1].minutes(assessment)
        return drafts
    drafts = [draft() for _ in range(count)]
    _fit_to_target(rng, drafts, target_minutes, assessment)
    return drafts


def _fit_to_target(
    rng: random.Random, drafts: list[CourseDraft], target: int, assessment: int
) -> None:
    total = sum(d.minutes(assessment) for d in drafts)
    if total > 0:
        factor = target / total
        for d in drafts:
            d.sessions = max(1, min(d.cap, round(d.sessions * factor)))
    total = sum(d.minutes(assessment) for d in drafts)
    order = list(range(len(drafts)))
    rng.shuffle(order)
    # A few sweeps of single steps close the rounding gap without overshooting by much.
    for _ in range(10):
        moved = False
        for index in order:
            d = drafts[index]
            if total < target - d.treatment.duration // 2 and d.sessions < d.cap:
                d.sessions += 1
                total += d.treatment.duration
                moved = True
            elif total > target + d.treatment.duration // 2 and d.sessions > 1:
                d.sessions -= 1
                total -= d.treatment.duration
                moved = True
        if not moved:
            break


def assign_clients(rng: random.Random, drafts: list[CourseDraft]) -> int:
    """Give each course a client (some clients book two courses); returns the client count."""
    clients = max(1, round(len(drafts) / 1.15))
    order = list(range(len(drafts)))
    rng.shuffle(order)
    for position, index in enumerate(order):
        drafts[index].client = position if position < clients else rng.randrange(clients)
    return clients


def make_course(
    rng: random.Random,
    course_id: str,
    client_id: str,
    d: CourseDraft,
    settings: Settings,
    therapists: Sequence[Therapist],
) -> Course:
    """The course with realistic details: priority, window, gaps, preferences, history."""
    days = settings.days
    treatment = d.treatment
    min_gap = treatment.min_gap_hours
    max_gap = treatment.max_gap_hours
    override_min: float | None = None
    override_max: float | None = None
    roll = rng.random()
    if roll < 0.06:
        override_min = rng.choice((36.0, 48.0, 72.0))
        min_gap = override_min
        if max_gap is not None and max_gap < min_gap:
            override_max = max_gap = min_gap + 48
    elif roll < 0.12 and d.sessions > 1:
        override_max = max_gap = min_gap + rng.choice((48.0, 72.0, 96.0))
    cap = max(1, min(10, days, 1 + math.floor((days - 1) / max(1.0, min_gap / 24))))
    sessions = min(d.sessions, cap)

    earliest = latest = last_end = None
    span_days = math.ceil((sessions - 1) * min_gap / 24) + 1
    if days > span_days and rng.random() < 0.12:
        first = rng.randrange(1, days - span_days + 1)
        earliest = first * MINUTES_PER_DAY + rng.choice((0, 12 * 60))
    if rng.random() < 0.12:
        first_day = 0 if earliest is None else earliest // MINUTES_PER_DAY
        last_day = first_day + span_days - 1 + rng.randrange(0, 3)
        if last_day < days - 1:
            latest = last_day * MINUTES_PER_DAY + rng.choice((18 * 60, 21 * 60))
    needs_assessment = rng.random() < ASSESSMENT_SHARE
    if earliest is None and rng.random() < 0.15:
        last_end = _last_session_end(rng, max_gap)

    preferred = None
    able = [t.id for t in therapists if treatment.specialty in t.specialties]
    if able and rng.random() < 0.25:
        preferred = rng.choice(able)
    return Course(
        id=course_id,
        client_id=client_id,
        treatment_id=treatment.id,
        sessions=sessions,
        priority=rng.choices(range(1, 6), weights=_PRIORITY_WEIGHTS)[0],
        earliest=earliest,
        latest=latest,
        min_gap_hours=override_min,
        max_gap_hours=override_max,
        preferred_therapist=preferred,
        needs_assessment=needs_assessment,
        last_session_end=last_end,
    )


def _last_session_end(rng: random.Random, max_gap_hours: float | None) -> int:
    """End of the session before the horizon, on a spa day, within reach of the max gap."""
    for _ in range(10):
        days_back = rng.randint(1, 4)
        end = -days_back * MINUTES_PER_DAY + rng.randrange(10 * 4, 21 * 4 + 1) * 15
        # Leave at least half a day of the max gap for the first session of this horizon.
        if max_gap_hours is None or -end <= max_gap_hours * 60 - 12 * 60:
            return end
    return -MINUTES_PER_DAY + 20 * 60
