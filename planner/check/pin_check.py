"""Pinned sessions checked like any plan, and loading a scenario with its pins checked.

The contract calls a scenario invalid when a pinned session breaks a hard rule on its own or
against another pinned one. The scenario package can't ask the checker (it sits below it), so
that last check of loading happens here: :func:`load_checked_scenario` is
:func:`planner.scenario.load_scenario` followed by :func:`check_pins_against_rules`, and every
command and library entry point that reads a scenario folder uses it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path

from planner.check.rules import check_sessions
from planner.plan.pinned_sessions import pinned_sessions
from planner.scenario.bookings import RELEASED_CODE, ReleasedBooking
from planner.scenario.checks import without_unknown_preferences
from planner.scenario.errors import DomainProblem, Problem, ScenarioError, Severity, pin_rows
from planner.scenario.guess import guess_first
from planner.scenario.load import load_scenario_folder, validate_scenario
from planner.scenario.rows import PINNED
from planner.scenario.subjects import pin_subject
from planner.scenario.timeaxis import format_datetime
from planner.scenario.types import Pin, Scenario

# Problems about pins that break a hard rule carry this code: the commands tell "no plan is
# possible" (exit 3) from other invalid input (exit 2) by it.
PIN_CODE = "pin"

# Which pinned.csv column a broken hard rule points at (None: no single column is to blame).
_RULE_COLUMN: dict[int, str | None] = {
    1: None,
    3: "start",
    4: "start",
    5: "start",
    6: "start",
    7: "start",
    8: "start",
    9: "start",
    10: "therapist_id",
    11: "start",
}


def check_pins_against_rules(
    scenario: Scenario, rows: Mapping[tuple[str, int], int] | None = None
) -> list[Problem]:
    """An error for every hard rule the pinned sessions break, alone or against each other.

    The checker runs in partial mode (the pins need not be a prefix of their course), so that
    loading a scenario and checking a plan read the rules the same way. Each error names
    ``pinned.csv``, the row of the first pin involved (``rows`` by (course, session), from the
    folder read; by default the rows of the folder the scenario would be written to), the
    column to blame and the session.

    Parameters
    ----------
    scenario
        A scenario with pins.
    rows
        The ``pinned.csv`` row of each pin, by (course id, session); None for the rows of the
        folder the scenario would be written to.

    Returns
    -------
    list[Problem]
        Errors keyed by ``pinned.csv``, row and column; empty when the pins keep every rule.
    """
    if not scenario.pins:
        return []
    rows = pin_rows(scenario.pins) if rows is None else rows
    problems = []
    for violation in check_sessions(scenario, pinned_sessions(scenario), partial=True):
        keys = sorted((rows[key], key) for key in violation.sessions if key in rows)
        involved = [row for row, _ in keys]
        others = ""
        if involved[1:]:
            label = "row" if len(involved) == 2 else "rows"
            others = f" together with {label} {', '.join(map(str, involved[1:]))}"
        problems.append(
            Problem(
                PINNED.file,
                involved[0] if involved else None,
                _RULE_COLUMN.get(violation.rule),
                f"pinned session breaks hard rule {violation.rule}{others}: {violation.message}",
                Severity.ERROR,
                PIN_CODE,
                pin_subject(*keys[0][1]) if keys else None,
            )
        )
    return problems


def load_checked_scenario(
    folder: Path | str, *, today: date | None = None
) -> tuple[Scenario, list[Problem]]:
    """Load and validate the scenario in ``folder``, its pinned sessions included.

    Parameters
    ----------
    folder
        A scenario folder as the contract describes it.
    today
        Today's date, for the default horizon start; the real date when None.

    Returns
    -------
    tuple[Scenario, list[Problem]]
        The scenario and the warnings found (see :func:`planner.scenario.load_scenario`).

    Raises
    ------
    ScenarioError
        If the scenario has any error, a pinned session that breaks a hard rule included; its
        ``problems`` list every error and warning found.

    A front-desk booking (a ``pinned.csv`` row with a ``booked`` cell) that the scenario no
    longer allows is not an error: it is released with a warning (see
    :func:`load_releasing_bookings`), so that every command reads the scenario as the nightly
    re-plan does.
    """
    scenario, warnings, _ = load_releasing_bookings(folder, today=today)
    return scenario, warnings


def release_impossible_bookings(
    scenario: Scenario, already: Iterable[ReleasedBooking] = ()
) -> tuple[Scenario, list[ReleasedBooking]]:
    """``scenario`` without the booking pins (``Pin.booked`` set) that break a hard rule, alone
    or with another pin, and what was released; ordinary pins are left as they are.

    A booking that clashes with an ordinary pin is released (the manager's pin wins); a rule
    broken by ordinary pins alone is left for :func:`check_pins_against_rules` to report. The later
    bookings of a course with a released session are released too (``already``: released
    before, e.g. rows that no longer read as pins): the course is booked again from there, as
    its sessions' order and gaps may need. Reasons name the rule's number only: a rule's
    message may name a client's condition.

    Parameters
    ----------
    scenario
        A scenario whose pins may include bookings.
    already
        Bookings released before this call.

    Returns
    -------
    tuple[Scenario, list[ReleasedBooking]]
        The scenario without the released pins, and the bookings this call released, in
        rounds (``already`` is not repeated).
    """
    released: list[ReleasedBooking] = []
    start = scenario.settings.start
    first_gone = _first_released({}, already)
    while True:
        bookings = {(p.course_id, p.session): p for p in scenario.pins if p.booked is not None}
        blamed: dict[tuple[str, int], str] = {}
        for violation in check_sessions(scenario, pinned_sessions(scenario), partial=True):
            for key in violation.sessions:
                if key in bookings:
                    blamed.setdefault(key, f"it breaks hard rule {violation.rule}")
        first_gone = _first_released(first_gone, (b for k, b in bookings.items() if k in blamed))
        for key in bookings:
            if key not in blamed and key[1] > first_gone.get(key[0], key[1]):
                blamed[key] = "an earlier session of its course was released"
        if not blamed:
            return scenario, released
        for key, reason in sorted(blamed.items()):
            pin = bookings[key]
            released.append(
                ReleasedBooking(pin.course_id, pin.session, pin.therapist_id, pin.room_id,
                                format_datetime(start, pin.start), reason)
            )  # fmt: skip
        kept = tuple(p for p in scenario.pins if (p.course_id, p.session) not in blamed)
        scenario = replace(scenario, pins=kept)


def _first_released(
    first: dict[str, int], released: Iterable[Pin | ReleasedBooking]
) -> dict[str, int]:
    """``first`` (course -> lowest released session) updated with ``released`` bookings."""
    out = dict(first)
    for item in released:
        out[item.course_id] = min(item.session, out.get(item.course_id, item.session))
    return out


def load_releasing_bookings(
    folder: Path | str, *, today: date | None = None
) -> tuple[Scenario, list[Problem], list[ReleasedBooking]]:
    """:func:`load_checked_scenario` for unattended re-plans: a front-desk booking that a change
    of the scenario made impossible (its therapist, room or course gone, a shift or the room's
    hours no longer covering it, any other hard rule it now breaks) is released instead of
    failing the load; the rest is checked as usual.

    Returns
    -------
    tuple[Scenario, list[Problem], list[ReleasedBooking]]
        The scenario without the released bookings, the warnings (one per released row read
        from the file), and the released bookings.

    Raises
    ------
    ScenarioError
        As :func:`load_checked_scenario`, for everything but booking pins.
    """
    loaded = load_scenario_folder(folder, today=today, release=True)
    scenario, warnings, released = loaded.scenario, loaded.warnings, loaded.released
    scenario, broken = release_impossible_bookings(scenario, released)
    problems = check_pins_against_rules(scenario, loaded.pin_rows())
    if problems:
        raise ScenarioError(guess_first([*warnings, *problems]))
    notes = [_released_note(b) for b in broken]
    return scenario, [*warnings, *notes], [*released, *broken]


def _released_note(b: ReleasedBooking) -> Problem:
    """The warning that tells a booking released for a hard rule it now breaks."""
    return Problem(
        PINNED.file,
        None,
        None,
        f"booking released: {b.course_id} session {b.session} booked {b.start} with "
        f"therapist {b.therapist_id} in room {b.room_id}: {b.reason}",
        Severity.WARNING,
        RELEASED_CODE,
        pin_subject(b.course_id, b.session),
    )


def settle_scenario(scenario: Scenario) -> tuple[Scenario, list[Problem]]:
    """Validate a scenario built or changed in memory as the commands validate a folder.

    What :func:`load_checked_scenario` would make of the folder
    :func:`planner.scenario.write.write_scenario_folder` writes, without writing it: the same
    checks (:func:`planner.scenario.validate_scenario` and :func:`check_pins_against_rules`), the
    same bookings released, unknown preferred therapists dropped the same way.

    Parameters
    ----------
    scenario
        A scenario built in Python, or changed from a loaded one (a what-if variant).

    Returns
    -------
    tuple[Scenario, list[Problem]]
        The scenario as the commands would plan it, and the warnings.

    Raises
    ------
    ScenarioError
        With every error and warning, each on the row its object has in the written folder
        (its position in the scenario's tuple for that file, after the header).
    """
    rows = pin_rows(scenario.pins)
    scenario, problems, released = _release_booking_errors(scenario, validate_scenario(scenario))
    if any(p.severity is Severity.ERROR for p in problems):
        raise ScenarioError(problems)
    scenario = without_unknown_preferences(scenario)
    scenario, broken = release_impossible_bookings(scenario, released)
    checked = check_pins_against_rules(scenario, rows)
    if checked:
        raise ScenarioError([*problems, *checked])
    return scenario, [*problems, *(_released_note(b) for b in broken)]


def _written(problem: DomainProblem) -> Problem:
    """``problem`` on the row its object has in the written folder (after the header)."""
    index, first = problem.index, problem.first
    return problem.at_row(
        None if index is None else index + 2, None if first is None else first + 2
    )


def _release_booking_errors(
    scenario: Scenario, found: list[DomainProblem]
) -> tuple[Scenario, list[Problem], list[ReleasedBooking]]:
    """``found`` on their rows, errors about a booking pin turned into warnings and those
    bookings left out (as the loader releases a booking row that no longer reads as a pin)."""
    out: list[Problem] = []
    released: dict[int, ReleasedBooking] = {}
    for problem in found:
        told, index = _written(problem), problem.index
        pin = scenario.pins[index] if problem.file == PINNED.file and index is not None else None
        if index is None or pin is None or pin.booked is None or told.severity != Severity.ERROR:
            out.append(told)
            continue
        message = f"booking released: {told.message}"
        out.append(replace(told, message=message, severity=Severity.WARNING, code=RELEASED_CODE))
        start = format_datetime(scenario.settings.start, pin.start)
        released.setdefault(
            index,
            ReleasedBooking(pin.course_id, pin.session, pin.therapist_id, pin.room_id, start,
                            told.message),
        )  # fmt: skip
    kept = tuple(p for index, p in enumerate(scenario.pins) if index not in released)
    return replace(scenario, pins=kept), out, [released[i] for i in sorted(released)]
