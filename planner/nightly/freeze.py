"""Which sessions of the published plan a nightly re-plan keeps, and the scenario it then solves.

The rules, in order:

- Sessions of the published plan outside the scenario's horizon are history of another horizon:
  neither kept nor re-planned.
- Sessions starting before ``now`` have happened (or are under way). Inside the horizon they are
  kept as pins, so the plan still shows them and later sessions keep their gaps to them. A
  shift removed afterwards does not undo them: the time they took counts as worked.
- Sessions starting in ``[now, now + freeze)`` are kept exactly: staff and clients were told.
- A session that can't be kept (its course, therapist or room is gone, its length changed, it
  now breaks a hard rule, or an earlier session of its course is not kept) is reported and left
  to the solver like any other.
- Nothing new is booked before the end of the freeze window: each therapist's shifts before then
  shrink to the kept and pinned sessions. Everything else is re-planned with the published plan
  as reference, so moving a session costs ``weights.stability``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from planner.check import check_sessions
from planner.plan import Plan, PlannedSession
from planner.plan.pinned_sessions import pinned_sessions
from planner.scenario.types import Pin, Scenario, Shift

SessionKey = tuple[str, int]


@dataclass(frozen=True)
class NotFrozen:
    """A published session that should have been kept but can't be, and why (ids only)."""

    course_id: str
    session: int
    reason: str

    def __str__(self) -> str:
        return f"{self.course_id} session {self.session}: {self.reason}"


@dataclass(frozen=True)
class Freeze:
    """What a nightly run keeps of the published plan.

    ``now`` and ``until`` are axis minutes (the freeze window is ``[now, until)``); ``kept``
    are the published sessions turned into pins, ``past`` of them started before ``now``;
    ``reference`` is the published plan as the solver's reference: its sessions inside the
    horizon whose course, therapist and room still exist; ``worked`` are shifts added for
    sessions that already began outside every shift of their therapist (a shift removed after
    the fact).
    """

    now: int
    until: int
    kept: tuple[PlannedSession, ...]
    past: int
    not_frozen: tuple[NotFrozen, ...]
    reference: Plan
    worked: tuple[Shift, ...] = ()


def in_horizon(scenario: Scenario, sessions: Iterable[PlannedSession]) -> list[PlannedSession]:
    """The sessions that lie wholly inside ``scenario``'s horizon (the rest is another week's)."""
    horizon = scenario.settings.horizon_minutes
    return [s for s in sessions if s.start >= 0 and s.end <= horizon]


def _unusable(scenario: Scenario, s: PlannedSession) -> str | None:
    """Why ``s`` can't be pinned as published in ``scenario``, or None."""
    course = scenario.course_by_id.get(s.course_id)
    if course is None:
        return "the course no longer exists"
    if s.therapist_id not in scenario.therapist_by_id:
        return f"therapist {s.therapist_id} no longer exists"
    if s.room_id not in scenario.room_by_id:
        return f"room {s.room_id} no longer exists"
    if course.client_id != s.client_id or course.treatment_id != s.treatment_id:
        return "the course now books another client or treatment"
    if s.session > course.sessions:
        return f"the course now has {course.sessions} session(s)"
    length = scenario.session_length(course, s.session)
    if s.end - s.start != length:
        return f"the session now lasts {length} min, not {s.end - s.start}"
    return None


def _worked(scenario: Scenario, begun: Iterable[PlannedSession]) -> tuple[Shift, ...]:
    """A shift for each session that began outside every shift of its therapist."""
    shifts = scenario.shifts_by_therapist
    return tuple(
        Shift(s.therapist_id, s.start, s.end)
        for s in begun
        if not any(h.start <= s.start and s.end <= h.end for h in shifts.get(s.therapist_id, ()))
    )


def _as_pin(s: PlannedSession) -> Pin:
    return Pin(s.course_id, s.session, s.therapist_id, s.room_id, s.start)


def _rule_breakers(
    scenario: Scenario, candidates: dict[SessionKey, PlannedSession]
) -> dict[SessionKey, str]:
    """Candidates involved in a hard-rule violation, with the rule's number."""
    own = pinned_sessions(scenario, scenario.pins)
    trial = replace(scenario, pins=scenario.pins + tuple(map(_as_pin, candidates.values())))
    found: dict[SessionKey, str] = {}
    for violation in check_sessions(trial, [*own, *candidates.values()], partial=True):
        for key in violation.sessions:
            if key in candidates:
                found.setdefault(key, f"it would break hard rule {violation.rule}")
    return found


def _not_prefix(
    scenario: Scenario, candidates: dict[SessionKey, PlannedSession]
) -> dict[SessionKey, str]:
    """Candidates whose course has an earlier session that is neither kept nor pinned."""
    found: dict[SessionKey, str] = {}
    for course_id, number in candidates:
        pinned = scenario.pins_by_course.get(course_id, {})
        for earlier in range(1, number):
            if (course_id, earlier) not in candidates and earlier not in pinned:
                found[(course_id, number)] = f"session {earlier} of its course is not kept"
                break
    return found


def freeze_plan(
    scenario: Scenario, published: Sequence[PlannedSession], now: int, until: int
) -> Freeze:
    """Decide which published sessions stay as they are (see the module's rules).

    Parameters
    ----------
    scenario
        The scenario as loaded now (its own pins included).
    published
        The last published plan, on ``scenario``'s time axis.
    now, until
        The freeze window ``[now, until)`` in axis minutes.
    """
    inside = in_horizon(scenario, published)
    not_frozen: list[NotFrozen] = []
    candidates: dict[SessionKey, PlannedSession] = {}
    for s in sorted(inside, key=Plan.sort_key):
        if s.start >= until:
            continue
        key = (s.course_id, s.session)
        own = scenario.pins_by_course.get(s.course_id, {}).get(s.session)
        if own is not None:
            # pinned.csv is the manager's word: it wins over the published plan.
            if (own.therapist_id, own.room_id, own.start) != (s.therapist_id, s.room_id, s.start):
                not_frozen.append(NotFrozen(*key, "pinned.csv now books it differently"))
            continue
        reason = _unusable(scenario, s)
        if reason is None:
            candidates[key] = s
        else:
            not_frozen.append(NotFrozen(*key, reason))
    # What already began was worked, whatever the shifts say now.
    worked = _worked(scenario, (s for s in candidates.values() if s.start < now))
    with_worked = replace(scenario, shifts=scenario.shifts + worked)
    # Dropping one session can free another of a violation, or break a course's prefix:
    # repeat until the kept set is consistent.
    while dropped := _rule_breakers(with_worked, candidates) or _not_prefix(scenario, candidates):
        for key, reason in dropped.items():
            not_frozen.append(NotFrozen(*key, reason))
            del candidates[key]
    kept = tuple(sorted(candidates.values(), key=Plan.sort_key))
    reference = Plan(tuple(s for s in inside if _unusable(scenario, s) is None))
    return Freeze(
        now=now,
        until=until,
        kept=kept,
        past=sum(1 for s in kept if s.start < now),
        not_frozen=tuple(sorted(not_frozen, key=lambda n: (n.course_id, n.session))),
        reference=reference,
        worked=tuple(w for w in worked if (w.therapist_id, w.start, w.end) in _spans(kept)),
    )


def _spans(sessions: Iterable[PlannedSession]) -> set[tuple[str, int, int]]:
    return {(s.therapist_id, s.start, s.end) for s in sessions}


def _merged(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _shrunk_shifts(scenario: Scenario, until: int) -> tuple[Shift, ...]:
    """Shifts with the time before ``until`` cut down to the pinned sessions in it.

    Every minute before ``until`` left in a shift lies under a pinned session, so a new session
    placed there would overlap it: nothing new can start before ``until``.
    """
    busy: dict[str, list[tuple[int, int]]] = {}
    for s in pinned_sessions(scenario, scenario.pins):
        busy.setdefault(s.therapist_id, []).append((s.start, s.end))
    shifts: list[Shift] = []
    for shift in scenario.shifts:
        if shift.start >= until:
            shifts.append(shift)
            continue
        pieces = [
            (start, end)
            for start, end in busy.get(shift.therapist_id, [])
            if shift.start <= start and end <= shift.end
        ]
        if shift.end > until:
            pieces.append((until, shift.end))
        shifts.extend(Shift(shift.therapist_id, a, b) for a, b in _merged(pieces))
    return tuple(shifts)


def frozen_scenario(scenario: Scenario, freeze: Freeze) -> tuple[Scenario, Scenario]:
    """The scenarios of a nightly run: ``(to_solve, to_check)``.

    ``to_check`` is the scenario with the kept sessions added to its pins: the plan must keep
    every hard rule of it, and it is what outputs and the archive are written with.
    ``to_solve`` also has the shifts cut so that nothing new starts before ``freeze.until``.
    """
    to_check = replace(
        scenario,
        pins=scenario.pins + tuple(map(_as_pin, freeze.kept)),
        shifts=scenario.shifts + freeze.worked,
    )
    to_solve = replace(to_check, shifts=_shrunk_shifts(to_check, freeze.until))
    return to_solve, to_check
