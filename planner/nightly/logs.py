"""The nightly job's log: a rotating file with ids and counts only, never health data."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOGGER_NAME = "planner.nightly"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 5

log = logging.getLogger(LOGGER_NAME)
# Without --log-file nothing is logged: the command prints what matters itself, and Python's
# last-resort handler would otherwise repeat every warning on standard error.
log.addHandler(logging.NullHandler())


def configure_logging(log_file: Path | None) -> logging.Handler | None:
    """Send the nightly logger to ``log_file`` (rotated at 1 MB, 5 old files kept).

    Returns the handler, to be passed to :func:`close_logging` when the run ends; None (and
    nothing logged) without a file.
    """
    log.setLevel(logging.INFO)
    if log_file is None:
        return None
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(
        log_file, maxBytes=MAX_LOG_BYTES, backupCount=LOG_BACKUPS, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s nightly[%(process)d] %(message)s")
    )
    log.addHandler(handler)
    return handler


def close_logging(handler: logging.Handler | None) -> None:
    """Detach and close a handler made by :func:`configure_logging`."""
    if handler is not None:
        log.removeHandler(handler)
        handler.close()
