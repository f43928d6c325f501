"""The targets of the peers benchmark, met or not, each with the figure that decides it.

The targets are about the default solve (peer ``planner``):

- on every size and limit: at least the value of the greedy, the plain model and the portfolio;
- every plan of every peer passes the checker, and no plan of the planner was repaired;
- ``city``: value proven optimal within 30 s;
- ``tight``: at least the portfolio's value at 30 s, gap ≤ 2 % against the best proven bound;
- ``ward``: gap ≤ 0.5 % within 30 s (against the exact optimum);
- ``two``: ≥ 1.03 × greedy and gap ≤ 2 % against a non-trivial bound at 120 s, ≤ 2 GiB;
- ``four``: a valid plan within 300 s, ≥ 1.03 × greedy, ≤ 6 GiB.

"At T s" reads the runs with limit T; "within T s" is met by any run with a limit up to T and
not met only once the run at T itself fell short. A target with no run to read is "not
measured", never met.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.peer_summary import PLANNER, PeerRuns, PeerSummary, gap_to, ratio, summaries

MIB_PER_GIB = 1024


@dataclass(frozen=True)
class Target:
    """One target, what was measured and the verdict (None: not measured)."""

    size: str
    goal: str
    measured: str
    met: bool | None


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.2f} %"


def _num(x: float | None) -> str:
    return "n/a" if x is None else f"{x:g}"


def _planner(runs: PeerRuns, limit: float) -> PeerSummary | None:
    return summaries(runs, limit).get(PLANNER)


def _not_run(size: str, goal: str, limit: float) -> Target:
    return Target(size, goal, f"no planner run at {limit:g} s", None)


def _against(runs: PeerRuns, limit: float, peer: str) -> Target:
    """The planner's value at ``limit`` against ``peer``'s, same scenario, same limit."""
    name = runs.size.name
    goal = f"planner ≥ {peer} at {limit:g} s"
    by = summaries(runs, limit)
    mine, theirs = by.get(PLANNER), by.get(peer)
    if mine is None or theirs is None:
        return Target(name, goal, f"{PLANNER if mine is None else peer} not run", None)
    if theirs.skipped:
        return Target(name, goal, f"{peer} skipped ({theirs.skipped})", None)
    if not mine.all_valid or mine.value is None:
        return Target(name, goal, f"planner: {mine.states}, valid {mine.valid}/{mine.runs}", False)
    if theirs.with_plan == 0:
        return Target(
            name, goal, f"{peer} found no plan ({theirs.statuses or theirs.states})", True
        )
    assert theirs.value is not None
    measured = f"{mine.value:g} vs {theirs.value:g} ({ratio(mine.value, theirs.value):.3f} ×)"
    return Target(name, goal, measured, mine.value >= theirs.value)


def _validity(all_runs: Sequence[PeerRuns]) -> list[Target]:
    plans = valid = repaired = planner_runs = 0
    for runs in all_runs:
        for limit in runs.runs:
            for s in summaries(runs, limit).values():
                plans, valid = plans + s.with_plan, valid + s.valid
                if s.peer == PLANNER or s.peer.startswith(f"{PLANNER}-"):
                    repaired += s.repaired or 0
                    planner_runs += s.runs
    if not plans:
        return [Target("all", "every plan passes the checker", "no plan", None)]
    return [
        Target("all", "every plan passes the checker", f"{valid} of {plans} plans valid",
               valid == plans),
        Target("all", "no planner plan repaired", f"{repaired} repaired sessions over "
               f"{planner_runs} planner runs", repaired == 0 and planner_runs > 0),
    ]  # fmt: skip


# A check reads the planner's summary at a limit: (met, the figure that decides it).
Check = Callable[[float, PeerSummary], tuple[bool, str]]


def _within(runs: PeerRuns, goal: str, seconds: float, check: Check) -> Target:
    """Met by a planner run at any limit up to ``seconds``; not met once the one at it fails."""
    limits = sorted(limit for limit in runs.runs if limit <= seconds)
    tried = [(limit, s) for limit in limits if (s := _planner(runs, limit)) is not None]
    if not tried:
        return _not_run(runs.size.name, goal, seconds)
    results = [(limit, *check(limit, s)) for limit, s in tried]
    for limit, met, text in results:
        if met:
            return Target(runs.size.name, goal, f"{text} (limit {limit:g} s)", True)
    limit, _, text = results[-1]
    verdict = False if limit == seconds else None
    return Target(runs.size.name, goal, f"{text} (limit {limit:g} s)", verdict)


def _proven(_limit: float, s: PeerSummary) -> tuple[bool, str]:
    met = s.all_valid and s.gap == 0.0 and s.seconds is not None
    return met, f"gap {_pct(s.gap)} after {_num(s.seconds and round(s.seconds, 1))} s"


def _gap_check(runs: PeerRuns, most: float) -> Check:
    bound, source = runs.best_bound()

    def check(_limit: float, s: PeerSummary) -> tuple[bool, str]:
        gap = gap_to(s.value, bound)
        met = s.all_valid and gap is not None and gap <= most
        return met, f"value {_num(s.value)}, bound {_num(bound)} ({source}): gap {_pct(gap)}"

    return check


def _at(runs: PeerRuns, goal: str, limit: float, check: Check) -> Target:
    s = _planner(runs, limit)
    if s is None:
        return _not_run(runs.size.name, goal, limit)
    met, text = check(limit, s)
    return Target(runs.size.name, goal, text, met)


def _greedy_ratio(runs: PeerRuns, least: float) -> Check:
    def check(limit: float, s: PeerSummary) -> tuple[bool, str]:
        greedy = summaries(runs, limit).get("greedy")
        base = greedy.value if greedy else None
        r = ratio(s.value, base)
        text = "no greedy run" if r is None else f"{r:.3f} × ({_num(s.value)} vs {_num(base)})"
        return s.all_valid and r is not None and r >= least, text

    return check


def _non_trivial_gap(runs: PeerRuns, most: float) -> Check:
    bound, source = runs.best_bound()
    trivial = runs.trivial_bound()

    def check(_limit: float, s: PeerSummary) -> tuple[bool, str]:
        gap = gap_to(s.value, bound)
        real = bound is not None and trivial is not None and bound < trivial
        text = (f"value {_num(s.value)}, bound {_num(bound)} ({source}; trivial "
                f"{_num(trivial)}): gap {_pct(gap)}")  # fmt: skip
        return s.all_valid and real and gap is not None and gap <= most, text

    return check


def _memory(runs: PeerRuns, gib: float) -> Target:
    peaks = [r.peak_rss_mb for _, peer, r in runs.all_runs() if peer == PLANNER]
    goal = f"planner peak memory ≤ {gib:g} GiB"
    if not peaks:
        return Target(runs.size.name, goal, "no planner run", None)
    peak = max(peaks)
    measured = f"max {peak:.0f} MiB over {len(peaks)} runs"
    return Target(runs.size.name, goal, measured, peak <= gib * MIB_PER_GIB)


def _valid_within(most: float) -> Check:
    def check(_limit: float, s: PeerSummary) -> tuple[bool, str]:
        seconds = s.seconds
        met = s.all_valid and seconds is not None and seconds <= most
        return met, f"{s.states}, valid {s.valid}/{s.runs}, {_num(seconds and round(seconds))} s"

    return check


def _by_size(runs: PeerRuns) -> list[Target]:
    """The targets of ``runs``'s scenario class."""
    name = runs.size.name
    if name == "city":
        return [_within(runs, "value proven optimal within 30 s", 30.0, _proven)]
    if name == "tight":
        # (planner ≥ portfolio at every limit is a target of every size, see :func:`targets`.)
        return [_at(runs, "gap ≤ 2 % against the best proven bound at 30 s", 30.0,
                    _gap_check(runs, 0.02))]  # fmt: skip
    if name == "ward":
        return [_within(runs, "gap ≤ 0.5 % within 30 s", 30.0, _gap_check(runs, 0.005))]
    if name == "two":
        return [_at(runs, "≥ 1.03 × greedy at 120 s", 120.0, _greedy_ratio(runs, 1.03)),
                _at(runs, "gap ≤ 2 % against a non-trivial bound at 120 s", 120.0,
                    _non_trivial_gap(runs, 0.02)),
                _memory(runs, 2)]  # fmt: skip
    if name == "four":
        return [_within(runs, "a valid plan within 300 s", 300.0, _valid_within(300.0)),
                _at(runs, "≥ 1.03 × greedy at 300 s", 300.0, _greedy_ratio(runs, 1.03)),
                _memory(runs, 6)]  # fmt: skip
    return []


def targets(all_runs: Sequence[PeerRuns]) -> list[Target]:
    """Every target, size by size, then validity over all runs."""
    out: list[Target] = []
    for runs in all_runs:
        for limit in sorted(runs.runs):
            out += [_against(runs, limit, peer) for peer in ("greedy", "plain", "portfolio")]
        out += _by_size(runs)
    return out + _validity(all_runs)
