"""The ``planner`` command line: parses arguments and calls the library, nothing more."""

from __future__ import annotations

import importlib
import os
import sys
import time
from typing import Any

import click

from planner import __version__

# When the command began (nearly when the process did): a time limit bounds the whole command.
STARTED = time.perf_counter()

# (command name, module under planner.cli that defines a click command called ``command``).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("history", "history_cmd"),
    ("diff", "diff_cmd"),
    ("nightly", "nightly_cmd"),
    ("check", "check_cmd"),
    ("generate", "generate_cmd"),
    ("validate", "validate_cmd"),
    ("solve", "solve_cmd"),
    ("export", "export_cmd"),
    ("explain", "explain_cmd"),
    ("whatif", "whatif_cmd"),
    ("batch", "batch_cmd"),
    ("fit", "fit_cmd"),
    ("book", "book_cmd"),
    ("advise", "advise_cmd"),
    ("rollover", "rollover_cmd"),
    ("serve", "serve_cmd"),
    ("users", "users_cmd"),
)


class _LazyGroup(click.Group):
    """Imports a sub-command's module only when it runs, so ``planner --help`` stays fast."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name, _ in COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        for name, module in COMMANDS:
            if name == cmd_name:
                found: click.Command = importlib.import_module(f"planner.cli.{module}").command
                return found
        return None

    def invoke(self, ctx: click.Context) -> Any:
        # A bug must not greet a spa manager (or a cron mail) with a traceback: say what
        # happened and exit 1. PLANNER_DEBUG=1 shows the traceback for developers.
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)
        except Exception as error:
            if os.environ.get("PLANNER_DEBUG"):
                raise
            click.echo(f"internal error: {type(error).__name__}: {error}", err=True)
            click.echo("(set PLANNER_DEBUG=1 to see the details)", err=True)
            sys.exit(1)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="planner")
def main() -> None:
    """Plan a spa's treatment courses into a weekly roster.

    Typical use: ``planner solve scenarios/demo-week -o out`` then ``planner check
    scenarios/demo-week out/plan.csv``.
    """
