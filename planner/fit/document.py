"""The front desk's answer as data: what ``planner fit --json`` prints and a front end shows.

One document per request: the new course's id, its options best first (each with its sessions,
the published sessions it moves and the penalty it adds by the contract's score), the search's
time and, when no complete booking fits, the reason (which names no health condition). Times are
the contract's ``YYYY-MM-DDTHH:MM``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from planner.fit import FitResult, plan_with
from planner.fit.moves import Move
from planner.fit.search import Placement
from planner.plan import PlannedSession
from planner.plan.score import score
from planner.scenario.timeaxis import format_datetime


def _placement(start: date, p: Placement) -> dict[str, Any]:
    return {
        "session": p.session,
        "therapist_id": p.therapist_id,
        "room_id": p.room_id,
        "start": format_datetime(start, p.start),
        "end": format_datetime(start, p.end),
    }


def _move(start: date, m: Move) -> dict[str, Any]:
    return {
        "course_id": m.course_id,
        "session": m.session,
        "from": {
            "therapist_id": m.therapist_id,
            "room_id": m.room_id,
            "start": format_datetime(start, m.start),
        },
        "to": {
            "therapist_id": m.to_therapist_id,
            "room_id": m.to_room_id,
            "start": format_datetime(start, m.to_start),
        },
    }


def option_document(result: FitResult, rank: int, delta: int) -> dict[str, Any]:
    """Option ``rank`` (1 = best) of ``result`` as a JSON-ready dict.

    Parameters
    ----------
    result
        What :func:`planner.fit.fit_course` found.
    rank
        The option's rank, 1 for the best.
    delta
        The penalty the option adds to the published plan (:func:`planner.fit.plan_with`).

    Returns
    -------
    dict
        ``rank``, ``complete``, ``penalty_delta``, ``sessions`` (session, therapist_id,
        room_id, start, end) and ``moves`` (course_id, session, ``from`` and ``to``).
    """
    start = result.scenario.settings.start
    option = result.options[rank - 1]
    return {
        "rank": rank,
        "complete": option.complete,
        "penalty_delta": delta,
        "sessions": [_placement(start, p) for p in option.placements],
        "moves": [_move(start, m) for m in result.moves.get(rank, ())],
    }


def fit_document(result: FitResult, sessions: Sequence[PlannedSession], top: int) -> dict[str, Any]:
    """The answer to a fit request: at most ``top`` options of ``result``, each checked.

    Parameters
    ----------
    result
        What :func:`planner.fit.fit_course` found.
    sessions
        The published plan the options were fitted into.
    top
        How many options to list at most.

    Returns
    -------
    dict
        ``course_id``, ``options`` (see :func:`option_document`), ``seconds`` (rounded to
        the millisecond) and ``reason`` when no complete booking fits.

    Raises
    ------
    RuntimeError
        If an option breaks a hard rule (a defect; see :func:`planner.fit.plan_with`).
    """
    ranks = range(1, min(top, len(result.options)) + 1)
    before = score(result.scenario, sessions).penalty if ranks else 0
    options = [
        option_document(result, rank, plan_with(result, sessions, rank, before)[2])
        for rank in ranks
    ]
    document: dict[str, Any] = {
        "course_id": result.course.id,
        "options": options,
        "seconds": round(result.seconds, 3),
    }
    if result.reason:
        document["reason"] = result.reason
    return document


def options_found(count: int) -> str:
    """How many options were found, in words, for a ``--choose`` beyond them."""
    if count == 0:
        return "no option fits"
    return "only 1 option fits" if count == 1 else f"only {count} options fit"


__all__ = ["fit_document", "option_document", "options_found"]
