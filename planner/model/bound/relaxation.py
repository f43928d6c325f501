"""A proven upper bound on the scheduled value from a linear relaxation that fits in seconds.

Every session may be booked fractionally, on any of its pruned (therapist, day) choices, as long
as what the plan must respect holds on average: each session at most once and only after its
predecessor (the prefix rule); a therapist's booked minutes, sessions, deep sessions and weekly
minutes within their limits per day; the minutes of the sessions needing some equipment shared
out among the rooms that have it, within the minutes each room is open; a client's sessions
per day; and the recovery gaps between a course's sessions, counted in days. Every valid plan is
a solution of this linear programme, so its optimum bounds the value of every plan.

On a resort-sized spa the (session, therapist-day) choices run into millions; there the columns
are (session, day), and each day's sessions of a specialty are shared out among the therapists
who have it, within their minutes and sessions (a transportation problem per day): weaker, as a
session's own hours no longer count, but still valid, and fast. Rooms are shared out the same
way at both sizes.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

from planner.model.bound.lagrangian import LinearSystem, Vector, split_search, whole_bound
from planner.model.bound.native_output import native_output_to_stderr
from planner.model.prune.day_capacity import room_day_capacity, union_capacity
from planner.model.prune.grid import Windows
from planner.model.prune.session_specs import SessionSpec, TherapistDay
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Scenario

# The interior-point method (with crossover) solves the coarse programme of a two-week spa in
# seconds where the dual simplex stalls for minutes.
BOUND_TOLERANCE = 0.01
# Above this many (session, therapist-day) choices the columns become (session, day).
FINE_LIMIT = 250_000
# Where the columns are fine, the share of a bound's time left after the linear relaxation that
# the relaxation split by day may take; the relaxation in whole bookings takes the rest.
LAGRANGIAN_SHARE = 0.5
# The relaxation in whole bookings runs only if its time is at least this many times what the
# linear relaxation took: its branch and bound needs the root's linear programme and more, and
# a dual bound from an unfinished root is worth nothing (a city spa's: 950 against the linear
# relaxation's 807 after 1.2 s, time the search lost). Measured: the tight and small weeks'
# roots take 20-30 times their linear relaxation and prove 340 and 460 within the time.
WHOLE_FACTOR = 10.0


# A session booked with a therapist on a day (a whole column of a fine relaxation).
Choice = tuple[SessionSpec, str, int]

# A kind of demand in a transportation relaxation (a specialty, a set of equipment).
Kind = TypeVar("Kind", bound=Hashable)


@dataclass
class _Rows:
    """A sparse system ``A x <= b`` built row by row."""

    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    vals: list[float] = field(default_factory=list)
    rhs: list[float] = field(default_factory=list)

    def add(self, cols: Sequence[int], vals: Sequence[float], bound: float) -> None:
        if not cols:
            return
        row = len(self.rhs)
        self.rows.extend([row] * len(cols))
        self.cols.extend(cols)
        self.vals.extend(vals)
        self.rhs.append(bound)

    def add_limit(self, cols: Sequence[int], vals: Sequence[float], bound: float) -> None:
        """A row only where it can bind (its terms could exceed ``bound``)."""
        if sum(vals) > bound:
            self.add(cols, vals, bound)


@dataclass(frozen=True)
class _Column:
    spec: SessionSpec
    therapist_id: str | None  # None: a pool of the day (coarse columns)
    day: int


class Relaxation:
    """The linear programme of one scenario's bookable sessions (see the module)."""

    def __init__(
        self,
        scenario: Scenario,
        specs: Sequence[SessionSpec],
        work: dict[TherapistDay, Windows],
    ) -> None:
        self.scenario = scenario
        self.specs = list(specs)
        self.work = work
        self.turnover = scenario.settings.turnover_minutes
        self.fine = sum(len(s.candidates) for s in self.specs) <= FINE_LIMIT
        self.columns: list[_Column] = []
        self.of_spec: dict[tuple[str, int], list[int]] = defaultdict(list)
        for spec in self.specs:
            if self.fine:
                keys: list[tuple[str | None, int]] = list(spec.candidates)
            else:
                keys = [(None, d) for d in sorted({d for _, d in spec.candidates})]
            for therapist_id, day in keys:
                self.of_spec[spec.key].append(len(self.columns))
                self.columns.append(_Column(spec, therapist_id, day))
        self.rows = _Rows()
        self.flows = 0

    def _size(self, column: _Column) -> int:
        return column.spec.length + self.turnover

    def _sessions(self) -> None:
        """Each session at most once; session k+1 only as much as session k."""
        previous: list[int] | None = None
        for spec in self.specs:
            cols = self.of_spec[spec.key]
            self.rows.add(cols, [1.0] * len(cols), 1.0)
            if previous is not None and spec.session > 1:
                self.rows.add(cols + previous, [1.0] * len(cols) + [-1.0] * len(previous), 0.0)
            previous = cols

    def _therapists(self) -> None:
        """Minutes, sessions and deep sessions per therapist-day; minutes per week."""
        minutes: dict[TherapistDay, list[int]] = defaultdict(list)
        weekly: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, c in enumerate(self.columns):
            if c.therapist_id is not None:
                minutes[(c.therapist_id, c.day)].append(i)
                weekly[(c.therapist_id, self.scenario.settings.week_of(c.day))].append(i)
        therapists = self.scenario.therapist_by_id
        for (therapist_id, day), cols in minutes.items():
            sizes = [float(self._size(self.columns[i])) for i in cols]
            self.rows.add_limit(
                cols, sizes, union_capacity(self.work.get((therapist_id, day), []), self.turnover)
            )
            therapist = therapists[therapist_id]
            self.rows.add_limit(cols, [1.0] * len(cols), therapist.max_sessions_per_day)
            if therapist.max_deep_per_day is not None:
                deep = [i for i in cols if self.columns[i].spec.deep]
                self.rows.add_limit(deep, [1.0] * len(deep), therapist.max_deep_per_day)
        for (therapist_id, _week), cols in weekly.items():
            limit = therapists[therapist_id].max_minutes_per_week
            if limit is not None:
                lengths = [float(self.columns[i].spec.length) for i in cols]
                self.rows.add_limit(cols, lengths, limit)

    def _flow(self) -> int:
        """A new non-negative column with no value: minutes moved from demand to supply."""
        self.flows += 1
        return len(self.columns) + self.flows - 1

    def _transport(
        self,
        demand: Mapping[Kind, list[int]],
        supply: dict[str, float],
        serves: Mapping[Kind, list[str]],
        counts: bool = False,
    ) -> None:
        """One day's transportation relaxation: the minutes (or sessions) of each kind of
        demand go to the suppliers that serve it, within each supplier's capacity. Exact for
        the fractional assignment, with a column per (kind, supplier) instead of a row per
        family of kinds."""
        into: dict[str, list[int]] = defaultdict(list)
        for kind, cols in demand.items():
            flows = []
            for supplier in serves.get(kind, ()):
                flow = self._flow()
                flows.append(flow)
                into[supplier].append(flow)
            weights = [1.0 if counts else float(self._size(self.columns[i])) for i in cols]
            self.rows.add(cols + flows, weights + [-1.0] * len(flows), 0.0)
        for supplier, flows in into.items():
            self.rows.add(flows, [1.0] * len(flows), supply[supplier])

    def _pools(self) -> None:
        """Coarse columns: each day, the sessions of a specialty go to the therapists who have
        it, within their minutes and their sessions per day."""
        scenario = self.scenario
        by_day: dict[int, dict[object, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, c in enumerate(self.columns):
            by_day[c.day][scenario.treatment_of(c.spec.course).specialty].append(i)
        for day, demand in by_day.items():
            working = [t for t in scenario.therapists if (t.id, day) in self.work]
            serves = {skill: [t.id for t in working if skill in t.specialties] for skill in demand}
            minutes = {
                t.id: float(union_capacity(self.work[(t.id, day)], self.turnover)) for t in working
            }
            self._transport(demand, minutes, serves)
            sessions = {t.id: float(t.max_sessions_per_day) for t in working}
            self._transport(demand, sessions, serves, counts=True)

    def _rooms(self) -> None:
        """Each day, the sessions of an equipment need go to the rooms that meet it, within
        the minutes each room is open."""
        scenario = self.scenario
        by_day: dict[int, dict[frozenset[str], list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, c in enumerate(self.columns):
            by_day[c.day][scenario.treatment_of(c.spec.course).equipment].append(i)
        for day, demand in by_day.items():
            open_rooms = {
                r.id: float(room_day_capacity(scenario, r.id, day)) for r in scenario.rooms
            }
            serves = {
                need: [r.id for r in scenario.rooms if need <= r.equipment and open_rooms[r.id]]
                for need in demand
            }
            self._transport(demand, open_rooms, serves)

    def _clients(self) -> None:
        """A client's sessions per day."""
        per_day: dict[tuple[str, int], list[int]] = defaultdict(list)
        for i, c in enumerate(self.columns):
            per_day[(c.spec.client_id, c.day)].append(i)
        limit = self.scenario.settings.client_max_sessions_per_day
        for cols in per_day.values():
            self.rows.add_limit(cols, [1.0] * len(cols), limit)

    def _gaps(self) -> None:
        """Recovery gaps in days: session k+1 on day D or before needs session k on a day from
        which it can be reached by then (and likewise for the longest gap, from D on)."""
        for before, after in itertools.pairwise(self.specs):
            if after.course.id != before.course.id or after.session != before.session + 1:
                continue
            min_gap, max_gap = self.scenario.gap_minutes(before.course)
            first_on: dict[int, int] = {}
            last_on: dict[int, int] = {}
            for (_, day), starts in before.candidates.items():
                first_on[day] = min(first_on.get(day, starts[0]), starts[0])
                last_on[day] = max(last_on.get(day, starts[-1]), starts[-1])
            b_cols = self.of_spec[before.key]
            a_cols = self.of_spec[after.key]
            for day in sorted({self.columns[i].day for i in a_cols}):
                end_of_day = (day + 1) * MINUTES_PER_DAY
                late = [i for i in a_cols if self.columns[i].day <= day]
                able = [
                    i for i in b_cols
                    if first_on[self.columns[i].day] + before.length + min_gap < end_of_day
                ]  # fmt: skip
                self.rows.add(late + able, [1.0] * len(late) + [-1.0] * len(able), 0.0)
                if max_gap is None:
                    continue
                early = [i for i in a_cols if self.columns[i].day >= day]
                day_start = day * MINUTES_PER_DAY
                reach = [
                    i for i in b_cols
                    if last_on[self.columns[i].day] + before.length + max_gap >= day_start
                ]  # fmt: skip
                self.rows.add(early + reach, [1.0] * len(early) + [-1.0] * len(reach), 0.0)

    def choices(self, booked: Vector) -> list[Choice]:
        """The (session, therapist, day) columns booked in ``booked`` (fine columns only)."""
        out = []
        for i in np.flatnonzero(booked[: len(self.columns)] > 0.5).tolist():
            column = self.columns[i]
            if column.therapist_id is not None:
                out.append((column.spec, column.therapist_id, column.day))
        return out

    def system(self) -> LinearSystem:
        """The relaxation's rows, columns and their bounds."""
        self._sessions()
        if self.fine:
            self._therapists()
        else:
            self._pools()
        self._rooms()
        self._clients()
        self._gaps()
        n = len(self.columns) + self.flows
        matrix = coo_matrix(
            (self.rows.vals, (self.rows.rows, self.rows.cols)), shape=(len(self.rows.rhs), n)
        ).tocsr()
        value = np.zeros(n)
        value[: len(self.columns)] = [float(c.spec.priority) for c in self.columns]
        lower = np.zeros(n)
        lower[: len(self.columns)] = [1.0 if c.spec.pin is not None else 0.0 for c in self.columns]
        upper = np.full(n, np.inf)
        upper[: len(self.columns)] = 1.0
        days = np.array([c.day for c in self.columns], dtype=np.int64)
        return LinearSystem(matrix, np.array(self.rows.rhs), value, lower, upper, days)


def solve_relaxation(system: LinearSystem, seconds: float) -> tuple[float, Vector] | None:
    """The relaxation's optimum and its dual values (one per row, at least 0), or None if it
    was not solved to optimality within ``seconds``."""
    with native_output_to_stderr():
        found = linprog(
            -system.value, A_ub=system.matrix, b_ub=system.rhs,
            bounds=np.column_stack([system.lower, system.upper]), method="highs-ipm",
            options={"time_limit": seconds},
        )  # fmt: skip
    if found.status != 0:
        return None
    return -float(found.fun), np.maximum(0.0, -np.asarray(found.ineqlin.marginals))


# Seconds the stronger relaxations (split by day, whole sessions) may take in all.
STRONG_BOUND_SECONDS = 5.0


@dataclass(frozen=True)
class RelaxationOutcome:
    """A proven upper bound on the scheduled value (None: none proven in time) and the day
    split's bookings (:func:`~planner.model.bound.lagrangian.split_search`) as (session,
    therapist, day) choices: every day's best booking on its own, a plan's outline where the
    days hardly depend on each other (a ward)."""

    bound: int | None
    day_bookings: tuple[list[Choice], ...] = ()


def relaxation_bound(
    scenario: Scenario,
    specs: Sequence[SessionSpec],
    work: dict[TherapistDay, Windows],
    seconds: float,
    target: int | None = None,
) -> int | None:
    """A proven upper bound on the scheduled value of any plan, or None:
    :func:`relaxation_search` without the day split's bookings."""
    return relaxation_search(scenario, specs, work, seconds, target).bound


def relaxation_search(
    scenario: Scenario,
    specs: Sequence[SessionSpec],
    work: dict[TherapistDay, Windows],
    seconds: float,
    target: int | None = None,
) -> RelaxationOutcome:
    """A proven upper bound on the scheduled value of any plan, and the day split's bookings.

    The linear relaxation (see the module) first; where its columns are (session, therapist,
    day) and time is left, the relaxation split by day in whole sessions
    (:mod:`planner.model.bound.lagrangian`) with :data:`LAGRANGIAN_SHARE` of ``seconds``, and
    the lower of the two. ``target`` is a value some plan reaches (it sizes the second one's
    steps).
    """
    began = time.perf_counter()
    relaxation = Relaxation(scenario, specs, work)
    if not relaxation.columns:
        return RelaxationOutcome(0)
    system = relaxation.system()
    left = seconds - (time.perf_counter() - began)
    lp_began = time.perf_counter()
    solved = solve_relaxation(system, left) if left > 0.05 else None
    lp_seconds = time.perf_counter() - lp_began
    if solved is None:
        return RelaxationOutcome(None)
    # Rounded down, less a margin for the solver's tolerances (interior point with
    # crossover: far below 0.01 on these sizes), so the bound stays proven.
    bound = int(np.floor(solved[0] + BOUND_TOLERANCE))
    # The stronger relaxations can't be interrupted once started (HiGHS runs to its own time
    # limit), and a stop (SIGTERM from systemd, the manager's Stop) must be answered within
    # seconds: they get at most STRONG_BOUND_SECONDS, however long the solve's limit.
    until = min(began + seconds, time.perf_counter() + STRONG_BOUND_SECONDS)
    left = until - time.perf_counter()
    bookings: tuple[list[Choice], ...] = ()
    if relaxation.fine and left > 0.05 and target != bound:
        split = split_search(system, solved[1], left * LAGRANGIAN_SHARE, target)
        if split is not None:
            bound = min(bound, split.bound)
            bookings = tuple(relaxation.choices(booked) for booked in split.bookings)
    left = until - time.perf_counter()
    if relaxation.fine and left > max(0.05, WHOLE_FACTOR * lp_seconds) and target != bound:
        whole = whole_bound(system, left)
        bound = bound if whole is None else min(bound, whole)
    return RelaxationOutcome(bound, bookings)
