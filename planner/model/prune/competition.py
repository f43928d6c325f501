"""Which courses compete for the same therapist-days: the courses a search takes out and books
again together, so that one of them can make room for another.

Course ``b`` competes with course ``a`` as much as ``a``'s sessions could use therapist-days
that ``b``'s sessions could use too: the sum, over ``a``'s sessions and each of their
(therapist, day) choices, of whether ``b`` could use that therapist-day. As matrices: ``W``
(course x therapist-day, how many of the course's sessions could use it) and ``U`` (the same,
1 where any could), and the competition with ``a`` is ``U @ W[a]`` (one sparse product instead
of a count over every session's every user).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import csr_matrix

from planner.model.prune.session_specs import SessionSpec, TherapistDay


class Competition:
    """The courses that compete with each course (see the module).

    Parameters
    ----------
    specs
        Each course's sessions, by course id.
    course_ids
        The courses to rank (courses with no session to book left out).
    """

    def __init__(self, specs: dict[str, list[SessionSpec]], course_ids: Sequence[str]) -> None:
        self.course_ids = list(course_ids)
        self.index = {course_id: i for i, course_id in enumerate(self.course_ids)}
        keys: dict[TherapistDay, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        counts: list[float] = []
        for i, course_id in enumerate(self.course_ids):
            uses: dict[int, int] = {}
            for spec in specs[course_id]:
                for key in spec.candidates:
                    k = keys.setdefault(key, len(keys))
                    uses[k] = uses.get(k, 0) + 1
            for k, n in sorted(uses.items()):
                rows.append(i)
                cols.append(k)
                counts.append(float(n))
        shape = (len(self.course_ids), len(keys))
        self._weights = csr_matrix((counts, (rows, cols)), shape=shape)
        self._uses = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=shape)
        self._users = np.asarray(self._uses.sum(axis=0)).ravel()

    def ranked(self, course_id: str, most: int) -> tuple[list[str], int]:
        """The (at most ``most``) courses competing most with ``course_id``, most first (ties
        by id), itself left out; and the (course, session choice) pairs counted, the work the
        ranking stands for (a deterministic measure of its cost)."""
        row = self._weights.getrow(self.index[course_id])
        shared = np.asarray((self._uses @ row.T).todense()).ravel()
        counted = int(row.data @ self._users[row.indices])
        shared[self.index[course_id]] = 0.0
        rivals = np.flatnonzero(shared > 0).tolist()
        ids = self.course_ids
        rivals.sort(key=lambda j: (-shared[j], ids[j]))
        return [ids[j] for j in rivals[:most]], counted
