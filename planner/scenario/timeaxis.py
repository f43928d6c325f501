"""The scenario's time axis: integer minutes from 00:00 of the horizon's first day.

Every time inside the project (shifts, sessions, closures, gaps) is an ``int`` on this axis, so
that the model, the checker and the exports agree to the minute. Conversions to and from the
contract's wall-clock strings live here and nowhere else.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

MINUTES_PER_DAY = 1440
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Gap hours are decimals in the CSV (1.1 h); 1.1 * 60 is 66.00000000000001 in floating point.
# Rounding to this many minutes first keeps exact gaps exact.
_GAP_TOLERANCE = 1e-6


def day_index(minute: int) -> int:
    """Day of the horizon (0-based) that ``minute`` falls in."""
    return minute // MINUTES_PER_DAY


def day_start(day: int) -> int:
    """Minute at which horizon day ``day`` begins."""
    return day * MINUTES_PER_DAY


def minutes_at(horizon_start: date, on: date, minute_of_day: int) -> int:
    """Axis minute of ``minute_of_day`` on calendar date ``on``."""
    return (on - horizon_start).days * MINUTES_PER_DAY + minute_of_day


def date_of(horizon_start: date, minute: int) -> date:
    """Calendar date that axis minute ``minute`` falls on."""
    return horizon_start + timedelta(days=day_index(minute))


def format_datetime(horizon_start: date, minute: int) -> str:
    """Axis minute as the contract's ``YYYY-MM-DDTHH:MM``."""
    moment = datetime.combine(horizon_start, datetime.min.time()) + timedelta(minutes=minute)
    return moment.strftime("%Y-%m-%dT%H:%M")


def format_clock(minute: int) -> str:
    """Minute of a day (0..1440) as ``HH:MM``; 1440 is ``24:00``."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def parse_clock(text: str) -> int:
    """``HH:MM`` (``24:00`` allowed) as minutes after midnight.

    Raises
    ------
    ValueError
        If the text is not a valid 24-hour clock time.
    """
    parts = text.strip().split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2:
        raise ValueError(f"expected a time HH:MM, got {text!r}")
    hours, minutes = int(parts[0]), int(parts[1])
    if (hours, minutes) == (24, 0):
        return MINUTES_PER_DAY
    if not (0 <= hours <= 23 and 0 <= minutes <= 59):
        raise ValueError(f"expected a time HH:MM between 00:00 and 24:00, got {text!r}")
    return hours * 60 + minutes


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` as a date.

    Raises
    ------
    ValueError
        If the text is not a valid calendar date.
    """
    stripped = text.strip()
    try:
        if len(stripped) != 10:
            raise ValueError
        return date.fromisoformat(stripped)
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {text!r}") from None


def parse_datetime(horizon_start: date, text: str) -> int:
    """``YYYY-MM-DDTHH:MM`` (a space instead of ``T`` is tolerated) as an axis minute.

    Raises
    ------
    ValueError
        If the text is not a valid date-time.
    """
    stripped = text.strip().replace(" ", "T", 1)
    if "T" not in stripped:
        raise ValueError(f"expected a date-time YYYY-MM-DDTHH:MM, got {text!r}")
    day_text, clock_text = stripped.split("T", 1)
    try:
        on = parse_date(day_text)
        clock = parse_clock(clock_text)
    except ValueError:
        raise ValueError(f"expected a date-time YYYY-MM-DDTHH:MM, got {text!r}") from None
    return minutes_at(horizon_start, on, clock)


def _gap_minutes_exact(hours: float) -> float:
    return round(hours * 60.0 / _GAP_TOLERANCE) * _GAP_TOLERANCE


def min_gap_minutes(hours: float) -> int:
    """Smallest whole number of minutes that satisfies a minimum gap of ``hours``."""
    return math.ceil(_gap_minutes_exact(hours))


def max_gap_minutes(hours: float) -> int:
    """Largest whole number of minutes that satisfies a maximum gap of ``hours``."""
    return math.floor(_gap_minutes_exact(hours))
