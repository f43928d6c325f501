"""The front desk's fit, cold and warm: ``planner.fit.fit_course`` against ``FitContext.fit``.

For each size of :mod:`benchmarks.scenarios` (by default the peers benchmark's one-week city spa
and four-week resort) the generated spa is solved once (the published plan, cached beside the
scenario), then the same varied requests (clients known and new, treatments, 1 to 8 sessions,
windows, clocks, gaps, preferred therapists; seeded) are fitted twice: one-shot as ``planner
fit`` does (:func:`~planner.fit.fit_course`) and against one warm
:class:`~planner.fit.FitContext`, as a server that keeps the spa loaded does. Both must give the
same answer to every request; the run stops otherwise. Requests the spa refuses (a window that
ends before the clock, ...) are left out of the times. CPU seconds beside the wall clock show
what a loaded machine took away.

    python -m benchmarks.fit_warm --sizes city,four --requests 30
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

from benchmarks.scenarios import CACHE, Size, parse_sizes, scenario_folder
from planner.check import check_sessions, load_checked_scenario
from planner.fit import FitContext, FitRequest, FitResult, RequestError, fit_course
from planner.model import SolveOptions
from planner.plan import PlannedSession
from planner.plan.folder import read_plan_folder, write_outputs
from planner.scenario.timeaxis import format_datetime
from planner.scenario.types import Scenario
from planner.solving import solve_checked


def published_plan(size: Size, scenario: Scenario, limit: float) -> list[PlannedSession]:
    """The plan to fit into: a solve of ``limit`` seconds, cached beside the scenario."""
    folder = CACHE / "plans" / f"{size.folder_name()}-l{limit:g}"
    if not (folder / "plan.csv").is_file():
        result = solve_checked(scenario, SolveOptions(time_limit=limit, workers=1))
        write_outputs(folder, scenario, result)
    bundle, _ = read_plan_folder(folder, scenario)
    return list(bundle.sessions)


def requests(scenario: Scenario, count: int, seed: int) -> list[tuple[FitRequest, int]]:
    """``count`` varied requests and their ``top`` (the same for the same seed)."""
    rng = random.Random(seed)
    settings = scenario.settings
    treatments = sorted(t.id for t in scenario.treatments)
    therapists = sorted(t.id for t in scenario.therapists)
    clients = sorted(c.id for c in scenario.clients)
    out = []
    for i in range(count):
        day = rng.randrange(0, max(1, settings.days - 2))
        new = rng.random() >= 0.7
        gaps = rng.random() < 0.3
        available = ("mon-fri 17:00-21:00", "sat,sun 10:00-14:00", "mon,wed,fri 09:00-13:00")
        end_day = min(settings.days, day + 1 + rng.randrange(3, 20))
        request = FitRequest(
            client_id=f"new{i}" if new else rng.choice(clients),
            treatment_id=rng.choice(treatments),
            sessions=rng.choice([1, 2, 3, 4, 5, 6, 8]),
            available=(rng.choice(available),) if new and rng.random() < 0.5 else (),
            now=format_datetime(settings.start, day * 1440 + 480) if rng.random() < 0.5 else None,
            earliest=format_datetime(settings.start, (day + 1) * 1440 + 540)
            if rng.random() < 0.3
            else None,
            latest=format_datetime(settings.start, end_day * 1440) if rng.random() < 0.3 else None,
            preferred_therapist=rng.choice(therapists) if rng.random() < 0.3 else None,
            min_gap_hours=rng.choice([0, 12, 24]) if gaps else None,
            max_gap_hours=rng.choice([None, 48, 96, 168]) if gaps else None,
            needs_assessment=rng.random() < 0.5,
        )
        out.append((request, rng.choice([1, 3, 5])))
    return out


def _answer(result: FitResult) -> tuple[object, ...]:
    return (result.course, result.options, result.reason, result.exhausted, result.moves)


def _fits(
    fit: Callable[[FitRequest, int], FitResult], asked: list[tuple[FitRequest, int]]
) -> tuple[list[object], list[float], list[float]]:
    """Each request's answer (None if refused), and the wall and CPU seconds of the answered."""
    answers: list[object] = []
    wall: list[float] = []
    cpu: list[float] = []
    for request, top in asked:
        started, used = time.perf_counter(), time.process_time()
        try:
            answers.append(_answer(fit(request, top)))
        except RequestError:
            answers.append(None)
            continue
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return answers, wall, cpu


def _timed(size: Size, requests_: int, limit: float, seed: int) -> str:
    scenario, _ = load_checked_scenario(scenario_folder(size))
    sessions = published_plan(size, scenario, limit)
    assert not check_sessions(scenario, sessions)
    asked = requests(scenario, requests_, seed)
    cold_answers, cold, cold_cpu = _fits(
        lambda request, top: fit_course(scenario, sessions, request, top), asked
    )
    started = time.perf_counter()
    context = FitContext(scenario, sessions)
    build = time.perf_counter() - started
    warm_answers, warm, warm_cpu = _fits(context.fit, asked)
    if warm_answers != cold_answers:
        raise SystemExit(f"{size.name}: a warm fit differs from the cold one")
    exhausted = sum(1 for a in warm_answers if isinstance(a, tuple) and a[3])
    return (
        f"| {size.name} | {scenario.sessions_total} | {len(sessions)} | {len(warm)} | "
        f"{_stats(cold)} | {_median(cold_cpu)} | {build:.2f} | {_stats(warm)} | "
        f"{_median(warm_cpu)} | {exhausted} |"
    )


def _median(times: list[float]) -> str:
    return f"{statistics.median(times):.3f}"


def _stats(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.3f} | {p95:.3f} | {ordered[-1]:.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="city,four")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--limit", type=float, default=60.0, help="Solve seconds of the plan.")
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    print("| size | sessions | published | answered | cold median s | cold p95 s | cold max s | "
          "cold CPU median s | context s | warm median s | warm p95 s | warm max s | "
          "warm CPU median s | budget hit |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in parse_sizes(args.sizes):
        print(_timed(size, args.requests, args.limit, args.seed), flush=True)


if __name__ == "__main__":
    main()


__all__ = ["main", "published_plan", "requests"]
