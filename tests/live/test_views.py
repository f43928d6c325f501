"""The published plan as each role may see it (planner.live.views)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.live import LiveSpa, SpaSnapshot, plan_for, therapist_calendar, therapist_week
from planner.live.views import UnknownRole, unscheduled_of
from tests.web.conftest import NOW, SpaFiles, published_demo  # noqa: F401 (a fixture)

MONDAY = date(2026, 12, 7)


@pytest.fixture
def snapshot(published_demo: SpaFiles) -> SpaSnapshot:  # noqa: F811 (the imported fixture)
    spa = published_demo
    return LiveSpa(spa.scenario, str(spa.archive), spa.exports, now=NOW).snapshot()


def _condition_names(snapshot: SpaSnapshot) -> set[str]:
    names = set()
    for conditions in snapshot.scenario.conditions_by_client.values():
        for c in conditions:
            names |= {c.condition, c.condition.replace("_", " ")}
    return names


def test_the_manager_sees_every_session_and_reasons_naming_conditions(
    snapshot: SpaSnapshot,
) -> None:
    view = plan_for(snapshot, "manager")
    assert len(view.sessions) == len(snapshot.sessions) > 0
    assert view.version == snapshot.version
    reasons = " ".join(u.reason for u in view.unscheduled)
    # The demo week turns away a client with thrombosis: the manager is told so.
    assert "thrombosis" in reasons


def test_the_desk_sees_every_session_and_no_condition(snapshot: SpaSnapshot) -> None:
    manager = plan_for(snapshot, "manager")
    desk = plan_for(snapshot, "desk")
    assert [v.session for v in desk.sessions] == [v.session for v in manager.sessions]
    assert [(u.course_id, u.session) for u in desk.unscheduled] == [
        (u.course_id, u.session) for u in manager.unscheduled
    ]
    text = " ".join(u.reason for u in desk.unscheduled)
    assert "a health condition" in text
    for name in _condition_names(snapshot):
        assert name not in text


def test_a_therapist_sees_only_their_sessions_and_no_left_out_ones(
    snapshot: SpaSnapshot,
) -> None:
    view = plan_for(snapshot, "therapist", "t01")
    mine = [s for s in snapshot.sessions if s.therapist_id == "t01"]
    assert [v.session for v in view.sessions] == sorted(
        mine, key=lambda s: (s.start, s.therapist_id, s.course_id, s.session)
    )
    assert view.unscheduled == ()
    document = view.to_json()
    assert {s["therapist_id"] for s in document["sessions"]} == {"t01"}
    assert document["unscheduled"] == []


def test_a_role_is_one_of_three_and_a_therapist_needs_an_id(snapshot: SpaSnapshot) -> None:
    with pytest.raises(UnknownRole):
        plan_for(snapshot, "admin")
    with pytest.raises(UnknownRole):
        plan_for(snapshot, "therapist")


def test_the_json_document_writes_moments_as_plan_csv_does(
    snapshot: SpaSnapshot,
    published_demo: SpaFiles,  # noqa: F811
) -> None:
    document = plan_for(snapshot, "manager").to_json()
    with (published_demo.exports / "plan.csv").open(encoding="utf-8") as rows:
        exported = {
            (r["course_id"], int(r["session"])): (r["start"], r["end"], r["caution"] == "yes")
            for r in csv.DictReader(rows)
        }
    shown = {
        (s["course_id"], s["session"]): (s["start"], s["end"], s["caution"])
        for s in document["sessions"]
    }
    # The same sessions, times and caution flags as the published plan.csv.
    assert shown == exported
    assert any(caution for _, _, caution in shown.values())


def test_the_reasons_are_worked_out_once_per_snapshot(snapshot: SpaSnapshot) -> None:
    assert unscheduled_of(snapshot) is unscheduled_of(snapshot)


def test_a_therapists_week_runs_monday_to_sunday_with_today_apart(
    snapshot: SpaSnapshot,
) -> None:
    wednesday = date(2026, 12, 9)
    week = therapist_week(snapshot, "t01", wednesday)
    assert [d.day for d in week.days] == [date(2026, 12, 7 + i) for i in range(7)]
    mine = plan_for(snapshot, "therapist", "t01").sessions
    assert week.week_sessions == len(mine)
    assert list(week.today_sessions) == [v for v in mine if v.day == wednesday]
    assert week.therapist_name == "Olena Savchuk"
    # The demo week is one week: there is no other week to go to.
    assert week.previous_week is None and week.next_week is None
    # Another week shows empty days, and offers the way back.
    later = therapist_week(snapshot, "t01", wednesday, week_of=date(2026, 12, 16))
    assert later.week_sessions == 0 and len(later.days) == 7
    assert later.previous_week == MONDAY


def test_a_therapists_calendar_holds_their_sessions_only(
    snapshot: SpaSnapshot,
    published_demo: SpaFiles,  # noqa: F811
) -> None:
    body = therapist_calendar(snapshot, "t01", published_demo.exports)
    events = Calendar.from_ical(body).walk("VEVENT")
    mine = plan_for(snapshot, "therapist", "t01").sessions
    assert len(events) == len(mine) > 0
    # The same events (UIDs) as the published calendars/t01.ics, so a phone updates them.
    exported = Calendar.from_ical((published_demo.exports / "calendars" / "t01.ics").read_bytes())
    assert {str(e["UID"]) for e in events} == {str(e["UID"]) for e in exported.walk("VEVENT")}
    text = body.decode("utf-8")
    others = {v.client_name for v in plan_for(snapshot, "manager").sessions} - {
        v.client_name for v in mine
    }
    for name in others | _condition_names(snapshot):
        assert name not in text


def test_a_therapist_the_scenario_does_not_know_gets_an_empty_calendar(
    snapshot: SpaSnapshot,
) -> None:
    body = therapist_calendar(snapshot, "t99", None)
    assert Calendar.from_ical(body).walk("VEVENT") == []


def test_phones_never_reach_a_calendar(snapshot: SpaSnapshot, published_demo: SpaFiles) -> None:  # noqa: F811
    clients = Path(published_demo.scenario, "clients.csv").read_text(encoding="utf-8")
    phones = [row["phone"] for row in csv.DictReader(clients.splitlines())]
    body = therapist_calendar(snapshot, "t01", published_demo.exports).decode("utf-8")
    assert phones and not any(phone in body for phone in phones)
