"""The differential harness at scale: many fuzzed spas (and wards), every plan checked twice.

    python -m benchmarks.fuzz --seeds 0-199 --time-limit 10
    python -m benchmarks.fuzz --seeds 0-999 --sessions 10-40 --time-limit 5
    python -m benchmarks.fuzz --seeds "" --wards 0-2 --time-limit 30

Each seed gives one spa from :func:`planner.generate.fuzz.fuzz_scenario` of a size drawn from
``--sessions``; each ward seed one physiotherapy ward (``--ward-patients`` x
``--ward-therapists``, ``--ward-rooms`` rooms: one per therapist unless given; fewer make the
rooms bind). ``planner.model.solve`` plans it (raw, without the final repair, so
that a defect shows); the independent checker checks the plan; the plain reference model
(``tests/reference``) accepts or rejects the same plan, and on spas of at most
``--reference-max`` sessions solves it exactly for comparison. A ward is compared with its
exact optimum at any size (``tests/reference/ward_optimum.py``: one day's knapsack,
repeated). A table lists every defect (seed, oddities, what broke, rule) and how often the solve
reached a proven optimum within its time limit.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planner.generate.fuzz import fuzz_scenario
from planner.generate.ward import build_ward
from planner.model import Result, SolveOptions, solve
from planner.scenario.types import Scenario
from tests.reference.compare import Defect, all_defects
from tests.reference.plain_model import PlainResult, plan_is_feasible, solve_plain
from tests.reference.ward_optimum import ward_optimum


@dataclass
class Case:
    """One scenario of the run and what the harness found on it."""

    label: str
    oddities: tuple[str, ...]
    sessions: int
    status: str = ""
    value: int | None = None
    penalty: int | None = None
    bound: int | None = None
    seconds: float = 0.0
    ref_status: str = ""
    ref_value: int | None = None
    ref_penalty: int | None = None
    ref_seconds: float = 0.0
    peer_value: int | None = None  # the plain model from solve's plan, for as long as solve
    peer_penalty: int | None = None
    defects: list[Defect] = field(default_factory=list)

    @property
    def peer_better(self) -> bool:
        """The plain peer, started from solve's plan, found a better score in as long."""
        if self.peer_value is None or self.value is None:
            return False
        peer = (self.peer_value, -(self.peer_penalty or 0))
        return peer > (self.value, -(self.penalty or 0))

    @property
    def reached_optimum(self) -> bool | None:
        """Solve's score equals the reference's proven optimum (None: no proven optimum)."""
        if self.ref_status != "optimal" or self.value is None:
            return None
        return (self.value, self.penalty) == (self.ref_value, self.ref_penalty)


def seed_range(text: str) -> list[int]:
    """``0-199`` or ``3,7,10-12`` as a list of seeds."""
    seeds: list[int] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        low, _, high = part.partition("-")
        seeds += range(int(low), int(high or low) + 1)
    return seeds


def _solve(case: Case, scenario: Scenario, args: argparse.Namespace) -> Result | None:
    started = time.perf_counter()
    try:
        result = solve(scenario, SolveOptions(time_limit=args.time_limit, workers=args.workers))
    except Exception as error:  # a crash is a finding, not the end of the run
        case.defects.append(Defect("crash", f"{type(error).__name__}: {error}"))
        traceback.print_exc(file=sys.stderr)
        return None
    case.seconds = time.perf_counter() - started
    case.status, case.value = result.status.value, result.scheduled_value
    case.penalty, case.bound = result.penalty, result.bound
    return result


def _second_check(case: Case, scenario: Scenario, result: Result, limit: float) -> None:
    """The plain model must accept exactly the plans the checker accepts."""
    if not result.plan.sessions:
        return  # no plan to check ("no plan" is reported already)
    valid = not any(d.kind == "invalid plan" for d in case.defects)
    accepted = plan_is_feasible(scenario, result.plan.sessions, time_limit=limit)
    if accepted is not None and accepted != valid:
        says = "accepts" if valid else "rejects"
        case.defects.append(
            Defect("checkers disagree", f"the checker {says} solve's plan, the reference doesn't")
        )


def _against_ward_optimum(case: Case, result: Result, scenario: Scenario) -> None:
    optimum = ward_optimum(scenario)
    if optimum is None:
        return
    case.ref_status, (case.ref_value, case.ref_penalty) = "optimal", optimum
    if result.scheduled_value > optimum[0] or (
        result.bound is not None and result.bound < optimum[0]
    ):
        case.defects.append(
            Defect("ward optimum", f"value {result.scheduled_value} / bound {result.bound} "
                   f"against the exact optimum {optimum[0]}")
        )  # fmt: skip
    if result.status.value == "optimal" and (result.scheduled_value, result.penalty) != optimum:
        case.defects.append(Defect("false optimal", f"solve's optimum is not {optimum}"))


def run_case(case: Case, scenario: Scenario, args: argparse.Namespace) -> Case:
    """Solve, check and (small enough) compare ``scenario`` with the exact reference."""
    result = _solve(case, scenario, args)
    if result is None:
        return case
    ref: PlainResult | None = None
    if case.oddities == ("ward",):
        _against_ward_optimum(case, result, scenario)
    elif case.sessions <= args.reference_max:
        ref = solve_plain(scenario, time_limit=args.reference_limit, workers=args.workers)
        case.ref_status, case.ref_seconds = ref.status, ref.seconds
        case.ref_value, case.ref_penalty = ref.scheduled_value, ref.penalty
    case.defects += all_defects(scenario, result, ref)
    if case.sessions <= args.referee_max:
        _second_check(case, scenario, result, args.reference_limit)
    if args.peer and ref is None:
        _peer(case, scenario, result, args)
    return case


def _peer(case: Case, scenario: Scenario, result: Result, args: argparse.Namespace) -> None:
    """The plain model as a benchmark peer: solve's plan as its hint, solve's time limit."""
    hint = result.plan.sessions if not case.defects else None
    peer = solve_plain(scenario, time_limit=args.time_limit, workers=args.workers, hint=hint)
    case.peer_value, case.peer_penalty = peer.scheduled_value, peer.penalty
    case.defects += [
        d for d in all_defects(scenario, result, peer) if d.kind != "misreported score"
    ]


def _line(case: Case) -> str:
    ref = f" ref {case.ref_status} {case.ref_value}/{case.ref_penalty}" if case.ref_status else ""
    if case.peer_value is not None:
        ref += f" peer {case.peer_value}/{case.peer_penalty}"
    flag = f"  DEFECTS: {'; '.join(map(str, case.defects))}" if case.defects else ""
    return (
        f"{case.label:>10} {case.sessions:4d} sessions  {case.status:8s} "
        f"{case.value}/{case.penalty} bound {case.bound} {case.seconds:5.1f}s{ref}{flag}"
    )


def report(cases: Sequence[Case]) -> str:
    """The Markdown summary: counts, the defect table, the optimum reached on small spas."""
    compared = [c for c in cases if c.reached_optimum is not None]
    reached = sum(bool(c.reached_optimum) for c in compared)
    sizes = [c.sessions for c in cases]
    lines = [
        f"{len(cases)} scenarios, {min(sizes, default=0)}-{max(sizes, default=0)} sessions; "
        f"{sum(c.status == 'optimal' for c in cases)} solved optimal; "
        f"{len(compared)} compared with a proven reference optimum, "
        f"{reached} reached it within the time limit.",
        "",
    ]
    broken = [(c, d) for c in cases for d in c.defects]
    if not broken:
        lines.append("No defects found.")
    else:
        lines += [
            "| scenario | sessions | oddities | defect | rule | detail |",
            "|---|---|---|---|---|---|",
        ]
    for case, defect in broken:
        detail = defect.message.replace("|", "/")[:200]
        rule = "" if defect.rule is None else str(defect.rule)
        lines.append(
            f"| {case.label} | {case.sessions} | {', '.join(case.oddities)} | {defect.kind} "
            f"| {rule} | {detail} |"
        )
    beaten = [c for c in cases if c.peer_better]
    if beaten:
        lines += ["", "Where the plain peer improved on solve's plan in the same time:"]
        lines += [
            f"- {c.label}: {c.value}/{c.penalty} -> {c.peer_value}/{c.peer_penalty}" for c in beaten
        ]
    missed = [c for c in compared if not c.reached_optimum]
    if missed:
        lines += ["", "Where solve stopped short of the proven optimum (value/penalty):"]
        lines += [f"- {c.label} ({c.sessions} sessions): {c.value}/{c.penalty}, optimum "
                  f"{c.ref_value}/{c.ref_penalty}" for c in missed]  # fmt: skip
    return "\n".join(lines)


def _cases(args: argparse.Namespace) -> Iterator[tuple[Case, Scenario]]:
    """Each scenario of the run, made when it is its turn (a run may hold thousands)."""
    low, _, high = args.sessions.partition("-")
    for seed in args.seeds:
        hint = random.Random(seed).randint(int(low), int(high or low))
        scenario, oddities = fuzz_scenario(seed, sessions_hint=hint)
        total = sum(c.sessions for c in scenario.courses)
        yield Case(f"fuzz {seed}", oddities, total), scenario
    for seed in args.wards:
        scenario = build_ward(
            patients=args.ward_patients,
            therapists=args.ward_therapists,
            rooms=args.ward_rooms,
            seed=seed,
        )
        total = sum(c.sessions for c in scenario.courses)
        yield Case(f"ward {seed}", ("ward",), total), scenario


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.fuzz",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--seeds", type=seed_range, default=seed_range("0-199"))
    parser.add_argument("--sessions", default="50-400", help="size range LOW-HIGH (default 50-400)")
    parser.add_argument("--time-limit", type=float, default=10.0, help="solve seconds (default 10)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--reference-max",
        type=int,
        default=80,
        help="compare with the exact reference up to this many sessions (80)",
    )
    parser.add_argument(
        "--reference-limit",
        type=float,
        default=60.0,
        help="reference seconds per phase (default 60)",
    )
    parser.add_argument(
        "--referee-max",
        type=int,
        default=400,
        help="second checker (plain model) up to this many sessions (400)",
    )
    parser.add_argument(
        "--peer",
        action="store_true",
        help="beyond --reference-max: the plain model from solve's plan, as long",
    )
    parser.add_argument("--wards", type=seed_range, default=[])
    parser.add_argument("--ward-patients", type=int, default=90)
    parser.add_argument("--ward-therapists", type=int, default=4)
    parser.add_argument(
        "--ward-rooms", type=int, default=None, help="rooms of a ward (default: one per therapist)"
    )
    parser.add_argument("--json", type=Path, help="write every case as JSON lines here")
    return parser.parse_args(argv)  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Run the harness; exit code 1 when any defect was found."""
    args = parse_args(argv)
    cases = []
    sink = args.json.open("w", encoding="utf-8") if args.json else None
    for case, scenario in _cases(args):
        run_case(case, scenario, args)
        cases.append(case)
        print(_line(case), flush=True)
        if sink is not None:
            record = {**case.__dict__, "defects": [str(d) for d in case.defects]}
            sink.write(json.dumps(record) + "\n")
            sink.flush()
    if sink is not None:
        sink.close()
    print()
    print(report(cases))
    return 1 if any(c.defects for c in cases) else 0


if __name__ == "__main__":
    sys.exit(main())
