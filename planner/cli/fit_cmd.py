"""``planner fit SCENARIO PLAN_DIR --client C --treatment T --sessions N``: the front desk."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from planner import exitcodes
from planner.cli.common import archive_file, guard_or_exit, load_or_exit, publish_or_exit
from planner.cli.fit_options import fit_request, request_options, spa_now
from planner.cli.plan_input import read_plan_or_exit
from planner.plan.folder import PlanBundle

if TYPE_CHECKING:
    from planner.fit import FitResult


def _print(result: FitResult, options: list[dict[str, Any]], console: Console) -> None:
    scenario = result.scenario
    name = {t.id: t.name for t in scenario.therapists} | {r.id: r.name for r in scenario.rooms}
    course = result.course
    console.print(
        f"Course {course.id}: {course.sessions} x {scenario.treatment_of(course).name}",
        markup=False,
    )
    if result.reason:
        console.print(f"No complete booking fits. {result.reason}", markup=False, soft_wrap=True)
    if not options:
        console.print("Not even its first session fits.", markup=False)
    for option in options:
        kind = "complete" if option["complete"] else f"first {len(option['sessions'])} sessions"
        table = Table(title=f"Option {option['rank']}: {kind}, penalty +{option['penalty_delta']}")
        for column in ("session", "day", "time", "therapist", "room"):
            table.add_column(column)
        for s in option["sessions"]:
            when = datetime.strptime(s["start"], "%Y-%m-%dT%H:%M")
            table.add_row(
                str(s["session"]),
                f"{when:%a %d %b}",
                f"{s['start'][11:]}-{s['end'][11:]}",
                name[s["therapist_id"]],
                name[s["room_id"]],
            )
        console.print(table)
        for m in option["moves"]:
            console.print(
                f"  moves {m['course_id']} session {m['session']} from {m['from']['start']} "
                f"({m['from']['therapist_id']}, {m['from']['room_id']}) to {m['to']['start']} "
                f"({m['to']['therapist_id']}, {m['to']['room_id']})",
                markup=False,
            )
    console.print(f"searched in {result.seconds:.2f} s", markup=False)


@click.command(name="fit")
@click.argument("scenario", type=click.Path(file_okay=False, path_type=Path))
@click.argument("plan_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--archive", metavar="DB", help="Take the archive's last published plan instead.")
@request_options
@click.option("--json", "as_json", is_flag=True, help="Print only JSON on standard output.")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write a solve output folder with option --choose booked.")  # fmt: skip
@click.option("--choose", type=click.IntRange(min=1), help="Rank of the option to write (-o).")
def command(
    scenario: Path, plan_dir: Path | None, archive: str | None, as_json: bool,
    out: Path | None, choose: int | None, **options: Any,
) -> None:  # fmt: skip
    """List the best complete bookings of a new course into the published plan in PLAN_DIR
    (a solve's output folder); every published session stays as it is.

    Options are ranked by the contract's score (sessions, then the penalty the course adds,
    then the earliest start) and differ in the day or therapist of at least one session.
    Nothing starts before --now (default: the clock) plus --lead-minutes. When none fits,
    says why and offers the longest prefix that fits. `planner book` books an option into
    the live scenario. Exit codes: 0 answered (and written), 2 invalid input (or an OUT that
    is, holds or lies inside an input), 3 nothing of the course fits (with -o), 4 OUT is
    being written.
    """
    # Imported here: the search loads the model, which `planner --help` should not wait for.
    from planner.fit import RequestError, fit_course
    from planner.fit.document import fit_document
    from planner.fit.moves import move_search_at

    err = Console(stderr=True)
    console = err if as_json else Console()
    if (out is None) != (choose is None):
        err.print("-o OUT and --choose K go together", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    if out is not None:
        reads = [("the scenario folder", scenario), ("the plan folder", plan_dir)]
        guard_or_exit(out, [*reads, ("the archive", archive_file(archive))], err)
    loaded = load_or_exit(scenario, err)
    bundle = read_plan_or_exit(plan_dir, archive, loaded, scenario, err)
    request = fit_request(options)
    top = options["top"]
    try:
        movable = move_search_at(
            loaded, bundle.sessions, options["allow_moves"], spa_now(options),
            options["freeze_hours"],
        )  # fmt: skip
        result = fit_course(loaded, bundle.sessions, request, max(top, choose or 0), movable)
    except RequestError as error:
        err.print(f"invalid option {error}", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    document = fit_document(result, bundle.sessions, top)
    if as_json:
        click.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        _print(result, document["options"], console)
    if out is not None and choose is not None:
        _write_or_exit(out, result, bundle, choose, err)


def _write_or_exit(
    out: Path, result: FitResult, bundle: PlanBundle, rank: int, err: Console
) -> None:
    if not result.options:
        err.print("nothing of the course fits: no plan written", markup=False)
        sys.exit(exitcodes.NO_PLAN)
    if rank > len(result.options):
        from planner.fit.document import options_found

        found = len(result.options)
        err.print(f"--choose {rank}: {options_found(found)}; nothing written", markup=False)
        sys.exit(exitcodes.INVALID_INPUT)
    with publish_or_exit(err, "the plan"):
        # Imported here: only -o writes a folder.
        from planner.fit.output import write_fit_folder

        written = write_fit_folder(out, result, bundle, rank)
    err.print(f"option {rank} written to {written}", markup=False)


__all__ = ["command"]
