"""A day problem made smaller (implied rows dropped, parallel columns merged, rows that can't
be filled dropped, equal days solved once) keeps its maximum, and its booking is a booking of
the original rows.
"""

from __future__ import annotations

import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_matrix

from planner.generate.ward import build_ward
from planner.model.bound.day_problem import DayProblem, _Merged, _without_implied
from planner.model.bound.lagrangian import DaySplit
from tests.model.bound.test_lagrangian import system_of

FAR = 60.0


def plain_maximum(rows: np.ndarray, rhs: np.ndarray, value: np.ndarray) -> float:
    found = milp(
        -value,
        constraints=LinearConstraint(csr_matrix(rows), -np.inf, rhs),
        integrality=np.ones(len(value)),
        bounds=Bounds(np.zeros(len(value)), np.ones(len(value))),
    )
    assert found.status == 0
    return -float(found.fun)


def problem(rows: np.ndarray, rhs: np.ndarray) -> DayProblem:
    n = rows.shape[1]
    return DayProblem(
        np.arange(n), csr_matrix(rows), rhs, np.ones(n, dtype=np.int64), np.zeros(n), np.ones(n)
    )


def test_a_row_another_implies_is_dropped_and_the_sessions_of_one_client_merge():
    # Columns: session 1 and session 2 of one course with the same therapist (same minutes),
    # and another client's session. Rows: the therapist's 60 minutes; the client's one
    # session a day; session 2 at most once (implied by the client's row).
    rows = np.array([[30.0, 30.0, 40.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]])
    rhs = np.array([60.0, 1.0, 1.0])
    day = problem(rows, rhs)
    assert day.rows.shape == (2, 3)  # session 2's own row is implied
    value = np.array([5.0, 5.0, 4.0])
    merged = _Merged(day, value)
    # The pair, worth the same, merged; capped at one by the client's row, which then can't
    # be filled: left, the therapist's minutes over two columns.
    assert merged.upper.tolist() == [1.0, 1.0]
    assert merged.rows.shape == (1, 2)
    found = day.solve(value, time.perf_counter() + FAR, {})
    assert found is not None
    assert found.bound == pytest.approx(plain_maximum(rows, rhs, value)) == 5.0
    assert found.booked.tolist() == [1.0, 0.0, 0.0]  # the first of the pair
    # Worth different amounts, they stay apart.
    assert len(_Merged(day, np.array([3.0, 5.0, 4.0])).groups) == 3


def test_identical_rows_keep_one():
    rows = csr_matrix(np.array([[1.0, 1.0], [1.0, 1.0], [1.0, 0.0]]))
    kept, rhs = _without_implied(rows, np.array([1.0, 1.0, 5.0]))
    assert kept.toarray().tolist() == [[1.0, 1.0]]
    assert rhs.tolist() == [1.0]


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    data=st.data(),
    n=st.integers(2, 7),
    m=st.integers(1, 4),
)
def test_never_below_the_maximum_of_the_problem_as_it_was(data, n, m):
    coefficient = st.sampled_from([0.0, 1.0, 1.0, 2.0, 5.0])
    rows = np.array([[data.draw(coefficient) for _ in range(n)] for _ in range(m)])
    # Some columns repeated: the parallel columns the merge looks for.
    for j in range(1, n):
        if data.draw(st.booleans()):
            rows[:, j] = rows[:, j - 1]
    rhs = np.array([float(data.draw(st.integers(0, 6))) for _ in range(m)])
    value = np.array([float(data.draw(st.integers(-2, 9))) for _ in range(n)])
    found = problem(rows, rhs).solve(value, time.perf_counter() + FAR, {})
    assert found is not None
    best = plain_maximum(rows, rhs, value)
    assert found.bound == pytest.approx(best, abs=1e-6)
    # The booking handed back keeps the original rows.
    assert np.all(rows @ found.booked <= rhs + 1e-6)
    assert set(found.booked.tolist()) <= {0.0, 1.0}


def test_a_wards_equal_days_are_solved_once():
    ward = build_ward(patients=30, therapists=2, days=7, demand=1.85, seed=2)
    split = DaySplit(system_of(ward))
    assert len(split.day_problems) == 5
    found = split.evaluate(np.zeros(split.link_matrix.shape[0]), time.perf_counter() + FAR)
    assert found is not None
    assert len(split._solved) == 1
