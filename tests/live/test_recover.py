"""Bookings a kill left half-done (in pinned.csv, not in the published plan), completed."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from planner.archive import Archive
from planner.book.complete import COMPLETED_NOTE
from planner.check import check_sessions
from planner.live import LiveSpa, complete_bookings
from planner.nightly.job import NightlyOptions, run_nightly
from tests.conftest import write_scenario

NOW = datetime(2026, 12, 7, 8, 0)
# One hour of one therapist on the second day.
ONE_SLOT = {
    "shifts.csv": "therapist_id,date,start,end\nt1,2026-12-08,09:00,10:00",
    "clients.csv": "client_id,name\nc1,Anna\nc2,Bohdan",
    "courses.csv": "course_id,client_id,treatment_id,sessions,needs_assessment",
}
# What a booking of that hour for c1 writes into the scenario folder before it publishes.
BOOKED_COURSE = "c1-relax-1,c1,relax,1,no\n"
BOOKED_PIN = (
    "course_id,session,therapist_id,room_id,start,booked\n"
    "c1-relax-1,1,t1,r1,2026-12-08T09:00,2026-12-07T08:00\n"
)


def _published_spa(root: Path, courses: str = ONE_SLOT["courses.csv"]) -> LiveSpa:
    folder = write_scenario(root / "scenario", {**ONE_SLOT, "courses.csv": courses})
    archive, exports = root / "archive.sqlite", root / "exports"
    run_nightly(NightlyOptions(
        scenario_folder=folder, archive_url=str(archive), exports=exports, now=NOW,
        time_limit=5.0, deterministic=True,
    ))  # fmt: skip
    return LiveSpa(folder, str(archive), exports, now=NOW)


def _killed_after_the_swap(spa: LiveSpa) -> None:
    """The scenario folder as a booking killed before its publish leaves it."""
    with (spa.folder / "courses.csv").open("a", encoding="utf-8") as courses:
        courses.write(BOOKED_COURSE)
    (spa.folder / "pinned.csv").write_text(BOOKED_PIN, encoding="utf-8")


def _runs(spa: LiveSpa) -> int:
    with Archive(spa.archive_url) as archive:
        return len(archive.runs())


def test_a_booked_pin_missing_from_the_plan_is_published(tmp_path: Path) -> None:
    spa = _published_spa(tmp_path)
    _killed_after_the_swap(spa)
    before = spa.snapshot()
    assert not any(s.course_id == "c1-relax-1" for s in before.sessions)
    assert [v.rule for v in check_sessions(before.scenario, list(before.sessions))] == [12]
    completion = complete_bookings(spa)
    assert completion is not None and completion.published
    assert [(s.course_id, s.session) for s in completion.sessions] == [("c1-relax-1", 1)]
    after = spa.snapshot()
    assert after.version == completion.run_id > before.version
    assert check_sessions(after.scenario, list(after.sessions)) == []
    assert "c1-relax-1,1,c1,relax,t1,r1,2026-12-08T09:00" in (spa.exports / "plan.csv").read_text()
    with Archive(spa.archive_url) as archive:
        run = archive.run(after.version)
    assert (run.kind, run.note) == ("book", COMPLETED_NOTE)
    assert "completed a booking after a restart" in completion.lines()[0]
    # Done once: a second call finds nothing to do and makes no run.
    runs = _runs(spa)
    assert complete_bookings(spa) is None
    assert _runs(spa) == runs


def test_a_booking_that_no_longer_fits_is_left_to_the_re_plan_and_said(tmp_path: Path) -> None:
    # c2's course took the hour in the published plan; the booked pin of c1 overlaps it.
    spa = _published_spa(tmp_path, ONE_SLOT["courses.csv"] + "\nc2-relax-1,c2,relax,1,no")
    assert any(s.course_id == "c2-relax-1" for s in spa.snapshot().sessions)
    _killed_after_the_swap(spa)
    version, runs, exported = spa.version(), _runs(spa), (spa.exports / "plan.csv").read_text()
    completion = complete_bookings(spa)
    assert completion is not None and not completion.published
    assert completion.reason is not None and "hard rules" in completion.reason
    assert "not completed" in completion.lines()[0] and "planner nightly" in completion.lines()[0]
    assert (spa.version(), _runs(spa)) == (version, runs)
    assert (spa.exports / "plan.csv").read_text() == exported


def test_nothing_to_do_makes_no_run(tmp_path: Path) -> None:
    spa = _published_spa(tmp_path)
    runs, version = _runs(spa), spa.version()
    assert complete_bookings(spa) is None
    assert (_runs(spa), spa.version()) == (runs, version)
