"""What changed between two plans: sessions added, dropped or moved.

Sessions are matched by ``(course_id, session)``, the one thing that stays the same when a
session is re-planned. A session *moved* when its start, therapist or room changed (planner's
one meaning of the word, as in the call list of :mod:`planner.plan.notify`); how it moved is
told apart as ``time``, ``therapist`` and ``room`` (one session may move in several ways).
Plans come from the archive or from ``plan.csv`` files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from planner.archive.records import ArchivedSession, SessionKey
from planner.plan.csvfiles import read_plan_csv
from planner.scenario.errors import Problem
from planner.scenario.types import Scenario, Settings


class Change(StrEnum):
    """One way a session differs between two plans.

    A moved session carries ``MOVED`` and each way it moved (``TIME``, ``THERAPIST``, ``ROOM``).
    """

    ADDED = "added"
    DROPPED = "dropped"
    MOVED = "moved"
    TIME = "time"
    THERAPIST = "therapist"
    ROOM = "room"


# How a moved session moved: the detail of ``moved``, never counted beside it as more moves.
MOVE_KINDS = (Change.TIME, Change.THERAPIST, Change.ROOM)


def changes_text(counts: Mapping[str, int]) -> str:
    """``"added 1, dropped 2, moved 5 (time 3, therapist 2, room 1), unchanged 40"``: counts of
    :meth:`PlanDiff.counts` in words; the ways of moving are the detail of ``moved``."""
    detail = ", ".join(f"{kind.value} {counts.get(kind.value, 0)}" for kind in MOVE_KINDS)
    return (
        f"added {counts.get('added', 0)}, dropped {counts.get('dropped', 0)}, "
        f"moved {counts.get('moved', 0)} ({detail}), unchanged {counts.get('unchanged', 0)}"
    )


@dataclass(frozen=True)
class SessionChange:
    """A session that differs between plan A (``before``) and plan B (``after``)."""

    key: SessionKey
    changes: tuple[Change, ...]
    before: ArchivedSession | None
    after: ArchivedSession | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; the client is not shown (diffs go to staff)."""

        def side(s: ArchivedSession | None) -> dict[str, str] | None:
            if s is None:
                return None
            return {
                "start": s.start,
                "end": s.end,
                "therapist_id": s.therapist_id,
                "room_id": s.room_id,
            }

        return {
            "course_id": self.key[0],
            "session": self.key[1],
            "changes": [c.value for c in self.changes],
            "before": side(self.before),
            "after": side(self.after),
        }


@dataclass(frozen=True)
class PlanDiff:
    """Every difference between plan A and plan B, sorted by course and session."""

    changes: tuple[SessionChange, ...]
    unchanged: int

    def of_kind(self, kind: Change) -> tuple[SessionChange, ...]:
        """The sessions that differ in ``kind``."""
        return tuple(c for c in self.changes if kind in c.changes)

    def counts(self) -> dict[str, int]:
        """How many sessions were added, dropped, moved (and moved in time, to another therapist,
        to another room: the detail of ``moved``), and how many are the same."""
        found = {kind.value: len(self.of_kind(kind)) for kind in Change}
        found["unchanged"] = self.unchanged
        return found

    def text(self) -> str:
        """The counts in words (:func:`changes_text`)."""
        return changes_text(self.counts())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the counts and every changed session."""
        return {"counts": self.counts(), "changes": [c.to_dict() for c in self.changes]}


class PlanReadError(Exception):
    """A plan to compare can't be read; ``problems`` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def _by_key(sessions: Iterable[ArchivedSession], name: str) -> dict[SessionKey, ArchivedSession]:
    found: dict[SessionKey, ArchivedSession] = {}
    for s in sessions:
        if s.key in found:
            message = f"session {s.session} of course {s.course_id} appears more than once"
            raise PlanReadError([Problem(name, None, "session", message)])
        found[s.key] = s
    return found


def _differences(before: ArchivedSession, after: ArchivedSession) -> tuple[Change, ...]:
    # A changed end alone (a longer session at the same start) is not a move: nobody must be
    # told a new time, therapist or room.
    changes = []
    if before.start != after.start:
        changes.append(Change.TIME)
    if before.therapist_id != after.therapist_id:
        changes.append(Change.THERAPIST)
    if before.room_id != after.room_id:
        changes.append(Change.ROOM)
    return (Change.MOVED, *changes) if changes else ()


def diff_plans(
    before: Sequence[ArchivedSession],
    after: Sequence[ArchivedSession],
    *,
    names: tuple[str, str] = ("plan A", "plan B"),
) -> PlanDiff:
    """Compare plan A (``before``) with plan B (``after``).

    Parameters
    ----------
    before, after
        The scheduled sessions of each plan.
    names
        How to call the two plans in error messages.

    Raises
    ------
    PlanReadError
        If a plan books one session twice (it can't be matched).
    """
    old = _by_key(before, names[0])
    new = _by_key(after, names[1])
    changes: list[SessionChange] = []
    unchanged = 0
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        if a is None:
            changes.append(SessionChange(key, (Change.ADDED,), None, b))
        elif b is None:
            changes.append(SessionChange(key, (Change.DROPPED,), a, None))
        elif found := _differences(a, b):
            changes.append(SessionChange(key, found, a, b))
        else:
            unchanged += 1
    return PlanDiff(tuple(changes), unchanged)


# Any horizon start works to read a plan file on its own: the date-times are parsed onto this
# axis and written back unchanged. The scenario is empty, so the file's ids are not judged.
_ANCHOR = date(2000, 1, 3)


def read_plan_file(path: Path | str) -> list[ArchivedSession]:
    """The sessions of a ``plan.csv``, read with the contract's plan reader.

    Parameters
    ----------
    path
        A ``plan.csv``, without its scenario.

    Returns
    -------
    list[ArchivedSession]
        The sessions in the file's order, their dates and times as the contract writes them.

    Raises
    ------
    PlanReadError
        If the file can't be read; the problems name file, row and column.
    """
    anchor = Scenario(
        settings=Settings(start=_ANCHOR),
        therapists=(),
        shifts=(),
        rooms=(),
        treatments=(),
        clients=(),
        courses=(),
    )
    sessions, problems = read_plan_csv(path, anchor)
    if problems:
        raise PlanReadError(problems)
    return [ArchivedSession.of(_ANCHOR, s) for s in sessions]
