"""How a run is filed: under its scenario's name and its spa, with what it keeps of the
scenario's settings and size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planner.scenario.types import Scenario, Settings


def scenario_name(scenario: Scenario, scenario_folder: Path | str) -> str:
    """The name runs are filed under: ``scenario.toml``'s ``name``, else the folder's name."""
    return scenario.settings.name.strip() or Path(scenario_folder).resolve().name


def spa_name(scenario: Scenario, scenario_folder: Path | str) -> str:
    """The spa whose plans these are: ``scenario.toml``'s ``spa``, else :func:`scenario_name`.

    The archive keys published plans by spa and days, so weeks rolled over from one another
    (each with its own name, or the same) are one spa's history.
    """
    return scenario.settings.spa.strip() or scenario_name(scenario, scenario_folder)


def scenario_counts(scenario: Scenario) -> dict[str, int]:
    """What a scenario holds, kept with each run: a nightly stops when much of it is gone."""
    return {
        "courses": len(scenario.courses),
        "therapists": len(scenario.therapists),
        "shift_minutes": sum(shift.end - shift.start for shift in scenario.shifts),
    }


def settings_json(settings: Settings) -> dict[str, Any]:
    """The scenario's settings as JSON-ready values (dates as ISO text, weights as a dict)."""
    return {
        "name": settings.name,
        "start": settings.start.isoformat(),
        "days": settings.days,
        "slot_minutes": settings.slot_minutes,
        "turnover_minutes": settings.turnover_minutes,
        "assessment_minutes": settings.assessment_minutes,
        "client_max_sessions_per_day": settings.client_max_sessions_per_day,
        "time_limit_seconds": settings.time_limit_seconds,
        "opening_hours": [list(hours) if hours else None for hours in settings.opening_hours],
        "closed_dates": sorted(d.isoformat() for d in settings.closed_dates),
        "weights": {
            "continuity": settings.weights.continuity,
            "preferred_therapist": settings.weights.preferred_therapist,
            "preferred_time": settings.weights.preferred_time,
            "stability": settings.weights.stability,
        },
    }


__all__ = ["scenario_counts", "scenario_name", "settings_json", "spa_name"]
