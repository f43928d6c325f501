"""Stable re-planning: a spa's plan, then re-plans of small changes against it, and how much moved.

    python -m benchmarks.replan --limit 20 --out REPLAN.md
    python -m benchmarks.replan --sizes small,city --limit 20 --seed 0 --workers 2 --out REPLAN.md

What-if variants and nightly re-plans start from a published plan (the reference) and should
change little of it. For each spa the base is planned with
:func:`planner.solving.solve_checked`, then every change of :mod:`benchmarks.replan_changes`
(no change, one more room, one more shift, one course added, a therapist ill for a day) is
re-planned with the base plan as reference, in this process, one solve after the other. Every
plan is checked by :func:`planner.check.check_sessions`. The report is a Markdown section for
``BENCHMARKS.md``, rewritten after each spa.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.machine import machine_info, now_utc
from benchmarks.replan_changes import CAPACITY, CHANGES, COURSE, MOVE_SHARE, Change
from benchmarks.run import _sizes
from benchmarks.scenarios import CACHE, scenario_folder
from planner.check import check_sessions, load_checked_scenario
from planner.model import Result, SolveOptions
from planner.model.search.search_score import moved_sessions
from planner.plan import Plan
from planner.plan.publish import publish_file
from planner.scenario.types import Scenario
from planner.solving import FAIL_ON_REPAIR, solve_checked

# Enough violations to see what went wrong without flooding the report.
VIOLATIONS_KEPT = 3


@dataclass(frozen=True)
class RunOptions:
    """How every solve of the benchmark runs: seconds, CP-SAT workers, seed, reproducible mode."""

    limit: float
    workers: int = 2
    seed: int = 0
    deterministic: bool = False


@dataclass(frozen=True)
class Solved:
    """One solve of a spa or of a change: the result, wall seconds and the checker's verdict."""

    result: Result
    seconds: float
    violations: tuple[str, ...]

    @property
    def sound(self) -> bool:
        """The checker found nothing and the final check repaired nothing."""
        return not self.violations and not self.result.repaired

    def verdict(self) -> str:
        """``ok``, or the failure in bold (a solver defect: it must never happen)."""
        if self.violations:
            return f"**FAIL: {len(self.violations)} violations**"
        if self.result.repaired:
            return f"**FAIL: {len(self.result.repaired)} repaired**"
        return "ok"


@dataclass(frozen=True)
class Row:
    """One (spa, change) row of the table: the re-plan held against the base plan."""

    spa: str
    change: Change
    base: Solved
    again: Solved
    moved: int
    dropped: int
    notify: int
    on_new: int
    # Moves outside the change's ``may_move`` (None where it has none): not a miss, a hint.
    outside: int | None = None

    @property
    def value_diff(self) -> int:
        return self.again.result.scheduled_value - self.base.result.scheduled_value

    def target(self) -> tuple[bool, str]:
        """Whether the re-plan meets its change's target, and the target (or the misses)."""
        kind, allowed = self.change.kind, self.change.allowed
        goal = [f"moved <= {allowed:g}"]
        misses = [] if self.moved <= allowed else [f"moved {self.moved} > {allowed:g}"]
        if kind == CAPACITY:
            goal.insert(0, "value >= base")
            if self.value_diff < 0:
                misses.append(f"value {self.value_diff:+,d}")
        elif kind == COURSE:
            goal.insert(0, "dropped 0 unless value rises")
            if self.dropped and self.value_diff <= 0:
                misses.append(f"dropped {self.dropped} at value {self.value_diff:+,d}")
        note = f" ({self.outside} outside those sessions)" if self.outside else ""
        return not misses, ", ".join(misses or goal) + note


def solve_timed(scenario: Scenario, run: RunOptions, reference: Plan | None = None) -> Solved:
    """``solve_checked`` with the run's options, timed by the wall clock, then checked."""
    options = SolveOptions(time_limit=run.limit, workers=run.workers, seed=run.seed,
                           deterministic=run.deterministic, reference=reference)  # fmt: skip
    started = time.perf_counter()
    result = solve_checked(scenario, options)
    seconds = time.perf_counter() - started
    violations = check_sessions(scenario, result.plan.sessions)
    return Solved(result, seconds, tuple(str(v) for v in violations[:VIOLATIONS_KEPT]))


def replan_row(spa: str, base: Solved, change: Change, run: RunOptions) -> Row:
    """Re-plan ``change`` against the base plan and measure what moved."""
    reference = base.result.plan
    again = solve_timed(change.scenario, run, reference)
    # Counted from the final plan, not taken from the result: a repair would change them.
    moved = moved_sessions(again.result.plan.sessions, reference.sessions)
    kept = {(s.course_id, s.session) for s in again.result.plan.sessions}
    dropped = sum((s.course_id, s.session) not in kept for s in reference.sessions)
    may = change.may_move
    outside = None if may is None else sum((s.course_id, s.session) not in may for s in moved)
    return Row(
        spa=spa, change=change, base=base, again=again, moved=len(moved), dropped=dropped,
        notify=len({s.client_id for s in moved}),
        on_new=sum(change.touches(s) for s in again.result.plan.sessions), outside=outside,
    )  # fmt: skip


def replan_rows(spa: str, scenario: Scenario, run: RunOptions) -> tuple[Solved, list[Row]]:
    """The base plan of ``scenario`` and one re-planned row per change, in table order."""
    # A repaired plan is a failure to report, not an error that ends the benchmark.
    os.environ.pop(FAIL_ON_REPAIR, None)
    base = solve_timed(scenario, run)
    _log(f"[{spa}] base: {_describe(base)}")
    rows = []
    for make in CHANGES:
        row = replan_row(spa, base, make(scenario, base.result.plan.sessions), run)
        _log(f"[{spa}] {row.change.name}: {_describe(row.again)}, moved {row.moved}")
        rows.append(row)
    return base, rows


def _describe(solved: Solved) -> str:
    r = solved.result
    return (f"{r.status.value}, value {r.scheduled_value}, {len(r.plan.sessions)} sessions, "
            f"{solved.seconds:.1f} s, {solved.verdict()}")  # fmt: skip


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


BASE_HEADER = ("spa", "sessions booked", "scheduled", "status", "value", "bound", "penalty",
               "seconds", "checker")  # fmt: skip
ROW_HEADER = ("spa", "change", "what changed", "base value", "new value", "value diff", "moved",
              "clients to notify", "dropped", "base sessions on it", "new plan on it",
              "status", "seconds", "checker", "target")  # fmt: skip


def base_row(spa: str, scenario: Scenario, base: Solved) -> list[str]:
    """The base plan's row of the first table."""
    r = base.result
    return [spa, f"{scenario.sessions_total:,}", f"{len(r.plan.sessions):,}", r.status.value,
            f"{r.scheduled_value:,}", "–" if r.bound is None else f"{r.bound:,}", f"{r.penalty:,}",
            f"{base.seconds:.1f}", base.verdict()]  # fmt: skip


def change_row(row: Row) -> list[str]:
    """One (spa, change) row of the re-plan table; a missed target in bold."""
    met, target = row.target()
    again = row.again.result
    # The solver's own count beside the plan's, should they ever disagree (row.moved counts the
    # reference sessions not kept: the solver's moved and dropped together).
    solver = None if again.moved is None else again.moved + (again.dropped or 0)
    own = "" if solver == row.moved else f" (solver: {solver})"
    return [row.spa, row.change.name, row.change.detail, f"{row.base.result.scheduled_value:,}",
            f"{again.scheduled_value:,}", f"{row.value_diff:+,d}", f"{row.moved}{own}",
            str(row.notify), str(row.dropped), str(row.change.on_base), str(row.on_new),
            again.status.value, f"{row.again.seconds:.1f}", row.again.verdict(),
            f"met: {target}" if met else f"**missed: {target}**"]  # fmt: skip


def method(run: RunOptions) -> list[str]:
    """How the benchmark ran and what its columns mean, for the report."""
    mode = "reproducible (`deterministic=True`)" if run.deterministic else "wall-clock"
    share = f"{100 * MOVE_SHARE:g} %"
    return [
        "Spas: `benchmarks/scenarios.py` (seeded generators, the same on every machine), "
        "loaded from their folders with `planner.check.load_checked_scenario`.",
        f"Every solve: `planner.solving.solve_checked` with a {run.limit:g} s limit, "
        f"{run.workers} CP-SAT workers, seed {run.seed}, {mode} mode, in this one process, one "
        "after the other; seconds = wall clock of the call. The re-plans pass the base plan as "
        "`SolveOptions.reference` (moving a reference session costs `weights.stability` of "
        "value, the spa's own setting).",
        "Changes (`benchmarks/replan_changes.py`, each chosen from the spa and its base plan "
        "alone): **one more room**, a copy of the best-equipped room; **one more shift**, the "
        "usual shift (inside opening hours) on their first open day off of the therapist who "
        "could give the most sessions the base plan leaves out; **one course added**, two "
        "sessions at the spa's median priority of the treatment whose therapists have the most "
        "shift minutes left in the base plan, for the client with the fewest base sessions "
        "among those with no availability rows and no conditions; **therapist ill one "
        "day**, all shift rows of the busiest therapist (without a pin that day) on the busiest "
        "day of the base plan removed.",
        "moved = sessions of the base plan the re-plan moved or dropped "
        "(`planner.model.search.search_score.moved_sessions` on the final plan); clients to "
        "notify = "
        "their clients; dropped = base sessions not in the re-plan at all; base sessions on it = "
        "base sessions on the changed thing (for ill: that therapist's sessions that day, which "
        "must move); new plan on it = re-plan sessions on the changed thing (new room, new shift, "
        "new course, or the ill therapist's day: must be 0).",
        "checker: `planner.check.check_sessions` on every plan must be empty and the final check "
        "of `solve_checked` must have repaired nothing; a failure is shown in bold and listed.",
        f"Targets: no change: moved 0. One more room or shift: value >= base value, moved <= "
        f"{share} of the base plan's sessions. One course added: dropped 0 unless the value "
        f"rises, moved <= {share}. Ill: moved <= that therapist's sessions that day + the "
        "follow-ups their courses' gaps force, approximated as every later session of the same "
        "courses in the base plan (an upper bound: a later session whose gaps still hold need "
        "not move). Moves of other sessions are noted beside the target: the objective lets a "
        "move through whenever it books at least `weights.stability` more value.",
        "moved is counted per (course, session number): where a lost session takes the old slot "
        "of the course's next session, that one counts as moved too (its client is told once).",
    ]


def render(spas: Sequence[tuple[str, Scenario, Solved, list[Row]]], run: RunOptions,
           command: str, date: str, machine: dict[str, str]) -> str:  # fmt: skip
    """The report: machine, command, date, method, the base plans, the re-plans, failures."""
    lines = ["## Re-planning: small changes against a reference plan", "",
             f"- Date: {date}", f"- Command: `{command}`", "", "### Machine", ""]  # fmt: skip
    lines += table(("", ""), [(k, v) for k, v in machine.items()])
    lines += ["", "### How it was measured", "", *(f"- {m}" for m in method(run))]
    lines += ["", "### Base plans", ""]
    lines += table(BASE_HEADER, [base_row(spa, sc, base) for spa, sc, base, _ in spas])
    rows = [row for *_, spa_rows in spas for row in spa_rows]
    lines += ["", "### Re-plans against the base plan", ""]
    lines += table(ROW_HEADER, [change_row(row) for row in rows])
    lines += ["", "### Failures", ""]
    failures = [f"- {spa}, base plan: {'; '.join(base.violations) or base.verdict()}"
                for spa, _, base, _ in spas if not base.sound]  # fmt: skip
    for row in rows:
        if not row.again.sound:
            why = "; ".join(row.again.violations) or row.again.verdict()
            failures.append(f"- {row.spa}, {row.change.name}: {why}")
        if not row.target()[0]:
            failures.append(f"- {row.spa}, {row.change.name}: target missed, {row.target()[1]}")
    lines += failures or ["None: every plan passed the checker and every target was met."]
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.replan",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add("--sizes", type=_sizes, default=_sizes("small,city"),
        help="sizes of benchmarks/scenarios.py (default small,city)")  # fmt: skip
    add("--limit", type=float, default=20.0, help="seconds of every solve (default 20)")
    add("--seed", type=int, default=0, help="solver seed (default 0)")
    add("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    add("--deterministic", action="store_true", help="reproducible solves (default wall clock)")
    add("--out", type=Path, required=True, help="the report (a section for BENCHMARKS.md)")
    add("--cache", type=Path, default=CACHE, help="scenario folders (benchmarks/.cache)")
    args = parser.parse_args(argv)
    if args.limit <= 0 or args.workers < 1:
        parser.error("--limit must be positive and --workers at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit code 1 when a plan failed the checker."""
    given = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(given)
    run = RunOptions(args.limit, args.workers, args.seed, args.deterministic)
    command = shlex.join(["python", "-m", "benchmarks.replan", *given])
    date, machine = now_utc(), machine_info()
    spas: list[tuple[str, Scenario, Solved, list[Row]]] = []
    for size in args.sizes:
        scenario, _warnings = load_checked_scenario(scenario_folder(size, Path(args.cache)))
        base, rows = replan_rows(size.name, scenario, run)
        spas.append((size.name, scenario, base, rows))
        # Rewritten after each spa, so an interrupted run keeps what it measured.
        publish_file(args.out, render(spas, run, command, date, machine))
    sound = all(base.sound and all(r.again.sound for r in rows) for _, _, base, rows in spas)
    if not sound:
        _log("CHECKER FAILURE: a plan broke a hard rule; see the report's Failures")
    _log(f"report: {args.out}")
    return 0 if sound else 1


if __name__ == "__main__":
    sys.exit(main())
