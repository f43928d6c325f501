"""Accounts of the web app (``planner serve``) and its audit trail, in the plan archive.

Three roles: ``manager`` (everything, the only role that sees health conditions), ``desk``
(finds clients, fits and books courses) and ``therapist`` (their own sessions, linked to one
therapist id). Passwords are hashed with Argon2id (``argon2-cffi``); nothing stores a password
or a feed token in clear.
"""

from planner.accounts.store import (
    ROLES,
    AccountError,
    Accounts,
    AuditEntry,
    User,
    check_username,
)

__all__ = ["ROLES", "AccountError", "Accounts", "AuditEntry", "User", "check_username"]
