"""``planner serve SCENARIO``: the spa in a browser for the desk, the manager and the therapists."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from planner import exitcodes


def default_archive(scenario: Path) -> Path:
    """The SQLite archive beside a scenario folder: ``<folder>.planner.sqlite``."""
    folder = scenario.absolute()
    return folder.with_name(folder.name + ".planner.sqlite")


def default_exports(scenario: Path) -> Path:
    """The exports folder beside a scenario folder: ``<folder>.exports``."""
    folder = scenario.absolute()
    return folder.with_name(folder.name + ".exports")


def _now(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text, "%Y-%m-%dT%H:%M")
    except ValueError:
        raise click.BadParameter(f"expected YYYY-MM-DDTHH:MM, got {text!r}") from None


@click.command("serve")
@click.argument(
    "scenario", type=click.Path(exists=True, file_okay=False, path_type=Path), metavar="SCENARIO"
)
@click.option(
    "--archive",
    "archive_url",
    metavar="DB",
    help="Plan archive (SQLite file or SQLAlchemy URL); it also keeps the accounts and "
    "the audit trail.  [default: SCENARIO.planner.sqlite beside the folder]",
)
@click.option(
    "--exports",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder the plan is published to, as by `planner nightly -o`.  "
    "[default: SCENARIO.exports beside the folder]",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; another than this machine's own needs --tls-cert and "
    "--tls-key, or --behind-proxy.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--tls-cert",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TLS certificate (PEM): serve HTTPS.",
)
@click.option(
    "--tls-key",
    type=click.Path(dir_okay=False, path_type=Path),
    help="TLS private key (PEM) of --tls-cert.",
)
@click.option(
    "--behind-proxy",
    is_flag=True,
    help="A reverse proxy on this machine terminates TLS and forwards to --host/--port "
    "(cookies are then sent over HTTPS only).",
)
@click.option(
    "--now",
    "now_text",
    metavar="YYYY-MM-DDTHH:MM",
    help="The spa's clock, fixed (demonstrations and tests); default: the machine's.",
)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=1),
    metavar="SECONDS",
    help="Seconds of a whole re-plan; default: the scenario's time_limit_seconds.",
)
@click.option(
    "--fit-worker/--no-fit-worker",
    default=True,
    show_default=True,
    help="Search the desk's fits in a worker process beside the server, so that pages and "
    "plan reads never wait for a search (it keeps a second copy of the spa in memory).",
)
def command(
    scenario: Path,
    archive_url: str | None,
    exports: Path | None,
    host: str,
    port: int,
    tls_cert: Path | None,
    tls_key: Path | None,
    behind_proxy: bool,
    now_text: str | None,
    time_limit: float | None,
    fit_worker: bool,
) -> None:
    """Serve the spa of SCENARIO in a browser: the front desk books courses, the manager
    re-plans and publishes, therapists read their week.

    It publishes exactly as `planner nightly` and `planner book` do (same archive, exports
    folder and lock), so the commands keep working beside it. With no account yet it prints a
    one-time link, for this machine only, that creates the first manager; add others with
    `planner users add` or on the manager's Accounts page.

    Exit codes: 0 stopped (Ctrl-C), 2 invalid option.
    """
    from planner.web.config import ServeConfig, ServeConfigError

    config = ServeConfig(
        scenario=scenario,
        archive_url=archive_url or str(default_archive(scenario)),
        exports=exports or default_exports(scenario),
        host=host,
        port=port,
        tls_cert=tls_cert,
        tls_key=tls_key,
        behind_proxy=behind_proxy,
        now=_now(now_text),
        time_limit=time_limit,
        fit_worker=fit_worker,
    )
    try:
        config.check()
    except ServeConfigError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(exitcodes.INVALID_INPUT)
    from planner.web.serve import serve

    serve(config)
