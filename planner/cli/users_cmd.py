"""``planner users add|list|remove|reset``: the accounts of ``planner serve``, in the archive."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import click

from planner import exitcodes
from planner.cli.common import archive_option

if TYPE_CHECKING:
    from planner.accounts import Accounts


@contextmanager
def _accounts(archive_url: str) -> Iterator[Accounts]:
    from planner.accounts import AccountError, Accounts
    from planner.archive import ArchiveError

    try:
        with Accounts(archive_url) as accounts:
            yield accounts
    except (AccountError, ArchiveError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(exitcodes.INVALID_INPUT)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        # One line: the password (a trailing newline is not part of it).
        return sys.stdin.readline().rstrip("\r\n")
    password: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return password


@click.group("users")
def command() -> None:
    """Accounts of `planner serve`: managers, the front desk and therapists.

    Accounts live in the plan archive (--archive, the same as `planner serve`'s); passwords are
    stored only as Argon2id hashes, and every change goes into the archive's audit trail.
    """


@command.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice(["manager", "desk", "therapist"]),
    required=True,
    help="manager: everything, health conditions too; desk: clients and bookings; "
    "therapist: their own sessions.",
)
@click.option(
    "--therapist",
    "therapist_id",
    metavar="ID",
    help="The therapist id (therapists.csv) of a therapist account.",
)
@archive_option
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input (scripts); "
    "otherwise it is asked for twice.",
)
def add(
    name: str, role: str, therapist_id: str | None, archive_url: str, password_stdin: bool
) -> None:
    """Add the account NAME."""
    from planner.accounts import AccountError

    password = _password(password_stdin)
    with _accounts(archive_url) as accounts:
        try:
            user = accounts.add(name, role, password, therapist_id)
        except AccountError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(exitcodes.INVALID_INPUT)
    linked = f" (therapist {user.therapist_id})" if user.therapist_id else ""
    click.echo(f"added {user.username}: {user.role}{linked}")


@command.command("list")
@archive_option
def list_users(archive_url: str) -> None:
    """List the accounts (names, roles, therapist ids; never passwords)."""
    with _accounts(archive_url) as accounts:
        users = accounts.users()
    if not users:
        click.echo("no accounts yet: `planner users add NAME --role manager --archive DB`")
        return
    for user in users:
        linked = user.therapist_id or "-"
        feed = "feed" if user.has_feed else "-"
        click.echo(f"{user.username}\t{user.role}\t{linked}\t{feed}\t{user.created_at:%Y-%m-%d}")


@command.command("remove")
@click.argument("name")
@archive_option
def remove(name: str, archive_url: str) -> None:
    """Remove the account NAME: its sign-ins and calendar feed stop at once."""
    from planner.accounts import AccountError

    with _accounts(archive_url) as accounts:
        try:
            accounts.remove(name)
        except AccountError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(exitcodes.INVALID_INPUT)
    click.echo(f"removed {name}")


@command.command("reset")
@click.argument("name")
@archive_option
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the new password from the first line of standard input.",
)
def reset(name: str, archive_url: str, password_stdin: bool) -> None:
    """Set a new password for NAME; their open sessions and API tokens end."""
    from planner.accounts import AccountError

    password = _password(password_stdin)
    with _accounts(archive_url) as accounts:
        try:
            accounts.reset(name, password)
        except AccountError as error:
            click.echo(f"error: {error}", err=True)
            sys.exit(exitcodes.INVALID_INPUT)
    click.echo(f"new password set for {name}")
