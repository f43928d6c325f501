"""The account store: roles, passwords as Argon2id hashes, feed tokens, the audit trail."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from planner.accounts import AccountError, Accounts

PASSWORD = "correct horse 1"


@pytest.fixture
def accounts(tmp_path: Path) -> Accounts:
    return Accounts(str(tmp_path / "spa.sqlite"))


def test_passwords_and_feed_tokens_are_never_stored_in_clear(
    accounts: Accounts, tmp_path: Path
) -> None:
    accounts.add("olena", "therapist", PASSWORD, "t01", by="maria")
    token = accounts.new_feed_token("olena", by="olena")
    accounts.close()
    raw = (tmp_path / "spa.sqlite").read_bytes()
    assert PASSWORD.encode() not in raw and token.encode() not in raw
    with sqlite3.connect(tmp_path / "spa.sqlite") as db:
        (stored,) = db.execute("select password_hash from users").fetchone()
    assert stored.startswith("$argon2id$")


def test_a_password_signs_in_and_a_wrong_one_or_name_does_not(accounts: Accounts) -> None:
    accounts.add("dora", "desk", PASSWORD)
    user = accounts.verify("dora", PASSWORD)
    assert user is not None and user.role == "desk" and user.therapist_id is None
    assert accounts.verify("dora", PASSWORD + "x") is None
    assert accounts.verify("nobody", PASSWORD) is None


def test_a_reset_or_removal_ends_what_was_issued_before(accounts: Accounts) -> None:
    first = accounts.add("dora", "desk", PASSWORD)
    after = accounts.reset("dora", "another one 2", by="maria")
    assert after.generation == first.generation + 1
    accounts.remove("dora", by="maria")
    assert accounts.get("dora") is None
    with pytest.raises(AccountError, match="no user"):
        accounts.reset("dora", PASSWORD)


def test_a_feed_token_finds_its_user_until_renewed_or_revoked(accounts: Accounts) -> None:
    accounts.add("olena", "therapist", PASSWORD, "t01")
    first = accounts.new_feed_token("olena", by="olena")
    assert accounts.feed_user(first).username == "olena"  # type: ignore[union-attr]
    assert accounts.get("olena").has_feed  # type: ignore[union-attr]
    second = accounts.new_feed_token("olena", by="olena")
    assert accounts.feed_user(first) is None
    assert accounts.feed_user(second) is not None
    accounts.revoke_feed("olena", by="maria")
    assert accounts.feed_user(second) is None and accounts.feed_user("") is None
    assert not accounts.get("olena").has_feed  # type: ignore[union-attr]


def test_roles_and_therapist_links_are_checked(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="--therapist ID"):
        accounts.add("olena", "therapist", PASSWORD)
    with pytest.raises(AccountError, match="not desk"):
        accounts.add("dora", "desk", PASSWORD, "t01")
    with pytest.raises(AccountError, match="unknown role"):
        accounts.add("sam", "owner", PASSWORD)
    with pytest.raises(AccountError, match="at least 8"):
        accounts.add("sam", "desk", "short")
    accounts.add("sam", "desk", PASSWORD)
    with pytest.raises(AccountError, match="exists already"):
        accounts.add("sam", "manager", PASSWORD)
    assert accounts.count() == 1


def test_the_audit_trail_is_newest_first_with_who_and_what(accounts: Accounts) -> None:
    accounts.add("dora", "desk", PASSWORD, by="maria")
    accounts.audit("dora", "course booked", {"course_id": "co100", "sessions": 3})
    trail = accounts.audit_trail()
    assert [(e.username, e.action) for e in trail] == [
        ("dora", "course booked"),
        ("maria", "user added"),
    ]
    assert trail[0].detail == {"course_id": "co100", "sessions": 3}
    assert [e.action for e in accounts.audit_trail(actions=("user added",))] == ["user added"]
    assert len(accounts.audit_trail(limit=1)) == 1


def test_the_session_secret_is_kept_across_restarts(tmp_path: Path) -> None:
    with Accounts(str(tmp_path / "spa.sqlite")) as first:
        secret = first.secret("session")
    with Accounts(str(tmp_path / "spa.sqlite")) as again:
        assert again.secret("session") == secret
        assert again.secret("other") != secret
