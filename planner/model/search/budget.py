"""How long a solve may search: by the wall clock, or by deterministic work.

Every phase of a solve (construction, local search, CP-SAT) is given a number of seconds. By
default a phase ends when its seconds have passed on the wall clock. In deterministic mode it
ends when it has done the work that many seconds stand for on the reference machine (a 2-core
laptop): CP-SAT's deterministic time, the local search's count of placements tried. The same
scenario, seed and workers then give the same plan on any machine, loaded or not; the wall clock
only steps in as a safety net at :data:`SAFETY_FACTOR` times the limit.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

# Deterministic work per second of the time limit on the reference machine, per kind of search.
# CP-SAT's deterministic time per second, by the number of workers of the solve. Measured on
# 2 cores, 2026-12-02: with 2 workers on whole models, 0.17 a second on full one-week spas and
# a ward (small models, hard search), 0.37 on a 400-session city week; with 1 worker on the
# parts of a two-week spa, 0.09. CP-SAT also overshoots its deterministic limit by up to a
# fifth. The slower rates are taken so that a deterministic solve ends near its limit on hard
# weeks, not at the safety net (and then not reproducibly).
CPSAT_RATE = {1: 0.09, 2: 0.2}
# Units of the local search's work (:attr:`BookingState.work`) per second: 400,000-800,000 a
# second measured on one- and two-week spas.
WORK_RATE = 500_000
# In deterministic mode the wall clock ends a search only after this many times the limit.
SAFETY_FACTOR = 3.0


def cpsat_rate(workers: int) -> float:
    """CP-SAT deterministic time per second of the limit with ``workers`` workers."""
    return CPSAT_RATE.get(workers, CPSAT_RATE[2] * workers / 2)


@dataclass
class Budget:
    """The time of one solve and what has been used of it.

    ``used`` counts seconds: measured ones by default, the seconds that the work done stands
    for in deterministic mode (so that how the time is shared between phases does not depend on
    the machine's speed either).

    Attributes
    ----------
    limit
        The solve's time limit, in seconds.
    deterministic
        Count work instead of the clock, so that the same input gives the same plan; the
        wall clock still ends the solve at a multiple of the limit (a safety net).
    stop
        Set by the caller to end the solve early (Ctrl-C, SIGTERM).
    started
        ``time.perf_counter()`` when the solve began.
    used
        Seconds of the limit used so far (meaningful in deterministic mode).
    clock_ended
        True once the wall clock, not the budget or a proof, ended a search in deterministic
        mode.
    """

    limit: float
    deterministic: bool
    stop: threading.Event | None = None
    started: float = field(default_factory=time.perf_counter)
    used: float = 0.0
    # True once the wall clock (not the budget or a proof) ended a search in deterministic mode.
    clock_ended: bool = False

    def elapsed(self) -> float:
        """Wall-clock seconds since the solve began."""
        return time.perf_counter() - self.started

    def left(self) -> float:
        """Seconds of the limit not used yet."""
        if self.deterministic:
            return max(0.0, self.limit - self.used)
        return max(0.0, self.limit - self.elapsed())

    def wall_left(self) -> float:
        """Wall-clock seconds until the hard deadline of the solve."""
        factor = SAFETY_FACTOR if self.deterministic else 1.0
        return max(0.0, self.limit * factor - self.elapsed())

    def stopped(self) -> bool:
        """True once the caller asked the solve to stop (Ctrl-C, SIGTERM)."""
        return self.stop is not None and self.stop.is_set()

    def out(self) -> bool:
        """True when nothing more may be searched."""
        return self.stopped() or self.left() <= 0.0 or self.wall_left() <= 0.0

    def stage(self, seconds: float) -> Stage:
        """A phase of at most ``seconds`` (cut to what is left)."""
        return Stage(self, max(0.0, min(seconds, self.left())))


@dataclass
class Stage:
    """One phase's share of a :class:`Budget`."""

    budget: Budget
    seconds: float
    begun: float = field(default_factory=time.perf_counter)

    @property
    def deadline(self) -> float:
        """Wall-clock moment (``perf_counter``) at which the phase must end."""
        wall = self.budget.started + self.budget.limit * (
            SAFETY_FACTOR if self.budget.deterministic else 1.0
        )
        if self.budget.deterministic:
            return wall
        return min(wall, self.begun + self.seconds)

    def work_limit(self) -> int:
        """Placements the local search may try in this phase (deterministic mode)."""
        return int(self.seconds * WORK_RATE)

    def cpsat_limits(self, workers: int) -> tuple[float, float | None]:
        """(wall-clock seconds, deterministic time or None) for a CP-SAT solve of this phase."""
        wall = max(0.01, self.deadline - time.perf_counter())
        if self.budget.deterministic:
            return wall, max(0.01, self.seconds * cpsat_rate(workers))
        return wall, None

    def charge(self, seconds: float) -> None:
        """Count ``seconds`` of work that no deterministic clock sees (building a model) in
        deterministic mode, so that how many steps fit in a phase does not depend on speed."""
        if self.budget.deterministic:
            self.budget.used += seconds

    def finish_work(self, work: int) -> None:
        """Account a phase of local search that tried ``work`` placements."""
        self._finish(work / WORK_RATE)

    def finish_cpsat(self, deterministic_time: float, workers: int) -> None:
        """Account a CP-SAT solve that used ``deterministic_time``."""
        self._finish(deterministic_time / cpsat_rate(workers))

    def _finish(self, det_seconds: float) -> None:
        """Deterministic mode counts the seconds the work stands for; otherwise the clock."""
        budget = self.budget
        if not budget.deterministic:
            budget.used = budget.elapsed()
            return
        budget.used += min(self.seconds, max(0.0, det_seconds))
        if time.perf_counter() >= self.deadline and det_seconds < self.seconds * 0.999:
            budget.clock_ended = True

    def wall_out(self) -> bool:
        """True once the phase's wall-clock deadline has passed (or a stop was asked for)."""
        return self.budget.stopped() or time.perf_counter() >= self.deadline
