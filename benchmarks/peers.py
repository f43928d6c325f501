"""Run the planner beside its peers, one after the other, and write the peers report.

    python -m benchmarks.peers --sizes city,small,tight,ward,two,four --limits 30 \\
        --limits-for two=120,four=300 --repeats 1 --out PEERS.md

For each size and limit, each repeat runs every peer once (``greedy``, ``plain``,
``portfolio``, ``planner``, ``planner-det``; see :mod:`benchmarks.peer_modes`), each in a fresh
process under the same wall-clock cap (limit + ``--grace``) and memory cap, never two at once.
Every plan is checked by :func:`planner.check.check_sessions` and scored by
:func:`planner.plan.score.score`. The report (a Markdown section for ``BENCHMARKS.md``) is
rewritten after every run; the raw results go to ``benchmarks/.cache/peers/<time>/``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.launch import REPO, Outcome, run_worker
from benchmarks.machine import machine_info, now_utc
from benchmarks.peer_report import render
from benchmarks.peer_summary import PEERS, PeerRuns
from benchmarks.run import _limits, _sizes
from benchmarks.scenarios import CACHE, Size, scenario_folder
from planner.plan.publish import publish_file

# The project's whole model stops paying off above this many (session, therapist-day) choices
# (planner.model.search.solve.MONOLITHIC_LIMIT): a two-week spa's model took 7.6 GB and never
# improved.
PORTFOLIO_MAX_CHOICES = 60_000
# The plain model above this many (session, shift row) choices: a two-week spa's (851,000)
# takes 90 s and 1.4 GiB to build in Python before CP-SAT starts; a four-week resort's (6 M)
# would take about half an hour and more memory than a laptop has.
PLAIN_MAX_CHOICES = 1_000_000
MEMORY_SHARE = 0.75  # of the machine's RAM: the default memory cap of a run


def _limits_for(text: str) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, seconds = part.partition("=")
        if not seconds:
            raise argparse.ArgumentTypeError(f"expected SIZE=SECONDS, got {part!r}")
        out.setdefault(name.strip().lower(), []).extend(_limits(seconds))
    return out


def _peers(text: str) -> list[str]:
    chosen = [p.strip() for p in text.split(",") if p.strip()]
    unknown = [p for p in chosen if p not in PEERS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose peers from {', '.join(PEERS)}")
    return [p for p in PEERS if p in chosen]


def _default_memory_gib() -> float:
    try:
        ram = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 8.0
    return round(MEMORY_SHARE * ram / 2**30, 1)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.peers",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add = parser.add_argument
    add(
        "--sizes",
        type=_sizes,
        default=_sizes("city,small,tight,ward,two,four"),
        help="sizes of benchmarks/scenarios.py (default city,small,tight,ward,two,four)",
    )
    add("--limits", type=_limits, default=_limits("30"), help="time limits in seconds (default 30)")
    add(
        "--limits-for",
        type=_limits_for,
        default={},
        help="limits of some sizes instead of --limits, e.g. two=120,four=300",
    )
    add(
        "--repeats",
        type=int,
        default=1,
        help="runs of each peer per size and limit (seeds 0, 1, ...)",
    )
    add(
        "--peers",
        type=_peers,
        default=list(PEERS),
        help=f"peers to run (default {','.join(PEERS)})",
    )
    add("--workers", type=int, default=2, help="CP-SAT workers of every peer (default 2)")
    add("--grace", type=float, default=120.0, help="wall-clock cap = limit + grace s (default 120)")
    add(
        "--memory-cap",
        type=float,
        default=_default_memory_gib(),
        help=f"GiB a run may hold before it is stopped (default {MEMORY_SHARE:g} x RAM)",
    )
    add(
        "--portfolio-max-choices",
        type=int,
        default=PORTFOLIO_MAX_CHOICES,
        help=f"skip the portfolio above this many choices (default {PORTFOLIO_MAX_CHOICES:,})",
    )
    add(
        "--plain-max-choices",
        type=int,
        default=PLAIN_MAX_CHOICES,
        help=f"skip the plain model above this many choices (default {PLAIN_MAX_CHOICES:,})",
    )
    add("--out", type=Path, required=True, help="the report (a section for BENCHMARKS.md)")
    add("--cache", type=Path, default=CACHE, help="scenarios and raw results (benchmarks/.cache)")
    args = parser.parse_args(argv)  # fmt: skip
    if args.repeats < 1:
        parser.error("repeats must be at least 1")
    known = {s.name.lower() for s in args.sizes}
    if unknown := sorted(set(args.limits_for) - known):
        parser.error(f"--limits-for names sizes not in --sizes: {', '.join(unknown)}")
    return args


def method(args: argparse.Namespace) -> list[str]:
    """How the peers ran, for the report."""
    return [
        "Scenarios: `benchmarks/scenarios.py` (seeded generators, the same on every machine); "
        "sessions, bookable sessions (each course's prefix with a possible slot) and choices "
        "((session, therapist-day) options after pruning) as the greedy run counted them; plain "
        "choices = (session, shift row) pairs of the plain model.",
        "Each peer runs in a fresh Python process (`benchmarks/worker.py`), one at a time, "
        f"with {args.workers} CP-SAT workers and seed = repeat number; its clock starts once the "
        "scenario is loaded and covers all it does (pruning, the greedy hint, building models).",
        "**greedy**: `planner.model.first_plan.start.baseline_plan`, courses by priority, "
        "highest first, each session at its earliest valid slot (a booking system).",
        "**plain**: the plain, unpruned CP-SAT model of `tests/reference/plain_model.py`, "
        "hinted with the greedy plan (the hint completed by the reference itself), "
        "lexicographic as it implements it: the value for 70 % of what is left of the limit "
        "after building, then the penalty at that value for the rest "
        "(`benchmarks/peer_plain.py`). "
        f"Skipped above {args.plain_max_choices:,} plain choices.",
        "**portfolio**: CP-SAT's free parallel portfolio on the project's own whole model "
        "(`planner.model.cpsat.build.build_model` over every bookable session), hinted with the "
        "greedy plan, `cp_model_probing_level = 0`, `keep_all_feasible_solutions_in_presolve`: "
        "maximise the value for 70 % of what is left of the limit, then keep it and minimise "
        f'the penalty. Skipped above {args.portfolio_max_choices:,} choices ("model too large").',
        "**planner**: `planner.solving.solve_checked` with the limit (the default, wall-clock "
        "mode); **planner-det**: the same with `deterministic=True` (reproducible; its wall "
        "clock may run past the limit on a machine slower than the reference one).",
        "Every plan is checked by `planner.check.check_sessions` and scored by "
        "`planner.plan.score.score`: value and penalty are the checker's; `repaired` counts "
        "sessions the final check of `solve_checked` took out (must be 0).",
        "bound = the peer's own proven upper bound on the value; gap = (bound - value) / bound. "
        "The best proven bound of a size is the lowest of all its runs (a ward's: its exact "
        "optimum, `tests/reference/ward_optimum.py`); the gap targets read it.",
        "value / greedy and value / portfolio: ratios of medians at the same limit. seconds: "
        "the peer's own time after loading (bold: past the limit); peak MiB: the process's "
        "peak resident memory (`wait4`), load and check included. Several repeats: medians, "
        "peak = maximum.",
        f"Caps per run: limit + {args.grace:g} s of wall clock and {args.memory_cap:g} GiB of "
        "resident memory (process group); a run stopped at either, or dying, is recorded as "
        "`timeout`, `memory` or `crashed`, and the benchmark goes on.",
    ]


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def describe(outcome: Outcome) -> str:
    """One line about a run, for the console."""
    if outcome.state != "ok":
        return f"{outcome.state}: {outcome.error.splitlines()[-1] if outcome.error else ''}"
    d = outcome.data
    if "skipped" in d:
        return f"skipped: {d['skipped']}"
    if "check" not in d:
        return f"value {d.get('scheduled_value')}"
    if not d["check"]["sessions_scheduled"]:
        return f"{d['status']}, no plan, {d['solve_seconds']:.1f} s"
    valid = "valid" if d["check"]["valid"] else f"INVALID ({d['check']['violations']})"
    return (f"{d['status']}, value {d['check']['checked_value']}, bound {d['bound']}, "
            f"{d['solve_seconds']:.1f} s, {outcome.peak_rss_mb:.0f} MiB, {valid}")  # fmt: skip


class Session:
    """The runs of one peers benchmark, and the report rewritten after each of them."""

    def __init__(self, args: argparse.Namespace, command: str) -> None:
        self.args = args
        self.command = command
        self.date = now_utc()
        self.machine = machine_info()
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        self.folder = Path(args.cache) / "peers" / stamp
        self.sizes: list[PeerRuns] = []

    def raw_results(self) -> str:
        """Where the raw JSON goes, relative to the repository when it lies inside it."""
        path = (self.folder / "results.json").resolve()
        return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else path.name

    def write(self, finished: bool) -> None:
        """Rewrite the report and the raw results with every run so far."""
        text = render(self.sizes, self.machine, self.command, self.date, method(self.args),
                      self.raw_results(), finished)  # fmt: skip
        out = Path(self.args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        publish_file(out, text)
        raw = [
            {
                "size": s.size.parameters(),
                "folder": s.folder,
                "optimum": asdict(s.optimum) if s.optimum else None,
                "runs": {f"{limit:g}": {peer: [asdict(r) for r in rs] for peer, rs in by.items()}
                         for limit, by in s.runs.items()},
            }
            for s in self.sizes
        ]  # fmt: skip
        publish_file(self.folder / "results.json", json.dumps(raw, indent=1))

    def _run(self, mode: str, folder: Path, limit: float, seed: int, where: Path) -> Outcome:
        args = self.args
        worker = [mode, str(folder), "--limit", f"{limit:g}", "--workers", str(args.workers),
                  "--seed", str(seed)]  # fmt: skip
        most = {"portfolio": args.portfolio_max_choices, "plain": args.plain_max_choices}
        if mode in most:
            worker += ["--max-size", str(most[mode])]
        return run_worker(worker, where, limit + args.grace, args.memory_cap * 1024)

    def limits(self, size: Size) -> list[float]:
        """The limits ``size`` runs at: its own from ``--limits-for``, else ``--limits``."""
        return sorted(set(self.args.limits_for.get(size.name.lower(), self.args.limits)))

    def run_size(self, size: Size) -> None:
        """Every peer at every limit of ``size``, one run at a time."""
        try:
            folder = scenario_folder(size, Path(self.args.cache))
        except Exception as error:  # a generator failure must not end the benchmark
            _log(f"[{size.name}] generation failed: {error}")
            self.sizes.append(PeerRuns(size, "", Outcome("crashed", 0, 0, None, error=str(error))))
            return
        runs = PeerRuns(size, str(folder))
        self.sizes.append(runs)
        base = self.folder / size.name
        if size.is_ward:
            runs.optimum = self._run("optimum", folder, 60.0, 0, base / "optimum")
            _log(f"[{size.name}] exact optimum: {describe(runs.optimum)}")
        for limit in self.limits(size):
            by_peer: dict[str, list[Outcome]] = runs.runs.setdefault(limit, {})
            for seed in range(self.args.repeats):
                for peer in self.args.peers:
                    _log(f"[{size.name}] {limit:g} s, {peer}, seed {seed} ...")
                    where = base / f"limit{limit:g}-seed{seed}" / peer
                    outcome = self._run(peer, folder, limit, seed, where)
                    by_peer.setdefault(peer, []).append(outcome)
                    _log(f"[{size.name}] {limit:g} s, {peer}, seed {seed}: {describe(outcome)}")
                    self.write(finished=False)

    def run(self) -> None:
        """The whole benchmark, size by size."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for size in self.args.sizes:
            self.run_size(size)
        self.write(finished=True)
        _log(f"report: {self.args.out}; raw results: {self.folder / 'results.json'}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the peers benchmark described by the command-line arguments."""
    given = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(given)
    Session(args, shlex.join(["python", "-m", "benchmarks.peers", *given])).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
