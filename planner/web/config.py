"""What ``planner serve`` was asked: the spa's folders, the address, and how it is reached."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

LOOPBACK_NAMES = ("localhost",)


class ServeConfigError(Exception):
    """A configuration the server refuses to start with (said in the CLI's words)."""


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeConfig:
    """How to serve one spa.

    ``now`` fixes the spa's clock (demonstrations, tests); ``behind_proxy`` says a reverse proxy
    terminates TLS in front of the server; ``tls_cert`` and ``tls_key`` make the server speak
    HTTPS itself. ``time_limit`` bounds a whole re-plan (None: the scenario's).
    ``fit_worker`` runs the desk's searches in a worker process beside the server, so that
    readers of the plan never wait for a search (``planner serve`` does; tests may not).
    """

    scenario: Path
    archive_url: str
    exports: Path
    host: str = "127.0.0.1"
    port: int = 8000
    tls_cert: Path | None = None
    tls_key: Path | None = None
    behind_proxy: bool = False
    now: datetime | None = None
    time_limit: float | None = None
    session_hours: float = 12.0
    fit_worker: bool = False

    @property
    def secure(self) -> bool:
        """True when browsers reach the server over HTTPS (cookies are sent only over it)."""
        return self.tls_cert is not None or self.behind_proxy

    def check(self) -> None:
        """Refuse a reachable address without TLS, and half a TLS pair.

        Raises
        ------
        ServeConfigError
            With what to do instead.
        """
        if (self.tls_cert is None) != (self.tls_key is None):
            raise ServeConfigError("--tls-cert and --tls-key go together: give both or neither")
        for path in (self.tls_cert, self.tls_key):
            if path is not None and not path.is_file():
                raise ServeConfigError(f"no such file: {path}")
        if not is_loopback(self.host) and not self.secure:
            raise ServeConfigError(
                f"--host {self.host} would let other machines sign in over plain HTTP; give "
                "--tls-cert and --tls-key, or --behind-proxy when a reverse proxy terminates "
                "TLS in front of planner (README: 'Serving the spa beyond this machine')"
            )
