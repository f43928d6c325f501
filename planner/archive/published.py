"""The plan a desk or manager command starts from when it is given an archive: the plan published
for the scenario's days (see :mod:`planner.archive.horizon`), on the scenario's time axis."""

from __future__ import annotations

from pathlib import Path

from planner.archive.filing import spa_name
from planner.archive.store import Archive
from planner.plan.folder import PlanBundle
from planner.scenario.types import Scenario


class NoPublishedPlan(Exception):
    """The archive holds no published plan of the spa for the scenario's days."""


def published_plan(archive_url: str | Path, scenario: Scenario, folder: Path | str) -> PlanBundle:
    """The plan published for ``scenario``'s days, as a plan folder would hold it.

    Parameters
    ----------
    archive_url
        The plan archive: an SQLite file or an SQLAlchemy URL. It is never created.
    scenario
        The scenario whose days and spa choose the plan.
    folder
        The scenario's folder (its name is the spa's when ``scenario.toml`` names none).

    Returns
    -------
    PlanBundle
        The published sessions that lie wholly inside the scenario's horizon.

    Raises
    ------
    ArchiveError
        If the archive can't be opened or read.
    NoPublishedPlan
        If no published run of the spa covers any of the scenario's days.
    """
    spa = spa_name(scenario, folder)
    settings = scenario.settings
    last = settings.last_day
    with Archive(archive_url, create=False) as archive:
        found = archive.published_for(spa, settings.start, last)
    if not found.runs:
        raise NoPublishedPlan(
            f"the archive has no published plan of {spa!r} for {settings.start} .. {last}"
        )
    sessions = [s.to_planned(settings.start) for s in found.sessions]
    horizon = settings.horizon_minutes
    return PlanBundle(tuple(s for s in sessions if s.start >= 0 and s.end <= horizon))


__all__ = ["NoPublishedPlan", "published_plan"]
