"""The Markdown report: machine, command, date, scenarios, results per size, targets, failures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from benchmarks.summary import LimitSummary, SizeRuns, Target, summarise, targets


def _num(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _scenario_rows(sizes: Sequence[SizeRuns]) -> list[list[str]]:
    rows = []
    for s in sizes:
        p = s.probe.data if s.probe and s.probe.state == "ok" else {}
        z = s.size
        rows.append(
            [
                f"**{z.name}**",
                z.description,
                f"{z.therapists} / {z.rooms} / {z.days}",
                f"{z.tightness:g}",
                str(z.seed),
                str(p.get("courses", "–")),
                str(p.get("sessions_total", "–")),
                str(p.get("bookable_sessions", "–")),
                str(p.get("pins", "–")),
                str(p.get("choices", "–")),
                str(p.get("variables", "–")),
                str(p.get("constraints", "–")),
                _num(p.get("load_seconds"), 2),
                _num(p.get("candidates_seconds"), 2),
                _num(p.get("smart_greedy_seconds"), 2),
                _num(p.get("build_seconds"), 2),
                _num(s.probe.peak_rss_mb if s.probe else None),
            ]
        )
    return rows


def _baseline_rows(sizes: Sequence[SizeRuns]) -> list[list[str]]:
    rows = []
    for s in sizes:
        if s.probe is None or s.probe.state != "ok":
            state = "not run" if s.probe is None else s.probe.state
            rows.append([f"**{s.size.name}**", state, "–", "–", "–"])
            continue
        g = s.probe.data["greedy"]
        total = s.probe.data["sessions_total"]
        rows.append(
            [
                f"**{s.size.name}**",
                str(g["checked_value"]),
                f"{g['sessions_scheduled']} / {total}",
                _num(s.probe.data["greedy_seconds"], 3),
                "yes" if g["valid"] else f"**NO** ({g['violations']} violations)",
            ]
        )
    return rows


def _result_row(s: LimitSummary) -> list[str]:
    first = _num(s.first_plan, 2)
    if s.first_plan is not None and not s.first_plan_exact:
        first = "≤ " + first
    valid = f"{s.valid}/{s.runs}" if s.valid == s.runs else f"**{s.valid}/{s.runs}**"
    # The checker's score is the truth; the solver's own score is shown beside it if it differs.
    value, penalty = _num(s.checked_value), _num(s.checked_penalty)
    if s.value != s.checked_value:
        value += f" (solver: {_num(s.value)})"
    if s.penalty != s.checked_penalty:
        penalty += f" (solver: {_num(s.penalty)})"
    runs = f"{s.ok}/{s.runs} ok" + ("" if s.ok == s.runs else f" ({s.states})")
    return [
        f"{s.limit:g}",
        runs,
        s.statuses or "–",
        value,
        penalty,
        _num(s.bound),
        "–" if s.gap is None else f"{100 * s.gap:.2f} %",
        first,
        _num(s.solve_seconds, 1),
        f"{_num(s.sessions_scheduled)} / {s.sessions_total or '–'}",
        _num(s.peak_mb_max),
        valid,
        _num(s.ratio, 3),
    ]


RESULT_HEADER = (
    "limit s",
    "runs",
    "status",
    "value",
    "penalty",
    "bound",
    "gap",
    "first plan s",
    "solve s",
    "sessions",
    "peak MiB",
    "valid",
    "planner / greedy",
)


def _target_rows(found: Sequence[Target]) -> list[list[str]]:
    verdict = {True: "met", False: "**not met**", None: "not measured"}
    return [[t.size, t.goal, t.measured, verdict[t.met]] for t in found]


def _failures(sizes: Sequence[SizeRuns]) -> list[str]:
    lines = []
    for s in sizes:
        measured = [("probe", s.probe)] if s.probe else []
        measured += [
            (f"{limit:g} s, seed {seed}", r)
            for limit, rs in s.runs.items()
            for seed, r in enumerate(rs)
        ]
        for label, r in measured:
            if r is not None and r.state != "ok":
                error = r.error.replace("\n", " ")[-400:]
                lines.append(
                    f"- {s.size.name}, {label}: {r.state} after {r.wall_seconds:.0f} s: `{error}`"
                )
                continue
            check = r.data.get("check") or r.data.get("greedy")
            if check is None:
                continue
            where = f"{s.size.name}, {label}" + (" (greedy baseline)" if label == "probe" else "")
            if check["violations"]:
                examples = "; ".join(check["violation_examples"])
                lines.append(f"- {where}: plan breaks hard rules: {examples}")
            solver = (r.data.get("scheduled_value"), r.data.get("penalty"))
            if "status" in r.data and solver != (check["checked_value"], check["checked_penalty"]):
                lines.append(
                    f"- {where}: the solver reported value {solver[0]} / penalty {solver[1]}, "
                    f"the checker scores the plan {check['checked_value']} / "
                    f"{check['checked_penalty']}"
                )
    return lines


def render(
    sizes: Sequence[SizeRuns],
    machine: dict[str, str],
    command: str,
    date: str,
    method: Sequence[str],
    raw_results: Path,
    finished: bool,
) -> str:
    """The whole report as Markdown."""
    out = ["# Benchmarks", ""]
    if not finished:
        out += [
            "> **Run in progress or interrupted**: the tables hold the runs finished so far.",
            "",
        ]
    out += [f"- Date: {date}", f"- Command: `{command}`", f"- Raw results: `{raw_results}`", ""]
    out += ["## Machine", ""]
    out += _table(("", ""), [[k, v] for k, v in machine.items()])
    out += ["", "## How it was measured", ""] + [f"- {line}" for line in method]
    out += ["", "## Scenarios and model size", ""]
    out += _table(
        (
            "size",
            "spa",
            "therapists / rooms / days",
            "tightness",
            "seed",
            "courses",
            "sessions",
            "bookable",
            "pins",
            "choices",
            "CP-SAT variables",
            "CP-SAT constraints",
            "load s",
            "candidates s",
            "start plan s",
            "model build s",
            "build peak MiB",
        ),
        _scenario_rows(sizes),
    )
    out += ["", "## Baseline: a booking system's earliest free slot", ""]
    out += _table(("size", "value", "sessions", "time s", "valid"), _baseline_rows(sizes))
    out += ["", "## Planner results", ""]
    for s in sizes:
        out += [f"### {s.size.name}: {s.size.description}", ""]
        if not s.runs:
            out += ["Not run.", ""]
            continue
        out += _table(RESULT_HEADER, [_result_row(summarise(s, limit)) for limit in sorted(s.runs)])
        out += [""]
    out += ["## Targets", ""]
    out += _table(
        ("size", "target", "measured", "verdict"),
        _target_rows(targets({s.size.name: s for s in sizes})),
    )
    failures = _failures(sizes)
    out += ["", "## Failures and score disagreements", ""] + (failures or ["None."])
    return "\n".join(out) + "\n"
