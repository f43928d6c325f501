"""What a nightly run keeps of the published plan, decided without a solver."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planner.check import check_sessions
from planner.nightly import freeze_plan, frozen_scenario
from planner.plan import PlannedSession
from planner.scenario import load_scenario
from planner.scenario.timeaxis import parse_datetime
from planner.scenario.types import Scenario


@pytest.fixture
def week(spa_week: Path) -> Scenario:
    scenario, _ = load_scenario(spa_week)
    return scenario


def booked(scenario: Scenario, course_id: str, number: int, therapist: str, room: str, start: str):
    """A session of ``course_id`` as a published plan would hold it."""
    course = scenario.course_by_id[course_id]
    begin = parse_datetime(scenario.settings.start, start)
    end = begin + scenario.session_length(course, number)
    return PlannedSession(
        course_id, number, course.client_id, course.treatment_id, therapist, room, begin, end
    )


@pytest.fixture
def published(week: Scenario) -> list[PlannedSession]:
    """Part of a valid published plan: before, inside and after the window Tue 12:00-Wed 12:00."""
    sessions = [
        booked(week, "k1", 1, "t1", "r1", "2026-12-07T09:00"),  # began before now
        booked(week, "k1", 2, "t1", "r1", "2026-12-08T13:00"),  # in the window
        booked(week, "k1", 3, "t1", "r1", "2026-12-10T09:00"),  # after the window
        booked(week, "k2", 1, "t3", "r2", "2026-12-08T14:00"),  # in the window
        booked(week, "k2", 2, "t3", "r2", "2026-12-09T15:30"),  # after the window
        booked(week, "k3", 1, "t2", "r2", "2026-12-09T09:00"),  # in the window
    ]
    assert check_sessions(week, sessions, partial=True) == []
    return sessions


def window(scenario: Scenario) -> tuple[int, int]:
    start = scenario.settings.start
    return parse_datetime(start, "2026-12-08T12:00"), parse_datetime(start, "2026-12-09T12:00")


def test_sessions_begun_or_in_the_window_are_kept_the_rest_replanned(
    week: Scenario, published: list[PlannedSession]
) -> None:
    now, until = window(week)
    earlier_week = replace(published[0], start=-7 * 1440 + 600, end=-7 * 1440 + 675)
    freeze = freeze_plan(week, [*published, earlier_week], now, until)
    assert [(s.course_id, s.session) for s in freeze.kept] == [
        ("k1", 1),
        ("k1", 2),
        ("k2", 1),
        ("k3", 1),
    ]
    assert freeze.past == 1
    assert freeze.not_frozen == ()
    assert freeze.reference.sessions == tuple(published)  # not last week's session


def test_nothing_new_can_start_before_the_window_ends(
    week: Scenario, published: list[PlannedSession]
) -> None:
    now, until = window(week)
    to_solve, to_check = frozen_scenario(week, freeze_plan(week, published, now, until))
    assert len(to_check.pins) == 4
    assert to_check.shifts == week.shifts  # outputs and checks see the real shifts
    kept = {(p.therapist_id, p.start) for p in to_check.pins}
    for shift in to_solve.shifts:
        if shift.start < until:
            # A piece before the window's end begins exactly at a kept session.
            assert (shift.therapist_id, shift.start) in kept

    # After the window every working minute is still there.
    def minutes_after(shifts) -> int:
        return sum(s.end - max(s.start, until) for s in shifts if s.end > until)

    assert minutes_after(to_solve.shifts) == minutes_after(week.shifts)


def test_sessions_that_no_longer_fit_are_reported_not_kept(
    week: Scenario, published: list[PlannedSession]
) -> None:
    now, until = window(week)
    changed = replace(
        week,
        # Taras no longer works before the window ends, and course k2 was cancelled.
        shifts=tuple(s for s in week.shifts if not (s.therapist_id == "t2" and s.start < until)),
        courses=tuple(c for c in week.courses if c.id != "k2"),
    )
    freeze = freeze_plan(changed, published, now, until)
    reasons = {(n.course_id, n.session): n.reason for n in freeze.not_frozen}
    assert reasons == {
        ("k2", 1): "the course no longer exists",
        ("k3", 1): "it would break hard rule 3",
    }
    assert [(s.course_id, s.session) for s in freeze.kept] == [("k1", 1), ("k1", 2)]


def test_a_later_session_is_not_kept_without_the_earlier_one(
    week: Scenario, published: list[PlannedSession]
) -> None:
    now, until = window(week)
    without_t1 = replace(week, therapists=tuple(t for t in week.therapists if t.id != "t1"))
    freeze = freeze_plan(without_t1, published[1:2], now, until)
    assert freeze.kept == ()
    assert [str(n) for n in freeze.not_frozen] == ["k1 session 2: therapist t1 no longer exists"]
    freeze = freeze_plan(week, published[1:2], now, until)
    assert freeze.kept == ()
    assert [n.reason for n in freeze.not_frozen] == ["session 1 of its course is not kept"]


def test_pinned_csv_wins_over_the_published_plan(make_scenario, spa_week_files) -> None:
    pinned = "course_id,session,therapist_id,room_id,start\nk3,1,t2,r1,2026-12-09T10:00\n"
    folder = make_scenario({**spa_week_files, "pinned.csv": pinned})
    scenario, _ = load_scenario(folder)
    now, until = window(scenario)
    published = [booked(scenario, "k3", 1, "t2", "r2", "2026-12-09T09:00")]
    freeze = freeze_plan(scenario, published, now, until)
    assert freeze.kept == ()
    assert [n.reason for n in freeze.not_frozen] == ["pinned.csv now books it differently"]
    _to_solve, to_check = frozen_scenario(scenario, freeze)
    assert to_check.pins == scenario.pins


def test_a_session_that_began_stays_when_its_shift_is_removed_afterwards(
    week: Scenario, published: list[PlannedSession]
) -> None:
    now, until = window(week)
    # Olena's Monday shift is taken out on Tuesday: her Monday session happened anyway.
    day_off = replace(
        week, shifts=tuple(s for s in week.shifts if not (s.therapist_id == "t1" and s.end < now))
    )
    freeze = freeze_plan(day_off, published, now, until)
    assert ("k1", 1) in {(s.course_id, s.session) for s in freeze.kept}
    assert freeze.not_frozen == ()
    begun = published[0]
    assert [(w.therapist_id, w.start, w.end) for w in freeze.worked] == [
        ("t1", begun.start, begun.end)
    ]
    _to_solve, to_check = frozen_scenario(day_off, freeze)
    # The plan keeping it passes the checker: the time it took counts as worked.
    assert check_sessions(to_check, list(freeze.kept), partial=True) == []
