"""Decomposition for scenarios too large for one model: improve a complete plan part by part.

Each step frees the sessions of a few therapists on a day or two (and the courses' next sessions
not yet booked that could go there), holds every other session that shares a therapist, room,
client, course or week with them fixed, and lets CP-SAT re-plan that part with the same model
builder as the whole-scenario solve. Fixed sessions take part in every rule, so a part's plan is
exact across the cut: the whole plan stays valid after every step. A step is kept when its
(scheduled value, -penalty) is at least as good as before.
"""

from __future__ import annotations

import random
from dataclasses import replace

from ortools.sat.python import cp_model

from planner.model.build import build_model
from planner.model.candidates import SessionKey, SessionSpec
from planner.model.hint import add_plan_hint, extract_plan
from planner.model.objective import plan_penalty_counts
from planner.model.result import Result, Status
from planner.model.solve import Context, _result, run_solver, to_sessions
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Pin

# Sessions freed per step: large enough to trade sessions between therapists, small enough that
# CP-SAT proves or nearly proves each part within a couple of seconds on two cores.
TARGET_FREE = 120
STEP_DET_TIME = 0.4


def _fixed_spec(spec: SessionSpec, session: PlannedSession) -> SessionSpec:
    """The session held exactly where it is (modelled like a pin)."""
    pin = Pin(spec.course.id, spec.session, session.therapist_id, session.room_id, session.start)
    return replace(
        spec,
        options={(session.therapist_id, day_index(session.start)): (session.start,)},
        rooms={session.room_id: frozenset()},
        pin=pin,
    )


def _free_spec(spec: SessionSpec, days: set[int], group: set[str]) -> SessionSpec:
    options = {k: v for k, v in spec.options.items() if k[1] in days and k[0] in group}
    return replace(spec, options=options)


class PartSolver:
    """State of the decomposition: the incumbent plan and the choice of parts."""

    def __init__(self, ctx: Context, plan: list[PlannedSession]) -> None:
        self.ctx = ctx
        self.scenario = ctx.scenario
        self.plan = {(s.course_id, s.session): s for s in plan}
        self.spec_of: dict[SessionKey, SessionSpec] = {
            spec.key: spec for course in ctx.specs.values() for spec in course
        }
        self.rng = random.Random(ctx.options.seed)
        self.reference = list(ctx.options.reference.sessions) if ctx.options.reference else []

    def _week(self, day: int) -> int:
        return (self.scenario.settings.start.weekday() + day) // 7

    def _next_unbooked(self) -> list[SessionSpec]:
        """For every course, its first session not booked (if it could be booked at all)."""
        out = []
        for specs in self.ctx.specs.values():
            for spec in specs:
                if spec.key not in self.plan:
                    if spec.options and spec.pin is None:
                        out.append(spec)
                    break
        return out

    def choose_part(self) -> tuple[set[int], set[str]]:
        """A window of one or two days and a group of therapists with shared skills."""
        settings = self.scenario.settings
        days = {self.rng.randrange(settings.days)}
        if self.rng.random() < 0.5 and settings.days > 1:
            days.add(min(settings.days - 1, min(days) + 1))
        therapists = list(self.scenario.therapists)
        seed = self.rng.choice(therapists)
        # Therapists sharing a specialty with the seed can swap sessions with each other.
        related = [t for t in therapists if t.specialties & seed.specialties and t.id != seed.id]
        self.rng.shuffle(related)
        per_therapist = max(1, sum(1 for s in self.plan.values() if day_index(s.start) in days))
        per_therapist = max(1, per_therapist // max(1, len(therapists)))
        size = max(2, TARGET_FREE // (per_therapist * 2))
        group = {seed.id, *(t.id for t in related[: size - 1])}
        return days, group

    def choose_targeted_part(self) -> tuple[set[int], set[str]] | None:
        """A part around one session not yet booked: a day it could take, the therapists who
        could give it then, and the day and therapist of the course's previous session (whose
        recovery gap often is what keeps it out)."""
        waiting = self._next_unbooked()
        if not waiting:
            return None
        weights = [spec.priority for spec in waiting]
        target = self.rng.choices(waiting, weights=weights)[0]
        option_days = sorted({day for _, day in target.options})
        day = self.rng.choice(option_days)
        able = sorted({t for t, d in target.options if d == day})
        self.rng.shuffle(able)
        days, group = {day}, set(able[:6])
        previous = self.plan.get((target.course.id, target.session - 1))
        if (
            previous is not None
            and self.spec_of[(previous.course_id, previous.session)].pin is None
        ):
            days.add(day_index(previous.start))
            group.add(previous.therapist_id)
        return days, group

    def build_part(
        self, days: set[int], group: set[str]
    ) -> tuple[list[SessionSpec], set[SessionKey], list[PlannedSession]]:
        """Specs of the part (free and fixed), the keys that must stay booked, the hint."""
        free: dict[SessionKey, SessionSpec] = {}
        for key, session in self.plan.items():
            spec = self.spec_of[key]
            if (
                spec.pin is None
                and day_index(session.start) in days
                and session.therapist_id in group
            ):
                free[key] = _free_spec(spec, days, group)
        for spec in self._next_unbooked():
            part = _free_spec(spec, days, group)
            if part.options:
                free[spec.key] = part
        courses = {key[0] for key in free}
        clients = {self.spec_of[key].client_id for key in free}
        weeks = {self._week(d) for d in days}
        near = {d + delta for d in days for delta in (-1, 0, 1)}
        included: dict[SessionKey, SessionSpec] = dict(free)
        for key, session in self.plan.items():
            if key in included:
                continue
            day = day_index(session.start)
            if (
                key[0] in courses
                or session.client_id in clients
                or day in near
                or (session.therapist_id in group and self._week(day) in weeks)
            ):
                included[key] = _fixed_spec(self.spec_of[key], session)
        keep_booked = {
            key
            for key in free
            if key in self.plan
            and (key[0], key[1] + 1) in self.plan
            and (key[0], key[1] + 1) not in free
        }
        specs = sorted(included.values(), key=lambda s: (s.course.id, s.session))
        hint = [self.plan[k] for k in included if k in self.plan]
        return specs, keep_booked, hint

    def step(self, det_time: float, targeted: bool = False) -> bool:
        """Re-plan one part; True if the incumbent changed."""
        chosen = self.choose_targeted_part() if targeted else None
        days, group = chosen if chosen is not None else self.choose_part()
        specs, keep_booked, hint = self.build_part(days, group)
        if not any(s.pin is None for s in specs):
            return False
        keys = {s.key for s in specs}
        reference = [r for r in self.reference if (r.course_id, r.session) in keys]
        built = build_model(self.scenario, specs, self.ctx.builder.work, reference or None)
        for key in sorted(keep_booked):
            built.model.add(built.vars.sessions[key].present == 1)
        weights = built.objective.weights
        big = 1 + len(specs) * sum(weights.values())
        built.model.maximize(
            cp_model.LinearExpr.weighted_sum(
                [built.objective.value, built.objective.penalty()], [big, -1]
            )
        )
        add_plan_hint(built, hint)
        solver, status = run_solver(self.ctx, built.model, det_time, "parts")
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return False
        new_rows = extract_plan(built, solver)
        new = to_sessions(self.scenario, new_rows)
        before = {(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in hint}
        after = {(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in new}
        if before == after:
            return False
        for key in keys:
            self.plan.pop(key, None)
        for session in new:
            self.plan[(session.course_id, session.session)] = session
        return True


def _value(ctx: Context, sessions: list[PlannedSession]) -> int:
    return sum(ctx.scenario.course_by_id[s.course_id].priority for s in sessions)


def solve_by_parts(ctx: Context, plan: list[PlannedSession], bound: int | None = None) -> Result:
    """Improve the complete ``plan`` part by part until the time limit (or a stop request).

    ``bound`` is a proven upper bound on the scheduled value, where one is known; without it
    the sum of the priorities of every bookable session is reported.
    """
    parts = PartSolver(ctx, plan)
    steps = improved = 0
    while not ctx.out_of_time():
        steps += 1
        # Building a part costs time no deterministic clock sees: charge a little per step so
        # the number of steps, and so the plan, does not depend on the machine's speed.
        ctx.det_used += 0.02
        if parts.step(min(STEP_DET_TIME, ctx.det_remaining()), targeted=steps % 2 == 0):
            improved += 1
        if ctx.options.progress is not None:
            from planner.model.result import Progress

            sessions = list(parts.plan.values())
            ctx.options.progress(
                Progress(
                    elapsed=ctx.time_limit - ctx.remaining(),
                    time_limit=ctx.time_limit,
                    phase="value",
                    scheduled_value=sum(
                        ctx.scenario.course_by_id[s.course_id].priority for s in sessions
                    ),
                    penalty=None,
                    bound=None,
                )
            )
    if ctx.det_remaining() > 0 and ctx.remaining() <= 0:
        ctx.clock_ended = True
    sessions = list(parts.plan.values())
    if bound is None:
        bound = sum(spec.priority for spec in ctx.model_specs)
    # A plan booking everything bookable with no penalty at all is proven best.
    value = _value(ctx, sessions)
    counts = plan_penalty_counts(ctx.scenario, sessions, parts.reference or None)
    status = Status.OPTIMAL if value == bound and not any(counts.values()) else Status.FEASIBLE
    return _result(ctx, status, sessions, bound)
