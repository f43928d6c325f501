"""One day's problem of the relaxation split by day, made smaller before HiGHS sees it.

Three reductions, all keeping the day's maximum a proven upper bound:

- **Rows another row implies dropped.** A count row (coefficients all 1) whose columns all
  stand in another count row with no larger right-hand side says nothing more (a session that
  only fits on this day, at most once, against its client's one session that day).
- **Parallel columns merged.** The sessions of one course that may all fall on a day (session
  1, 2, ... of a daily course) have the same coefficients in every row of that day with the
  same therapist: only the rows that link the days tell them apart. Where they are also worth
  the same (no prices, or equal ones) they are interchangeable, and become one whole column
  taken at most as many times as there are of them (and as the day's rows with no negative
  coefficient allow): the same maximum, with fewer columns and no symmetry.
- **Rows no booking can fill dropped**, and then:
- **Equal days solved once.** A ward's days, merged, are the same problem (the same
  therapists, hours and clients every day): a problem already solved with the same values is
  answered from memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csc_matrix, csr_matrix

from planner.model.bound.native_output import native_output_to_stderr

Vector = NDArray[np.float64]


@dataclass(frozen=True)
class DaySolution:
    """A day problem's dual bound (its maximum, or more where it was cut short) and the
    columns its best booking takes (in the day's original columns)."""

    bound: float
    booked: Vector


class DayProblem:
    """One day's rows over its columns, made smaller for each set of values (see the module).

    Parameters
    ----------
    columns
        The day's columns in the whole system.
    rows, rhs
        The day's rows (over ``columns``) and their right-hand sides: ``rows x <= rhs``.
    whole
        1 where a column is a booking (whole in a plan), 0 for a flow of minutes.
    lower, upper
        The columns' bounds.
    """

    def __init__(
        self,
        columns: NDArray[np.int64],
        rows: csr_matrix,
        rhs: Vector,
        whole: NDArray[np.int64],
        lower: Vector,
        upper: Vector,
    ) -> None:
        self.columns = columns
        self.rows, self.rhs = _without_implied(rows, rhs)
        self.whole, self.lower, self.upper = whole, lower, upper
        # Columns of one pattern have the same coefficients in every row (flows and pins are
        # each a pattern of their own: they are never merged).
        by_column = self.by_column = csc_matrix(self.rows)
        # A row's coefficients are the same set over any choice of one column per pattern, so
        # which rows have none below 0 is settled once.
        self.nonnegative = _row_minimum(self.rows) >= 0
        patterns: dict[tuple[bytes, bytes], int] = {}
        self.pattern = np.zeros(len(columns), dtype=np.int64)
        for j in range(len(columns)):
            part = slice(by_column.indptr[j], by_column.indptr[j + 1])
            key = (by_column.indices[part].tobytes(), by_column.data[part].tobytes())
            if not whole[j] or lower[j] > 0:
                key = (b"alone", np.int64(j).tobytes())
            self.pattern[j] = patterns.setdefault(key, len(patterns))

    def solve(
        self, reduced: Vector, deadline: float, memo: dict[tuple[Any, ...], DaySolution]
    ) -> DaySolution | None:
        """The day's maximum of ``reduced`` (the day's columns' values) as a dual bound and a
        booking, or None if HiGHS found no bound before ``deadline``."""
        merged = _Merged(self, reduced)
        known = memo.get(merged.key)
        if known is None:
            left = deadline - time.perf_counter()
            if left <= 0.01:
                return None
            with native_output_to_stderr():
                found = milp(
                    -merged.value,
                    constraints=LinearConstraint(merged.rows, -np.inf, merged.rhs),
                    integrality=merged.whole,
                    bounds=Bounds(merged.lower, merged.upper),
                    options={"time_limit": left},
                )
            dual = getattr(found, "mip_dual_bound", None)
            if dual is None or found.x is None or not np.isfinite(dual):
                return None
            known = DaySolution(-float(dual), np.asarray(found.x, dtype=float))
            memo[merged.key] = known
        return DaySolution(known.bound, merged.spread(known.booked, len(self.columns)))


class _Merged:
    """A day problem with the columns of one pattern and one value merged into one whole
    column that may be taken as often as there are of them (and the day's rows allow)."""

    def __init__(self, day: DayProblem, reduced: Vector) -> None:
        keys: dict[tuple[int, float], list[int]] = {}
        for j, (pattern, value) in enumerate(zip(day.pattern.tolist(), reduced.tolist(),
                                                 strict=True)):  # fmt: skip
            keys.setdefault((pattern, value), []).append(j)
        self.groups = [np.array(g, dtype=np.int64) for g in keys.values()]
        first = np.array([int(g[0]) for g in self.groups], dtype=np.int64)
        self.value = reduced[first]
        self.rows = csr_matrix(day.by_column[:, first])
        self.rhs = day.rhs
        self.nonnegative = day.nonnegative
        self.whole = day.whole[first]
        self.lower = day.lower[first]
        self.upper = np.array([day.upper[g].sum() for g in self.groups])
        self._cap_by_rows()
        self._drop_slack_rows()
        self.key = (self.rows.indptr.tobytes(), self.rows.indices.tobytes(),
                    self.rows.data.tobytes(), self.rhs.tobytes(), self.whole.tobytes(),
                    self.lower.tobytes(), self.upper.tobytes(), self.value.tobytes())  # fmt: skip

    def _cap_by_rows(self) -> None:
        """A merged column takes at most ``rhs / coefficient`` of any row whose coefficients
        are all at least 0 (every column is at least 0)."""
        merged = np.array([len(g) > 1 for g in self.groups])
        if not merged.any():
            return
        coo = self.rows.tocoo()
        keep = self.nonnegative[coo.row] & (coo.data > 0) & merged[coo.col]
        cap = np.full(len(self.groups), np.inf)
        np.minimum.at(cap, coo.col[keep], np.floor(self.rhs[coo.row[keep]] / coo.data[keep] + 1e-9))
        self.upper = np.minimum(self.upper, np.maximum(cap, self.lower))

    def _drop_slack_rows(self) -> None:
        """Rows no booking can fill (all coefficients at least 0, and the columns at their
        upper bounds within the right-hand side) say nothing: a therapist's 48 sessions a day
        on a day with fewer clients."""
        coo = self.rows.tocoo()
        most = np.zeros(self.rows.shape[0])
        np.add.at(most, coo.row, coo.data * self.upper[coo.col])
        keep = ~(self.nonnegative & (most <= self.rhs))
        self.rows = csr_matrix(self.rows[keep])
        self.rhs = self.rhs[keep]
        self.nonnegative = self.nonnegative[keep]

    def spread(self, merged: Vector, n: int) -> Vector:
        """The merged columns' values given back to the day's ``n`` columns: a merged
        column's ``k`` to the first ``k`` of its columns (all of one value)."""
        out = np.zeros(n)
        for g, x in zip(self.groups, merged.tolist(), strict=True):
            if len(g) == 1:
                out[g[0]] = x
            else:
                out[g[: round(x)]] = 1.0
        return out


def _row_minimum(rows: csr_matrix) -> Vector:
    """Each row's least stored coefficient (inf for an empty row)."""
    coo = rows.tocoo()
    lowest = np.full(rows.shape[0], np.inf)
    np.minimum.at(lowest, coo.row, coo.data)
    return lowest


def _without_implied(rows: csr_matrix, rhs: Vector) -> tuple[csr_matrix, Vector]:
    """``rows`` less the count rows that another count row implies (see the module)."""
    rows = csr_matrix(rows)
    counting = [
        i
        for i in range(rows.shape[0])
        if rows.indptr[i + 1] > rows.indptr[i]
        and np.all(rows.data[rows.indptr[i] : rows.indptr[i + 1]] == 1.0)
    ]
    support = {i: frozenset(rows.indices[rows.indptr[i] : rows.indptr[i + 1]].tolist())
               for i in counting}  # fmt: skip
    holding: dict[int, list[int]] = {}
    for i in counting:
        for j in support[i]:
            holding.setdefault(j, []).append(i)
    implied = set()
    for i in counting:
        first = min(support[i])
        for other in holding[first]:
            if (
                other != i
                and other not in implied
                and rhs[other] <= rhs[i]
                and support[i] <= support[other]
                and (len(support[other]) > len(support[i]) or rhs[other] < rhs[i] or other < i)
            ):
                implied.add(i)
                break
    keep = np.array([i not in implied for i in range(rows.shape[0])], dtype=bool)
    return csr_matrix(rows[keep]), rhs[keep]
