"""The published plan of a horizon is found by the days it covers, not by the scenario's name;
on SQLite and on PostgreSQL alike (``archive_url``)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from planner.archive import Archive
from planner.plan import Plan, PlannedSession
from planner.scenario.types import Scenario

MON50 = date(2026, 12, 7)
MON51 = date(2026, 12, 14)


def week(scenario: Scenario, start: date, days: int = 7, **settings: str) -> Scenario:
    """``scenario`` moved to another horizon (sessions are given on its own axis)."""
    return replace(
        scenario, settings=replace(scenario.settings, start=start, days=days, **settings)
    )


def daily(course: str, days: int, hour: int = 10) -> Plan:
    """One session of ``course`` on each of ``days`` days, at ``hour``, numbered 1, 2, ..."""
    return Plan(
        tuple(
            PlannedSession(course, n + 1, "c1", "relax", "t1", "r1", start, start + 60)
            for n in range(days)
            for start in [n * 1440 + hour * 60]
        )
    )


def starts(sessions) -> list[tuple[str, str]]:
    return [(s.course_id, s.start) for s in sessions]


def test_week_50_51_and_50_again_never_mix(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    w50, w51 = week(scenario, MON50), week(scenario, MON51)
    with Archive(archive_url) as archive:
        first = archive.record(w50, scenario_folder, daily("wk50", 7), "import")
        second = archive.record(w51, scenario_folder, daily("wk51", 7), "import")
        # Both weeks carry the same name (rollover keeps it): the days tell them apart.
        again = archive.published_for("tiny", MON50, MON50 + timedelta(days=6))
        following = archive.published_for("tiny", MON51, MON51 + timedelta(days=6))
        # A re-run of week 50 publishes; week 51's plan is still week 51's.
        third = archive.record(w50, scenario_folder, daily("wk50b", 7, hour=11), "import")
        rerun = archive.published_for("tiny", MON50, MON50 + timedelta(days=6))
        still = archive.published_for("tiny", MON51, MON51 + timedelta(days=6))

    assert again.run_ids == (first,) and again.latest is not None and again.latest.id == first
    assert {s.course_id for s in again.sessions} == {"wk50"} and len(again.sessions) == 7
    assert following.run_ids == (second,)
    assert {s.course_id for s in following.sessions} == {"wk51"}
    assert rerun.run_ids == (third,) and {s.course_id for s in rerun.sessions} == {"wk50b"}
    assert still.run_ids == (second,) and len(still.sessions) == 7


def test_a_horizon_moved_by_a_day_keeps_the_overlap_and_takes_the_newest_word(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    tuesday = MON50 + timedelta(days=1)
    with Archive(archive_url) as archive:
        first = archive.record(week(scenario, MON50), scenario_folder, daily("a", 7), "import")
        # A rolling horizon published the next day, Tue..Mon: it speaks for Tue..Sun now.
        second = archive.record(week(scenario, tuesday), scenario_folder, daily("b", 3), "import")
        found = archive.published_for("tiny", tuesday, tuesday + timedelta(days=6))

    # Tue..Thu from the newest run (its sessions there), Fri..Sun from it too although it has
    # no session then (its horizon covers them); Monday of week 51 nobody covered but run 2.
    assert found.days == {tuesday + timedelta(days=d): second for d in range(7)}
    assert [s.start[:10] for s in found.sessions] == ["2026-12-08", "2026-12-09", "2026-12-10"]
    assert found.run_ids == (second,)
    # Asked for Mon..Sun of week 50: Monday is still the first run's.
    with Archive(archive_url) as archive:
        both = archive.published_for("tiny", MON50, MON50 + timedelta(days=6))
    assert both.run_ids == (first, second)
    assert starts(both.sessions) == [("a", "2026-12-07T10:00"), *starts(found.sessions)]


def test_a_long_horizon_keeps_every_day_a_shorter_one_did_not_cover(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    with Archive(archive_url) as archive:
        archive.record(week(scenario, MON50, days=28), scenario_folder, daily("long", 28), "import")
        archive.record(week(scenario, MON51), scenario_folder, daily("short", 7), "import")
        found = archive.published_for("tiny", MON50, MON50 + timedelta(days=27))
    by_course = [s.course_id for s in found.sessions]
    assert by_course == ["long"] * 7 + ["short"] * 7 + ["long"] * 14


def test_spas_and_unpublished_runs_are_apart(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    other = week(scenario, MON50, spa="Spa Obolon")
    with Archive(archive_url) as archive:
        mine = archive.record(week(scenario, MON50), scenario_folder, daily("mine", 7), "import")
        archive.record(other, scenario_folder, daily("theirs", 7), "import")
        archive.record(week(scenario, MON50), scenario_folder, daily("whatif", 7), "whatif")
        found = archive.published_for("tiny", MON50, MON50 + timedelta(days=6))
        theirs = archive.published_for("Spa Obolon", MON50, MON50 + timedelta(days=6))
        nobody = archive.published_for("tiny", MON51, MON51 + timedelta(days=6))
    assert found.run_ids == (mine,)
    assert {s.course_id for s in theirs.sessions} == {"theirs"}
    assert nobody.runs == () and nobody.sessions == () and nobody.latest is None


def test_a_run_filed_under_its_spa_is_found_after_a_rename(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    named = week(scenario, MON50, name="Spa Podil, week 50", spa="Spa Podil")
    renamed = week(scenario, MON50, name="Spa Podil, week 50 (again)", spa="Spa Podil")
    with Archive(archive_url) as archive:
        run_id = archive.record(named, scenario_folder, daily("k", 2), "import")
        # The identity is what matters: the second scenario's name differs, its spa does not.
        assert archive.run(run_id).settings["spa"] == "Spa Podil"
        assert archive.run(run_id).settings["counts"] == {
            "courses": 2,
            "therapists": len(scenario.therapists),
            "shift_minutes": sum(s.end - s.start for s in scenario.shifts),
        }
        found = archive.published_for(renamed.settings.spa, MON50, MON50 + timedelta(days=6))
    assert found.run_ids == (run_id,)


def test_runs_archived_before_the_spa_was_kept_are_filed_under_their_name(
    archive_url: str, scenario_folder: Path, scenario: Scenario
) -> None:
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session

    from planner.archive import resolve_archive_url
    from planner.archive.schema import RunRow

    with Archive(archive_url) as archive:
        run_id = archive.record(week(scenario, MON50), scenario_folder, daily("old", 7), "import")
    # What an archive written by an older planner holds: settings without spa and counts.
    engine = create_engine(resolve_archive_url(archive_url))
    with Session(engine) as session, session.begin():
        row = session.get(RunRow, run_id)
        assert row is not None
        row.settings = {k: v for k, v in row.settings.items() if k not in ("spa", "counts")}
    engine.dispose()
    with Archive(archive_url) as archive:
        found = archive.published_for("tiny", MON50, MON50 + timedelta(days=6))
    assert found.run_ids == (run_id,) and len(found.sessions) == 7
