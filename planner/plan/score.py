"""The contract's score of a plan: scheduled value first, then the soft-goal penalty.

This is the one definition of "better" that the checker, the reports, the what-if comparison and
the archive use. The optimisation model keeps a penalty count of its own on purpose (it also
counts moves away from a reference plan, which the contract's score does not know).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from planner.plan.types import PlannedSession
from planner.scenario.periods import Intervals
from planner.scenario.types import Scenario

PENALTY_PARTS = ("continuity", "preferred_therapist", "preferred_time")


@dataclass(frozen=True)
class Score:
    """How good a plan is (contract section "Score"); compare with :meth:`key`.

    Parameters
    ----------
    scheduled_value
        Sum of ``priority`` over scheduled sessions; higher is better.
    penalty
        Weighted soft-goal penalty; lower is better. Equals the sum of ``parts``.
    parts
        Weighted penalty per soft goal: ``continuity``, ``preferred_therapist``,
        ``preferred_time``.
    counts
        The same parts unweighted: extra therapists over all courses, sessions not given to
        the preferred therapist, sessions outside preferred times.
    """

    scheduled_value: int
    penalty: int
    parts: Mapping[str, int] = field(default_factory=dict)
    counts: Mapping[str, int] = field(default_factory=dict)

    def key(self) -> tuple[int, int]:
        """Sort key where larger is better: ``(scheduled_value, -penalty)``."""
        return (self.scheduled_value, -self.penalty)


def known_sessions(scenario: Scenario, sessions: Iterable[PlannedSession]) -> list[PlannedSession]:
    """``sessions`` of courses the scenario knows, each ``(course, session)`` once (first wins).

    What the score counts: the checker reports unknown courses and sessions booked twice.
    """
    unique: dict[tuple[str, int], PlannedSession] = {}
    for s in sessions:
        if s.course_id in scenario.course_by_id:
            unique.setdefault((s.course_id, s.session), s)
    return list(unique.values())


def scheduled_value(scenario: Scenario, sessions: Iterable[PlannedSession]) -> int:
    """The value of a set of sessions: the sum of their courses' ``priority``.

    Sessions of unknown courses add nothing and a session booked twice counts once, so the value
    of any plan, valid or not, is well defined.
    """
    return sum(
        scenario.course_by_id[s.course_id].priority for s in known_sessions(scenario, sessions)
    )


def optimality_gap(value: int, bound: int | None) -> float | None:
    """Relative gap of a scheduled ``value`` to its proven ``bound``: 0.0 = proven best.

    Parameters
    ----------
    value
        A plan's scheduled value.
    bound
        A proven upper bound on the scheduled value, or None.

    Returns
    -------
    float or None
        ``(bound - value) / bound``, never below 0.0; None without a bound; 0.0 for a bound
        of 0 or below (nothing can be gained).
    """
    if bound is None:
        return None
    if bound <= 0:
        return 0.0
    return max(0.0, (bound - value) / bound)


def score(scenario: Scenario, sessions: Sequence[PlannedSession]) -> Score:
    """Score ``sessions`` exactly as the contract defines it.

    Sessions of unknown courses add nothing (the checker reports them); a session booked
    twice counts once towards ``scheduled_value``.

    Parameters
    ----------
    scenario
        The scenario the plan is for.
    sessions
        A plan, valid or not.

    Returns
    -------
    Score
        The scheduled value, the weighted penalty and its parts by soft goal.
    """
    known = known_sessions(scenario, sessions)
    value = scheduled_value(scenario, known)

    therapists: dict[str, set[str]] = defaultdict(set)
    for s in known:
        therapists[s.course_id].add(s.therapist_id)
    continuity = sum(len(ids) - 1 for ids in therapists.values())

    not_preferred = 0
    for s in known:
        wanted = scenario.course_by_id[s.course_id].preferred_therapist
        # A preference naming no therapist of this spa is ignored (the loader warns).
        if wanted in scenario.therapist_by_id and s.therapist_id != wanted:
            not_preferred += 1

    preferred_rows = {
        client_id: Intervals([(a.start, a.end) for a in rows if a.preferred])
        for client_id, rows in scenario.availability_by_client.items()
        if any(a.preferred for a in rows)
    }
    off_time = 0
    for s in known:
        index = preferred_rows.get(scenario.course_by_id[s.course_id].client_id)
        if index is not None and not index.contains(s.start, s.end):
            off_time += 1

    weights = scenario.settings.weights
    counts = {
        "continuity": continuity,
        "preferred_therapist": not_preferred,
        "preferred_time": off_time,
    }
    parts = {
        "continuity": weights.continuity * continuity,
        "preferred_therapist": weights.preferred_therapist * not_preferred,
        "preferred_time": weights.preferred_time * off_time,
    }
    return Score(value, sum(parts.values()), parts, counts)
