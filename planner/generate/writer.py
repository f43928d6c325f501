"""Writing a generated scenario as a new folder, all at once or not at all."""

from __future__ import annotations

from pathlib import Path

from planner.plan.publish import publish_folder
from planner.scenario.types import Scenario
from planner.scenario.write import scenario_files


class OutputExistsError(Exception):
    """The output folder exists and holds files; nothing was written."""


def generated_files(scenario: Scenario) -> dict[str, str]:
    """The folder's files as text, by file name (the project's one scenario writer).

    Optional files without rows are left out, and so is ``contraindications.csv``: a generated
    spa's rules are the shipped defaults, which the loader adds by itself.
    """
    return scenario_files(scenario, empty_files=False, effective_rules=False)


def write_folder(out: Path, files: dict[str, str], *, overwrite: bool = False) -> Path:
    """Write ``files`` into folder ``out`` atomically: a reader sees the old folder or the new one.

    Raises
    ------
    OutputExistsError
        If ``out`` is a non-empty folder (or a file) and ``overwrite`` is False.
    planner.plan.publish.PublishLocked
        If another process is writing ``out``.
    planner.plan.publish.PublishRefused
        If ``out`` is the current working folder or holds it.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise OutputExistsError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise OutputExistsError(f"{out} is not empty (use --force to replace it)")

    def write(folder: Path) -> None:
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")

    # Its lock, as every writer of a folder: two generators into one folder never mix.
    publish_folder(out, write)
    return out
