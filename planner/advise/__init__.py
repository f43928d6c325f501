"""The manager's question: which one change would book the most of what we had to turn away?

:func:`advise` proposes changes a manager can make (:mod:`planner.advise.candidates`), estimates
each by booking the unscheduled courses greedily into the published plan with the change made (the
model's course booker against the booking state, every published session kept), ranks them by
the value of the sessions they would book, and verifies the best ones by re-solving the whole
scenario with the change. The verified gain is measured against the better of the published
plan and a re-solve without any change under the same budget, so a solver that merely found a
better plan is not credited to the change.
"""

from __future__ import annotations

import threading
import time
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import tomli_w

from planner.advise.candidates import Candidate, candidates
from planner.fit import booked_state
from planner.model import CandidateBuilder, CourseBooker
from planner.plan import Plan, PlannedSession, UnscheduledSession
from planner.plan.advice import ADVICE_COLUMNS
from planner.plan.score import scheduled_value
from planner.scenario.types import Pin, Scenario
from planner.whatif import apply_variant, parse_variants

ADVICE_TOML = "advice.toml"
ADVICE_CSV = "advice.csv"


@dataclass(frozen=True)
class Advice:
    """One change, estimated and (for the best ones) verified by a re-solve."""

    candidate: Candidate
    estimated_gain: int
    verified_gain: int | None = None
    booked: tuple[tuple[str, int], ...] = ()
    seconds: float = 0.0


def variants_text(tables: dict[str, dict[str, object]]) -> str:
    """A variants file holding ``tables`` (variant name -> table)."""
    return tomli_w.dumps({"variants": tables})


def _scenarios(base: Scenario, found: Sequence[Candidate]) -> dict[str, Scenario]:
    """Each candidate's scenario, made by the what-if machinery from its variant table, so the
    change estimated is exactly the one ``advice.toml`` names."""
    text = variants_text({c.name: c.table for c in found})
    variants = parse_variants(text, ADVICE_TOML, Path("."))
    return {v.name: apply_variant(base, v).scenario for v in variants}


def estimate_gain(
    scenario: Scenario, sessions: Sequence[PlannedSession], courses: Sequence[str]
) -> int:
    """Value of the sessions of ``courses`` that the course booker adds to ``sessions`` in
    ``scenario`` (every session of ``sessions`` kept as it is), most valuable courses first."""
    own = {key for key in ((s.course_id, s.session) for s in sessions) if key[0] in courses}
    pins = tuple(
        Pin(s.course_id, s.session, s.therapist_id, s.room_id, s.start)
        for s in sessions
        if (s.course_id, s.session) in own
    )
    pinned = replace(scenario, pins=pins)
    state = booked_state(pinned, sessions)
    builder = CandidateBuilder(pinned)
    booker = CourseBooker(state)
    before = state.value
    ordered = sorted(courses, key=lambda c: (-pinned.course_by_id[c].priority, c))
    for course_id in ordered:
        booker.book(builder.course_specs(pinned.course_by_id[course_id]))
    return state.value - before


def rank_changes(
    base: Scenario, sessions: Sequence[PlannedSession], unscheduled: Sequence[UnscheduledSession]
) -> list[Advice]:
    """Every candidate change with a positive estimated gain, best first (gain, then cost)."""
    found = candidates(base, list(unscheduled))
    scenarios = _scenarios(base, found)
    courses = sorted({u.course_id for u in unscheduled})
    estimated = [Advice(c, estimate_gain(scenarios[c.name], sessions, courses)) for c in found]
    helpful = [a for a in estimated if a.estimated_gain > 0]
    return sorted(
        helpful, key=lambda a: (-a.estimated_gain, a.candidate.cost_minutes, a.candidate.name)
    )


def verify(
    base: Scenario,
    sessions: Sequence[PlannedSession],
    ranked: Sequence[Advice],
    top: int,
    time_limit: float,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> list[Advice]:
    """The ``top`` best of ``ranked``, each re-solved with its change (``time_limit`` seconds).

    Setting ``stop`` ends the re-solve under way (with its best plan so far) and skips the
    ones not yet started: the changes verified until then are returned.
    """
    # Imported here: ranking needs no CP-SAT, verifying does.
    from planner.isolated import solve
    from planner.model import SolveOptions

    options = SolveOptions(
        time_limit=time_limit, workers=workers, reference=Plan(tuple(sessions)), stop=stop
    )
    without = solve(base, options).scheduled_value
    floor = max(scheduled_value(base, sessions), without)
    published = {(s.course_id, s.session) for s in sessions}
    scenarios = _scenarios(base, [a.candidate for a in ranked[:top]])
    out = []
    for advice in ranked[:top]:
        if stop is not None and stop.is_set():
            break
        started = time.perf_counter()
        result = solve(scenarios[advice.candidate.name], options)
        booked = sorted({(s.course_id, s.session) for s in result.plan.sessions} - published)
        out.append(
            replace(
                advice,
                verified_gain=result.scheduled_value - floor,
                booked=tuple(booked),
                seconds=time.perf_counter() - started,
            )
        )
    return sorted(out, key=lambda a: (-(a.verified_gain or 0), -a.estimated_gain, a.candidate.name))


def advise(
    base: Scenario,
    sessions: Sequence[PlannedSession],
    unscheduled: Sequence[UnscheduledSession],
    top: int = 3,
    time_limit: float = 10.0,
    workers: int = 2,
    stop: threading.Event | None = None,
) -> tuple[list[Advice], int]:
    """The ``top`` changes that would book the most of ``unscheduled``, verified by re-solving.

    Parameters
    ----------
    base
        The scenario the plan was made for.
    sessions
        The published plan.
    unscheduled
        Its unscheduled sessions (``unscheduled.csv``); only their courses are considered.
    top
        How many of the best estimates to verify.
    time_limit
        Seconds of each re-solve.
    workers
        CP-SAT workers of each re-solve.
    stop
        Set to end the verifying early: the changes verified so far are returned.

    Returns
    -------
    tuple[list[Advice], int]
        The verified advice, best verified gain first, and how many changes were estimated.
    """
    ranked = rank_changes(base, sessions, unscheduled)
    return verify(base, sessions, ranked, top, time_limit, workers, stop), len(ranked)


def write_advice(folder: Path, advice: Sequence[Advice]) -> None:
    """``advice.toml`` (a variants file ``planner whatif`` runs unchanged) and ``advice.csv``
    (:data:`planner.plan.advice.ADVICE_COLUMNS`, read back by :mod:`planner.plan.advice`)."""
    import csv

    tables = {a.candidate.name: a.candidate.table for a in advice}
    text = variants_text(tables)
    tomllib.loads(text)  # what we write must read back
    (folder / ADVICE_TOML).write_text(text, encoding="utf-8")
    with (folder / ADVICE_CSV).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(ADVICE_COLUMNS)
        for rank, a in enumerate(advice, start=1):
            writer.writerow([
                rank, a.candidate.name, a.candidate.kind, a.candidate.description,
                a.estimated_gain, "" if a.verified_gain is None else a.verified_gain,
                len(a.booked), a.candidate.cost_minutes,
                ";".join(f"{c}#{n}" for c, n in a.booked),
            ])  # fmt: skip


__all__ = ["ADVICE_CSV", "ADVICE_TOML", "Advice", "advise", "estimate_gain", "rank_changes",
           "verify", "write_advice"]  # fmt: skip
