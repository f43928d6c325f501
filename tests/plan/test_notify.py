"""The call list: who must be told what after a re-plan, one row per session."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from planner.plan import PlannedSession, UnscheduledSession
from planner.plan.notify import (
    CALL_LIST_COLUMNS,
    call_list,
    change_counts,
    client_phone,
    clients_to_notify,
    write_call_list,
)
from planner.scenario import Scenario, load_scenario

DAY = 1440
FILES = {
    "therapists.csv": """
        therapist_id,name,specialties
        t1,Olena,relaxing
        t2,Taras,relaxing
    """,
    "shifts.csv": """
        therapist_id,date,start,end
        t1,2026-12-07,09:00,17:00
        t2,2026-12-07,09:00,17:00
        t1,2026-12-08,09:00,17:00
    """,
    "rooms.csv": """
        room_id,name,equipment
        r1,Room 1,table
        r2,Garden room,table
    """,
    "clients.csv": """
        client_id,name,Phone,email
        c1,Anna,+380 44 555 0101,anna@example.org
        c2,=Boris,,
        c3,Chrystia,067 000 0003,
    """,
    "client_conditions.csv": """
        client_id,condition
        c1,thrombosis
    """,
    "courses.csv": """
        course_id,client_id,treatment_id,sessions,priority
        co1,c1,relax,3,1
        co2,c2,relax,1,1
        co3,c3,relax,2,1
    """,
}


def _s(course: str, n: int, client: str, therapist: str, room: str, start: int) -> PlannedSession:
    return PlannedSession(course, n, client, "relax", therapist, room, start, start + 60)


BEFORE = [
    _s("co1", 1, "c1", "t1", "r1", 9 * 60),
    _s("co1", 2, "c1", "t1", "r1", DAY + 9 * 60),
    _s("co2", 1, "c2", "t2", "r2", 10 * 60),
    _s("co3", 1, "c3", "t2", "r1", 12 * 60),
]


@pytest.fixture
def scenario(make_scenario: Callable[..., Path]) -> Scenario:
    loaded, _warnings = load_scenario(make_scenario(FILES))
    return loaded


def test_unchanged_plan_calls_nobody(scenario: Scenario) -> None:
    assert call_list(scenario, BEFORE, list(reversed(BEFORE))) == []


def test_moved_means_start_therapist_or_room_changed(scenario: Scenario) -> None:
    after = [
        replace(BEFORE[0], start=BEFORE[0].start + 30, end=BEFORE[0].end + 30),  # time
        replace(BEFORE[1], therapist_id="t2"),  # therapist
        replace(BEFORE[2], room_id="r1"),  # room
        replace(BEFORE[3], end=BEFORE[3].end + 15),  # only longer: not a move
    ]
    rows = call_list(scenario, BEFORE, after)
    assert [(r.course_id, r.session, r.change) for r in rows] == [
        # by client name: "=Boris" sorts before "Anna"
        ("co2", 1, "moved"),
        ("co1", 1, "moved"),
        ("co1", 2, "moved"),
    ]
    anna = rows[1]
    assert (anna.client, anna.phone) == ("Anna", "+380 44 555 0101")
    assert anna.treatment == "Relaxing massage"
    assert anna.old is not None and anna.new is not None
    assert (anna.old.date, anna.old.time, anna.old.therapist, anna.old.room) == (
        "Mon 2026-12-07", "09:00", "Olena", "Room 1",
    )  # fmt: skip
    assert (anna.new.time, anna.new.therapist) == ("09:30", "Olena")
    assert change_counts(rows) == {"moved": 3, "cancelled": 0, "new": 0}
    assert clients_to_notify(rows) == 2


def test_cancelled_says_why_without_naming_a_condition(scenario: Scenario) -> None:
    reason = "Hard rule: the client has thrombosis (contraindicated) on every day left."
    unscheduled = [UnscheduledSession("co1", 2, "c1", "relax", reason)]
    after = [s for s in BEFORE if (s.course_id, s.session) != ("co1", 2)]
    [row] = call_list(scenario, BEFORE, after, unscheduled)
    assert (row.change, row.course_id, row.session, row.new) == ("cancelled", "co1", 2, None)
    assert "thrombosis" not in row.reason
    assert "a health condition" in row.reason


def test_a_removed_course_is_cancelled_with_its_reason(scenario: Scenario) -> None:
    gone = _s("co9", 1, "c3", "t1", "r1", 14 * 60)
    [row] = call_list(scenario, [*BEFORE, gone], BEFORE)
    assert (row.change, row.client, row.reason) == (
        "cancelled", "Chrystia", "the course is no longer in the scenario",
    )  # fmt: skip


def test_new_only_for_a_course_already_partly_promised(scenario: Scenario) -> None:
    before = [s for s in BEFORE if s.course_id != "co3"] + [BEFORE[3]]
    added = [
        _s("co1", 3, "c1", "t1", "r1", DAY + 11 * 60),  # co1 had sessions published: new
        _s("co3", 2, "c3", "t1", "r1", DAY + 13 * 60),  # co3 too
    ]
    first_time = _s("co3", 1, "c3", "t2", "r1", 12 * 60)
    rows = call_list(scenario, before, [*before, *added])
    assert [(r.course_id, r.session, r.change) for r in rows] == [
        ("co1", 3, "new"),
        ("co3", 2, "new"),
    ]
    # A course nobody was told about yet is not on the list.
    unpromised = [s for s in before if s.course_id != "co3"]
    assert call_list(scenario, unpromised, [*unpromised, first_time]) == []


def test_released_bookings_come_first_with_their_reason(scenario: Scenario) -> None:
    after = [
        replace(BEFORE[0], room_id="r2"),
        BEFORE[1],
        replace(BEFORE[2], start=BEFORE[2].start + 60, end=BEFORE[2].end + 60),
    ]
    released = [("co3", 1, "its therapist is off that day")]
    rows = call_list(scenario, BEFORE, after, released=released)
    assert [(r.course_id, r.change) for r in rows] == [
        ("co3", "cancelled"),
        ("co2", "moved"),
        ("co1", "moved"),
    ]
    assert rows[0].reason == "its therapist is off that day"


def test_phone_from_any_phone_column_or_empty(scenario: Scenario) -> None:
    assert client_phone(scenario.client_by_id["c3"]) == "067 000 0003"
    assert client_phone(scenario.client_by_id["c2"]) == ""
    assert client_phone(None) == ""


def test_written_list_is_escaped_and_has_the_columns(scenario: Scenario, tmp_path: Path) -> None:
    after = [replace(s, room_id="r1") if s.course_id == "co2" else s for s in BEFORE]
    rows = call_list(scenario, BEFORE, after)
    path = write_call_list(tmp_path / "manager" / "notify-7.csv", rows)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert tuple(table[0]) == CALL_LIST_COLUMNS
    assert len(table) == 2
    assert table[1][1] == "'=Boris"  # a formula-looking name stays text
    assert table[1][6] == "moved"
