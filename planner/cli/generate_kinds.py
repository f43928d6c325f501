"""``planner generate --fuzz`` and ``planner generate --kind ward``: the other generators.

Both build a :class:`~planner.scenario.types.Scenario` in memory and write it with
:func:`planner.scenario.write.write_scenario_folder`, under the same rule as the spa generator:
an OUT that holds files is replaced only with ``--force``.
"""

from __future__ import annotations

from pathlib import Path

import click

from planner import exitcodes
from planner.scenario.types import Scenario


def _write(out: Path, scenario: Scenario, force: bool) -> None:
    """Write ``scenario`` into ``out``, refusing a folder that holds files unless ``force``."""
    if out.exists() and not out.is_dir():
        click.secho(f"error: {out} exists and is not a folder", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT)
    if out.is_dir() and any(out.iterdir()) and not force:
        click.secho(f"error: {out} is not empty (use --force to replace it)", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT)
    from planner.plan.publish import PublishLocked, PublishRefused, publish_folder
    from planner.scenario.write import write_scenario_folder

    # --force replaces the folder as a whole (no file of an earlier scenario survives in it),
    # all at once and under its lock, like every other writer of a folder.
    def write(folder: Path) -> None:
        write_scenario_folder(scenario, folder)

    try:
        publish_folder(out, write)
    except PublishLocked as error:
        click.secho(f"error: {error}", fg="red", err=True)
        raise SystemExit(exitcodes.LOCKED) from None
    except PublishRefused as error:
        click.secho(f"error: {error}", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT) from None
    except OSError as error:
        click.secho(f"error: can't write {out}: {error.strerror or error}", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT) from None


def _describe(out: Path, scenario: Scenario) -> None:
    sessions = sum(c.sessions for c in scenario.courses)
    click.echo(f"wrote {out}/: {scenario.settings.name}")
    click.echo(
        f"  {len(scenario.therapists)} therapists, {len(scenario.shifts)} shifts, "
        f"{len(scenario.rooms)} rooms, {len(scenario.treatments)} treatments"
    )
    click.echo(
        f"  {len(scenario.clients)} clients, {len(scenario.courses)} courses asking for "
        f"{sessions} sessions, {len(scenario.pins)} pinned"
    )


def generate_fuzz(out: Path, *, seed: int, sessions: int, force: bool) -> None:
    """Write the fuzzed scenario of ``seed`` and print the oddities applied."""
    from planner.generate.fuzz import fuzz_scenario

    scenario, oddities = fuzz_scenario(seed, sessions_hint=sessions)
    _write(out, scenario, force)
    _describe(out, scenario)
    click.echo(f"  oddities: {', '.join(oddities) or 'none'}")


def generate_ward(
    out: Path,
    *,
    patients: int,
    therapists: int,
    rooms: int | None,
    seed: int,
    demand: float,
    turnover: int,
    days: int,
    force: bool,
) -> None:
    """Write a physiotherapy ward scenario (see :mod:`planner.generate.ward`)."""
    from planner.generate.ward import build_ward, ward_demand

    try:
        scenario = build_ward(
            patients=patients,
            therapists=therapists,
            rooms=rooms,
            seed=seed,
            demand=demand,
            turnover=turnover,
            days=days,
        )
    except ValueError as error:
        click.secho(f"error: {error}", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT) from None
    _write(out, scenario, force)
    _describe(out, scenario)
    click.echo(f"  demand {ward_demand(scenario):.2f} x the therapists' shift minutes")
