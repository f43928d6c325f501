"""Run the benchmark and write the report.

    python -m benchmarks.run --sizes S,M,L,XL,tight --limits 10,30,120 --out BENCHMARKS.md

Every solve runs in a fresh subprocess under a wall-clock cap (limit + ``--grace``); a run that
crashes or hits the cap is recorded as such and the benchmark goes on. The report is rewritten
after every run, so an interrupted benchmark still leaves one.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.launch import Outcome, run_worker
from benchmarks.machine import machine_info, now_utc
from benchmarks.report import render
from benchmarks.scenarios import CACHE, Size, parse_sizes, scenario_folder
from benchmarks.summary import SizeRuns


def _limits(text: str) -> list[float]:
    try:
        limits = sorted({float(part) for part in text.split(",") if part.strip()})
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"limits must be numbers of seconds: {error}") from None
    if not limits or limits[0] <= 0:
        raise argparse.ArgumentTypeError("give at least one positive time limit")
    return limits


def _sizes(text: str) -> list[Size]:
    try:
        return parse_sizes(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("--sizes", type=_sizes, default=_sizes("S,M,L,XL,tight"))
    parser.add_argument(
        "--limits",
        type=_limits,
        default=_limits("10,30,120"),
        help="solver time limits in seconds, comma-separated",
    )
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="runs per size and limit; the median is reported (default 3)",
    )
    parser.add_argument(
        "--long-repeats",
        type=int,
        default=1,
        help="runs of long solves (L, XL, or limit >= --long-limit) (default 1)",
    )
    parser.add_argument("--long-limit", type=float, default=120.0)
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2)")
    parser.add_argument(
        "--grace",
        type=float,
        default=120.0,
        help="wall-clock cap of a run = limit + grace seconds (default 120)",
    )
    parser.add_argument(
        "--probe-cap",
        type=float,
        default=900.0,
        help="wall-clock cap of the model-size probe (default 900 s)",
    )
    parser.add_argument("--out", type=Path, default=Path("BENCHMARKS.md"))
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument(
        "--no-probe", action="store_true", help="skip the model-size probe and the greedy baseline"
    )
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.long_repeats < 1:
        parser.error("repeats must be at least 1")
    return args


def _method(args: argparse.Namespace) -> list[str]:
    return [
        "Each solve runs in a fresh Python process (`benchmarks/worker.py`): it loads the "
        "scenario folder, calls `planner.model.solve` with the time limit, then checks the "
        "returned plan with the independent checker (`planner.check.check_sessions`) and "
        "scores it with `planner.check.score`.",
        f"CP-SAT workers: {args.workers}. Solver seed = repeat number (0, 1, ...). "
        f"Repeats: {args.repeats} per size and limit; {args.long_repeats} for long solves "
        f"(sizes L and XL, and limits ≥ {args.long_limit:g} s). Tables show medians over "
        "repeats; peak memory is the maximum.",
        f"Wall-clock cap per solve: limit + {args.grace:g} s; a solve past it is killed and "
        "reported as `timeout`, a solve that dies as `crashed`; neither stops the benchmark.",
        "Peak memory: the child process's maximum resident set size (`wait4` rusage), "
        "Python and CP-SAT together, load and checks included.",
        "Model size and build times come from a separate probe process per size: candidate "
        "slots (`CandidateBuilder`), the solver's greedy start plan (`greedy_plan(smart=True)`) "
        "and one CP-SAT model over all bookable sessions (`build_model`); "
        "variables/constraints = `len(model.proto.variables / constraints)`. Above "
        "`planner.model.solve.MONOLITHIC_LIMIT` choices the solver builds smaller models "
        "part by part instead, so for the largest sizes this counts a model it never builds.",
        "First plan s: time from the start of `solve` to its first progress report (first "
        "CP-SAT plan). `≤ x` means no progress was reported and x is the whole solve.",
        "value = scheduled value (sum of priorities), bound = best proven upper bound on it, "
        "gap = (bound - value) / bound, penalty = soft-goal penalty (contract's score).",
        "Baseline: `greedy_plan(scenario, specs, smart=False)`: courses in file order, each "
        "session at the earliest free slot with any therapist (a booking system's behaviour). "
        "planner / greedy = median planner value / baseline value, both as scored by the checker.",
    ]


def _is_long(size: Size, limit: float, args: argparse.Namespace) -> bool:
    return size.long or limit >= args.long_limit


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _describe(outcome: Outcome) -> str:
    if outcome.state != "ok":
        return f"{outcome.state}: {outcome.error.splitlines()[-1] if outcome.error else ''}"
    d = outcome.data
    if "status" not in d:
        return f"ok, {d.get('variables')} variables, greedy value {d['greedy']['checked_value']}"
    valid = "valid" if d["check"]["valid"] else f"INVALID ({d['check']['violations']})"
    return (
        f"{d['status']}, value {d['scheduled_value']}, bound {d['bound']}, "
        f"{outcome.wall_seconds:.1f} s, {outcome.peak_rss_mb:.0f} MiB, {valid}"
    )


class Benchmark:
    """The runs of one benchmark, and the report rewritten after each of them."""

    def __init__(self, args: argparse.Namespace, command: str) -> None:
        self.args = args
        self.command = command
        self.date = now_utc()
        self.machine = machine_info()
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        self.folder = Path(args.cache) / "runs" / stamp
        self.sizes: list[SizeRuns] = []

    def write(self, finished: bool) -> None:
        text = render(
            self.sizes,
            self.machine,
            self.command,
            self.date,
            _method(self.args),
            self.folder / "results.json",
            finished,
        )
        out = Path(self.args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
        raw = [
            {
                "size": s.size.parameters(),
                "folder": s.folder,
                "probe": asdict(s.probe) if s.probe else None,
                "runs": {str(k): [asdict(r) for r in v] for k, v in s.runs.items()},
            }
            for s in self.sizes
        ]
        (self.folder / "results.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")

    def run_size(self, size: Size) -> None:
        args = self.args
        try:
            folder = scenario_folder(size, Path(args.cache))
        except Exception as error:  # a generator failure must not end the benchmark
            runs = SizeRuns(size, "")
            runs.probe = Outcome("crashed", 0.0, 0.0, None, error=f"generation failed: {error}")
            self.sizes.append(runs)
            self.write(finished=False)
            return
        runs = SizeRuns(size, str(folder))
        self.sizes.append(runs)
        if not args.no_probe:
            _log(f"[{size.name}] probe ...")
            runs.probe = run_worker(
                ["probe", str(folder)], self.folder / size.name / "probe", args.probe_cap
            )
            _log(f"[{size.name}] probe: {_describe(runs.probe)}")
            self.write(finished=False)
        for limit in args.limits:
            repeats = args.long_repeats if _is_long(size, limit, args) else args.repeats
            runs.runs[limit] = []
            for repeat in range(repeats):
                worker_args = [
                    "solve", str(folder), "--limit", f"{limit:g}",
                    "--workers", str(args.workers), "--seed", str(repeat),
                ]  # fmt: skip
                where = self.folder / size.name / f"limit{limit:g}-seed{repeat}"
                _log(f"[{size.name}] limit {limit:g} s, seed {repeat} ...")
                outcome = run_worker(worker_args, where, limit + args.grace)
                runs.runs[limit].append(outcome)
                _log(f"[{size.name}] limit {limit:g} s, seed {repeat}: {_describe(outcome)}")
                self.write(finished=False)

    def run(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        for size in self.args.sizes:
            self.run_size(size)
        self.write(finished=True)
        _log(f"report: {self.args.out}; raw results: {self.folder / 'results.json'}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark described by the command-line arguments."""
    given = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(given)
    command = shlex.join(["python", "-m", "benchmarks.run", *given])
    Benchmark(args, command).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
