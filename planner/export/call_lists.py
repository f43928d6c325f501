"""Call lists in an exports folder: ``manager/notify-<run>.csv``, kept across publishes.

Each re-plan that changes what clients were told writes its own list (:mod:`planner.plan.notify`),
named after its run, so a morning booking's publish does not erase last night's list: every
publish into the folder carries the earlier lists over from the folder it replaces.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from planner.export.audience import MANAGER_FOLDER
from planner.plan.notify import CallRow, call_list_name, write_call_list

CALL_LIST_GLOB = "notify-*.csv"


def carry_call_lists(previous: Path | None, folder: Path) -> list[Path]:
    """Copy the call lists of the exports folder ``previous`` (the one being replaced) into
    ``folder``; a list ``folder`` already holds is left as it is. Returns the files copied."""
    if previous is None or not (previous / MANAGER_FOLDER).is_dir():
        return []
    target = folder / MANAGER_FOLDER
    copied = []
    for path in sorted((previous / MANAGER_FOLDER).glob(CALL_LIST_GLOB)):
        destination = target / path.name
        if destination.exists() or not path.is_file():
            continue
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
        copied.append(destination)
    return copied


def add_call_list(
    folder: Path, previous: Path | None, run: int | str, rows: Sequence[CallRow]
) -> list[Path]:
    """Into the exports folder being written (``folder``): the earlier call lists of
    ``previous`` and, if it has rows, this run's list. Returns the files added."""
    added = carry_call_lists(previous, folder)
    if rows:
        added.append(write_call_list(folder / MANAGER_FOLDER / call_list_name(run), rows))
    return added


__all__ = ["CALL_LIST_GLOB", "add_call_list", "call_list_name", "carry_call_lists"]
