"""One solve's search: the best plan so far, and the phases that improve it in turn.

Every phase starts from the best plan any phase has found and hands back a plan only if the
search's score (:mod:`planner.model.search.search_score`) did not get worse, so the plan can
only get better. The phases:

- **local**: ruin and recreate over whole courses
  (:mod:`planner.model.local_search.ruin_recreate`), fast and solver-free;
- **value** then **penalty**: the whole scenario as one CP-SAT model
  (:mod:`planner.model.cpsat.whole_model`), which also proves a bound and, given time,
  optimality;
- **parts**: CP-SAT on small parts with everything else fixed
  (:mod:`planner.model.cpsat.part_search`), where one model would be too large.

How the time is shared (:data:`WHOLE_PLAN`, :data:`PARTS_ROUND`) was measured on a range of
generated spas and a physiotherapy ward (BENCHMARKS.md).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from planner.model.cpsat.part_search import PartSearch
from planner.model.cpsat.run import value_progress
from planner.model.cpsat.whole_model import WholeModel
from planner.model.first_plan.booking_state import BookingState
from planner.model.local_search.ruin_recreate import Improver
from planner.model.prune.competition import Competition
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import SessionSpec, TherapistDay
from planner.model.search.budget import Budget
from planner.model.search.search_score import VALUE_SCALE, SearchScore, moved_sessions, search_score
from planner.model.search.solve_options import Progress, SolveOptions
from planner.plan import PlannedSession
from planner.scenario.types import Scenario

# Phases of a whole-model solve in order, each with its share of the time left (less the
# penalty phase's reserve) when it starts; the penalty phase at the end takes the rest. A phase
# that proves its objective or stalls ends early and hands its time on.
WHOLE_PLAN = (("local", 0.1), ("value", 1.0))
# Share of the time kept for the penalty phase at the end.
PENALTY_SHARE = 0.15
# The kinds of part the part-by-part search takes in turn (:mod:`planner.model.cpsat.part_search`).
PART_KINDS = ("window", "courses", "targeted", "courses")
# A round of the part-by-part search: this share of it goes to the local search. Measured on
# the two- and four-week spas (BENCHMARKS.md): the parts rarely add value there (one session in
# 80 s), the local search does (+54 in 32 s), so it gets most of each round; the parts, still
# the only search of the penalty across a large spa, get the rest.
PARTS_ROUND_SECONDS = 10.0
PARTS_ROUND_LOCAL = 0.9


class Search:
    """The best plan of a solve and its phases."""

    def __init__(
        self,
        scenario: Scenario,
        specs: dict[str, list[SessionSpec]],
        work: dict[TherapistDay, Windows],
        options: SolveOptions,
        budget: Budget,
        start: Sequence[PlannedSession],
    ) -> None:
        self.scenario = scenario
        self.specs = specs
        self.work = work
        self.options = options
        self.budget = budget
        self.reference = list(options.reference.sessions) if options.reference else None
        self.spec_of = {s.key: s for course in specs.values() for s in course}
        self.best = list(start)
        # The most reference sessions a plan may move: those the start could not keep, and
        # ``max_moves`` more.
        cap = scenario.settings.weights.max_moves
        self.move_cap: int | None = None
        if self.reference is not None and cap is not None:
            self.move_cap = len(moved_sessions(self.best, self.reference)) + cap
        self.best_score = self.score(self.best)
        self.value_bound: int | None = None
        self.value_proven = False
        # Seconds into the solve at which the best plan's value met the proven bound.
        self.value_proven_at: float | None = None
        self.penalty_proven = False
        self.seed = options.seed
        self._local_runs = 0
        self._report()  # the first plan is a plan: the caller may show it

    @functools.cached_property
    def competition(self) -> Competition:
        """The competing courses, built once for every local and part search of the solve (and
        only if one runs: a plan proven by the bound needs none)."""
        courses = [c.id for c in self.scenario.courses if self.specs[c.id]]
        return Competition(self.specs, courses)

    def score(self, sessions: Sequence[PlannedSession]) -> SearchScore:
        return search_score(self.scenario, sessions, self.reference, self.move_cap)

    def offer(self, sessions: Sequence[PlannedSession] | None) -> bool:
        """Keep ``sessions`` if they score at least as well as the best plan."""
        if sessions is None:
            return False
        found = self.score(sessions)
        if found < self.best_score:
            return False
        improved = found > self.best_score
        self.best, self.best_score = list(sessions), found
        self._note_proof()
        if improved:
            self._report()
        return improved

    def tighten(self, bound: int | None) -> None:
        """Take a proven upper bound on the scheduled value (None: nothing proven)."""
        if bound is None:
            return
        self.value_bound = bound if self.value_bound is None else min(self.value_bound, bound)
        self._note_proof()

    def _note_proof(self) -> None:
        if self.value_proven_at is None and self.value_bound is not None:
            value = sum(self.scenario.course_by_id[s.course_id].priority for s in self.best)
            if value >= self.value_bound:
                self.value_proven_at = self.budget.elapsed()

    def _report(self) -> None:
        if self.options.progress is None:
            return
        value = sum(self.scenario.course_by_id[s.course_id].priority for s in self.best)
        self.options.progress(
            Progress(
                elapsed=self.budget.elapsed(),
                time_limit=self.budget.limit,
                scheduled_value=value,
                penalty=self.best_score.penalty,
                bound=self.value_bound,
            )
        )

    def _value_met(self) -> bool:
        """The best plan's value is the proven bound: the value phase can stop, proven.

        Only without a reference plan (the objective is then the value alone) and in wall-clock
        mode: the bound depends on how far its time went, and a deterministic search must not.
        (The bound is not added to CP-SAT's model as a constraint: single runs on the city week
        found lower values with it and a larger share of time for the bound; not kept until
        repeated benchmarks say otherwise.)
        """
        if self.value_bound is None or self.reference is not None or self.budget.deterministic:
            return False
        value = sum(self.scenario.course_by_id[s.course_id].priority for s in self.best)
        return value >= self.value_bound

    def _stop_at(self) -> float | None:
        """The value phase's objective at which the plan's value meets the proven bound (the
        phase then ends at once, proven, instead of waiting for CP-SAT's own bound); None
        under the same conditions as :meth:`_value_met`."""
        if self.value_bound is None or self.reference is not None or self.budget.deterministic:
            return None
        return float(self.value_bound * VALUE_SCALE)

    # Phases ----------------------------------------------------------------------------
    def local(self, seconds: float) -> None:
        """Ruin and recreate from the best plan for ``seconds``."""
        stage = self.budget.stage(seconds)
        if stage.seconds <= 0 or not self.best:
            return
        state = BookingState(self.scenario)
        state.load(self.best, self.spec_of)
        self._local_runs += 1
        improver = Improver(
            state, self.specs, self.seed + self._local_runs, self.reference, self.move_cap,
            self.competition,
        )  # fmt: skip
        improver.run(stage)
        self.offer(state.planned())

    def value(self, whole: WholeModel, seconds: float) -> None:
        """Phase 1 of the whole model from the best plan for ``seconds``."""
        stage = self.budget.stage(seconds)
        if stage.seconds <= 0:
            return
        report = (
            value_progress(stage, self.options.progress, VALUE_SCALE, self.value_bound)
            if self.reference is None
            else None
        )
        outcome = whole.improve_value(
            self.best, stage, workers=self.options.workers, seed=self.seed,
            log=self.options.log, report=report, stop_at=self._stop_at,
        )  # fmt: skip
        self.tighten(outcome.value_bound)
        self.offer(outcome.sessions)
        self.value_proven = (outcome.proven and outcome.sessions is not None) or self._value_met()

    def penalty(self, whole: WholeModel, seconds: float) -> None:
        """Phase 2 of the whole model: the best plan's value less moves kept, the lowest penalty."""
        stage = self.budget.stage(seconds)
        if stage.seconds <= 0:
            return
        outcome = whole.improve_penalty(
            self.best, self.best_score.value_less_moves, stage, workers=self.options.workers,
            seed=self.seed, log=self.options.log,
        )  # fmt: skip
        kept = self.offer(outcome.sessions) or outcome.sessions is not None
        self.penalty_proven = outcome.proven and kept and self.value_proven

    def parts(self, seconds: float) -> None:
        """Part-by-part CP-SAT from the best plan for ``seconds``."""
        stage_end = self.budget.left() - seconds
        search = PartSearch(
            self.scenario, self.specs, self.work, self.reference, self.seed, self.move_cap,
            self.competition,
        )  # fmt: skip
        plan = {(s.course_id, s.session): s for s in self.best}
        while not self.budget.out() and self.budget.left() > stage_end:
            kind = PART_KINDS[search.steps % len(PART_KINDS)]
            better = search.step(plan, self.budget, kind)
            if better is not None:
                plan = better
                self.offer(list(plan.values()))

    # Schedules -------------------------------------------------------------------------
    def run_whole(self, whole: WholeModel) -> None:
        """The phases of a solve whose scenario fits one model (see :data:`WHOLE_PLAN`)."""
        reserve = self.budget.left() * PENALTY_SHARE
        while True:
            for phase, share in WHOLE_PLAN:
                self.value_proven = self.value_proven or self._value_met()
                if self.budget.out() or self.value_proven:
                    break
                seconds = max(0.0, self.budget.left() - reserve) * share
                if phase == "local":
                    self.local(seconds)
                else:
                    self.value(whole, seconds)
            if not self.budget.out():
                self.penalty(whole, self.budget.left())
            # Time is left only when the penalty was proven early: spend it on the value.
            if self.budget.out() or self.value_proven or self.budget.left() < 1.0:
                return
            reserve = 0.0

    def run_parts(self) -> None:
        """The phases of a solve too large for one model: local and part-by-part in turns."""
        while not self.budget.out():
            round_seconds = min(self.budget.left(), PARTS_ROUND_SECONDS)
            self.local(round_seconds * PARTS_ROUND_LOCAL)
            self.parts(round_seconds * (1.0 - PARTS_ROUND_LOCAL))
