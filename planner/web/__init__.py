"""``planner serve``: the spa in a browser, for the front desk, the manager and the therapists.

A FastAPI application (server-rendered Jinja2 pages with htmx, every asset inside the package)
over the library: :class:`planner.live.LiveSpa` keeps the spa loaded, bookings go through
:func:`planner.book.book`, re-plans through the nightly's steps, accounts and the audit trail
live in the archive (:mod:`planner.accounts`). Nothing in the library imports this package.
"""

from planner.web.app import create_app
from planner.web.config import ServeConfig, ServeConfigError

__all__ = ["ServeConfig", "ServeConfigError", "create_app"]
