"""Medians over repeated runs, the planner/greedy ratio and the performance targets, met or not."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.launch import Outcome
from benchmarks.scenarios import Size

MIB_PER_GIB = 1024
# The contract's default solve budget; the tight target is read at this limit when it was run.
DEFAULT_LIMIT = 30.0


@dataclass
class SizeRuns:
    """Everything measured for one size: the probe and the solves per time limit."""

    size: Size
    folder: str
    probe: Outcome | None = None
    runs: dict[float, list[Outcome]] = field(default_factory=dict)

    def greedy_value(self) -> int | None:
        """The booking baseline's scheduled value, as the checker scores it."""
        if self.probe is None or self.probe.state != "ok":
            return None
        return int(self.probe.data["greedy"]["checked_value"])


def first_plan(run: Outcome) -> tuple[float | None, bool]:
    """Seconds to the first plan and whether exact.

    Exact is the first progress report; without one, a valid returned plan shows the first plan
    came no later than the end of the solve (an upper bound, not exact).
    """
    data = run.data
    if data.get("first_plan_seconds") is not None:
        return float(data["first_plan_seconds"]), True
    if data.get("check", {}).get("valid") and data.get("sessions_scheduled", 0) > 0:
        return float(data["solve_seconds"]), False
    return None, False


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


@dataclass(frozen=True)
class LimitSummary:
    """Medians of the successful runs of one size at one time limit."""

    limit: float
    runs: int
    ok: int
    states: str
    statuses: str
    valid: int
    value: float | None
    checked_value: float | None
    penalty: float | None
    checked_penalty: float | None
    bound: float | None
    gap: float | None
    first_plan: float | None
    first_plan_exact: bool
    solve_seconds: float | None
    wall_seconds: float | None
    sessions_scheduled: float | None
    sessions_total: int | None
    peak_mb_max: float | None
    score_mismatches: int
    ratio: float | None


def _counts(labels: Sequence[str]) -> str:
    return ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in Counter(labels).items())


def summarise(size_runs: SizeRuns, limit: float) -> LimitSummary:
    """The medians over the runs of ``size_runs`` at ``limit`` that wrote a result."""
    runs = size_runs.runs.get(limit, [])
    ok = [r for r in runs if r.state == "ok"]

    def med(get: Callable[[dict[str, Any]], Any]) -> float | None:
        return _median([get(r.data) for r in ok])

    firsts = [first_plan(r) for r in ok]
    checked = med(lambda d: d["check"]["checked_value"])
    greedy = size_runs.greedy_value()
    mismatches = sum(
        r.data["check"]["checked_value"] != r.data["scheduled_value"]
        or r.data["check"]["checked_penalty"] != r.data["penalty"]
        for r in ok
    )
    return LimitSummary(
        limit=limit,
        runs=len(runs),
        ok=len(ok),
        states=_counts([r.state for r in runs]),
        statuses=_counts([r.data["status"] for r in ok]),
        valid=sum(bool(r.data["check"]["valid"]) for r in ok),
        value=med(lambda d: d["scheduled_value"]),
        checked_value=checked,
        penalty=med(lambda d: d["penalty"]),
        checked_penalty=med(lambda d: d["check"]["checked_penalty"]),
        bound=med(lambda d: d["bound"]),
        gap=med(lambda d: d["gap"]),
        first_plan=_median([f for f, _ in firsts]),
        first_plan_exact=bool(firsts) and all(exact for _, exact in firsts),
        solve_seconds=med(lambda d: d["solve_seconds"]),
        wall_seconds=_median([r.wall_seconds for r in ok]),
        sessions_scheduled=med(lambda d: d["sessions_scheduled"]),
        sessions_total=int(ok[0].data["sessions_total"]) if ok else None,
        peak_mb_max=max((r.peak_rss_mb for r in runs), default=None),
        score_mismatches=mismatches,
        ratio=None if checked is None or not greedy else checked / greedy,
    )


@dataclass(frozen=True)
class Target:
    """One of the performance targets and how the benchmark fared against it."""

    size: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this benchmark


def _all_valid(s: LimitSummary) -> bool:
    return s.runs > 0 and s.ok == s.runs and s.valid == s.ok


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.2f} %"


def _gap_target(by_size: dict[str, SizeRuns], name: str, limit: float, most: float) -> Target:
    goal = f"gap ≤ {100 * most:g} % at {limit:g} s"
    runs = by_size.get(name)
    if runs is None or limit not in runs.runs:
        return Target(name, goal, "not run", None)
    s = summarise(runs, limit)
    met = _all_valid(s) and s.gap is not None and s.gap <= most
    return Target(name, goal, f"gap {_pct(s.gap)} ({s.states}, valid {s.valid}/{s.runs})", met)


def _memory_target(by_size: dict[str, SizeRuns], name: str, gib: float) -> Target:
    goal = f"peak memory ≤ {gib:g} GiB"
    runs = by_size.get(name)
    peaks = [r.peak_rss_mb for rs in (runs.runs.values() if runs else []) for r in rs]
    if not peaks:
        return Target(name, goal, "not run", None)
    peak = max(peaks)
    return Target(
        name, goal, f"max {peak:.0f} MiB over {len(peaks)} solves", peak <= gib * MIB_PER_GIB
    )


def _optimal_target(by_size: dict[str, SizeRuns], name: str, seconds: float) -> Target:
    """The target "proven optimal (gap 0 on scheduled_value)": the value's proof counts."""
    goal = f"scheduled value proven optimal (gap 0) in ≤ {seconds:g} s"
    runs = by_size.get(name)
    if runs is None or not runs.runs:
        return Target(name, goal, "not run", None)
    s = summarise(runs, min(runs.runs))
    ok = [r for r in runs.runs[s.limit] if r.state == "ok"]
    proofs = [r.data.get("value_proven_seconds") for r in ok]
    met = (
        _all_valid(s) and len(ok) == s.runs and all(p is not None and p <= seconds for p in proofs)
    )
    known = sorted(p for p in proofs if p is not None)
    took = "never" if not known else f"{known[len(known) // 2]:.1f} s (median)"
    return Target(
        name,
        goal,
        f"value proven in {took}; {s.statuses or s.states} after {s.solve_seconds or 0:.1f} s "
        f"(limit {s.limit:g} s)",
        met,
    )


def _first_plan_target(by_size: dict[str, SizeRuns], name: str, seconds: float) -> Target:
    goal = f"first valid plan ≤ {seconds:g} s"
    runs = by_size.get(name)
    if runs is None or not runs.runs:
        return Target(name, goal, "not run", None)
    s = summarise(runs, min(runs.runs))
    if s.first_plan is None:
        return Target(name, goal, f"no plan ({s.states})", False)
    bound = "" if s.first_plan_exact else "≤ "
    met = _all_valid(s) and s.first_plan <= seconds
    return Target(name, goal, f"{bound}{s.first_plan:.1f} s (limit {s.limit:g} s)", met)


def _valid_within_target(by_size: dict[str, SizeRuns], name: str, seconds: float) -> Target:
    goal = f"valid plan within {seconds:g} s"
    runs = by_size.get(name)
    limits = [limit for limit in (runs.runs if runs else {}) if limit <= seconds]
    if runs is None or not limits:
        return Target(name, goal, "not run", None)
    s = summarise(runs, min(limits))
    wall = "n/a" if s.wall_seconds is None else f"{s.wall_seconds:.0f} s"
    met = _all_valid(s) and s.wall_seconds is not None and s.wall_seconds <= seconds
    return Target(
        name, goal, f"{s.states}, valid {s.valid}/{s.runs}, {wall} (limit {s.limit:g} s)", met
    )


def _ratio_target(by_size: dict[str, SizeRuns], name: str, least: float) -> Target:
    goal = f"scheduled value ≥ {least:g} × greedy"
    runs = by_size.get(name)
    if runs is None or not runs.runs:
        return Target(name, goal, "not run", None)
    limit = DEFAULT_LIMIT if DEFAULT_LIMIT in runs.runs else max(runs.runs)
    s = summarise(runs, limit)
    if s.ratio is None:
        return Target(name, goal, f"no ratio ({s.states})", False)
    measured = f"{s.ratio:.3f} × ({s.checked_value:g} vs {runs.greedy_value()}, limit {limit:g} s)"
    return Target(name, goal, measured, _all_valid(s) and s.ratio >= least)


def targets(by_size: dict[str, SizeRuns]) -> list[Target]:
    """The performance targets, in the order BENCHMARKS.md lists them."""
    return [
        _optimal_target(by_size, "S", 5),
        _gap_target(by_size, "M", 30.0, 0.01),
        _first_plan_target(by_size, "L", 15),
        _gap_target(by_size, "L", 120.0, 0.02),
        _memory_target(by_size, "L", 2),
        _valid_within_target(by_size, "XL", 300),
        _memory_target(by_size, "XL", 6),
        _ratio_target(by_size, "tight", 1.15),
    ]
