"""``planner book``: the desk books a fit option into the live scenario and publishes the plan.

Every test starts from the nightly test spa (five days, 31 sessions) after its first nightly
run, copied: the scenario folder, its SQLite archive and its exports.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.archive import Archive
from planner.cli import main
from tests.conftest import BASE_FILES, write_scenario
from tests.nightly.conftest import SPA_WEEK

NAME = "Spa Podil nightly"
NOW = "2026-12-07T11:57"
NEW_CLIENT = ["--client", "c99", "--client-name", "Nadia", "--phone", "+380 44 000 0099",
              "--available", "mon-fri 15:00-17:00", "--treatment", "back", "--sessions", "2",
              "--needs-assessment", "no", "--now", NOW]  # fmt: skip


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spa after Monday morning's nightly run: ``spa/``, ``archive.db``, ``exports/``."""
    base = tmp_path_factory.mktemp("published")
    files = {name: None for name in BASE_FILES} | dict(SPA_WEEK)
    write_scenario(base / "spa", files)
    done = _run("nightly", str(base / "spa"), "--archive", str(base / "archive.db"),
                "-o", str(base / "exports"), "--now", "2026-12-07T07:00", "--time-limit", "3",
                "--deterministic", "--formats", "csv")  # fmt: skip
    assert done.exit_code == 0, done.output
    return base


@pytest.fixture
def spa(published: Path, tmp_path: Path) -> Path:
    """A copy of the published spa for one test (it books into it)."""
    for name in ("spa", "exports"):
        shutil.copytree(published / name, tmp_path / name)
    shutil.copy(published / "archive.db", tmp_path / "archive.db")
    return tmp_path


def _book(home: Path, *args: str) -> Result:
    return _run("book", str(home / "spa"), "--archive", str(home / "archive.db"),
                "-o", str(home / "exports"), "--formats", "csv", *args)  # fmt: skip


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _published_runs(home: Path) -> list[tuple[int, str]]:
    with Archive(home / "archive.db") as archive:
        return [(r.id, r.kind) for r in archive.runs(NAME) if r.published]


def test_a_booking_lands_in_the_scenario_the_archive_and_the_exports(spa: Path) -> None:
    done = _book(spa, *NEW_CLIENT)
    assert done.exit_code == 0, done.output
    assert "booked course c99-back-1 for client c99 (option 1): complete" in done.stdout
    assert "+380" not in done.output  # the phone goes to the scenario, not the terminal

    # The scenario folder holds the course, the client with phone and availability, the pins.
    validated = _run("validate", str(spa / "spa"))
    assert validated.exit_code == 0, validated.output
    assert "c99,Nadia,+380 44 000 0099" in (spa / "spa" / "clients.csv").read_text()
    assert "c99-back-1,c99,back,2" in (spa / "spa" / "courses.csv").read_text()
    availability = (spa / "spa" / "client_availability.csv").read_text().splitlines()
    assert len([line for line in availability if line.startswith("c99,")]) == 5
    pinned = (spa / "spa" / "pinned.csv").read_text().splitlines()
    assert pinned[0] == "course_id,session,therapist_id,room_id,start,booked"
    assert [line.split(",")[:2] + line.split(",")[5:] for line in pinned[1:]] == [
        ["c99-back-1", "1", NOW],
        ["c99-back-1", "2", NOW],
    ]

    # The exports' plan keeps every hard rule of the scenario as it now is, booking included.
    checked = _run("check", str(spa / "spa"), str(spa / "exports" / "plan.csv"))
    assert checked.exit_code == 0, checked.output
    with (spa / "exports" / "plan.csv").open(encoding="utf-8") as plan:
        booked = sorted((row["session"], row["start"]) for row in csv.DictReader(plan)
                        if row["course_id"] == "c99-back-1")  # fmt: skip
    assert [start for _, start in booked] == [p.split(",")[4] for p in pinned[1:]]
    assert all(start[11:] >= "15:00" for _, start in booked)  # --available
    report = json.loads((spa / "exports" / "book.json").read_text())
    assert report["complete"] is True and len(report["booked"]) == 2
    assert [kind for _, kind in _published_runs(spa)] == ["nightly", "book"]


def test_book_books_what_fit_showed_for_the_same_words_and_clock(spa: Path) -> None:
    fit = _run("fit", str(spa / "spa"), "--archive", str(spa / "archive.db"), *NEW_CLIENT,
               "--json")  # fmt: skip
    assert fit.exit_code == 0, fit.output
    option = json.loads(fit.stdout)["options"][1]
    done = _book(spa, *NEW_CLIENT, "--choose", "2")
    assert done.exit_code == 0, done.output
    report = json.loads((spa / "exports" / "book.json").read_text())
    assert report["option"] == 2
    assert [{k: s[k] for k in ("session", "therapist_id", "room_id", "start", "end")}
            for s in report["booked"]] == option["sessions"]  # fmt: skip


def test_nothing_written_when_nothing_fits_or_the_option_does_not_exist(spa: Path) -> None:
    before = _files(spa / "spa"), _files(spa / "exports"), _published_runs(spa)
    # After Friday's last start nothing of the course fits: exit 3.
    late = [*NEW_CLIENT[:-2], "--now", "2026-12-11T16:30"]
    done = _book(spa, *late)
    assert done.exit_code == 3, done.output
    assert "nothing was booked" in done.stderr
    # An option beyond those found: exit 2.
    done = _book(spa, *NEW_CLIENT, "--choose", "99")
    assert done.exit_code == 2, done.output
    assert "--choose 99: only" in done.stderr
    # A bad --available names the option.
    done = _book(spa, *NEW_CLIENT, "--available", "weekends")
    assert done.exit_code == 2, done.output
    assert "--available" in done.stderr
    assert (_files(spa / "spa"), _files(spa / "exports"), _published_runs(spa)) == before


def test_a_failed_publish_puts_the_scenario_back(
    spa: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.book.publish

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(planner.book.publish, "publish_plan", broken)
    before = _files(spa / "spa"), _files(spa / "exports"), _published_runs(spa)
    done = _book(spa, *NEW_CLIENT)
    assert done.exit_code == 1
    assert "disk full" in done.stderr
    assert (_files(spa / "spa"), _files(spa / "exports"), _published_runs(spa)) == before
    assert _run("validate", str(spa / "spa")).exit_code == 0


def test_the_next_booking_completes_one_a_kill_left_unpublished(
    spa: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import planner.book
    import planner.book.publish

    # A booking that dies after the scenario's swap, before its publish, as a kill leaves it:
    # the scenario folder keeps it (nothing puts it back), the published plan lacks it.
    def killed(*_args: object, **_kwargs: object) -> None:
        raise OSError("killed")

    with monkeypatch.context() as patch:
        patch.setattr(planner.book.publish, "publish_plan", killed)
        patch.setattr(planner.book, "restore_files", lambda *_args: None)
        assert _book(spa, *NEW_CLIENT).exit_code == 1
    assert "c99-back-1" in (spa / "spa" / "pinned.csv").read_text()
    assert "c99-back-1" not in (spa / "exports" / "plan.csv").read_text()

    other = ["--client", "c98", "--client-name", "Oksana", "--available", "mon-fri 15:00-17:00",
             "--treatment", "back", "--sessions", "1", "--needs-assessment", "no",
             "--now", NOW]  # fmt: skip
    done = _book(spa, *other)
    assert done.exit_code == 0, done.output
    assert "completed a booking after a restart: 2 booked session(s) of c99-back-1" in done.stdout
    assert "booked course c98-back-1" in done.stdout
    plan = (spa / "exports" / "plan.csv").read_text()
    assert plan.count("c99-back-1,") == 2 and plan.count("c98-back-1,") == 1
    checked = _run("check", str(spa / "spa"), str(spa / "exports" / "plan.csv"))
    assert checked.exit_code == 0, checked.output
    assert [kind for _, kind in _published_runs(spa)] == ["nightly", "book", "book"]
