"""A live spa's bookings that a kill left half-done, completed when the server starts.

A booking killed between the scenario folder's swap and the publish (``kill -9``) leaves its
course and pins in the scenario folder and the published plan without them.
:func:`complete_bookings` publishes them, under the spa's lock, exactly as ``planner book``
publishes a booking (:func:`planner.book.complete_booked`), if they still keep every hard rule
of the plan published now; else it leaves them to the next re-plan (which keeps every pin or
releases an impossible booking) and says so. Nothing missing: no run.
"""

from __future__ import annotations

from planner.archive import Archive, ArchiveError
from planner.book import BookFailure, Completion, complete_booked
from planner.live.spa import LiveSpa, SpaUnavailable
from planner.nightly.failure import NightlyFailure
from planner.nightly.job import DEFAULT_FORMATS
from planner.plan.publish import PublishLocked, PublishRefused


def complete_bookings(spa: LiveSpa) -> Completion | None:
    """Publish the booked sessions of the spa's ``pinned.csv`` its published plan lacks.

    Parameters
    ----------
    spa
        The live spa (its lock is taken here, waiting up to ``spa.lock_wait`` seconds).

    Returns
    -------
    Completion | None
        None when nothing was missing; else the sessions and the run that published them
        (``published`` False when they no longer fit: ``reason`` says why, ids and rules only).

    Raises
    ------
    SpaUnavailable
        If the scenario can't be loaded, the archive can't be read or the exports folder
        can't be written (nothing was published then).
    planner.nightly.lock.NightlyLocked
        If the spa's lock stayed held longer than ``spa.lock_wait``.
    """
    try:
        with spa.writing() as lock, Archive(spa.archive_url) as archive:
            return complete_booked(
                spa.folder, archive, lock, spa.exports, DEFAULT_FORMATS, today=spa.now().date()
            )
    except BookFailure as failure:
        raise SpaUnavailable(str(failure)) from None
    except ArchiveError as error:
        raise SpaUnavailable(str(error)) from None
    except (PublishLocked, PublishRefused, NightlyFailure, OSError) as error:
        raise SpaUnavailable(f"the booking could not be published: {error}") from None


__all__ = ["complete_bookings"]
