"""Front-desk and manager timings: ``planner fit`` and ``planner advise`` by spa size.

For each size of :mod:`benchmarks.scenarios` the generated spa is solved once (the plan to fit
into), then a few whole courses are fitted (the time of :func:`planner.fit.fit_course`, the
work a phone call waits for) and the candidate changes of ``advise`` are estimated (ranking
only; each verifying re-solve takes its own ``--time-limit`` on top).

    python -m benchmarks.desk --sizes S,M --limit 10
"""

from __future__ import annotations

import argparse
import time

from benchmarks.scenarios import parse_sizes, scenario_folder
from planner.advise import rank_changes
from planner.check import check_sessions, load_checked_scenario
from planner.fit import FitRequest, fit_course
from planner.model import SolveOptions
from planner.solving import solve_checked


def _requests(scenario) -> list[FitRequest]:  # type: ignore[no-untyped-def]
    treatments = sorted(scenario.treatments, key=lambda t: t.id)[:3]
    client = scenario.clients[0].id
    return [FitRequest(client, t.id, n) for t in treatments for n in (1, 4)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M")
    parser.add_argument("--limit", type=float, default=10.0, help="Solve seconds of the plan.")
    args = parser.parse_args()
    print("| size | sessions | plan value | fit requests | fit median s | fit max s | "
          "advise changes estimated | advise ranking s |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for size in parse_sizes(args.sizes):
        scenario, _ = load_checked_scenario(scenario_folder(size))
        result = solve_checked(scenario, SolveOptions(time_limit=args.limit, workers=2))
        sessions = result.plan.sessions
        times = []
        for request in _requests(scenario):
            found = fit_course(scenario, sessions, request)
            times.append(found.seconds)
        times.sort()
        started = time.perf_counter()
        ranked = rank_changes(scenario, sessions, result.plan.unscheduled)
        ranking = time.perf_counter() - started
        assert not check_sessions(scenario, sessions)
        print(f"| {size.name} | {scenario.sessions_total} | {result.scheduled_value} | "
              f"{len(times)} | {times[len(times) // 2]:.3f} | {times[-1]:.3f} | {len(ranked)} | "
              f"{ranking:.2f} |")  # fmt: skip


if __name__ == "__main__":
    main()
