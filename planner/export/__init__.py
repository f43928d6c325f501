"""Exports of a plan for the people who work with it.

``xlsx``: a workbook for the front desk (a grid per day, a list per therapist, the unscheduled
sessions, the plan's rows) and the manager's copy. ``ics``: one calendar per therapist. ``html``:
the manager's report, one offline file (with :attr:`ExportOptions.advice`, also the changes
``planner advise`` found would book more). ``csv``: the contract's ``plan.csv`` /
``unscheduled.csv``, readable rosters for the desk and the manager, one roster per therapist.

Everything is published atomically (:func:`planner.plan.publish.publish_folder`): the output
folder is either the previous export or the complete new one, never a mix. Every file has one
audience (:mod:`planner.export.audience`): only the manager's files (``report.html``,
``unscheduled.csv``, ``manager/``) may name a health condition; the desk's and the therapists'
say "a health condition", and a session under a ``local`` contraindication only carries a
caution. No file but the manager's call lists holds a phone. Call lists of earlier runs in the
``manager/`` folder are carried over when the folder is exported again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.check import Violation, check_sessions
from planner.export.audience import MANAGER_FOLDER, audience_of
from planner.export.call_lists import CALL_LIST_GLOB, carry_call_lists
from planner.export.excel import WORKBOOK_FILE, write_workbook
from planner.export.figures import plan_kpis
from planner.export.ics import CALENDAR_FOLDER, write_calendars
from planner.export.rosters import write_csv_files
from planner.export.safe import escape_formula
from planner.export.views import (
    SessionView,
    UnscheduledView,
    for_desk,
    session_views,
    unscheduled_views,
)
from planner.plan.advice import AdviceRow
from planner.plan.folder import PlanBundle, read_plan_folder
from planner.plan.publish import LOCK_WAIT_SECONDS, PublishLocked, publish_folder
from planner.plan.utilisation import room_utilisation, therapist_utilisation
from planner.scenario.errors import Problem
from planner.scenario.types import Scenario

FORMATS = ("xlsx", "ics", "html", "csv")
MANIFEST_FILE = "manifest.json"
REPORT_FILE = "report.html"


@dataclass(frozen=True)
class ExportOptions:
    """How to export.

    Parameters
    ----------
    calendar_id
        Identifies the spa in calendar event UIDs; default: the scenario's name. Keep it fixed
        for a spa so re-exports update the same events.
    tzid
        IANA time zone (e.g. ``Europe/Kyiv``) for calendar events; default: floating local time.
    now
        Time of the export (UTC), stamped on changed calendar events and in the report;
        default: the current time.
    allow_violations
        Export a plan even if it breaks hard rules (it is refused otherwise).
    lock_timeout
        Seconds to wait for another export into the same folder.
    advice
        The rows of ``advice.csv`` (:func:`planner.plan.advice.read_advice_file`), shown in the
        ``html`` report as "What one change would book more"; default: no such section. Only
        the ``html`` format shows it, so an export without ``html`` refuses it.
    """

    calendar_id: str | None = None
    tzid: str | None = None
    now: datetime | None = None
    allow_violations: bool = False
    lock_timeout: float = LOCK_WAIT_SECONDS
    advice: tuple[AdviceRow, ...] | None = None


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote: the folder, its files (relative paths) and warnings on the input."""

    folder: Path
    files: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()


class PlanViolatesRules(Exception):
    """The plan breaks hard rules of its scenario, so it is not handed to staff."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        super().__init__(f"the plan breaks {len(self.violations)} hard rule(s)")


@dataclass(frozen=True)
class ExportJob:
    """Everything a format writer needs, prepared once."""

    folder: Path
    scenario: Scenario
    bundle: PlanBundle
    options: ExportOptions
    now: datetime
    previous: Path | None
    sessions: tuple[SessionView, ...]
    unscheduled: tuple[UnscheduledView, ...]


def _xlsx(job: ExportJob) -> list[Path]:
    # The desk's workbook says "a health condition"; the manager's names it.
    desk = job.folder / WORKBOOK_FILE
    desk_views = for_desk(job.scenario, job.unscheduled)
    write_workbook(desk, job.scenario, job.sessions, desk_views, job.now)
    manager = job.folder / MANAGER_FOLDER / WORKBOOK_FILE
    manager.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(manager, job.scenario, job.sessions, job.unscheduled, job.now)
    return [desk, manager]


def _ics(job: ExportJob) -> list[Path]:
    previous = None if job.previous is None else job.previous / CALENDAR_FOLDER
    return write_calendars(
        job.folder,
        job.scenario,
        job.sessions,
        job.now,
        calendar_id=job.options.calendar_id,
        tzid=job.options.tzid,
        previous=previous,
    )


def _html(job: ExportJob) -> list[Path]:
    # Imported here: plotly is heavy, and only this format needs it.
    from planner.export.html import render_report

    path = job.folder / REPORT_FILE
    html = render_report(
        job.scenario,
        plan_kpis(job.scenario, job.bundle),
        job.sessions,
        job.unscheduled,
        therapist_utilisation(job.scenario, job.bundle.sessions),
        room_utilisation(job.scenario, job.bundle.sessions),
        job.now,
        job.options.advice,
    )
    path.write_text(html, encoding="utf-8")
    return [path]


def _csv(job: ExportJob) -> list[Path]:
    return write_csv_files(
        job.folder,
        job.scenario,
        job.bundle.sessions,
        job.bundle.unscheduled,
        job.sessions,
        job.unscheduled,
    )


# One writer per format; each writes into the job's folder and returns the files it wrote.
WRITERS: dict[str, Callable[[ExportJob], list[Path]]] = {
    "xlsx": _xlsx,
    "ics": _ics,
    "html": _html,
    "csv": _csv,
}


def parse_formats(text: str | Iterable[str]) -> tuple[str, ...]:
    """Formats named in ``"xlsx,ics"`` (or a list), in :data:`FORMATS` order, each once.

    Raises
    ------
    ValueError
        If a name is not one of :data:`FORMATS`, or none is given.
    """
    names = text.split(",") if isinstance(text, str) else list(text)
    wanted = {n.strip().lower() for n in names if n.strip()}
    unknown = sorted(wanted - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; expected {', '.join(FORMATS)}")
    if not wanted:
        raise ValueError(f"no format given; expected some of {', '.join(FORMATS)}")
    return tuple(f for f in FORMATS if f in wanted)


def _check_time_zone(tzid: str | None) -> None:
    if tzid is None:
        return
    try:
        ZoneInfo(tzid)
    except (ZoneInfoNotFoundError, ValueError):
        expected = "expected an IANA name like Europe/Kyiv"
        raise ValueError(f"unknown time zone {tzid!r}; {expected}") from None


def _check_advice(formats: Sequence[str], options: ExportOptions) -> None:
    if options.advice is not None and "html" not in formats:
        raise ValueError(
            "the advice is shown only in the html report; add html to the formats or leave the "
            "advice out"
        )


def write_exports(
    folder: Path,
    scenario: Scenario,
    bundle: PlanBundle,
    formats: Sequence[str],
    options: ExportOptions = ExportOptions(),
    previous: Path | None = None,
) -> list[str]:
    """Write the chosen formats into the existing folder ``folder`` (not atomically; see
    :func:`export_bundle`). ``previous`` is the previous export, whose calendar revisions are
    continued. Returns the files written, relative to ``folder``, manifest included."""
    now = (options.now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    job = ExportJob(
        folder,
        scenario,
        bundle,
        options,
        now,
        previous,
        tuple(session_views(scenario, bundle.sessions)),
        tuple(unscheduled_views(scenario, bundle.unscheduled)),
    )
    paths = [p for f in formats for p in WRITERS[f](job)]
    # The call lists of earlier runs, and one a re-plan wrote into this folder before the
    # export: the manifest lists every file of the folder.
    carry_call_lists(previous, folder)
    paths += sorted((folder / MANAGER_FOLDER).glob(CALL_LIST_GLOB))
    written = [p.relative_to(folder).as_posix() for p in paths]
    manifest = {
        "scenario": scenario.settings.name,
        "horizon_start": scenario.settings.start.isoformat(),
        "days": scenario.settings.days,
        "generated": now.isoformat(),
        "formats": list(formats),
        "sessions_scheduled": len(bundle.sessions),
        "sessions_unscheduled": len(bundle.unscheduled),
        "files": sorted(written),
        # Who each file is for (README "Every file for one audience").
        "audiences": {name: audience_of(name) for name in sorted([*written, MANIFEST_FILE])},
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (folder / MANIFEST_FILE).write_text(text, encoding="utf-8")
    return [*sorted(written), MANIFEST_FILE]


def export_bundle(
    out: Path | str,
    scenario: Scenario,
    bundle: PlanBundle,
    formats: Sequence[str],
    options: ExportOptions = ExportOptions(),
) -> ExportReport:
    """Export a plan held in memory (e.g. a fresh solve's) into the folder ``out``, atomically.

    Raises
    ------
    PlanViolatesRules
        If the plan breaks hard rules and ``options.allow_violations`` is False.
    ValueError
        For an unknown format or time zone, or advice without the ``html`` format.
    PublishLocked
        If another export into ``out`` did not finish within ``options.lock_timeout``.
    """
    formats = parse_formats(formats)
    _check_time_zone(options.tzid)
    _check_advice(formats, options)
    violations = check_sessions(scenario, bundle.sessions)
    if violations and not options.allow_violations:
        raise PlanViolatesRules(violations)
    target = Path(out).resolve()
    previous = target if target.is_dir() else None
    files: list[str] = []

    def write(folder: Path) -> None:
        files.extend(write_exports(folder, scenario, bundle, formats, options, previous))

    publish_folder(target, write, lock_timeout=options.lock_timeout)
    return ExportReport(target, tuple(files))


def export_plan(
    plan_dir: Path | str,
    scenario: Scenario,
    out: Path | str,
    formats: Sequence[str] | str,
    options: ExportOptions = ExportOptions(),
) -> ExportReport:
    """Export the plan a solve wrote to ``plan_dir`` into the folder ``out``, atomically.

    Parameters
    ----------
    plan_dir
        Folder with ``plan.csv`` and (optionally) ``unscheduled.csv`` and ``summary.json``.
    scenario
        The scenario the plan is for.
    out
        Folder to create or replace with the export.
    formats
        Some of :data:`FORMATS`, as a list or comma-separated.
    options
        Calendar identity, time zone, export time, whether to allow a broken plan, advice for
        the report.

    Returns
    -------
    ExportReport
        The folder, the files written and warnings about optional input files that are absent.

    Raises
    ------
    PlanFolderError
        If ``plan_dir`` or one of its files can't be read.
    PlanViolatesRules
        If the plan breaks hard rules and ``options.allow_violations`` is False.
    ValueError
        For an unknown format or time zone, or advice without the ``html`` format.
    PublishLocked
        If another export into ``out`` did not finish within ``options.lock_timeout``.
    """
    parsed = parse_formats(formats)
    bundle, warnings = read_plan_folder(plan_dir, scenario)
    report = export_bundle(out, scenario, bundle, parsed, options)
    return ExportReport(report.folder, report.files, tuple(warnings))


__all__ = [
    "FORMATS",
    "WRITERS",
    "ExportJob",
    "ExportOptions",
    "ExportReport",
    "PlanBundle",
    "PlanViolatesRules",
    "PublishLocked",
    "escape_formula",
    "export_bundle",
    "export_plan",
    "parse_formats",
    "write_exports",
]
