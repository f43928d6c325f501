"""``planner generate OUT``: write a realistic spa scenario folder from a seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click


def _parse_start(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from None


@click.command(name="generate")
@click.argument("out", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--kind",
    type=click.Choice(["spa", "ward"]),
    default="spa",
    show_default=True,
    help="spa: a city day spa; ward: a physiotherapy ward (identical therapists, daily courses).",
)
@click.option(
    "--fuzz",
    is_flag=True,
    help="A small spa from --seed with random contract-legal oddities (printed); only --seed, "
    "--sessions and --force apply.",
)
@click.option(
    "--sessions",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="--fuzz: most sessions the scenario asks for.",
)
@click.option(
    "--therapists",
    type=click.IntRange(min=1),
    default=None,
    help="Therapists [default: 6; ward: 4].",
)
@click.option(
    "--rooms",
    type=click.IntRange(min=1),
    default=None,
    help="Rooms [default: 4; ward: one per therapist, so rooms never bind].",
)
@click.option("--patients", type=click.IntRange(min=1), default=90, show_default=True,
              help="ward: patients, one daily course each.")  # fmt: skip
@click.option("--demand", type=click.FloatRange(min=0, min_open=True), default=1.9,
              show_default=True, help="ward: demanded minutes per shift minute.")  # fmt: skip
@click.option("--turnover", type=click.IntRange(min=0), default=0, show_default=True,
              help="ward: minutes between two sessions of a therapist or room.")  # fmt: skip
@click.option(
    "--courses",
    type=click.IntRange(min=1),
    default=None,
    help="Number of courses [default: as many as the tightness asks for].",
)
@click.option("--days", type=click.IntRange(min=1), default=7, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option(
    "--tightness",
    type=click.FloatRange(min=0, max=1.5, min_open=True),
    default=0.7,
    show_default=True,
    help="Demanded treatment minutes as a share of all shift minutes, in (0, 1.5].",
)
@click.option(
    "--start",
    callback=_parse_start,
    metavar="YYYY-MM-DD",
    help="First day of the horizon [default: 2026-12-07, a Monday].",
)
@click.option("--force", is_flag=True, help="Replace OUT if it already holds files.")
def command(
    out: Path,
    kind: str,
    fuzz: bool,
    sessions: int,
    therapists: int | None,
    rooms: int | None,
    patients: int,
    demand: float,
    turnover: int,
    courses: int | None,
    days: int,
    seed: int,
    tightness: float,
    start: date | None,
    force: bool,
) -> None:
    """Generate a realistic city day spa scenario (or a ward, or a fuzzed spa) into OUT.

    The same options and seed always give the same files. OUT must not hold files unless
    --force is given. Exit codes: 0 written, 2 invalid options or OUT not empty (or holding the
    current folder), 4 another run is writing OUT.
    """
    from planner.cli import generate_kinds

    if fuzz:
        generate_kinds.generate_fuzz(out, seed=seed, sessions=sessions, force=force)
        return
    if kind == "ward":
        generate_kinds.generate_ward(
            out, patients=patients, therapists=therapists or 4, rooms=rooms, seed=seed,
            demand=demand, turnover=turnover, days=days, force=force,
        )  # fmt: skip
        return
    generate_kinds.generate_spa(
        out, force=force, therapists=therapists or 6, rooms=rooms or 4, courses=courses,
        days=days, seed=seed, tightness=tightness, start=start,
    )  # fmt: skip
