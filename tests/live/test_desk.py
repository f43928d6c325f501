"""The live front desk: fits from the warm plan, bookings of exactly what was shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from planner.check import check_sessions
from planner.fit import FitRequest
from planner.live import Desk, DeskConflict, DeskRequestError, LiveSpa, find_clients, new_client_id
from planner.live.desk import chosen_sessions
from planner.live.desk_clients import course_calendar
from planner.nightly.job import NightlyOptions, run_nightly
from tests.conftest import write_scenario

NOW = datetime(2026, 12, 7, 8, 0)
# One hour of one therapist on the second day: exactly one slot for a new one-session course.
ONE_SLOT = {
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-08,09:00,10:00
    """,
    "clients.csv": """
        client_id,name,phone
        c1,Anna Koval,+380 44 555 0101
        c2,Bohdan,+380 44 555 0202
    """,
    "courses.csv": "course_id,client_id,treatment_id,sessions",
}


def _spa(root: Path, files: dict[str, str | None]) -> LiveSpa:
    folder = write_scenario(root / "scenario", files)
    archive, exports = root / "archive.sqlite", root / "exports"
    run_nightly(
        NightlyOptions(
            scenario_folder=folder,
            archive_url=str(archive),
            exports=exports,
            now=NOW,
            time_limit=5.0,
            deterministic=True,
        )
    )
    return LiveSpa(folder, str(archive), exports, now=NOW)


def _request(client: str = "c1", **changes: object) -> FitRequest:
    return replace(
        FitRequest(client_id=client, treatment_id="relax", sessions=1, needs_assessment=False),
        **changes,
    )  # type: ignore[arg-type]


@pytest.fixture
def spa(tmp_path: Path) -> LiveSpa:
    return _spa(tmp_path, ONE_SLOT)


def test_a_fit_offers_the_one_free_slot_with_the_plans_version(spa: LiveSpa) -> None:
    answer = Desk(spa).fit(_request())
    assert answer.version == spa.version() > 0
    assert answer.document["version"] == answer.version
    [option] = answer.document["options"]
    assert option["sessions"][0]["start"] == "2026-12-08T09:00"
    assert option["sessions"][0]["therapist_id"] == "t1"


def test_nothing_is_offered_before_the_clock_plus_the_lead(tmp_path: Path) -> None:
    spa = _spa(tmp_path, ONE_SLOT)
    late = LiveSpa(spa.folder, spa.archive_url, spa.exports, now=datetime(2026, 12, 8, 8, 30))
    answer = Desk(late).fit(_request())
    assert answer.document["options"] == []
    assert "reason" in answer.document


def test_booking_rank_1_books_the_shown_option_and_the_plan_checks(spa: LiveSpa) -> None:
    desk = Desk(spa)
    shown = desk.fit(_request())
    booking = desk.book(_request(), shown.version, rank=1)
    assert booking.version > shown.version
    assert booking.course_id == shown.document["course_id"]
    assert [s["start"] for s in booking.booked] == ["2026-12-08T09:00"]
    snapshot = spa.snapshot()
    assert snapshot.version == booking.version
    assert any(s.course_id == booking.course_id for s in snapshot.sessions)
    assert check_sessions(snapshot.scenario, list(snapshot.sessions)) == []
    assert "c1-relax-1" in (spa.folder / "courses.csv").read_text()
    assert "c1-relax-1" in (spa.exports / "plan.csv").read_text()


def test_the_second_desk_for_the_last_slot_gets_a_conflict_with_fresh_options(
    spa: LiveSpa,
) -> None:
    desk = Desk(spa)
    first = desk.fit(_request("c1"))
    second = desk.fit(_request("c2"))
    option = chosen_sessions(second.document["options"][0])
    desk.book(_request("c1"), first.version, rank=1)
    with pytest.raises(DeskConflict) as conflict:
        desk.book(_request("c2"), second.version, option=option)
    assert conflict.value.fresh.document["options"] == []
    assert conflict.value.fresh.version > second.version
    courses = (spa.folder / "courses.csv").read_text()
    assert "c1-relax-1" in courses and "c2-relax" not in courses


def test_a_stale_version_still_books_an_option_that_fits(tmp_path: Path) -> None:
    shifts = "therapist_id,date,start,end\nt1,2026-12-07,10:00,11:00\nt1,2026-12-08,09:00,10:00"
    two_slots = {**ONE_SLOT, "shifts.csv": shifts}
    spa = _spa(tmp_path, two_slots)
    desk = Desk(spa)
    first, second = desk.fit(_request("c1")), desk.fit(_request("c2"))
    taken = desk.book(_request("c1"), first.version, rank=1)
    later = chosen_sessions(second.document["options"][-1])
    assert later != chosen_sessions(first.document["options"][0])
    booked = desk.book(_request("c2"), second.version, option=later)
    assert booked.version > taken.version


def test_rank_of_a_version_never_shown_is_a_conflict(spa: LiveSpa) -> None:
    with pytest.raises(DeskConflict) as conflict:
        Desk(spa).book(_request(), 999, rank=1)
    assert len(conflict.value.fresh.document["options"]) == 1
    assert "c1-relax" not in (spa.folder / "courses.csv").read_text()


def test_a_bad_request_names_the_field(spa: LiveSpa) -> None:
    with pytest.raises(DeskRequestError) as error:
        Desk(spa).fit(_request(treatment_id="nope"))
    assert error.value.field == "treatment_id"
    with pytest.raises(DeskRequestError) as error:
        Desk(spa).fit(_request(available=("someday 9-5",)))
    assert error.value.field == "availability"


def test_clients_are_found_by_name_or_phone_and_new_ids_are_free(spa: LiveSpa) -> None:
    scenario = spa.snapshot().scenario
    assert [m.client_id for m in find_clients(scenario, "anna")] == ["c1"]
    assert [m.client_id for m in find_clients(scenario, "555 0202")] == ["c2"]
    assert find_clients(scenario, "  ") == []
    assert new_client_id(scenario) == "c003"


def test_the_clients_calendar_holds_their_course_only(spa: LiveSpa) -> None:
    desk = Desk(spa)
    booking = desk.book(_request(), desk.fit(_request()).version, rank=1)
    text = course_calendar(spa.snapshot(), booking.course_id, NOW).decode()
    assert text.count("BEGIN:VEVENT") == 1
    assert "Relaxing massage" in text and "20261208T090000" in text
    assert course_calendar(spa.snapshot(), "nobody", NOW).decode().count("BEGIN:VEVENT") == 0
