"""Running the application under uvicorn, and what the terminal says when it starts."""

from __future__ import annotations

import sys
import threading
from typing import Any

import click
import uvicorn

from planner import exitcodes
from planner.accounts import AccountError
from planner.archive import ArchiveError
from planner.plan.guard import OutputOverlapsInput, refuse_overlap
from planner.web.app import create_app
from planner.web.config import ServeConfig
from planner.web.state import WebState

TRUSTED_PROXIES = "127.0.0.1,::1"


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(exitcodes.INVALID_INPUT)


def complete_unfinished(state: WebState) -> list[str]:
    """Complete the bookings a kill left half-done (:func:`planner.live.complete_bookings`);
    what to say in the terminal (ids and counts only). Never fails: a scenario that can't be
    loaded, or a lock held too long, leaves it to the next booking or re-plan, and the server
    starts anyway (its pages show a load error)."""
    from planner.live import SpaUnavailable, complete_bookings
    from planner.nightly.lock import NightlyLocked

    try:
        completion = complete_bookings(state.spa)
    except SpaUnavailable:
        # The message may quote the scenario's cells: the manager's pages show it, not the log.
        return ["warning: unfinished bookings were not looked for: the spa can't be read now "
                "(the manager's pages say why)"]  # fmt: skip
    except NightlyLocked:
        return ["warning: unfinished bookings were not looked for: another change of the spa "
                "is publishing; the next booking completes them"]  # fmt: skip
    return [] if completion is None else completion.lines()


def warm(state: WebState) -> None:
    """Read the spa, explain its plan and book it into the desk's fit context, so that the
    first readers and receptionists find it ready (run beside the server at its start; a
    scenario that can't be read is left for the pages to report)."""
    from planner.live import SpaUnavailable
    from planner.live.views import unscheduled_of
    from planner.web.desk_common import desk_in

    try:
        snapshot = state.spa.snapshot()
        if snapshot.published:
            unscheduled_of(snapshot)
            desk_in(state).warm()
    except SpaUnavailable:
        return


def serve(config: ServeConfig) -> None:
    """Start the server for ``config`` and serve until interrupted."""
    from planner.archive import sqlite_file

    reads = [
        ("the scenario folder", config.scenario),
        ("the archive", sqlite_file(WebState.archive_url_of(config))),
    ]
    try:
        refuse_overlap(config.exports, reads, option="--exports")
    except OutputOverlapsInput as error:
        _fail(str(error))
    try:
        state = WebState.start(config)
    except (ArchiveError, AccountError) as error:
        _fail(f"the archive {config.archive_url} can't be opened: {error}")
        return
    for line in complete_unfinished(state):
        click.echo(line)
    app = create_app(config, state)
    threading.Thread(target=warm, args=(state,), name="warm", daemon=True).start()
    scheme = "https" if config.tls_cert else "http"
    host = config.host if ":" not in config.host else f"[{config.host}]"
    click.echo(f"planner serves {config.scenario} at {scheme}://{host}:{config.port}/")
    click.echo(f"  archive: {config.archive_url}")
    click.echo(f"  exports: {config.exports}")
    link = state.setup_url()
    if link:
        click.echo("No account exists yet. Open this one-time link on this machine to create ")
        click.echo(f"the first manager: {link}")
    try:
        uvicorn.run(app, **uvicorn_options(config))
    finally:
        from planner.web.desk_common import close_desk

        close_desk(state)


def uvicorn_options(config: ServeConfig) -> dict[str, Any]:
    """How uvicorn serves ``config``: TLS when given; ``X-Forwarded-*`` headers believed only
    behind a proxy, and then only from this machine (the proxy runs beside planner), so a
    client elsewhere can't claim HTTPS or another address. No access log: a feed URL's query
    holds its token."""
    return {
        "host": config.host,
        "port": config.port,
        "ssl_certfile": str(config.tls_cert) if config.tls_cert else None,
        "ssl_keyfile": str(config.tls_key) if config.tls_key else None,
        "proxy_headers": config.behind_proxy,
        "forwarded_allow_ips": TRUSTED_PROXIES if config.behind_proxy else None,
        "log_level": "warning",
        "access_log": False,
    }
