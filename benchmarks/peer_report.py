"""The peers report: one Markdown section, ready to go into ``BENCHMARKS.md`` as it is.

Machine, command and date; how the peers ran; the scenarios; a table per size and limit (every
peer, same scenario, same limit, one session); the targets, met or not; every failure.
"""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.peer_summary import PeerRuns, PeerSummary, gap_to, ratio, summaries
from benchmarks.peer_targets import Target, targets

PEER_HEADER = (
    "peer",
    "status",
    "value",
    "penalty",
    "bound",
    "gap",
    "value / greedy",
    "value / portfolio",
    "valid",
    "repaired",
    "seconds",
    "peak MiB",
)
# Seconds past the limit (plus this much) are shown in bold: the peer overran its limit.
OVERRUN_SECONDS = 1.0


def _num(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else f"{x:,.{digits}f}"


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.2f} %"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _seconds(s: PeerSummary, limit: float) -> str:
    text = _num(s.seconds, 1)
    return f"**{text}**" if s.seconds is not None and s.seconds > limit + OVERRUN_SECONDS else text


def peer_row(
    s: PeerSummary, limit: float, greedy: float | None, portfolio: float | None
) -> list[str]:
    """One peer's row of a size's table (medians over its repeats)."""
    name = f"**{s.peer}**" if s.peer == "planner" else s.peer
    if s.skipped:
        return [name, f"skipped: {s.skipped}", *["–"] * 9, _num(s.peak_mb)]
    if s.with_plan == 0:
        status = s.statuses or s.states
        return [name, f"{status} (no plan)", *["–"] * 8, _seconds(s, limit), _num(s.peak_mb)]
    valid = f"{s.valid}/{s.runs}" if s.valid == s.runs else f"**{s.valid}/{s.runs}**"
    repaired = "–" if s.repaired is None else str(s.repaired)
    if s.repaired:
        repaired = f"**{repaired}**"
    status = s.statuses if s.states == "ok" or s.runs == 1 else f"{s.statuses} ({s.states})"
    return [
        name,
        status + ("" if not s.reproducible else f", reproducible: {s.reproducible}"),
        _num(s.value),
        _num(s.penalty),
        _num(s.bound),
        _pct(s.gap),
        _num(ratio(s.value, greedy), 3),
        _num(ratio(s.value, portfolio), 3),
        valid,
        repaired,
        _seconds(s, limit),
        _num(s.peak_mb),
    ]


def _limit_section(runs: PeerRuns, limit: float) -> list[str]:
    by = summaries(runs, limit)
    greedy = by["greedy"].value if "greedy" in by else None
    portfolio = by["portfolio"].value if "portfolio" in by else None
    out = [f"### {runs.size.name}: {runs.size.description}, {limit:g} s", ""]
    out += table(PEER_HEADER, [peer_row(s, limit, greedy, portfolio) for s in by.values()])
    bound, source = runs.best_bound()
    planner = by.get("planner")
    notes = []
    if bound is not None:
        gap = gap_to(planner.value if planner else None, bound)
        notes.append(f"best proven bound {bound:,} ({source}); planner's gap to it {_pct(gap)}")
    trivial = runs.trivial_bound()
    if trivial is not None:
        notes.append(f"trivial bound (every bookable session) {trivial:,}")
    out += ["", ("; ".join(notes) + ".") if notes else "No bound proven.", ""]
    return out


def _scenario_rows(all_runs: Sequence[PeerRuns]) -> list[list[str]]:
    rows = []
    for runs in all_runs:
        z, g = runs.size, runs.greedy_data()
        plain = next((r.data.get("plain_choices") for _, peer, r in runs.all_runs()
                      if peer == "plain" and r.state == "ok"), None)  # fmt: skip
        optimum = runs.optimum_value()
        kind = f"ward, {z.patients} patients" if z.is_ward else "spa"
        rows.append([
            f"**{z.name}**", z.description, kind, f"{z.therapists} / {z.rooms} / {z.days}",
            f"{z.tightness:g}", str(z.seed), _num(g.get("sessions_total")),
            _num(g.get("bookable_sessions")), _num(g.get("choices")), _num(plain),
            _num(runs.trivial_bound()), "–" if optimum is None else f"{optimum:,}",
        ])  # fmt: skip
    return rows


SCENARIO_HEADER = (
    "size",
    "scenario",
    "kind",
    "therapists / rooms / days",
    "load",
    "seed",
    "sessions",
    "bookable",
    "choices",
    "plain choices",
    "trivial bound",
    "exact optimum",
)


def _target_rows(found: Sequence[Target]) -> list[list[str]]:
    verdict = {True: "met", False: "**not met**", None: "not measured"}
    return [[t.size, t.goal, t.measured.replace("|", "/"), verdict[t.met]] for t in found]


def failures(all_runs: Sequence[PeerRuns]) -> list[str]:
    """Runs that failed, plans the checker rejects, scores a peer misreports."""
    lines = []
    for runs in all_runs:
        if runs.optimum is not None and runs.optimum.state != "ok":
            lines.append(f"- {runs.size.name}, exact optimum: {runs.optimum.state}")
        for limit, peer, r in runs.all_runs():
            where = f"{runs.size.name}, {limit:g} s, {peer} (seed {r.data.get('seed', '?')})"
            if r.state != "ok":
                error = r.error.replace("\n", " ")[-300:]
                lines.append(f"- {where}: {r.state} after {r.wall_seconds:.0f} s: `{error}`")
                continue
            check = r.data.get("check")
            if check is None or not check["sessions_scheduled"]:
                continue  # skipped, or no plan (its row says so)
            if check["violations"]:
                lines.append(f"- {where}: plan breaks hard rules: "
                             + "; ".join(check["violation_examples"]))  # fmt: skip
            value, penalty = r.data["scheduled_value"], r.data.get("penalty")
            checked = (check["checked_value"], check["checked_penalty"])
            if value != checked[0] or penalty not in (None, checked[1]):
                lines.append(f"- {where}: reports value {value} / penalty {penalty}, the checker "
                             f"scores {checked[0]} / {checked[1]}")  # fmt: skip
    return lines


def render(
    all_runs: Sequence[PeerRuns],
    machine: dict[str, str],
    command: str,
    date: str,
    method: Sequence[str],
    raw_results: str,
    finished: bool,
) -> str:
    """The whole section as Markdown."""
    out = ["## Peers: greedy, plain CP-SAT, CP-SAT portfolio, planner", ""]
    if not finished:
        out += ["> **Run in progress or interrupted**: the tables hold the runs so far.", ""]
    out += [f"- Date: {date}", f"- Command: `{command}`", f"- Raw results: `{raw_results}`", ""]
    out += ["### Machine", "", *table(("", ""), [[k, v] for k, v in machine.items()])]
    out += ["", "### How the peers ran", "", *[f"- {line}" for line in method]]
    out += ["", "### Scenarios", "", *table(SCENARIO_HEADER, _scenario_rows(all_runs)), ""]
    for runs in all_runs:
        for limit in sorted(runs.runs):
            out += _limit_section(runs, limit)
    out += ["### Targets", ""]
    out += table(("size", "target", "measured", "verdict"), _target_rows(targets(all_runs)))
    out += ["", "### Failures and score disagreements", ""] + (failures(all_runs) or ["None."])
    return "\n".join(out) + "\n"
