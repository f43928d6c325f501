"""Loading a scenario folder into a validated, immutable :class:`~planner.scenario.types.Scenario`.

The edge of the project. Loading reads every file, reports every problem it finds (not only the
first), and never writes to the folder. It checks everything a scenario can say about itself;
whether the pinned sessions keep the hard rules is asked of the referee, which sits above this
package: :func:`planner.check.load_checked_scenario` does both, and is what the commands use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from importlib import resources
from pathlib import Path

from planner.scenario import rows
from planner.scenario.bookings import ReleasedBooking, release_booking_rows
from planner.scenario.csvread import Problems, parse_table, read_table
from planner.scenario.errors import Problem, ScenarioError
from planner.scenario.guess import guess_first
from planner.scenario.rows import ALL_SPECS, CONTRAINDICATIONS, convert
from planner.scenario.settings import read_settings
from planner.scenario.subjects import name_rows
from planner.scenario.types import Contraindication, Scenario, Settings
from planner.scenario.validate import Parts, check_parts

SHIPPED_RULES = "contraindications.csv (shipped defaults)"


def shipped_contraindications(settings: Settings, problems: Problems) -> list[Contraindication]:
    """The contraindication rules the project ships (``planner/scenario/data``)."""
    text = (
        resources.files("planner.scenario")
        .joinpath("data/contraindications.csv")
        .read_text(encoding="utf-8-sig")
    )
    table = parse_table(text, replace(CONTRAINDICATIONS, file=SHIPPED_RULES), problems)
    return [entry.item for entry in convert(table, problems, settings, rows.contraindication)]


def merge_contraindications(
    shipped: Iterable[Contraindication], own: Iterable[Contraindication]
) -> tuple[Contraindication, ...]:
    """The effective rules: the scenario's own rules replace the shipped ones for the
    conditions they name; the shipped rules still apply to every other condition."""
    own = tuple(own)
    named = {rule.condition for rule in own}
    return tuple(rule for rule in shipped if rule.condition not in named) + own


def _read_parts(folder: Path, settings: Settings, problems: Problems) -> Parts:
    tables = {spec.file: read_table(folder, spec, problems) for spec in ALL_SPECS}

    def table(spec: rows.TableSpec) -> rows.Table:
        return tables[spec.file]

    return Parts(
        tables=tables,
        therapists=convert(
            table(rows.THERAPISTS), problems, settings, rows.therapist, "therapist_id"
        ),
        shifts=convert(table(rows.SHIFTS), problems, settings, rows.shift(settings)),
        rooms=convert(table(rows.ROOMS), problems, settings, rows.room, "room_id"),
        room_closures=convert(table(rows.ROOM_CLOSURES), problems, settings, rows.room_closure),
        treatments=convert(
            table(rows.TREATMENTS), problems, settings, rows.treatment, "treatment_id"
        ),
        clients=convert(table(rows.CLIENTS), problems, settings, rows.client, "client_id"),
        conditions=convert(table(rows.CONDITIONS), problems, settings, rows.condition(settings)),
        availability=convert(table(rows.AVAILABILITY), problems, settings, rows.availability),
        contraindications=convert(
            table(rows.CONTRAINDICATIONS), problems, settings, rows.contraindication
        ),
        courses=convert(
            table(rows.COURSES), problems, settings, rows.course(settings), "course_id"
        ),
        pins=convert(table(rows.PINNED), problems, settings, rows.pin),
    )


def load_scenario(
    folder: Path | str, *, today: date | None = None
) -> tuple[Scenario, list[Problem]]:
    """Load and validate the scenario in ``folder``.

    Parameters
    ----------
    folder
        A scenario folder as described in the contract (``docs/SCENARIO_FORMAT.md``).
    today
        Today's date, for the default horizon start (the first Monday strictly after it);
        the real date when None.

    Returns
    -------
    tuple[Scenario, list[Problem]]
        The scenario with every default applied and the effective contraindication rules
        (shipped defaults merged with the scenario's own), and the warnings found.

    Raises
    ------
    ScenarioError
        If the scenario has any error; its ``problems`` list every error and warning found,
        each with file, row (header = row 1) and column.

    Notes
    -----
    Pinned sessions are checked here for their own cells, references and numbers, not against
    the hard rules: :func:`planner.check.load_checked_scenario` adds that.
    """
    scenario, warnings, _ = load_scenario_releasing(folder, today=today, release=False)
    return scenario, warnings


def load_scenario_releasing(
    folder: Path | str, *, today: date | None = None, release: bool = True
) -> tuple[Scenario, list[Problem], list[ReleasedBooking]]:
    """:func:`load_scenario`, but a booking row of ``pinned.csv`` (one with a ``booked`` cell)
    that no longer reads as a pin (unknown course, therapist or room, a session beyond its
    course) is released: left out with a warning, and listed (see
    :mod:`planner.scenario.bookings`). For unattended re-plans; ``release`` False is
    :func:`load_scenario`.
    """
    folder = Path(folder)
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "scenario folder not found"
        expected = "expected a folder holding therapists.csv, courses.csv, ..."
        raise ScenarioError([Problem(str(folder), None, None, f"{what}; {expected}")])
    problems = Problems()
    settings = read_settings(folder, problems, today)
    parts = _read_parts(folder, settings, problems)
    check_parts(parts, settings, problems)
    released: list[ReleasedBooking] = []
    if release:
        dropped, released = release_booking_rows(parts.tables[rows.PINNED.file].rows, problems)
        parts.pins = [entry for entry in parts.pins if entry.row not in dropped]
    if problems.errors:
        raise ScenarioError(guess_first(name_rows(problems.items, parts.tables)))

    shipped = shipped_contraindications(settings, problems)
    own = (entry.item for entry in parts.contraindications)
    scenario = parts.scenario(settings, merge_contraindications(shipped, own))
    return scenario, guess_first(name_rows(problems.warnings, parts.tables)), released
