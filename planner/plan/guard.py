"""Outputs never destroy inputs: an output folder may not be, hold or lie inside an input.

Most writers replace their output folder as a whole (:func:`planner.plan.publish.publish_folder`),
so ``planner export PLAN_DIR -o PLAN_DIR`` would swap the plan it exports for the export, and
``-o SCENARIO`` would swap the whole scenario away. Every command that writes a folder asks
:func:`refuse_overlap` first, before it writes anything, with the folders and files it reads.
Paths are compared after resolving symlinks, so a link to the scenario is the scenario.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from planner.plan.publish import PublishRefused

# What an input is, as the message names it: "the scenario folder", "the plan folder", ...
Reads = Iterable[tuple[str, Path | str | None]]


class OutputOverlapsInput(PublishRefused):
    """The output folder is, holds or lies inside an input of the same command.

    A :class:`~planner.plan.publish.PublishRefused`, so a command that already answers that one
    with exit 2 answers this one the same way.
    """


def _relation(out: Path, read: Path) -> str | None:
    if out == read:
        return "is"
    if read in out.parents:
        return "lies inside"
    if out in read.parents:
        return "holds"
    return None


def refuse_overlap(out: Path | str, reads: Reads, *, option: str = "the output folder") -> Path:
    """Refuse an output folder that is, holds or lies inside one of the inputs ``reads``.

    Call it before anything is written (and before any lock file is created beside ``out``).

    Parameters
    ----------
    out
        The folder the command would write (it need not exist yet).
    reads
        ``(what, path)`` pairs: what the input is for the message (``"the scenario folder"``,
        ``"the plan folder"``, ``"the archive"``) and its path; a None path (an optional input
        not given) is skipped. Files are compared like folders: an output folder that holds a
        file the command reads is refused.
    option
        How the message names ``out`` (``"-o"``, ``"NEXT"``).

    Returns
    -------
    Path
        ``out`` with symlinks resolved.

    Raises
    ------
    OutputOverlapsInput
        With a one-line message naming both paths, for the first input that overlaps.
    """
    target = Path(out).resolve()
    for what, path in reads:
        if path is None:
            continue
        read = Path(path).resolve()
        relation = _relation(target, read)
        if relation is None:
            continue
        where = "" if relation == "is" else f" ({read})"
        raise OutputOverlapsInput(
            f"{option} {target} {relation} {what} this command reads{where}; an output may "
            "not be, hold or lie inside an input: choose another folder (nothing was written)"
        )
    return target


__all__ = ["OutputOverlapsInput", "Reads", "refuse_overlap"]
