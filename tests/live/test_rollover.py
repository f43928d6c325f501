"""Moving a live spa on to its next horizon: a draft that writes nothing, then the served folder
swapped for the next week with the old one kept beside it, never overwritten."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.check import load_checked_scenario
from planner.live import PlanChanged, ReplanError, confirm_rollover, draft_rollover
from planner.live.rollover import NOTES_FILE, same_weekday_shifts
from planner.live.spa import folder_fingerprint
from planner.scenario.timeaxis import MINUTES_PER_DAY
from tests.live.conftest import Spa

FIRST = date(2026, 12, 7)
NEXT = date(2026, 12, 14)


def _texts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_the_draft_is_the_next_week_with_what_is_owed_and_writes_nothing(spa: Spa) -> None:
    live = spa.live()
    before = folder_fingerprint(spa.scenario)
    draft = draft_rollover(live)
    assert (draft.first_day, draft.last_day) == (NEXT, date(2026, 12, 20))
    snapshot = live.snapshot()
    booked: dict[str, int] = {}
    for s in snapshot.sessions:
        booked[s.course_id] = booked.get(s.course_id, 0) + 1
    owed = {c.id: c.sessions - booked.get(c.id, 0) for c in snapshot.scenario.courses}
    expected = {k: n for k, n in owed.items() if n > 0}
    dropped = {d.course_id for d in draft.rollover.dropped}
    assert expected, "the demo week leaves sessions owed"
    assert dict(draft.rollover.carried) == {k: n for k, n in expected.items() if k not in dropped}
    assert draft.owed == sum(n for _, n in draft.rollover.carried)
    # The staff pattern: Monday's shifts of the old week are Monday's shifts of the new one.
    assert sorted((s.therapist_id, s.start, s.end) for s in draft.scenario.shifts) == sorted(
        (s.therapist_id, s.start, s.end) for s in snapshot.scenario.shifts
    )
    assert folder_fingerprint(spa.scenario) == before


def test_confirm_writes_the_next_week_and_keeps_the_old_one_beside_it(spa: Spa) -> None:
    live = spa.live()
    old = _texts(spa.scenario)
    draft = draft_rollover(live)
    done = confirm_rollover(live, draft)
    assert done.kept == spa.scenario.with_name(f"demo-week-{FIRST.isoformat()}")
    assert _texts(done.kept) == old
    loaded = load_checked_scenario(spa.scenario)[0]
    assert loaded.settings.start == NEXT
    assert [(c.id, c.sessions) for c in loaded.courses] == list(draft.rollover.carried)
    assert (spa.scenario / NOTES_FILE).is_file()
    snapshot = live.snapshot()
    assert snapshot.first_day == NEXT and not snapshot.published
    # Still the same spa in the archive: the old week's plans stay its history.
    assert snapshot.spa == draft.spa
    # Nothing is published for the new days, so there is nothing to roll over from yet.
    with pytest.raises(ReplanError):
        draft_rollover(live)


def test_a_second_confirm_never_clobbers_a_kept_folder(spa: Spa) -> None:
    live = spa.live()
    earlier = spa.scenario.with_name(f"demo-week-{FIRST.isoformat()}")
    earlier.mkdir()
    (earlier / "marker.txt").write_text("kept before", encoding="utf-8")
    draft = draft_rollover(live)
    done = confirm_rollover(live, draft)
    assert done.kept == earlier.with_name(f"{earlier.name}-2")
    assert (earlier / "marker.txt").read_text(encoding="utf-8") == "kept before"
    # The same draft again: the folder changed since, so it is refused and nothing moves.
    swapped = _texts(spa.scenario)
    with pytest.raises(PlanChanged):
        confirm_rollover(live, draft)
    assert _texts(spa.scenario) == swapped
    assert not earlier.with_name(f"{earlier.name}-3").exists()


def test_shifts_are_copied_by_weekday_when_the_horizon_is_not_whole_weeks(spa: Spa) -> None:
    old = load_checked_scenario(spa.scenario)[0]
    # Three days from Friday: Friday, Saturday, Sunday of the old week, in that order.
    copied = same_weekday_shifts(old, date(2026, 12, 18), 3)
    for day, old_day in enumerate((4, 5, 6)):
        want = sorted(
            (s.therapist_id, s.start - old_day * MINUTES_PER_DAY)
            for s in old.shifts
            if s.start // MINUTES_PER_DAY == old_day
        )
        got = sorted(
            (s.therapist_id, s.start - day * MINUTES_PER_DAY)
            for s in copied
            if s.start // MINUTES_PER_DAY == day
        )
        assert want and got == want
