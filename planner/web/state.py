"""What the web app holds while it runs: its configuration, accounts, the live spa."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from planner.accounts import Accounts
from planner.live import LiveSpa
from planner.web.config import ServeConfig
from planner.web.security import Throttle, TokenSigner

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class WebState:
    """The server's state, one per application (``app.state.web``).

    ``setup_token`` opens the page that creates the first manager; it is made at start when
    the archive has no account and dies with the first account. ``extras`` keeps what the
    pages' modules add (proposals of re-plans, running jobs), by name.
    """

    config: ServeConfig
    accounts: Accounts
    spa: LiveSpa
    signer: TokenSigner
    throttle: Throttle
    templates: Jinja2Templates
    setup_token: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, config: ServeConfig) -> WebState:
        """Open the archive's accounts and the spa; make the setup token if nobody can sign in."""
        accounts = Accounts(config.archive_url)
        spa = LiveSpa(config.scenario, config.archive_url, config.exports, now=config.now)
        signer = TokenSigner(accounts.secret("session"), max_age=config.session_hours * 3600)
        templates = Jinja2Templates(directory=str(TEMPLATES))
        state = cls(config, accounts, spa, signer, Throttle(), templates)
        if accounts.count() == 0:
            state.setup_token = secrets.token_urlsafe(24)
        return state

    @staticmethod
    def archive_url_of(config: ServeConfig) -> str:
        """The archive's SQLAlchemy URL."""
        from planner.archive import resolve_archive_url

        return resolve_archive_url(config.archive_url)

    def setup_url(self) -> str | None:
        """The one-time link to create the first manager (None once an account exists)."""
        if self.setup_token is None:
            return None
        scheme = "https" if self.config.tls_cert else "http"
        host = self.config.host if ":" not in self.config.host else f"[{self.config.host}]"
        return f"{scheme}://{host}:{self.config.port}/setup/{self.setup_token}"


def web_state(request: Request) -> WebState:
    """The running application's state."""
    state: WebState = request.app.state.web
    return state
