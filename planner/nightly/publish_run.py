"""Publishing an archived plan: plan files and exports swapped in at once, then the run marked.

Shared by the nightly re-plan and the front desk's ``planner book``: the run is recorded in the
archive unpublished first (by the caller, who may need its id in its report); then
:func:`publish_plan` writes the plan files, every export and the caller's JSON documents into
one new folder, swaps it for the exports folder, and only then marks the run published. A run
that dies half-way leaves the previous exports and the previous published run as they were.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planner.archive import Archive
from planner.plan.folder import PlanBundle, write_plan_folder
from planner.plan.notify import CallRow
from planner.plan.publish import publish_folder
from planner.scenario.types import Scenario


def write_published(
    staging: Path,
    scenario: Scenario,
    bundle: PlanBundle,
    formats: Sequence[str],
    documents: Mapping[str, Mapping[str, Any]],
    previous: Path | None,
    run_id: int,
    calls: Sequence[CallRow] = (),
) -> None:
    """Write the plan files, the exports in ``formats``, ``documents`` (file name: JSON
    object) and the run's call list (``calls``, with the earlier lists of ``previous``) into
    ``staging``; ``previous`` is the folder being replaced, whose calendars continue."""
    # Imported here: the export formats pull in spreadsheet, calendar and chart libraries.
    from planner.export import write_exports
    from planner.export.call_lists import add_call_list

    write_plan_folder(staging, scenario, bundle)
    add_call_list(staging, previous, run_id, calls)
    if formats:
        write_exports(staging, scenario, bundle, formats, previous=previous)
    for name, document in documents.items():
        (staging / name).write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )


def publish_plan(
    archive: Archive,
    run_id: int,
    target: Path,
    scenario: Scenario,
    bundle: PlanBundle,
    formats: Sequence[str],
    documents: Mapping[str, Mapping[str, Any]] | None = None,
    calls: Sequence[CallRow] = (),
) -> Path:
    """Publish archived run ``run_id`` (its plan ``bundle`` of ``scenario``) into ``target``.

    Parameters
    ----------
    archive
        The archive holding run ``run_id``, recorded unpublished.
    run_id
        The run to mark published once the exports are in place.
    target
        The exports folder (replaced as a whole).
    scenario
        The scenario the plan was made for (with every pin it keeps).
    bundle
        The plan: sessions, unscheduled sessions and summary.
    formats
        Export formats (none: the plan files only).
    documents
        Further JSON files of the run (``nightly.json``, ``book.json``).
    calls
        The run's call list (:func:`planner.plan.notify.call_list`), written to
        ``manager/notify-<run_id>.csv`` when it has rows; earlier lists are kept.

    Returns
    -------
    Path
        The published folder.

    Raises
    ------
    planner.plan.publish.PublishLocked, planner.plan.publish.PublishRefused
        If the exports folder can't be replaced; the run stays unpublished.
    planner.archive.ArchiveError
        If the run can't be marked published (the exports are in place then).
    """
    target = target.absolute()
    # The previous export lets calendars continue their revision numbers.
    previous = target if target.is_dir() else None
    published = publish_folder(
        target,
        lambda staging: write_published(
            staging, scenario, bundle, formats, documents or {}, previous, run_id, calls
        ),
    )
    archive.mark_published(run_id)
    return published


__all__ = ["publish_plan", "write_published"]
