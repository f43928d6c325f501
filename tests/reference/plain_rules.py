"""The hard rules of the contract as plain CP-SAT constraints, for the reference model.

Every function states one family of rules directly from the input contract; see
:mod:`tests.reference.plain_model` for the whole model and what makes it independent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction
from itertools import pairwise
from typing import NamedTuple

from ortools.sat.python import cp_model

from planner.scenario.types import Course, Scenario, Strictness

DAY = 1440
Lit = cp_model.IntVar


class Choice(NamedTuple):
    """One shift row a session may lie in: ``[lo, hi)`` is the row cut to the opening hours."""

    therapist_id: str
    day: int
    lit: Lit
    lo: int
    hi: int


@dataclass
class PlainSession:
    """The variables of one session; ``rows`` are its shift-row choices."""

    course: Course
    index: int
    length: int
    present: Lit
    start: Lit
    day: Lit
    slot: Lit  # start = 1440 * day + slot_minutes * slot
    rows: list[Choice] = field(default_factory=list)
    uses: dict[str, Lit] = field(default_factory=dict)  # therapist -> gives this session
    rooms: dict[str, Lit] = field(default_factory=dict)
    # (literal, period): "ends before this closure" for each closure of each room; "inside this
    # availability row" for each row of the client. Kept so a hint can set them too.
    before: list[tuple[Lit, int]] = field(default_factory=list)
    inside: list[tuple[Lit, int, int]] = field(default_factory=list)

    def on(self, therapist_id: str, day: int) -> list[Lit]:
        """Literals that put the session with ``therapist_id`` on ``day``."""
        return [c.lit for c in self.rows if c.therapist_id == therapist_id and c.day == day]


def gap_minutes(hours: float, *, upper: bool) -> int:
    """Hours as whole minutes, exactly from the number's decimal text (1.1 h = 66 min)."""
    minutes = Fraction(repr(float(hours))) * 60
    return math.floor(minutes) if upper else math.ceil(minutes)


def opening(scenario: Scenario, day: int) -> tuple[int, int] | None:
    """Opening hours of horizon day ``day`` on the time axis, None when the spa is closed."""
    settings = scenario.settings
    on = settings.start + timedelta(days=day)
    hours = settings.opening_hours[on.weekday()]
    if on in settings.closed_dates or hours is None:
        return None
    return day * DAY + hours[0], day * DAY + hours[1]


def blocked(scenario: Scenario, course: Course, day: int) -> bool:
    """Rule 9: an active condition whose strictest matching rule forbids the treatment."""
    strictness = {Strictness.LOCAL: 1, Strictness.RELATIVE: 2, Strictness.ABSOLUTE: 3}
    for condition in scenario.conditions:
        if condition.client_id != course.client_id:
            continue
        if not condition.first_day <= day <= condition.last_day:
            continue
        matching = [
            r.rule
            for r in scenario.contraindications
            if r.condition == condition.condition and r.treatment_id in ("*", course.treatment_id)
        ]
        if not matching:
            continue
        rule = max(matching, key=strictness.__getitem__)
        if rule is Strictness.ABSOLUTE or (rule is Strictness.RELATIVE and not condition.cleared):
            return True
    return False


def session_length(scenario: Scenario, course: Course, index: int) -> int:
    treatment = next(t for t in scenario.treatments if t.id == course.treatment_id)
    first_with_assessment = index == 1 and course.needs_assessment
    if first_with_assessment and course.last_session_end is None:
        return treatment.duration + scenario.settings.assessment_minutes
    return treatment.duration


def new_session(m: cp_model.CpModel, scenario: Scenario, course: Course, k: int) -> PlainSession:
    settings = scenario.settings
    length = session_length(scenario, course, k)
    name = f"{course.id}#{k}"
    present = m.new_bool_var(f"p[{name}]")
    horizon = settings.days * DAY
    start = m.new_int_var(0, max(0, horizon - length), f"s[{name}]")
    day = m.new_int_var(0, settings.days - 1, f"d[{name}]")
    slot = m.new_int_var(0, DAY // settings.slot_minutes, f"q[{name}]")
    m.add(start == DAY * day + settings.slot_minutes * slot)
    m.add(start + length <= DAY * day + DAY)
    return PlainSession(course, k, length, present, start, day, slot)


def shift_rows(m: cp_model.CpModel, scenario: Scenario, s: PlainSession) -> None:
    """Rules 1, 3 (shift row within opening hours) and 9: one shift row per present session."""
    treatment = next(t for t in scenario.treatments if t.id == s.course.treatment_id)
    end = s.start + s.length
    for therapist in scenario.therapists:
        if treatment.specialty not in therapist.specialties:
            continue
        mine: list[Lit] = []
        for row in (x for x in scenario.shifts if x.therapist_id == therapist.id):
            day = row.start // DAY
            lit = m.new_bool_var(f"x[{s.course.id}#{s.index},{therapist.id},{row.start}]")
            hours = opening(scenario, day)
            lo, hi = row.start, row.end
            if hours is None or blocked(scenario, s.course, day):
                m.add(lit == 0)
            else:
                lo, hi = max(lo, hours[0]), min(hi, hours[1])
                m.add(s.start >= lo).only_enforce_if(lit)
                m.add(end <= hi).only_enforce_if(lit)
                m.add(s.day == day).only_enforce_if(lit)
            s.rows.append(Choice(therapist.id, day, lit, lo, hi))
            mine.append(lit)
        uses = m.new_bool_var(f"u[{s.course.id}#{s.index},{therapist.id}]")
        m.add(cp_model.LinearExpr.sum(mine) == uses)
        s.uses[therapist.id] = uses
    m.add(cp_model.LinearExpr.sum([c.lit for c in s.rows]) == s.present)


def rooms_and_availability(m: cp_model.CpModel, scenario: Scenario, s: PlainSession) -> None:
    """Rules 1 and 3 (equipped room, outside its closures) and 4 (one availability row)."""
    treatment = next(t for t in scenario.treatments if t.id == s.course.treatment_id)
    end = s.start + s.length
    for room in scenario.rooms:
        if not treatment.equipment <= room.equipment:
            continue
        y = m.new_bool_var(f"y[{s.course.id}#{s.index},{room.id}]")
        s.rooms[room.id] = y
        for closure in (c for c in scenario.room_closures if c.room_id == room.id):
            before = m.new_bool_var("")
            m.add(end <= closure.start).only_enforce_if([y, before])
            m.add(s.start >= closure.end).only_enforce_if([y, before.Not()])
            s.before.append((before, closure.start))
    m.add(cp_model.LinearExpr.sum(list(s.rooms.values())) == s.present)
    rows = [a for a in scenario.availability if a.client_id == s.course.client_id]
    if rows:
        inside = [m.new_bool_var("") for _ in rows]
        for row, z in zip(rows, inside, strict=True):
            m.add(s.start >= row.start).only_enforce_if(z)
            m.add(end <= row.end).only_enforce_if(z)
            s.inside.append((z, row.start, row.end))
        m.add(cp_model.LinearExpr.sum(inside) == s.present)


def course_rules(m: cp_model.CpModel, scenario: Scenario, own: list[PlainSession]) -> None:
    """Rules 8 (prefix, order, gaps incl. ``last_session_end``) and 11 (window)."""
    course = own[0].course
    treatment = next(t for t in scenario.treatments if t.id == course.treatment_id)
    low_h = treatment.min_gap_hours if course.min_gap_hours is None else course.min_gap_hours
    high_h = treatment.max_gap_hours if course.max_gap_hours is None else course.max_gap_hours
    low = gap_minutes(low_h, upper=False)
    high = None if high_h is None else gap_minutes(high_h, upper=True)
    first = own[0]
    if course.last_session_end is not None:
        m.add(first.start >= course.last_session_end + low).only_enforce_if(first.present)
        if high is not None:
            m.add(first.start <= course.last_session_end + high).only_enforce_if(first.present)
    if course.earliest is not None:
        m.add(first.start >= course.earliest).only_enforce_if(first.present)
    for s in own:
        if course.latest is not None:
            m.add(s.start + s.length <= course.latest).only_enforce_if(s.present)
    for before, after in pairwise(own):
        m.add_implication(after.present, before.present)
        m.add(after.start > before.start).only_enforce_if(after.present)
        gap = after.start - (before.start + before.length)
        m.add(gap >= low).only_enforce_if(after.present)
        if high is not None:
            m.add(gap <= high).only_enforce_if(after.present)


def _monday(scenario: Scenario, day: int) -> date:
    on = scenario.settings.start + timedelta(days=day)
    return on - timedelta(days=on.weekday())


def shared_rules(m: cp_model.CpModel, scenario: Scenario, sessions: list[PlainSession]) -> None:
    """Rules 6, 7 and 10: overlaps with turnover, client days, therapist limits."""
    settings = scenario.settings
    turnover = settings.turnover_minutes
    for therapist in scenario.therapists:
        m.add_no_overlap(
            m.new_optional_fixed_size_interval_var(s.start, s.length + turnover, u, "")
            for s in sessions
            if (u := s.uses.get(therapist.id)) is not None
        )
        deep = {t.id for t in scenario.treatments if t.intensity.value == "deep"}
        weeks: dict[date, list[cp_model.LinearExprT]] = {}
        for day in range(settings.days):
            booked = [x for s in sessions for x in s.on(therapist.id, day)]
            m.add(cp_model.LinearExpr.sum(booked) <= therapist.max_sessions_per_day)
            if therapist.max_deep_per_day is not None:
                strained = [
                    x
                    for s in sessions
                    if s.course.treatment_id in deep
                    for x in s.on(therapist.id, day)
                ]
                m.add(cp_model.LinearExpr.sum(strained) <= therapist.max_deep_per_day)
            minutes = [s.length * x for s in sessions for x in s.on(therapist.id, day)]
            weeks.setdefault(_monday(scenario, day), []).extend(minutes)
        if therapist.max_minutes_per_week is not None:
            for week in weeks.values():
                m.add(cp_model.LinearExpr.sum(week) <= therapist.max_minutes_per_week)
    for room in scenario.rooms:
        m.add_no_overlap(
            m.new_optional_fixed_size_interval_var(s.start, s.length + turnover, y, "")
            for s in sessions
            if (y := s.rooms.get(room.id)) is not None
        )
    for client in scenario.clients:
        own = [s for s in sessions if s.course.client_id == client.id]
        m.add_no_overlap(
            m.new_optional_fixed_size_interval_var(s.start, s.length, s.present, "") for s in own
        )
        for day in range(settings.days):
            on_day = [c.lit for s in own for c in s.rows if c.day == day]
            m.add(cp_model.LinearExpr.sum(on_day) <= settings.client_max_sessions_per_day)


def pin_rules(
    m: cp_model.CpModel, scenario: Scenario, by_key: dict[tuple[str, int], PlainSession]
) -> None:
    """Rule 12: a pinned session is in the plan with its therapist, room and start."""
    for pin in scenario.pins:
        s = by_key[(pin.course_id, pin.session)]
        m.add(s.present == 1)
        m.add(s.start == pin.start)
        uses, room = s.uses.get(pin.therapist_id), s.rooms.get(pin.room_id)
        if uses is None or room is None:
            m.add_bool_or([])  # a therapist without the skill or a room without the equipment
            continue
        m.add(uses == 1)
        m.add(room == 1)
