"""What running each solve in a child process costs: start-up time and memory.

``python -m benchmarks.isolation [--repeats 5] [--scenario scenarios/demo-week] [--limit 2]``

Each trial runs in a fresh interpreter, as a command does:

- ``child ready``: from starting a :class:`planner.isolated.SolveChild` to its "ready" message
  (a bare interpreter with the signal handlers in place).
- ``in-process``: load the scenario, import the solver, :func:`planner.isolated.solve`.
- ``isolated``: load the scenario, :func:`planner.isolated.solve` with ``isolated=True`` (the
  solver is imported by the child only).

Wall-clock medians, and peak resident memory of the process and of its children (``ru_maxrss``).
The scenario's solve time is in both ``in-process`` and ``isolated``: the difference between them
is what isolation adds.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

_PREAMBLE = """
import json, resource, sys, time
started = time.perf_counter()
"""
_REPORT = """
def rss(who):
    return resource.getrusage(who).ru_maxrss / 1024
measured = globals().get("measured", time.perf_counter() - started)
print(json.dumps({"seconds": measured,
                  "own_mb": rss(resource.RUSAGE_SELF),
                  "children_mb": rss(resource.RUSAGE_CHILDREN),
                  "ortools_here": any(m.startswith("ortools") for m in sys.modules)}))
"""
TRIALS = {
    "child ready": """
from planner.isolated import SolveChild
from planner.isolated.tasks import solve_task
child = SolveChild(solve_task, None)
while not child.ready:
    child.read(1.0)
measured = time.perf_counter() - started
child.kill()
""",
    "in-process": """
from planner.check import load_checked_scenario
from planner.isolated import solve
from planner.model import SolveOptions
scenario, _ = load_checked_scenario(sys.argv[1])
solve(scenario, SolveOptions(time_limit=float(sys.argv[2]), workers=2))
""",
    "isolated": """
from planner.check import load_checked_scenario
from planner.isolated import solve
from planner.model import SolveOptions
scenario, _ = load_checked_scenario(sys.argv[1])
solve(scenario, SolveOptions(time_limit=float(sys.argv[2]), workers=2), isolated=True)
""",
}


def trial(name: str, scenario: str, limit: float) -> dict[str, float]:
    """One trial in a fresh interpreter."""
    code = _PREAMBLE + TRIALS[name] + _REPORT
    done = subprocess.run(
        [sys.executable, "-c", code, scenario, str(limit)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> None:
    """Run every trial ``--repeats`` times and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--scenario", default="scenarios/demo-week")
    parser.add_argument("--limit", type=float, default=2.0)
    args = parser.parse_args(argv)
    print(f"{'trial':<12} {'seconds':>8} {'own MB':>8} {'children MB':>12}  ortools in parent")
    for name in TRIALS:
        runs = [trial(name, args.scenario, args.limit) for _ in range(args.repeats)]
        seconds = statistics.median(r["seconds"] for r in runs)
        own = statistics.median(r["own_mb"] for r in runs)
        children = statistics.median(r["children_mb"] for r in runs)
        ortools = any(r["ortools_here"] for r in runs)
        print(f"{name:<12} {seconds:>8.2f} {own:>8.0f} {children:>12.0f}  {ortools}")


if __name__ == "__main__":
    main()
