"""Sign-in, roles and request forgery: session cookies, API tokens, CSRF, login throttling.

Pages use a signed session cookie (Starlette's ``SessionMiddleware``: HttpOnly, SameSite=Lax,
Secure when served over HTTPS, expiring) that holds the user's name, the generation of their
password and a CSRF token; every state-changing form and htmx request must send that token.
The JSON API takes ``Authorization: Bearer`` tokens only (never the cookie), so a page on
another site can't make a signed-in browser call it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass

from fastapi import Request
from itsdangerous import BadSignature, URLSafeTimedSerializer

from planner.accounts import User

SESSION_USER = "user"
SESSION_GENERATION = "generation"
SESSION_CSRF = "csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


class TokenSigner:
    """Signs and reads API tokens: the user's name and password generation, with an expiry."""

    def __init__(self, secret: str, max_age: float) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="planner api token")
        self.max_age = max_age

    def issue(self, user: User) -> str:
        """A bearer token for ``user``."""
        return self._serializer.dumps({"u": user.username, "g": user.generation})

    def read(self, token: str) -> tuple[str, int] | None:
        """``(username, generation)`` of a valid, unexpired token, else None."""
        try:
            data = self._serializer.loads(token, max_age=int(self.max_age))
        except BadSignature:
            return None
        if not isinstance(data, dict):
            return None
        name, generation = data.get("u"), data.get("g")
        if not isinstance(name, str) or not isinstance(generation, int):
            return None
        return name, generation


@dataclass
class _Failures:
    times: deque[float]


class Throttle:
    """Login throttling: after ``limit`` failed sign-ins of one user name, or from one address,
    within ``window`` seconds, further tries are refused until the window has passed."""

    def __init__(self, limit: int = 5, window: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        entry = self._failures.setdefault(key, _Failures(deque()))
        while entry.times and entry.times[0] <= now - self.window:
            entry.times.popleft()
        return entry.times

    def wait_seconds(self, *keys: str) -> float:
        """Seconds until a try may be made for ``keys`` (0: now)."""
        now = time.monotonic()
        with self._lock:
            waits = [
                times[0] + self.window - now
                for key in keys
                if len(times := self._recent(key, now)) >= self.limit
            ]
        return max(waits, default=0.0)

    def failed(self, *keys: str) -> None:
        """Count a failed sign-in against every key."""
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        """Forget the failures of ``keys`` (a user who remembered their password)."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)


def throttle_keys(request: Request, username: str) -> tuple[str, str]:
    """The keys a sign-in counts against: the user name and the client's address."""
    address = request.client.host if request.client else "unknown"
    return f"user:{username.lower()}", f"address:{address}"


def sign_in(request: Request, user: User) -> None:
    """Start a session for ``user`` (a fresh CSRF token, so a token seen before is no use)."""
    request.session.clear()
    request.session[SESSION_USER] = user.username
    request.session[SESSION_GENERATION] = user.generation
    request.session[SESSION_CSRF] = secrets.token_urlsafe(32)


def sign_out(request: Request) -> None:
    """End the session."""
    request.session.clear()


def csrf_token(request: Request) -> str:
    """The session's CSRF token (made for an anonymous session too: the login form has one)."""
    token = request.session.get(SESSION_CSRF)
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session[SESSION_CSRF] = token
    return token


def csrf_matches(request: Request, sent: str | None) -> bool:
    """True if ``sent`` is the session's CSRF token."""
    expected = request.session.get(SESSION_CSRF)
    return (
        isinstance(expected, str)
        and isinstance(sent, str)
        and secrets.compare_digest(expected.encode(), sent.encode())
    )
