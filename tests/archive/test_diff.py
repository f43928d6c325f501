"""Diffs of hand-made plans: every kind of change is found, keyed by course and session."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.archive import ArchivedSession, Change, PlanReadError, diff_plans, read_plan_file


def booked(course: str, number: int, start: str, therapist: str = "t1", room: str = "r1"):
    end = start[:11] + f"{int(start[11:13]) + 1:02d}" + start[13:]
    return ArchivedSession(course, number, "c1", "relax", therapist, room, start, end)


BEFORE = [
    booked("kept", 1, "2026-12-07T09:00"),
    booked("moved", 1, "2026-12-07T10:00"),
    booked("handed", 1, "2026-12-07T11:00", therapist="t1"),
    booked("roomed", 1, "2026-12-07T12:00", room="r1"),
    booked("dropped", 2, "2026-12-07T13:00"),
    booked("both", 1, "2026-12-07T14:00", therapist="t1"),
]
AFTER = [
    booked("kept", 1, "2026-12-07T09:00"),
    booked("moved", 1, "2026-12-08T10:00"),
    booked("handed", 1, "2026-12-07T11:00", therapist="t2"),
    booked("roomed", 1, "2026-12-07T12:00", room="r2"),
    booked("both", 1, "2026-12-07T15:00", therapist="t2"),
    booked("added", 1, "2026-12-08T16:00"),
]


def test_every_kind_of_change_is_reported_once_per_session() -> None:
    diff = diff_plans(BEFORE, AFTER)
    found = {change.key: change.changes for change in diff.changes}
    assert found == {
        ("added", 1): (Change.ADDED,),
        ("both", 1): (Change.MOVED, Change.TIME, Change.THERAPIST),
        ("dropped", 2): (Change.DROPPED,),
        ("handed", 1): (Change.MOVED, Change.THERAPIST),
        ("moved", 1): (Change.MOVED, Change.TIME),
        ("roomed", 1): (Change.MOVED, Change.ROOM),
    }
    # moved = start, therapist or room changed; time / therapist / room are its detail.
    assert diff.counts() == {
        "added": 1,
        "dropped": 1,
        "moved": 4,
        "time": 2,
        "therapist": 2,
        "room": 1,
        "unchanged": 1,
    }
    assert diff.text() == ("added 1, dropped 1, moved 4 (time 2, therapist 2, room 1), unchanged 1")
    moved = next(c for c in diff.of_kind(Change.TIME) if c.key == ("moved", 1))
    assert moved.before is not None and moved.after is not None
    assert (moved.before.start, moved.after.start) == ("2026-12-07T10:00", "2026-12-08T10:00")


def test_a_longer_session_at_the_same_start_place_and_therapist_is_not_moved() -> None:
    longer = [*BEFORE[:1], booked("moved", 1, "2026-12-07T10:00")]
    stretched = [*BEFORE[:1], ArchivedSession(**{**vars(longer[1]), "end": "2026-12-07T11:30"})]
    diff = diff_plans(longer, stretched)
    assert diff.changes == () and diff.unchanged == 2


def test_identical_plans_have_no_changes_and_json_keeps_no_client() -> None:
    diff = diff_plans(BEFORE, list(reversed(BEFORE)))
    assert diff.changes == ()
    assert diff.unchanged == len(BEFORE)
    as_json = diff_plans(BEFORE, AFTER).to_dict()
    assert as_json["counts"]["added"] == 1
    assert "c1" not in str(as_json)  # diffs go to staff: no client ids


def test_a_session_booked_twice_is_an_error() -> None:
    with pytest.raises(PlanReadError, match="appears more than once"):
        diff_plans([*BEFORE, BEFORE[0]], AFTER, names=("a.csv", "b.csv"))


def test_plan_files_are_read_with_the_contracts_reader(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Start ,therapist_id,room_id,course_id,session,client_id,treatment_id,end\n"
        "2026-12-07T09:00,t1,r1,co1,1,c1,relax,2026-12-07T10:15\n",
        encoding="utf-8",
    )
    assert read_plan_file(plan) == [
        ArchivedSession("co1", 1, "c1", "relax", "t1", "r1", "2026-12-07T09:00", "2026-12-07T10:15")
    ]
    broken = tmp_path / "broken.csv"
    broken.write_text(plan.read_text(encoding="utf-8").replace(",1,c1", ",one,c1"), "utf-8")
    with pytest.raises(PlanReadError) as error:
        read_plan_file(broken)
    problem = error.value.problems[0]
    assert (problem.file, problem.row, problem.column) == ("broken.csv", 2, "session")
