"""Archive URLs: what a user types and the database the archive opens."""

from __future__ import annotations

from pathlib import Path

from planner.archive.database import (
    is_postgresql,
    lock_key,
    missing_driver_hint,
    resolve_archive_url,
    sqlite_file,
)


def test_a_bare_path_is_an_absolute_sqlite_file(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = resolve_archive_url("plans.db")
    assert url == f"sqlite:///{tmp_path.resolve() / 'plans.db'}"
    assert sqlite_file(url) == tmp_path.resolve() / "plans.db"
    assert not is_postgresql("plans.db")


def test_postgresql_urls_get_the_psycopg_driver():
    for typed in ("postgresql://u@db/plans", "postgres://u@db/plans"):
        assert resolve_archive_url(typed) == "postgresql+psycopg://u@db/plans"
        assert is_postgresql(typed)
        assert sqlite_file(resolve_archive_url(typed)) is None
    # A URL naming its driver keeps it.
    assert resolve_archive_url("postgresql+pg8000://u@db/p") == "postgresql+pg8000://u@db/p"


def test_in_memory_sqlite_has_no_file():
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None


def test_a_missing_postgresql_driver_names_the_extra_to_install():
    hint = missing_driver_hint("postgresql://u@db/p", ImportError("no psycopg"))
    assert "pip install 'planner[postgres]'" in hint
    assert "planner[postgres]" not in missing_driver_hint("x.db", ImportError("no"))


def test_lock_keys_are_stable_signed_64_bit_numbers_per_name():
    key = lock_key("nightly", "demo")
    assert key == lock_key("nightly", "demo")
    assert -(2**63) <= key < 2**63
    # The parts are kept apart: ("nightly", "demo") is not ("nightlyd", "emo").
    assert len({key, lock_key("nightlyd", "emo"), lock_key("nightly", "demo2")}) == 3
