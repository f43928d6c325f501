"""Which published plan speaks for each day: plans are keyed by the days they cover.

A spa's weeks follow each other (rollover), overlap (a horizon moved forward by a day, a rolling
four-week horizon) or come back (last week re-run). For every day of a horizon, the plan in
force is the one last published by any run of the same spa whose horizon covers that day,
whichever scenario folder or name it had. Runs are ordered by id: the archive only adds runs, and
a run is published after it is recorded, so a higher id is the later word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from planner.archive.records import ArchivedSession, RunInfo
from planner.scenario.timeaxis import parse_date


@dataclass(frozen=True)
class PublishedHorizon:
    """The published sessions in force on the days ``first_day`` .. ``last_day``.

    ``days`` maps each covered day to the run that speaks for it (days no published run covers
    are absent); ``sessions`` are those runs' sessions that start on the days they speak for,
    in start order; ``runs`` are the runs that speak for at least one day, oldest first.
    """

    first_day: date
    last_day: date
    days: Mapping[date, int]
    sessions: tuple[ArchivedSession, ...]
    runs: tuple[RunInfo, ...]

    @property
    def latest(self) -> RunInfo | None:
        """The newest run that speaks for a day: "the previous published plan" in reports."""
        return self.runs[-1] if self.runs else None

    @property
    def run_ids(self) -> tuple[int, ...]:
        """The ids of :attr:`runs`, to see whether another run published meanwhile."""
        return tuple(run.id for run in self.runs)


def run_spa(settings: Mapping[str, Any], scenario_name: str) -> str:
    """The spa of an archived run with these settings; runs archived before ``spa`` was kept
    belong to the spa of their scenario's name."""
    spa = settings.get("spa")
    return spa if isinstance(spa, str) and spa.strip() else scenario_name


def run_days(settings: Mapping[str, Any]) -> tuple[date, date] | None:
    """First and last day of an archived run's horizon, None if its settings don't say."""
    try:
        first = parse_date(str(settings["start"]))
        days = int(settings["days"])
    except (KeyError, TypeError, ValueError):
        return None
    return first, first + timedelta(days=days - 1)


def speakers(
    runs: Iterable[tuple[int, Mapping[str, Any]]], first_day: date, last_day: date
) -> dict[date, int]:
    """For each day of ``first_day`` .. ``last_day``, the newest of ``runs`` covering it.

    Parameters
    ----------
    runs
        ``(id, settings)`` of published runs of one spa, in any order; a larger id is newer.
    first_day, last_day
        The days asked about, both included.

    Returns
    -------
    dict[date, int]
        Day -> the id of the run that speaks for it; days no run covers are missing.
    """
    chosen: dict[date, int] = {}
    for run_id, settings in sorted(runs, key=lambda run: run[0], reverse=True):
        covered = run_days(settings)
        if covered is None:
            continue
        day = max(covered[0], first_day)
        while day <= min(covered[1], last_day):
            chosen.setdefault(day, run_id)
            day += timedelta(days=1)
    return chosen


def session_day(session: ArchivedSession) -> date:
    """The day a session starts on (its start is ``YYYY-MM-DDTHH:MM``)."""
    return parse_date(session.start[:10])
