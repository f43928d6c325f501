"""Part-by-part CP-SAT search for scenarios too large for one model: re-plan a small part exactly,
everything around it held fixed.

Each step frees the sessions of a few therapists on a day or two (and the next unbooked session
of courses that could go there), holds every other session that shares a therapist, room,
client, course or week with them fixed, and lets CP-SAT re-plan that part with the same model
builder as the whole-scenario solve. Fixed sessions take part in every rule, so a part's plan is
exact across the cut. A step is kept only if the whole plan's score did not get worse.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace

from ortools.sat.python import cp_model

from planner.model.cpsat.build import build_model
from planner.model.cpsat.hint import add_plan_hint, extract_plan, to_sessions
from planner.model.cpsat.objective import value_less_moves
from planner.model.cpsat.run import run_cpsat
from planner.model.prune.competition import Competition
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import SessionKey, SessionSpec, TherapistDay
from planner.model.search.budget import Budget
from planner.model.search.search_score import search_score
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Pin, Scenario

# Sessions freed per step: large enough to trade sessions between therapists, small enough that
# CP-SAT proves or nearly proves each part within a fraction of a second on one worker.
TARGET_FREE = 120
# Competing courses a course part draws its companions from.
COURSE_POOL = 40
STEP_SECONDS = 1.0
# Building a part's model costs time no deterministic clock sees: this much per session in it.
BUILD_SECONDS_PER_SESSION = 0.0004


def held_spec(spec: SessionSpec, session: PlannedSession) -> SessionSpec:
    """``spec`` held exactly where ``session`` is (modelled like a pin)."""
    pin = Pin(spec.course.id, spec.session, session.therapist_id, session.room_id, session.start)
    return replace(
        spec,
        candidates={(session.therapist_id, day_index(session.start)): (session.start,)},
        rooms={session.room_id: frozenset()},
        pin=pin,
    )


def narrowed_spec(spec: SessionSpec, days: set[int], group: set[str]) -> SessionSpec:
    """``spec`` with only the choices of ``group``'s therapists on ``days``."""
    candidates = {k: v for k, v in spec.candidates.items() if k[1] in days and k[0] in group}
    return replace(spec, candidates=candidates)


class PartSearch:
    """Chooses parts of a plan and re-plans them with CP-SAT."""

    def __init__(
        self,
        scenario: Scenario,
        specs: dict[str, list[SessionSpec]],
        work: dict[TherapistDay, Windows],
        reference: Sequence[PlannedSession] | None,
        seed: int,
        move_cap: int | None = None,
        competition: Competition | None = None,
    ) -> None:
        self.scenario = scenario
        self.specs = specs
        self.work = work
        self.reference = list(reference or ())
        self.move_cap = move_cap
        self.spec_of = {spec.key: spec for course in specs.values() for spec in course}
        self.rng = random.Random(seed)
        self.steps = 0
        self.course_ids = [c.id for c in scenario.courses if specs[c.id]]
        self.priority = {c.id: c.priority for c in scenario.courses}
        self.competition = competition or Competition(specs, self.course_ids)

    def _next_unbooked(self, plan: dict[SessionKey, PlannedSession]) -> list[SessionSpec]:
        """For every course, its first session not booked (if it could be booked at all)."""
        out = []
        for specs in self.specs.values():
            for spec in specs:
                if spec.key not in plan:
                    if spec.candidates and spec.pin is None:
                        out.append(spec)
                    break
        return out

    def _random_part(self, plan: dict[SessionKey, PlannedSession]) -> tuple[set[int], set[str]]:
        """A window of one or two days and a group of therapists with shared skills."""
        settings = self.scenario.settings
        days = {self.rng.randrange(settings.days)}
        if self.rng.random() < 0.5 and settings.days > 1:
            days.add(min(settings.days - 1, min(days) + 1))
        therapists = list(self.scenario.therapists)
        seed = self.rng.choice(therapists)
        related = [t for t in therapists if t.specialties & seed.specialties and t.id != seed.id]
        self.rng.shuffle(related)
        on_days = sum(1 for s in plan.values() if day_index(s.start) in days)
        per_therapist = max(1, on_days // max(1, len(therapists)))
        size = max(2, TARGET_FREE // (per_therapist * 2))
        return days, {seed.id, *(t.id for t in related[: size - 1])}

    def _targeted_part(
        self, plan: dict[SessionKey, PlannedSession]
    ) -> tuple[set[int], set[str]] | None:
        """A part around one unbooked session: a day it could take, the therapists who could
        give it then, and the day and therapist of its course's previous session (whose
        recovery gap often is what keeps it out)."""
        waiting = self._next_unbooked(plan)
        if not waiting:
            return None
        target = self.rng.choices(waiting, weights=[spec.priority for spec in waiting])[0]
        day = self.rng.choice(sorted({d for _, d in target.candidates}))
        able = sorted({t for t, d in target.candidates if d == day})
        self.rng.shuffle(able)
        days, group = {day}, set(able[:6])
        previous = plan.get((target.course.id, target.session - 1))
        if (
            previous is not None
            and self.spec_of[(previous.course_id, previous.session)].pin is None
        ):
            days.add(day_index(previous.start))
            group.add(previous.therapist_id)
        return days, group

    def _window_free(
        self, plan: dict[SessionKey, PlannedSession], days: set[int], group: set[str]
    ) -> dict[SessionKey, SessionSpec]:
        """The sessions a window part frees: ``group``'s on ``days``, and the next unbooked
        session of every course that could go there."""
        free: dict[SessionKey, SessionSpec] = {}
        for key, session in plan.items():
            spec = self.spec_of[key]
            if (
                spec.pin is None
                and day_index(session.start) in days
                and (session.therapist_id in group)
            ):
                free[key] = narrowed_spec(spec, days, group)
        for spec in self._next_unbooked(plan):
            part = narrowed_spec(spec, days, group)
            if part.candidates:
                free[spec.key] = part
        return free

    def _course_free(self, plan: dict[SessionKey, PlannedSession]) -> dict[SessionKey, SessionSpec]:
        """The sessions a course part frees: every session of a course not wholly booked and of
        the booked courses that compete with it for the same therapist-days."""
        waiting = [c for c in self.course_ids if self._open(c, plan)]
        if not waiting:
            return {}
        seed = self.rng.choices(waiting, weights=[self.priority[c] for c in waiting])[0]
        ranked = [seed, *self.competition.ranked(seed, COURSE_POOL - 1)[0]]
        self.rng.shuffle(ranked)
        chosen, size = [seed], len(self.specs[seed])
        for course_id in ranked:
            if size >= TARGET_FREE // 2:
                break
            if course_id != seed:
                chosen.append(course_id)
                size += len(self.specs[course_id])
        return {s.key: s for c in chosen for s in self.specs[c] if s.pin is None and s.candidates}

    def _open(self, course_id: str, plan: dict[SessionKey, PlannedSession]) -> bool:
        return any(s.key not in plan and s.candidates for s in self.specs[course_id])

    def _part_specs(
        self, plan: dict[SessionKey, PlannedSession], free: dict[SessionKey, SessionSpec]
    ) -> tuple[list[SessionSpec], set[SessionKey], list[PlannedSession]]:
        """Specs of the part (``free`` and the booked sessions it must respect, held where
        they are), the keys that must stay booked, the hint."""
        courses = {key[0] for key in free}
        clients = {self.spec_of[key].client_id for key in free}
        settings = self.scenario.settings
        days = {d for spec in free.values() for _, d in spec.candidates}
        therapists = {t for spec in free.values() for t, _ in spec.candidates}
        rooms = {r for spec in free.values() for r in spec.rooms}
        weeks = {settings.week_of(d) for d in days}
        near = {d + delta for d in days for delta in (-1, 0, 1)}
        included: dict[SessionKey, SessionSpec] = dict(free)
        for key, session in plan.items():
            if key in included:
                continue
            day = day_index(session.start)
            if (
                key[0] in courses
                or session.client_id in clients
                or (
                    day in near and (session.therapist_id in therapists or session.room_id in rooms)
                )
                or (session.therapist_id in therapists and settings.week_of(day) in weeks)
            ):
                included[key] = held_spec(self.spec_of[key], session)
        # A freed session whose course's next session stays booked outside the part must stay.
        keep_booked = {
            key
            for key in free
            if key in plan and (key[0], key[1] + 1) in plan and (key[0], key[1] + 1) not in free
        }
        specs = sorted(included.values(), key=lambda s: (s.course.id, s.session))
        hint = [plan[k] for k in included if k in plan]
        return specs, keep_booked, hint

    def step(
        self, plan: dict[SessionKey, PlannedSession], budget: Budget, kind: str
    ) -> dict[SessionKey, PlannedSession] | None:
        """Re-plan one part of ``plan`` (``kind``: ``window``, ``targeted`` or ``courses``); the
        new plan if it is not worse, else None."""
        self.steps += 1
        if kind == "courses":
            free = self._course_free(plan)
        else:
            chosen = self._targeted_part(plan) if kind == "targeted" else None
            days, group = chosen if chosen is not None else self._random_part(plan)
            free = self._window_free(plan, days, group)
        if not free:
            return None
        specs, keep_booked, hint = self._part_specs(plan, free)
        if not any(s.pin is None for s in specs):
            return None
        stage = budget.stage(STEP_SECONDS)
        stage.charge(BUILD_SECONDS_PER_SESSION * len(specs))
        keys = {s.key for s in specs}
        reference = [r for r in self.reference if (r.course_id, r.session) in keys]
        built = build_model(self.scenario, specs, self.work, reference or None)
        for key in sorted(keep_booked):
            built.model.add(built.vars.sessions[key].present == 1)
        objective = built.objective
        big = 1 + len(specs) * (sum(objective.weights.values()) + 1)
        built.model.maximize(
            cp_model.LinearExpr.weighted_sum(
                [value_less_moves(objective, self.scenario), objective.penalty()], [big, -1]
            )
        )
        add_plan_hint(built, hint)
        run = run_cpsat(built.model, stage, workers=1, seed=self.rng.randrange(1 << 30))
        if not run.found:
            return None
        new = to_sessions(self.scenario, extract_plan(built, run.solver))
        before = {(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in hint}
        after = {(s.course_id, s.session, s.therapist_id, s.room_id, s.start) for s in new}
        if before == after:
            return None
        candidate = {k: s for k, s in plan.items() if k not in keys}
        candidate.update({(s.course_id, s.session): s for s in new})
        reference_all = self.reference or None
        after_score = search_score(self.scenario, list(candidate.values()), reference_all,
                                   self.move_cap)  # fmt: skip
        if after_score < search_score(self.scenario, list(plan.values()), reference_all):
            return None
        return candidate
