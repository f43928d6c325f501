"""One measurement in a fresh process: ``probe`` (model size, baseline) or ``solve`` (one solve).

The runner starts this module as a subprocess per measurement, so that peak memory and crashes
belong to that measurement alone. It writes its findings as JSON to ``--out``; anything it
doesn't write the runner reports as a crash.

    python -m benchmarks.worker probe SCENARIO_FOLDER --out probe.json
    python -m benchmarks.worker solve SCENARIO_FOLDER --limit 10 --workers 2 --seed 0 --out r.json
    python -m benchmarks.worker portfolio SCENARIO_FOLDER --limit 30 --max-size 60000 --out r.json

The peers of :mod:`benchmarks.peers` are modes too (``greedy``, ``plain``, ``portfolio``,
``planner``, ``planner-det``, and a ward's exact ``optimum``): see :mod:`benchmarks.peer_modes`.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planner.check import check_sessions, load_checked_scenario
from planner.plan import PlannedSession
from planner.plan.publish import publish_file
from planner.plan.score import score
from planner.scenario import Scenario

# Enough violations to see what went wrong without flooding the report.
VIOLATIONS_KEPT = 5
# Time the probe gives the solver's first plan (only spas with pins may use any of it).
PROBE_START_SECONDS = 60.0


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MiB."""
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _load(folder: Path) -> tuple[Scenario, float]:
    started = time.perf_counter()
    scenario, _warnings = load_checked_scenario(folder)
    return scenario, time.perf_counter() - started


def plan_check(scenario: Scenario, sessions: Sequence[PlannedSession]) -> dict[str, Any]:
    """The independent checker's verdict and score of ``sessions`` (never the model's own)."""
    violations = check_sessions(scenario, sessions)
    plan_score = score(scenario, sessions)
    return {
        "valid": not violations,
        "violations": len(violations),
        "violation_examples": [str(v) for v in violations[:VIOLATIONS_KEPT]],
        "checked_value": plan_score.scheduled_value,
        "checked_penalty": plan_score.penalty,
        "sessions_scheduled": len(sessions),
    }


def probe(folder: Path, max_choices: int) -> dict[str, Any]:
    """Model size and build times, and the booking-system baseline, for one scenario.

    Times the solver's own preparation steps one by one: candidate slots, the first plan the
    solver starts from, and the one-piece CP-SAT model over every bookable session.
    That model is skipped above ``max_choices`` (session, therapist-day) choices: the solver
    never builds it there, and it would take many GB.
    """
    from planner.model.cpsat.build import build_model
    from planner.model.first_plan.start import baseline_plan, start_plan
    from planner.model.prune.session_specs import CandidateBuilder, bookable_prefix
    from planner.model.search.budget import Budget

    scenario, load_seconds = _load(folder)
    out: dict[str, Any] = {
        "load_seconds": load_seconds,
        "courses": len(scenario.courses),
        "sessions_total": scenario.sessions_total,
        "pins": len(scenario.pins),
    }

    started = time.perf_counter()
    builder = CandidateBuilder(scenario)
    specs = {c.id: builder.course_specs(c) for c in scenario.courses}
    out["candidates_seconds"] = time.perf_counter() - started
    model_specs = [s for course in specs.values() for s in bookable_prefix(course)]
    out["bookable_sessions"] = len(model_specs)
    out["choices"] = sum(len(s.candidates) for s in model_specs)

    # The baseline: courses by priority, each session at its earliest valid slot.
    started = time.perf_counter()
    baseline = baseline_plan(scenario, specs)
    out["greedy_seconds"] = time.perf_counter() - started
    out["greedy"] = plan_check(scenario, baseline)

    started = time.perf_counter()
    start_plan(scenario, specs, builder.work, Budget(PROBE_START_SECONDS, deterministic=False))
    out["smart_greedy_seconds"] = time.perf_counter() - started

    if out["choices"] > max_choices:
        out["model_skipped"] = f"more than {max_choices} choices"
        out["peak_rss_mb"] = peak_rss_mb()
        return out
    started = time.perf_counter()
    built = build_model(scenario, model_specs, builder.work)
    out["build_seconds"] = time.perf_counter() - started
    proto = built.model.proto
    out["variables"] = len(proto.variables)
    out["constraints"] = len(proto.constraints)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def solve_once(
    folder: Path, limit: float, workers: int, seed: int, deterministic: bool = True
) -> dict[str, Any]:
    """One solve with a time limit; every plan it returns goes through the checker."""
    from planner.model import Progress, SolveOptions, solve

    scenario, load_seconds = _load(folder)
    events: list[dict[str, Any]] = []

    def record(progress: Progress) -> None:
        events.append(
            {
                "elapsed": progress.elapsed,
                "scheduled_value": progress.scheduled_value,
                "penalty": progress.penalty,
                "bound": progress.bound,
            }
        )

    started = time.perf_counter()
    result = solve(
        scenario,
        SolveOptions(
            time_limit=limit,
            workers=workers,
            seed=seed,
            deterministic=deterministic,
            progress=record,
        ),
    )
    wall = time.perf_counter() - started
    return {
        "load_seconds": load_seconds,
        "limit": limit,
        "workers": workers,
        "seed": seed,
        "status": result.status.value,
        "scheduled_value": result.scheduled_value,
        "penalty": result.penalty,
        "bound": result.bound,
        "gap": result.gap,
        "solve_seconds": result.solve_seconds,
        "value_proven_seconds": result.value_proven_seconds,
        "wall_seconds": wall,
        "sessions_total": result.sessions_total,
        "sessions_scheduled": result.sessions_scheduled,
        "first_plan_seconds": events[0]["elapsed"] if events else None,
        "progress_events": len(events),
        "progress": events[:200],
        "check": plan_check(scenario, result.plan.sessions),
        "peak_rss_mb": peak_rss_mb(),
    }


PEER_MODES = ("greedy", "plain", "portfolio", "planner", "planner-det", "optimum")


def _peer(args: argparse.Namespace) -> dict[str, Any]:
    """One peer of the peers benchmark on the scenario folder ``args.scenario``."""
    from benchmarks.peer_modes import MODES, PeerRun

    scenario, load_seconds = _load(args.scenario)
    run = PeerRun(args.limit, args.workers, args.seed, args.max_size)
    return {**MODES[args.mode](scenario, run), "load_seconds": load_seconds}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the subprocess; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    parser.add_argument("mode", choices=("probe", "solve", *PEER_MODES))
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--max-choices", type=int, default=1_000_000)
    parser.add_argument("--no-deterministic", action="store_true")
    parser.add_argument("--max-size", type=int, help="peers: skip a model larger than this")
    args = parser.parse_args(argv)
    if args.mode in PEER_MODES:
        data = _peer(args)
    elif args.mode == "probe":
        data = probe(args.scenario, args.max_choices)
    else:
        data = solve_once(
            args.scenario, args.limit, args.workers, args.seed, not args.no_deterministic
        )
    # The runner reads the file once the process ends: it must never find half of it.
    publish_file(args.out, json.dumps(data, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
