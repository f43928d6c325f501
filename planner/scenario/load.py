"""Loading a scenario folder into a validated, immutable :class:`~planner.scenario.types.Scenario`.

The edge of the project. Loading reads every file, reports every problem it finds (not only the
first), and never writes to the folder. It checks everything a scenario can say about itself;
whether the pinned sessions keep the hard rules is asked of the checker, which sits above this
package: :func:`planner.check.load_checked_scenario` does both, and is what the commands use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path

from planner.scenario import rows
from planner.scenario.bookings import ReleasedBooking, release_booking_rows
from planner.scenario.checks import FILES, check_scenario
from planner.scenario.csvread import Problems, parse_table, read_table
from planner.scenario.errors import DomainProblem, Problem, ScenarioError
from planner.scenario.guess import guess_first
from planner.scenario.rows import ALL_SPECS, CONTRAINDICATIONS, PINNED, convert
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
    loaded = load_scenario_folder(folder, today=today)
    return loaded.scenario, loaded.warnings


@dataclass(frozen=True)
class LoadedFolder:
    """A scenario folder as read: the scenario, its warnings, the released bookings, and the
    row (header = 1) each object came from.

    ``rows`` maps a contract file to the rows of its objects, in the order of the scenario's
    tuple for that file (``rows["pinned.csv"][i]`` is the row of ``scenario.pins[i]``): the
    domain types know nothing of CSV rows. ``contraindications.csv`` rows are those of the
    scenario's own rules, which come last in ``scenario.contraindications``.
    """

    scenario: Scenario
    warnings: list[Problem]
    released: list[ReleasedBooking] = field(default_factory=list)
    rows: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    def pin_rows(self) -> dict[tuple[str, int], int]:
        """Row of each pin by (course, session)."""
        rows = self.rows.get(PINNED.file, ())
        pins = self.scenario.pins
        return {(p.course_id, p.session): row for p, row in zip(pins, rows, strict=True)}


def load_scenario_folder(
    folder: Path | str, *, today: date | None = None, release: bool = False
) -> LoadedFolder:
    """:func:`load_scenario`, with the row each object came from, for messages about the folder.

    With ``release``, a booking row of ``pinned.csv`` (one with a ``booked`` cell) that no
    longer reads as a pin (unknown course, therapist or room, a session beyond its course) is
    released: left out with a warning, and listed in ``released`` (see
    :mod:`planner.scenario.bookings`). For unattended re-plans.
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
        dropped, released = release_booking_rows(parts.tables[PINNED.file].rows, problems)
        parts.pins = [entry for entry in parts.pins if entry.row not in dropped]
    if problems.errors:
        raise ScenarioError(guess_first(name_rows(problems.items, parts.tables)))

    shipped = shipped_contraindications(settings, problems)
    own = (entry.item for entry in parts.contraindications)
    scenario = parts.scenario(settings, merge_contraindications(shipped, own))
    warnings = guess_first(name_rows(problems.warnings, parts.tables))
    rows = {file: tuple(parts.rows(file)) for file in FILES}
    return LoadedFolder(scenario, warnings, released, rows)


def validate_scenario(scenario: Scenario) -> list[DomainProblem]:
    """Every problem of a scenario built or changed in Python, errors and warnings.

    Parameters
    ----------
    scenario
        Any :class:`Scenario`: built in code, changed with :func:`dataclasses.replace`, or
        loaded.

    Returns
    -------
    list[DomainProblem]
        Each problem keyed by the contract's file, the subject's ids (``course co7``; a pin by
        course and session), its position in the scenario's tuple for that file and the
        column to blame; empty for a valid scenario. Loading a folder runs the same checks
        (:func:`load_scenario` then names file, row, subject and column).

    Notes
    -----
    The shipped contraindication rules may name treatments the spa does not have: those do
    not warn. Whether the pinned sessions keep the hard rules is asked by
    :func:`planner.check.settle_scenario`, which sits above this package.

    Examples
    --------
    >>> from dataclasses import dataclass, field, replace
    >>> from planner.scenario import load_scenario, validate_scenario
    >>> scenario, _ = load_scenario("scenarios/demo-week")  # doctest: +SKIP
    >>> course = replace(scenario.courses[0], client_id="nobody")  # doctest: +SKIP
    >>> validate_scenario(replace(scenario, courses=(course,)))  # doctest: +SKIP
    """
    shipped = shipped_contraindications(scenario.settings, Problems())
    return check_scenario(scenario, quiet_rules=shipped)
