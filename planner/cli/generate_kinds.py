"""The generators of ``planner generate``: the spa, ``--kind ward`` and ``--fuzz``.

Each builds a :class:`~planner.scenario.types.Scenario` in memory and writes its files with
:func:`planner.generate.write_folder`: all at once, under the folder's lock, and an OUT that holds
files is replaced only with ``--force``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from planner import exitcodes
from planner.scenario.types import Scenario


def write_or_exit(out: Path, files: dict[str, str], force: bool) -> None:
    """Write ``files`` into ``out`` all at once (:func:`planner.generate.write_folder`), or
    exit: 2 for an OUT that holds files (without ``force``) or can't be written, 4 while
    another run writes it."""
    from planner.generate.writer import OutputExistsError, write_folder
    from planner.plan.publish import PublishLocked, PublishRefused

    try:
        write_folder(out, files, overwrite=force)
    except PublishLocked as error:
        click.secho(f"error: {error}", fg="red", err=True)
        raise SystemExit(exitcodes.LOCKED) from None
    except (OutputExistsError, PublishRefused) as error:
        click.secho(f"error: {error}", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT) from None
    except OSError as error:
        click.secho(f"error: can't write {out}: {error.strerror or error}", fg="red", err=True)
        raise SystemExit(exitcodes.INVALID_INPUT) from None


def _write(out: Path, scenario: Scenario, force: bool) -> None:
    """Write every file of ``scenario`` into ``out`` (see :func:`write_or_exit`)."""
    from planner.scenario.write import scenario_files

    write_or_exit(out, scenario_files(scenario), force)


def counts_lines(scenario: Scenario) -> list[str]:
    """What a generated scenario holds, in two lines."""
    sessions = sum(c.sessions for c in scenario.courses)
    return [
        f"  {len(scenario.therapists)} therapists, {len(scenario.shifts)} shifts, "
        f"{len(scenario.rooms)} rooms, {len(scenario.treatments)} treatments",
        f"  {len(scenario.clients)} clients, {len(scenario.courses)} courses asking for "
        f"{sessions} sessions, {len(scenario.pins)} pinned",
    ]


def _describe(out: Path, scenario: Scenario) -> None:
    click.echo(f"wrote {out}/: {scenario.settings.name}")
    for line in counts_lines(scenario):
        click.echo(line)


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


def generate_spa(out: Path, *, force: bool, **options: Any) -> None:
    """Write a city day spa (see :func:`planner.generate.build_scenario`; ``options`` are its
    keywords) and list its files."""
    from planner.generate import build_scenario, generated_files

    scenario = build_scenario(**options)
    files = generated_files(scenario)
    write_or_exit(out, files, force)
    click.echo(f"wrote {out}/ ({len(files)} files): {scenario.settings.name}")
    for line in [*counts_lines(scenario), *(f"  {name}" for name in sorted(files))]:
        click.echo(line)
