"""A tighter proven bound: the linear relaxation split by day, each day solved in whole numbers.

The rows of the relaxation (:mod:`planner.model.bound.relaxation`) are of two kinds: those of one
day (a therapist's minutes and sessions that day, the rooms' minutes that day, a client's
sessions that day) and those that tie days together (each session at most once, a course's
sessions in order and their recovery gaps, a therapist's weekly minutes). Moving the second
kind into the objective with prices ``lam >= 0`` (a Lagrangian relaxation) leaves one small
problem per day:

    L(lam) = lam . b_link + sum over days d of max { (p - A_link' lam) . x : x a day-d booking }

where a day-``d`` booking is any choice of whole (session, therapist) columns of day ``d`` (with
the rooms' minutes shared out as before) that keeps the day's rows. Every valid plan is a
booking of every day and keeps the linking rows, so for every ``lam >= 0`` its value is at most
``L(lam)``: each ``L(lam)`` is a proven bound, whatever ``lam`` is, provided each day's maximum
is bounded from above; the day problems are solved with HiGHS's branch and bound and their
*dual* bound is taken, which is valid even when a day is not solved to the end.

Unlike the linear relaxation, a day's booking is in whole sessions: the therapists' days become
knapsacks. On a ward, where the days are alike, ``lam = 0`` already gives the exact optimum (the
best day on every day); on a spa, the relaxation's own prices (its dual values) are the start
and a few subgradient steps improve them while the time lasts.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from planner.model.bound.day_problem import DayProblem, DaySolution
from planner.model.bound.native_output import native_output_to_stderr

# Rounded down after this margin for the solvers' tolerances, as the relaxation's bound is.
BOUND_TOLERANCE = 0.01
# Subgradient steps: the first step's share of the distance to the target, halved whenever a
# few steps in a row do not improve the bound.
STEP_SHARE = 1.0
PATIENCE = 3
# The steps end when this many in a row lowered the bound by less than STALL_GAIN in all: the
# rounded bound will not move soon, and the time is worth more to the search (on a city spa
# the steps ran a second for nothing).
STALL_STEPS = 4
STALL_GAIN = 0.25

Vector = NDArray[np.float64]


@dataclass(frozen=True)
class LinearSystem:
    """``max value . x`` over ``matrix x <= rhs``, ``lower <= x <= upper``: the relaxation.

    The first ``len(days)`` columns are bookings (each of one day, ``days[i]``, and whole in a
    plan); the rest are flows of minutes (continuous, each used by the rows of one day).
    """

    matrix: csr_matrix
    rhs: Vector
    value: Vector
    lower: Vector
    upper: Vector
    days: NDArray[np.int64]


class DaySplit:
    """The relaxation split into one problem per day and the rows that link the days."""

    def __init__(self, system: LinearSystem) -> None:
        self.system = system
        matrix = system.matrix.tocsc()
        column_day = self._column_days(system)
        n_rows = system.matrix.shape[0]
        first = np.full(n_rows, -2)
        linking = np.zeros(n_rows, dtype=bool)
        for col in range(matrix.shape[1]):
            rows = matrix.indices[matrix.indptr[col] : matrix.indptr[col + 1]]
            day = column_day[col]
            fresh = first[rows] == -2
            first[rows[fresh]] = day
            linking[rows[(first[rows] != day) | (day < 0)]] = True
        self.linking = linking
        self.link_matrix = system.matrix[linking]
        self.link_rhs = system.rhs[linking]
        local = system.matrix[~linking].tocsc()
        local_rhs = system.rhs[~linking]
        self.orphans = np.flatnonzero(column_day < 0)
        self.day_problems: list[DayProblem] = []
        for day in sorted(set(column_day[column_day >= 0].tolist())):
            columns = np.flatnonzero(column_day == day)
            rows = local[:, columns].tocsr()
            used = np.diff(rows.indptr) > 0
            whole = (columns < len(system.days)).astype(np.int64)
            lower, upper = system.lower[columns], system.upper[columns]
            problem = DayProblem(columns, rows[used], local_rhs[used], whole, lower, upper)
            self.day_problems.append(problem)
        self._solved: dict[tuple[Any, ...], DaySolution] = {}

    @staticmethod
    def _column_days(system: LinearSystem) -> NDArray[np.int64]:
        """Each column's day; a flow takes the day of the bookings it shares a row with (-1:
        none, or several: its rows then link days)."""
        n_book = len(system.days)
        n = system.matrix.shape[1]
        day = np.full(n, -1, dtype=np.int64)
        day[:n_book] = system.days
        coo = system.matrix.tocoo()
        row_days: dict[int, set[int]] = {}
        for r, c in zip(coo.row.tolist(), coo.col.tolist(), strict=True):
            if c < n_book:
                row_days.setdefault(r, set()).add(int(system.days[c]))
        flow_days: dict[int, set[int]] = {}
        for r, c in zip(coo.row.tolist(), coo.col.tolist(), strict=True):
            if c >= n_book and r in row_days:
                flow_days.setdefault(c, set()).update(row_days[r])
        for c, days in flow_days.items():
            if len(days) == 1:
                day[c] = next(iter(days))
        return day

    def evaluate(self, prices: Vector, deadline: float) -> Evaluation | None:
        """``L(prices)`` (a proven bound), a subgradient and the days' bookings, or None if a
        day problem ran out of time without a bound or has no solution (the relaxation then
        claims nothing)."""
        system = self.system
        reduced = system.value - self.link_matrix.T @ prices
        total = float(prices @ self.link_rhs)
        # A column of no day (a flow between days) takes its best bound on its own.
        alone = self.orphans
        gain = reduced[alone]
        if np.any((gain > 0) & ~np.isfinite(system.upper[alone])):
            return None
        total += float(
            np.where(gain > 0, gain * system.upper[alone], gain * system.lower[alone]).sum()
        )
        booked = np.zeros(len(system.value))
        booked[self.orphans] = np.where(
            reduced[self.orphans] > 0, system.upper[self.orphans], system.lower[self.orphans]
        )
        for problem in self.day_problems:
            found = problem.solve(reduced[problem.columns], deadline, self._solved)
            if found is None:
                return None
            total += found.bound
            booked[problem.columns] = found.booked
        return Evaluation(total, self.link_rhs - self.link_matrix @ booked, booked)


@dataclass(frozen=True)
class Evaluation:
    """``L(prices)`` at some prices: the bound, a subgradient, and the columns each day's
    problem booked (every day's best booking on its own; together they may break the rows
    that link the days)."""

    bound: float
    gradient: Vector
    booked: Vector


@dataclass(frozen=True)
class SplitOutcome:
    """What a search of prices found: the least bound, rounded down, and the days' bookings
    with no prices (the first evaluation) and at the prices of the least bound."""

    bound: int
    bookings: tuple[Vector, ...]


def lagrangian_bound(
    system: LinearSystem, prices: Vector | None, seconds: float, target: float | None = None
) -> int | None:
    """The least ``L(lam)`` found within ``seconds``, rounded down (see the module), or None;
    :func:`split_search` without the bookings."""
    found = split_search(system, prices, seconds, target)
    return None if found is None else found.bound


def split_search(
    system: LinearSystem, prices: Vector | None, seconds: float, target: float | None = None
) -> SplitOutcome | None:
    """The least ``L(lam)`` found within ``seconds`` and the days' bookings, or None.

    Parameters
    ----------
    system
        The relaxation.
    prices
        Start prices of the linking rows (the relaxation's dual values), or None.
    seconds
        Time for the whole search of prices.
    target
        A value some plan is known to reach, to size the subgradient steps; None: none known.

    Returns
    -------
    SplitOutcome or None
        A proven upper bound on the value of every plan, rounded down, and the bookings of
        the day problems behind it; None if no bound was found in time.
    """
    deadline = time.perf_counter() + seconds
    split = DaySplit(system)
    n_link = split.link_matrix.shape[0]
    # No prices first: on a ward it is the exact bound, and it is the cheapest to solve.
    starts = [np.zeros(n_link)]
    if prices is not None:
        starts.append(np.maximum(0.0, prices[split.linking]))
    best: Evaluation | None = None
    best_prices = starts[0]
    unpriced: Evaluation | None = None
    for start in starts:
        found = split.evaluate(start, deadline)
        unpriced = unpriced or found
        if found is not None and (best is None or found.bound < best.bound):
            best, best_prices = found, start
    if best is None or unpriced is None:
        return None
    least = _improve(split, best_prices, best, deadline, target)
    bookings = (unpriced.booked,) if least is unpriced else (unpriced.booked, least.booked)
    return SplitOutcome(_rounded(least.bound), bookings)


def _improve(
    split: DaySplit,
    prices: Vector,
    first: Evaluation,
    deadline: float,
    target: float | None,
) -> Evaluation:
    """Subgradient steps from ``prices`` (whose evaluation is ``first``), with Polyak's step
    towards ``target``, until the deadline; the evaluation of the least bound seen."""
    best = first
    aim = target if target is not None else best.bound * 0.98
    share = STEP_SHARE
    stalled = 0
    current = prices.copy()
    found: Evaluation | None = first
    history = [best.bound]
    while found is not None and share > 1e-3:
        value, gradient = found.bound, found.gradient
        if value < best.bound - 1e-9:
            best, stalled = found, 0
        else:
            stalled += 1
            if stalled >= PATIENCE:
                share, stalled = share / 2, 0
        history.append(best.bound)
        norm = float(gradient @ gradient)
        reached = target is not None and _rounded(best.bound) <= target  # none goes below a plan
        flat = len(history) > STALL_STEPS and history[-STALL_STEPS - 1] - best.bound < STALL_GAIN
        if reached or flat or norm <= 1e-12 or value - aim <= 1e-9:
            break
        current = np.maximum(0.0, current - share * (value - aim) / norm * gradient)
        found = split.evaluate(current, deadline)
    return best


def whole_bound(system: LinearSystem, seconds: float) -> int | None:
    """The relaxation with whole bookings (flows still fractional): HiGHS's dual bound after
    at most ``seconds``, rounded down, or None. Valid unfinished: the dual bound of a branch
    and bound caps every whole solution, and every plan is one."""
    with native_output_to_stderr():
        found = milp(
            -system.value,
            constraints=LinearConstraint(system.matrix, -np.inf, system.rhs),
            integrality=(np.arange(len(system.value)) < len(system.days)).astype(np.int64),
            bounds=Bounds(system.lower, system.upper),
            options={"time_limit": max(0.01, seconds)},
        )
    dual = getattr(found, "mip_dual_bound", None)
    if dual is None or not np.isfinite(dual) or found.status not in (0, 1):
        return None
    return _rounded(-float(dual))


def _rounded(bound: float) -> int:
    return int(np.floor(bound + BOUND_TOLERANCE))


__all__ = [
    "DaySplit", "Evaluation", "LinearSystem", "SplitOutcome", "lagrangian_bound", "split_search",
    "whole_bound",
]  # fmt: skip
