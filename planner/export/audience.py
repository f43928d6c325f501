"""Who each file of an exports folder is for, and so what it may hold.

Three audiences: the **manager** (``report.html``, ``unscheduled.csv`` and everything in the
``manager/`` folder: the only files that may name a health condition; the call lists there hold
phones), the **desk** (every other file at the top of the folder: the team's plan, rosters and
workbook, with reasons that say "a health condition") and each **therapist** (``calendars/<id>.ics``
and ``therapists/<id>.csv``: only their own sessions). No file but the manager's holds a phone.
"""

from __future__ import annotations

from pathlib import PurePosixPath

MANAGER = "manager"
DESK = "desk"
THERAPIST = "therapist"
MANAGER_FOLDER = "manager"
THERAPIST_FOLDER = "therapists"
# Files at the top of an exports folder that are the manager's (the contract's unscheduled.csv
# may name a condition; the report shows the same reasons).
MANAGER_FILES = frozenset({"report.html", "unscheduled.csv"})
# Folders whose files each belong to one therapist.
THERAPIST_FOLDERS = frozenset({"calendars", THERAPIST_FOLDER})


def audience_of(relative: str) -> str:
    """The audience of the file at ``relative`` (a path inside an exports folder, ``/``-separated).

    Examples
    --------
    >>> audience_of("manager/notify-12.csv"), audience_of("calendars/t1.ics")
    ('manager', 'therapist')
    >>> audience_of("roster.csv")
    'desk'
    """
    parts = PurePosixPath(relative).parts
    if (parts and parts[0] == MANAGER_FOLDER) or relative in MANAGER_FILES:
        return MANAGER
    if len(parts) > 1 and parts[0] in THERAPIST_FOLDERS:
        return THERAPIST
    return DESK


def may_name_conditions(relative: str) -> bool:
    """True for the manager's files: only they may name a health condition or hold a phone."""
    return audience_of(relative) == MANAGER


__all__ = [
    "DESK",
    "MANAGER",
    "MANAGER_FILES",
    "MANAGER_FOLDER",
    "THERAPIST",
    "THERAPIST_FOLDER",
    "THERAPIST_FOLDERS",
    "audience_of",
    "may_name_conditions",
]
