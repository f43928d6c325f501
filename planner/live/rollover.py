"""Moving a live spa on to its next horizon: a draft to look at, then the folder swapped.

:func:`draft_rollover` runs :func:`planner.api.roll_over` on the spa's scenario and its
published plan: the next horizon's dates, the courses carried with the sessions still owed, the
courses dropped and why, and the staff pattern copied (every therapist's shifts of the same
weekday). Nothing is written. :func:`confirm_rollover` writes that scenario into the served
folder in one swap, under the spa's lock, after copying the old folder beside it as
``<folder>-<first day>`` (a suffix is added rather than overwrite a kept folder), and refuses
if anything was published or the folder changed since the draft was made. The next horizon has
no published plan yet: a front end then offers to plan and publish it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from planner.check import load_checked_scenario
from planner.live.replan import PLAN_CHANGED, PlanChanged, ReplanError
from planner.live.spa import Fingerprint, LiveSpa, SpaSnapshot, folder_fingerprint
from planner.plan.publish import publish_folder
from planner.rollover import Rollover
from planner.scenario.errors import ScenarioError
from planner.scenario.timeaxis import MINUTES_PER_DAY
from planner.scenario.types import Scenario, Shift
from planner.scenario.write import write_scenario_folder

NOTES_FILE = "rollover.txt"
# Kept folders are looked for up to this suffix; past it something is wrong with the folder.
MAX_SUFFIX = 1000


@dataclass(frozen=True)
class RolloverDraft:
    """The next horizon as it would be written, and what it was made from.

    ``version`` and ``fingerprint`` are the plan's version and the served folder's fingerprint
    when the draft was made (confirming checks them); ``previous_start`` is the first day of
    the horizon being left (it names the folder kept beside the served one).
    """

    rollover: Rollover
    version: int
    fingerprint: Fingerprint
    previous_start: date
    spa: str

    @property
    def scenario(self) -> Scenario:
        """The next horizon's scenario."""
        return self.rollover.scenario

    @property
    def first_day(self) -> date:
        """The next horizon's first day."""
        return self.scenario.settings.start

    @property
    def last_day(self) -> date:
        """The next horizon's last day."""
        return self.scenario.settings.last_day

    @property
    def owed(self) -> int:
        """Sessions still owed by the courses carried."""
        return sum(n for _, n in self.rollover.carried)


@dataclass(frozen=True)
class RolledOver:
    """A confirmed rollover: the served folder now holds the next horizon; ``kept`` is where the
    previous one is kept."""

    folder: Path
    kept: Path
    first_day: date
    carried: int
    owed: int
    dropped: int


def same_weekday_shifts(old: Scenario, start: date, days: int) -> tuple[Shift, ...]:
    """The shifts of ``old`` copied onto ``days`` days from ``start``, each day taking the shifts
    of the last day of ``old``'s horizon with the same weekday (none if it had no such day)."""
    settings = old.settings
    source: dict[int, int] = {}
    for index in range(settings.days):
        source[settings.day_date(index).weekday()] = index
    by_day: dict[int, list[Shift]] = {}
    for shift in old.shifts:
        by_day.setdefault(shift.start // MINUTES_PER_DAY, []).append(shift)
    copied: list[Shift] = []
    for day in range(days):
        old_day = source.get((start + timedelta(days=day)).weekday())
        if old_day is None:
            continue
        offset = (day - old_day) * MINUTES_PER_DAY
        copied += [
            replace(s, start=s.start + offset, end=s.end + offset) for s in by_day.get(old_day, [])
        ]
    return tuple(copied)


def _draft_of(snapshot: SpaSnapshot) -> Rollover:
    # Imported here: the library's front door loads the solver's packages lazily.
    from planner.api import roll_over

    result = roll_over(snapshot.scenario, list(snapshot.sessions))
    nxt = result.scenario
    settings = nxt.settings
    shifts = nxt.shifts
    if snapshot.scenario.settings.days % 7:
        # The horizon moved by a number of days that shifts the weekdays: copy by weekday.
        shifts = same_weekday_shifts(snapshot.scenario, settings.start, settings.days)
    # The archive files plans by spa: the next week must stay the same spa's history even if
    # it is renamed, so the spa's name is written down.
    settings = replace(settings, spa=settings.spa or snapshot.spa)
    return replace(result, scenario=replace(nxt, settings=settings, shifts=shifts))


def draft_rollover(spa: LiveSpa) -> RolloverDraft:
    """The next horizon of ``spa``'s published plan, as a draft (nothing is written).

    Raises
    ------
    planner.live.SpaUnavailable
        If the scenario or the archive can't be read.
    ReplanError
        If nothing is published for the horizon's days (every course would be carried whole).
    """
    snapshot = spa.snapshot()
    if not snapshot.published:
        raise ReplanError("nothing is published for these days yet: plan the week first")
    return RolloverDraft(
        rollover=_draft_of(snapshot),
        version=snapshot.version,
        fingerprint=snapshot.fingerprint,
        previous_start=snapshot.first_day,
        spa=snapshot.spa,
    )


def kept_folder(folder: Path, first_day: date) -> Path:
    """``<folder>-<first day>`` beside ``folder``, with ``-2``, ``-3``... if that one exists."""
    base = folder.with_name(f"{folder.name}-{first_day.isoformat()}")
    if not base.exists():
        return base
    for suffix in range(2, MAX_SUFFIX):
        candidate = base.with_name(f"{base.name}-{suffix}")
        if not candidate.exists():
            return candidate
    raise ReplanError(f"too many kept folders beside {folder}: clear some away")


def notes_text(draft: RolloverDraft) -> str:
    """``rollover.txt``: what was carried and dropped (ids and counts only)."""
    result = draft.rollover
    lines = [f"carried {len(result.carried)} course(s) with {draft.owed} session(s) owed"]
    lines += [f"  {course_id}: {n} session(s)" for course_id, n in result.carried]
    if result.dropped:
        lines.append(f"dropped {len(result.dropped)} course(s):")
        lines += [f"  {d.course_id}: {d.owed} session(s) owed, {d.reason}" for d in result.dropped]
    lines.append("shifts were copied from the same weekdays of the previous horizon as a draft")
    return "\n".join(lines) + "\n"


def _keep_copy(folder: Path, kept: Path) -> None:
    """Copy ``folder`` to ``kept`` so that ``kept`` appears whole or not at all."""
    staging = kept.with_name(f".{kept.name}.partial")
    if staging.exists():
        shutil.rmtree(staging)  # a copy a killed run left half done
    shutil.copytree(folder, staging, symlinks=True)
    staging.rename(kept)


def _write_next(draft: RolloverDraft, staging: Path) -> None:
    write_scenario_folder(draft.scenario, staging)
    (staging / NOTES_FILE).write_text(notes_text(draft), encoding="utf-8")
    # The folder must load as written before it replaces the served one.
    load_checked_scenario(staging)


def confirm_rollover(spa: LiveSpa, draft: RolloverDraft) -> RolledOver:
    """Write ``draft``'s horizon into ``spa``'s folder, keeping the old folder beside it.

    The old folder is copied to :func:`kept_folder` first, then the new one is swapped in whole
    (:func:`planner.plan.publish.publish_folder`): killed at any moment, the served folder is
    either the old horizon or the new one, and the old one is never lost.

    Raises
    ------
    PlanChanged
        If a plan was published, or the folder changed, since the draft was made.
    ReplanError
        If the next scenario does not load (nothing is swapped; a kept copy may stay).
    planner.nightly.NightlyLocked
        If the spa's lock stayed held longer than the spa's wait.
    """
    with spa.writing():
        folder = spa.folder
        if spa.version() != draft.version or folder_fingerprint(folder) != draft.fingerprint:
            raise PlanChanged(PLAN_CHANGED)
        kept = kept_folder(folder, draft.previous_start)
        _keep_copy(folder, kept)
        try:
            publish_folder(folder, lambda staging: _write_next(draft, staging))
        except ScenarioError:  # a defect: the writer wrote what the loader refuses
            raise ReplanError(
                "the next horizon's scenario does not load; nothing swapped"
            ) from None
    return RolledOver(
        folder=folder,
        kept=kept,
        first_day=draft.first_day,
        carried=len(draft.rollover.carried),
        owed=draft.owed,
        dropped=len(draft.rollover.dropped),
    )


__all__ = [
    "NOTES_FILE",
    "RolledOver",
    "RolloverDraft",
    "confirm_rollover",
    "draft_rollover",
    "kept_folder",
    "notes_text",
    "same_weekday_shifts",
]
