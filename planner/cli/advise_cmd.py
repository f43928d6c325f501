"""``planner advise SCENARIO PLAN_DIR``: the one change booking the most unscheduled sessions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from planner.cli.common import guard_or_exit, load_or_exit, publish_or_exit, workers_option
from planner.cli.plan_input import read_plan_or_exit
from planner.plan.publish import publish_folder


@click.command(name="advise")
@click.argument("scenario", type=click.Path(file_okay=False, path_type=Path))
@click.argument("plan_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--top", type=click.IntRange(min=1), default=3, show_default=True,
              help="Best estimates to verify by re-solving.")  # fmt: skip
@click.option("--time-limit", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              help="Seconds of each verifying re-solve.")  # fmt: skip
@workers_option
@click.option("--json", "as_json", is_flag=True, help="Print only JSON on standard output.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for advice.toml (variants for whatif) and advice.csv.")  # fmt: skip
def command(
    scenario: Path, plan_dir: Path, top: int, time_limit: float, workers: int, as_json: bool,
    out: Path | None,
) -> None:  # fmt: skip
    """Advise one change (a longer or extra shift, a room-day, a specialty, a longer opening, a
    second daily session) that would book the most of the plan's unscheduled sessions in PLAN_DIR.

    Every candidate is estimated against the published plan, the best --top are verified by
    re-solving with the change, and the verified gain (against the better of the plan and a
    re-solve without change) is reported with the sessions it books and its cost in minutes.
    Exit codes: 0 advised, 2 invalid input (or an OUT that is, holds or lies inside an
    input), 4 OUT is being written.
    """
    from planner.advise import advise, write_advice

    err = Console(stderr=True)
    if out is not None:
        guard_or_exit(out, [("the scenario folder", scenario), ("the plan folder", plan_dir)], err)
    loaded = load_or_exit(scenario, err)
    bundle = read_plan_or_exit(plan_dir, None, loaded, scenario, err)
    found, estimated = advise(loaded, bundle.sessions, bundle.unscheduled, top, time_limit, workers)
    rows: list[dict[str, Any]] = [
        {
            "rank": rank,
            "variant": a.candidate.name,
            "kind": a.candidate.kind,
            "description": a.candidate.description,
            "estimated_gain": a.estimated_gain,
            "verified_gain": a.verified_gain,
            "sessions_booked": [{"course_id": c, "session": n} for c, n in a.booked],
            "cost_minutes": a.candidate.cost_minutes,
        }
        for rank, a in enumerate(found, start=1)
    ]
    if as_json:
        click.echo(json.dumps({"advice": rows, "changes_estimated": estimated}, indent=2))
    else:
        table = Table(
            title=f"Advice: {estimated} helpful change(s) estimated, {len(rows)} verified"
        )
        for column in ("rank", "change", "estimated", "verified", "sessions", "cost min"):
            table.add_column(column)
        for r in rows:
            table.add_row(str(r["rank"]), str(r["description"]), f"+{r['estimated_gain']}",
                          f"{r['verified_gain']:+d}", str(len(r["sessions_booked"])),
                          str(r["cost_minutes"]))  # fmt: skip
        Console().print(table)
    if out is not None:
        with publish_or_exit(err, "the advice"):
            published = publish_folder(out, lambda folder: write_advice(folder, found))
        err.print(f"advice written to {published}", markup=False)


__all__ = ["command"]
