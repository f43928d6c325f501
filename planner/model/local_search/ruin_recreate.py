"""Ruin and recreate over whole courses: take a few courses out, book them and the courses left
out again in another order, keep the result if the score did not get worse.

Every move goes through the same
:class:`~planner.model.first_plan.booking_state.BookingState` as the construction, so every plan
it keeps is valid. It is fast (thousands of moves a minute on a resort-sized spa) and needs no
solver, which makes it the work horse where one CP-SAT model is
too large, and a quick polish before CP-SAT where it is not.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from planner.model.first_plan.booking_state import Booking, BookingState
from planner.model.first_plan.construct import CourseBooker
from planner.model.prune.competition import Competition
from planner.model.prune.session_specs import SessionSpec
from planner.model.search.budget import Stage
from planner.model.search.search_score import OVER_CAP, VALUE_SCALE, SearchScore, move_cost
from planner.plan import PlannedSession
from planner.scenario.timeaxis import day_index
from planner.scenario.types import Scenario

# Competing courses kept per course (those sharing the most therapist-days).
COMPETITORS = 60
# Pool updates of a competitors count that cost about one placement tried (fitted with
# ROOM_WORK of planner.model.first_plan.booking_state on one- and two-week spas, 2026-12-02).
COUNT_PER_WORK = 18
# Courses not wholly booked that a move tries to book again: competitors of the removed ones,
# and others at random.
WAITING_NEAR = 8
WAITING_OTHER = 2
# Share of the moves around a course not wholly booked that book it again first, before the
# competing courses taken out with it (the others book by priority): it then takes the room they
# leave, and they look for other room.
FIRST_SHARE = 0.5
# Moves in a row without a better plan after which the local search hands its time on.
STALL_STEPS = 300


@dataclass
class CoursePenalty:
    """The contract's penalty of one course's booked sessions (continuity, preferred
    therapist, preferred time), as the search counts it."""

    scenario: Scenario

    def of(self, state: BookingState, course_id: str, specs: list[SessionSpec]) -> int:
        weights = self.scenario.settings.weights
        course = self.scenario.course_by_id[course_id]
        booked = [state.booked[s.key] for s in specs if s.key in state.booked]
        if not booked:
            return 0
        therapists = {b.therapist_id for b in booked}
        total = weights.continuity * (len(therapists) - 1)
        preferred = course.preferred_therapist
        if preferred is not None and preferred in self.scenario.therapist_by_id:
            total += weights.preferred_therapist * sum(b.therapist_id != preferred for b in booked)
        for b in booked:
            inside = b.spec.preferred_starts
            if inside is not None and b.start not in inside:
                total += weights.preferred_time
        return total


class Improver:
    """Ruin-and-recreate search over the courses of a booked state."""

    def __init__(
        self,
        state: BookingState,
        specs: dict[str, list[SessionSpec]],
        seed: int,
        reference: Sequence[PlannedSession] | None = None,
        move_cap: int | None = None,
        competition: Competition | None = None,
    ) -> None:
        self.state = state
        self.scenario = state.scenario
        self.specs = specs
        self.rng = random.Random(seed)
        self.booker = CourseBooker(state)
        self.penalty_of = CoursePenalty(self.scenario)
        self.course_ids = [c.id for c in self.scenario.courses if specs[c.id]]
        self.penalty = {c: self.penalty_of.of(state, c, specs[c]) for c in self.course_ids}
        self.reference = {
            (r.course_id, r.session): (r.therapist_id, r.room_id, r.start) for r in reference or ()
        }
        self.cost = move_cost(self.scenario)
        self.move_cap = move_cap
        self.moves = {c: self._moves(c) for c in self.course_ids} if self.reference else {}
        self.pinned = {c for c in self.course_ids if any(s.pin for s in specs[c])}
        self.competition = competition or Competition(specs, self.course_ids)
        self.steps = 0
        self._competitors: dict[str, list[str]] = {}
        self.kept = 0
        self.first: str | None = None

    def _rescore(self, course_id: str) -> None:
        specs = self.specs[course_id]
        self.penalty[course_id] = self.penalty_of.of(self.state, course_id, specs)
        if self.reference:
            self.moves[course_id] = self._moves(course_id)

    def _moves(self, course_id: str) -> int:
        """Reference sessions of the course not kept exactly."""
        moved = 0
        for spec in self.specs[course_id]:
            was = self.reference.get(spec.key)
            if was is None:
                continue
            now = self.state.booked.get(spec.key)
            if now is None or (now.therapist_id, now.room_id, now.start) != was:
                moved += 1
        return moved

    def score(self) -> SearchScore:
        """The search's score of the state (see :mod:`planner.model.search.search_score`)."""
        moves = sum(self.moves.values())
        if self.move_cap is not None and moves > self.move_cap:
            return SearchScore(OVER_CAP, -(10**9))
        value_less_moves = VALUE_SCALE * self.state.value - self.cost * moves
        return SearchScore(value_less_moves, -sum(self.penalty.values()))

    def booked_count(self, course_id: str) -> int:
        return self.state.course_count.get(course_id, 0)

    def open_courses(self) -> list[str]:
        """Courses with a bookable session that is not booked."""
        return [c for c in self.course_ids if self._is_open(c)]

    # Ruin -------------------------------------------------------------------------------
    def competitors(self, course_id: str) -> list[str]:
        """Courses that could use the most of the same therapist-days, most first (cached)."""
        found = self._competitors.get(course_id)
        if found is None:
            found, counted = self.competition.ranked(course_id, COMPETITORS)
            # Counted as work, so that the deterministic budget sees what it costs.
            self.state.work += counted // COUNT_PER_WORK
            self._competitors[course_id] = found
        return found

    def _related(self, course_id: str, size: int) -> list[str]:
        """``course_id`` and a few booked courses that compete with it."""
        booked = [c for c in self.competitors(course_id) if self.booked_count(c)]
        head = booked[: size * 3]
        self.rng.shuffle(head)
        return [course_id, *head[:size]]

    def _day_block(self, size: int) -> list[str]:
        """Courses booked with a few related therapists on one day."""
        bookings = list(self.state.booked.values())
        seed = self.rng.choice(bookings)
        day = day_index(seed.start)
        skills = self.scenario.therapist_by_id[seed.therapist_id].specialties
        group = {t.id for t in self.scenario.therapists if t.specialties & skills}
        chosen = {
            b.spec.course.id
            for b in bookings
            if day_index(b.start) == day and b.therapist_id in group
        }
        ordered = sorted(chosen)
        self.rng.shuffle(ordered)
        return ordered[:size]

    def choose_ruin(self) -> list[str]:
        """Courses to take out; :attr:`first` is set to one to book again before the others
        (or None)."""
        size = self.rng.randint(2, 8)
        waiting = self.open_courses()
        roll = self.rng.random()
        self.first = None
        if waiting and roll < 0.5:
            seed = self.rng.choice(waiting)
            if self.rng.random() < FIRST_SHARE:
                self.first = seed
            return self._related(seed, size)
        if self.state.booked and roll < 0.8:
            return self._day_block(size)
        booked = [c for c in self.course_ids if self.booked_count(c)]
        return self.rng.sample(booked, min(size, len(booked))) if booked else []

    # Recreate ---------------------------------------------------------------------------
    def _release(self, course_id: str) -> list[Booking]:
        out = []
        for spec in self.specs[course_id]:
            if spec.key in self.state.booked and spec.pin is None:
                out.append(self.state.release(spec.key))
        return out

    def step(self) -> bool:
        """One ruin-and-recreate move; True if the state changed and was kept."""
        self.steps += 1
        removed = [c for c in self.choose_ruin() if c not in self.pinned]
        if not removed:
            return False
        before = self.score()
        saved = {c: self._release(c) for c in removed}
        touched = set(removed)
        candidates = removed + self._waiting_near(removed, touched)
        priority = self.scenario.course_by_id
        noise = {c: self.rng.random() for c in candidates}
        candidates.sort(key=lambda c: (c != self.first, -priority[c].priority - noise[c], c))
        for course_id in candidates:
            if course_id not in touched:
                saved[course_id] = self._release(course_id)
                touched.add(course_id)
            self.booker.book(self.specs[course_id])
        for course_id in touched:
            self._rescore(course_id)
        if self.score() >= before:
            self.kept += 1
            return self.score() > before
        self._restore(saved)
        return False

    def _waiting_near(self, removed: list[str], touched: set[str]) -> list[str]:
        """Courses not wholly booked that compete with the removed ones (they may fit in the
        room the removed ones made), and a couple of others."""
        near: list[str] = []
        seen = set(touched)
        for course_id in removed:
            for other in self.competitors(course_id):
                if other not in seen and self._is_open(other):
                    seen.add(other)
                    near.append(other)
        self.rng.shuffle(near)
        others = [c for c in self.open_courses() if c not in seen]
        return near[:WAITING_NEAR] + self.rng.sample(others, min(WAITING_OTHER, len(others)))

    def _is_open(self, course_id: str) -> bool:
        specs = self.specs[course_id]
        n = self.booked_count(course_id)
        return n < len(specs) and bool(specs[n].candidates)

    def _restore(self, saved: dict[str, list[Booking]]) -> None:
        for course_id in saved:
            self._release(course_id)
        for course_id, bookings in saved.items():
            for b in bookings:
                self.state.book(b.spec, b.therapist_id, b.room_id, b.start)
            self._rescore(course_id)

    def run(self, stage: Stage) -> None:
        """Moves until the phase ends (its work limit in deterministic mode, else its clock) or
        until many moves in a row found nothing better (the time goes to the next phase)."""
        state = self.state
        began = state.work
        limit = began + stage.work_limit() if stage.budget.deterministic else None
        patience = max(STALL_STEPS, 2 * len(self.course_ids))
        since = 0
        while not stage.wall_out() and (limit is None or state.work < limit):
            since = 0 if self.step() else since + 1
            if since >= patience:
                break
        stage.finish_work(state.work - began)
