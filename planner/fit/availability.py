"""When a client can come, as the front desk says it: ``--available "mon-fri 17:00-21:00"``.

A spec is days and a time range: weekdays (``mon``, ``mon,wed``, ``mon-fri``, ``sat,sun``, ranges
may wrap: ``fri-mon``) or one date (``2026-12-09``), then ``HH:MM-HH:MM`` within one day. It
becomes one ``client_availability.csv`` period per matching day of the horizon; the client can
then come only inside the union of its periods (the contract's rule).
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.fit.request_error import RequestError
from planner.scenario.timeaxis import (
    MINUTES_PER_DAY,
    WEEKDAYS,
    parse_clock,
    parse_date,
)
from planner.scenario.types import Availability, Settings

OPTION = "--available"
EXPECTED = (
    "expected days and a time range, e.g. 'mon-fri 17:00-21:00', 'mon,wed 09:00-12:00', "
    "'sat 10:00-14:00' or '2026-12-09 17:00-21:00'"
)


def _weekday(token: str, spec: str) -> int:
    name = token.strip().lower()[:3]
    if name not in WEEKDAYS or not token.strip().isalpha():
        raise RequestError(OPTION, f"unknown day {token.strip()!r} in {spec!r}; {EXPECTED}")
    return WEEKDAYS.index(name)


def _weekdays(text: str, spec: str) -> set[int]:
    """Weekday numbers (Monday 0) of ``mon,wed-fri``; a range may wrap past Sunday."""
    days: set[int] = set()
    for part in text.split(","):
        if "-" in part:
            first_text, last_text = part.split("-", 1)
            first, last = _weekday(first_text, spec), _weekday(last_text, spec)
            days.update((first + k) % 7 for k in range((last - first) % 7 + 1))
        else:
            days.add(_weekday(part, spec))
    return days


def _times(text: str, spec: str) -> tuple[int, int]:
    if text.count("-") != 1:
        raise RequestError(OPTION, f"expected a time range HH:MM-HH:MM in {spec!r}; {EXPECTED}")
    start_text, end_text = text.split("-")
    try:
        start, end = parse_clock(start_text), parse_clock(end_text)
    except ValueError as error:
        raise RequestError(OPTION, f"{error} in {spec!r}") from None
    if end <= start:
        raise RequestError(
            OPTION, f"expected the end after the start in {spec!r} (a period within one day)"
        )
    return start, end


def available_periods(settings: Settings, spec: str) -> list[tuple[int, int]]:
    """The axis periods ``[start, end)`` of one ``--available`` spec, one per matching day.

    Raises
    ------
    RequestError
        If the spec can't be read, or names a date outside the horizon.
    """
    parts = spec.split()
    if len(parts) != 2:
        raise RequestError(OPTION, f"can't read {spec!r}; {EXPECTED}")
    days_text, times_text = parts
    start, end = _times(times_text, spec)
    if days_text[:1].isdigit():
        try:
            on = parse_date(days_text)
        except ValueError as error:
            raise RequestError(OPTION, f"{error} in {spec!r}") from None
        day = (on - settings.start).days
        if not 0 <= day < settings.days:
            last = settings.last_day
            raise RequestError(
                OPTION,
                f"{on.isoformat()} lies outside the horizon {settings.start.isoformat()}.."
                f"{last.isoformat()}; expected a date within it",
            )
        days = [day]
    else:
        weekdays = _weekdays(days_text, spec)
        days = [d for d in range(settings.days) if settings.day_date(d).weekday() in weekdays]
    return [(d * MINUTES_PER_DAY + start, d * MINUTES_PER_DAY + end) for d in days]


def _kind(spec: str) -> tuple[str, bool]:
    """The spec without a trailing kind word, and whether that word was ``preferred``."""
    parts = spec.split()
    if len(parts) == 3 and parts[2].lower() in ("available", "preferred"):
        return " ".join(parts[:2]), parts[2].lower() == "preferred"
    return spec, False


def availability_rows(
    settings: Settings, client_id: str, specs: Iterable[str]
) -> tuple[Availability, ...]:
    """Availability periods of ``client_id`` for every spec (see :func:`available_periods`),
    in time order without duplicates (a period given as both kinds is ``preferred``).

    Raises
    ------
    RequestError
        If a spec can't be read.
    """
    periods: dict[tuple[int, int], bool] = {}
    for given in specs:
        spec, preferred = _kind(given)
        for period in available_periods(settings, spec):
            periods[period] = periods.get(period, False) or preferred
    return tuple(Availability(client_id, s, e, periods[(s, e)]) for s, e in sorted(periods))


__all__ = ["availability_rows", "available_periods"]
