"""``planner users add|list|remove|reset``: accounts of ``planner serve`` from the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.accounts import Accounts

PASSWORD = "correct horse 1"


def users(archive: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", "users", *args, "--archive", str(archive)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_add_list_reset_and_remove(tmp_path: Path) -> None:
    archive = tmp_path / "spa.sqlite"
    added = users(archive, "add", "maria", "--role", "manager", "--password-stdin",
                  stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "added maria: manager" in added.stdout
    linked = users(archive, "add", "olena", "--role", "therapist", "--therapist", "t01",
                   "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    assert linked.returncode == 0 and "(therapist t01)" in linked.stdout
    listed = users(archive, "list")
    assert listed.returncode == 0
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [r[:3] for r in rows] == [["maria", "manager", "-"], ["olena", "therapist", "t01"]]
    assert PASSWORD not in listed.stdout
    reset = users(archive, "reset", "olena", "--password-stdin", stdin="another one 2\n")
    assert reset.returncode == 0
    with Accounts(str(archive)) as accounts:
        assert accounts.verify("olena", "another one 2") is not None
        assert accounts.verify("olena", PASSWORD) is None
    removed = users(archive, "remove", "olena")
    assert removed.returncode == 0 and "removed olena" in removed.stdout
    with Accounts(str(archive)) as accounts:
        assert [u.username for u in accounts.users()] == ["maria"]
        actions = [e.action for e in accounts.audit_trail()]
    assert actions == ["user removed", "password reset", "user added", "user added"]


def test_an_empty_archive_says_how_to_add_the_first_account(tmp_path: Path) -> None:
    listed = users(tmp_path / "spa.sqlite", "list")
    assert listed.returncode == 0
    assert "planner users add" in listed.stdout


def test_errors_exit_2_and_say_what_to_do(tmp_path: Path) -> None:
    archive = tmp_path / "spa.sqlite"
    users(archive, "add", "dora", "--role", "desk", "--password-stdin", stdin=PASSWORD + "\n")
    cases = [
        (("add", "olena", "--role", "therapist", "--password-stdin"), PASSWORD, "--therapist ID"),
        (("add", "dora", "--role", "desk", "--therapist", "t01", "--password-stdin"), PASSWORD,
         "--therapist is for therapist accounts"),
        (("add", "dora", "--role", "desk", "--password-stdin"), PASSWORD, "exists already"),
        (("add", "sam", "--role", "desk", "--password-stdin"), "short", "at least 8"),
        (("add", "<sam>", "--role", "desk", "--password-stdin"), PASSWORD, "invalid user name"),
        (("add", "sam", "--role", "boss", "--password-stdin"), PASSWORD, "boss"),
        (("remove", "nobody"), None, "no user 'nobody'"),
        (("reset", "nobody", "--password-stdin"), PASSWORD, "no user 'nobody'"),
    ]  # fmt: skip
    for args, password, words in cases:
        done = users(archive, *args, stdin=None if password is None else password + "\n")
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert words in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    with Accounts(str(archive)) as accounts:
        assert [u.username for u in accounts.users()] == ["dora"]


def test_an_archive_that_cannot_be_opened_exits_2(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("not a database", encoding="utf-8")
    done = users(not_a_database, "list")
    assert done.returncode == 2
    assert "error:" in done.stderr and "Traceback" not in done.stderr
