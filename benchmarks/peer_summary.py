"""What the peers benchmark measured, per size, time limit and peer: medians, ratios, bounds.

Every value here is the independent checker's score of the plan a peer returned (never the
peer's own count); the peer's count is kept beside it so that a disagreement shows.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.launch import Outcome
from benchmarks.scenarios import Size

PEERS = ("greedy", "plain", "portfolio", "planner", "planner-det")
# The peer the targets are about: the default solve.
PLANNER = "planner"


@dataclass
class PeerRuns:
    """Everything measured for one size: a ward's optimum, then the runs per limit and peer."""

    size: Size
    folder: str
    optimum: Outcome | None = None
    runs: dict[float, dict[str, list[Outcome]]] = field(default_factory=dict)

    def all_runs(self) -> list[tuple[float, str, Outcome]]:
        """Every run as (limit, peer, outcome)."""
        return [(limit, peer, r) for limit, by in self.runs.items() for peer, rs in by.items()
                for r in rs]  # fmt: skip

    def optimum_value(self) -> int | None:
        """The ward's exact optimal scheduled value, when it was computed."""
        data = self.optimum.data if self.optimum and self.optimum.state == "ok" else {}
        value = data.get("scheduled_value")
        return None if value is None else int(value)

    def greedy_data(self) -> dict[str, Any]:
        """The record of the first greedy run that wrote one (sizes, trivial bound)."""
        return next((r.data for _, peer, r in self.all_runs()
                     if peer == "greedy" and has_plan(r)), {})  # fmt: skip

    def best_bound(self) -> tuple[int | None, str]:
        """The lowest proven upper bound on the value over every run, and who proved it.

        A ward's exact optimum is the best bound there is. Any peer's proven bound holds for
        every plan of the scenario, so the best of them, at any limit, is the yardstick.
        """
        optimum = self.optimum_value()
        if optimum is not None:
            return optimum, "exact optimum"
        found = [(int(r.data["bound"]), f"{peer}, {limit:g} s") for limit, peer, r in
                 self.all_runs() if has_plan(r) and r.data.get("bound") is not None]  # fmt: skip
        if not found:
            return None, ""
        return min(found)

    def trivial_bound(self) -> int | None:
        """Every bookable session scheduled: the bound no search is needed for."""
        value = self.greedy_data().get("trivial_bound")
        return None if value is None else int(value)


def has_plan(run: Outcome) -> bool:
    """The run wrote a record of a plan (not skipped, not crashed)."""
    return run.state == "ok" and "skipped" not in run.data and "check" in run.data


def _median(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _counts(labels: Sequence[str]) -> str:
    return ", ".join(f"{label} ×{n}" if n > 1 else label for label, n in Counter(labels).items())


@dataclass(frozen=True)
class PeerSummary:
    """One peer at one size and limit: medians over its repeats (checker's scores)."""

    peer: str
    runs: int
    with_plan: int
    states: str
    statuses: str
    skipped: str
    value: float | None
    penalty: float | None
    bound: float | None
    gap: float | None
    seconds: float | None
    peak_mb: float | None
    valid: int
    repaired: int | None
    reproducible: str
    mismatches: int
    failures: tuple[str, ...] = ()

    @property
    def all_valid(self) -> bool:
        """Every repeat ran to the end and returned a plan the checker accepts."""
        return self.runs > 0 and self.valid == self.runs


def _mismatch(data: dict[str, Any]) -> bool:
    check = data["check"]
    if check["checked_value"] != data["scheduled_value"]:
        return True
    return data.get("penalty") is not None and check["checked_penalty"] != data["penalty"]


def summarise_peer(peer: str, runs: Sequence[Outcome]) -> PeerSummary:
    """The medians over ``runs``, the repeats of ``peer`` at one size and limit."""
    planned = [r for r in runs if has_plan(r)]

    def med(get: Callable[[dict[str, Any]], Any]) -> float | None:
        return _median([get(r.data) for r in planned])

    # A run without any plan (``unknown``, ``infeasible``) scores 0 but proves nothing.
    with_sessions = [r for r in planned if r.data["check"]["sessions_scheduled"] > 0]
    repaired = [r.data["repaired"] for r in planned if "repaired" in r.data]
    reproducible = [
        str(r.data["reproducible"]).lower() for r in planned if "reproducible" in r.data
    ]
    reasons = {r.data["skipped"] for r in runs if r.state == "ok" and "skipped" in r.data}
    failures = [f"{r.state}: {r.error.splitlines()[-1] if r.error else ''}" for r in runs
                if r.state != "ok"]  # fmt: skip
    return PeerSummary(
        peer=peer,
        runs=len(runs),
        with_plan=len(with_sessions),
        states=_counts([r.state for r in runs]),
        statuses=_counts([r.data["status"] for r in planned]),
        skipped="; ".join(sorted(reasons)),
        value=med(lambda d: d["check"]["checked_value"]),
        penalty=med(lambda d: d["check"]["checked_penalty"]),
        bound=med(lambda d: d["bound"]),
        gap=med(lambda d: d["gap"]),
        seconds=med(lambda d: d["solve_seconds"]),
        peak_mb=max((r.peak_rss_mb for r in runs), default=None),
        valid=sum(bool(r.data["check"]["valid"]) for r in with_sessions),
        repaired=sum(repaired) if repaired else None,
        reproducible=_counts(reproducible),
        mismatches=sum(_mismatch(r.data) for r in planned),
        failures=tuple(failures),
    )


def summaries(runs: PeerRuns, limit: float) -> dict[str, PeerSummary]:
    """Every peer run at ``limit``, summarised, in the order of :data:`PEERS`."""
    by_peer = runs.runs.get(limit, {})
    order = [p for p in PEERS if p in by_peer] + [p for p in by_peer if p not in PEERS]
    return {peer: summarise_peer(peer, by_peer[peer]) for peer in order}


def ratio(value: float | None, other: float | None) -> float | None:
    """``value / other``, None when either is missing or ``other`` is 0."""
    if value is None or not other:
        return None
    return value / other


def gap_to(value: float | None, bound: int | None) -> float | None:
    """Relative gap of ``value`` to ``bound`` (0.0 = proven best)."""
    if value is None or bound is None:
        return None
    return 0.0 if bound <= 0 else max(0.0, (bound - value) / bound)
