"""Therapist calendars: parseable, stable UIDs, revisions only for changed sessions."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from icalendar import Calendar, Component

from planner.export import ExportOptions, export_plan
from planner.export.ics import (
    _WRITTEN,
    _revisions_of,
    calendar_file_names,
    event_uid,
    read_revisions,
)
from planner.scenario import Scenario

from .conftest import DAY, hand_plan, write_plan_dir

FIRST = ExportOptions(now=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
SECOND = ExportOptions(now=datetime(2026, 12, 2, 8, 0, tzinfo=UTC))


def _events(out: Path, therapist_file: str) -> dict[str, Component]:
    calendar = Calendar.from_ical((out / "calendars" / therapist_file).read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_one_parseable_calendar_per_therapist_with_their_sessions(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    out = tmp_path / "out"
    export_plan(plan_dir, scenario, out, "ics", FIRST)

    assert sorted(p.name for p in (out / "calendars").iterdir()) == ["t1.ics", "t2.ics"]
    olena = sorted(_events(out, "t1.ics").values(), key=lambda e: e.decoded("DTSTART"))
    assert [str(e["SUMMARY"]) for e in olena] == [
        "Relaxing massage – Anna",
        'Relaxing massage – =HYPERLINK("http://attacker.example","open")',
        "Relaxing massage – Anna",
    ]
    assert {str(e["LOCATION"]) for e in olena} == {"Room 1"}
    first = olena[0]
    assert first.decoded("DTSTART") == datetime(2026, 12, 7, 9, 0)  # floating local time
    assert first.decoded("DTEND") == datetime(2026, 12, 7, 10, 15)
    assert "CAUTION: avoid the affected area (see client file)" in str(first["DESCRIPTION"])
    assert "Includes a 15-minute assessment." in str(first["DESCRIPTION"])
    assert "CAUTION" not in str(olena[1]["DESCRIPTION"])  # no caution for this client
    assert str(olena[2]["DESCRIPTION"]).startswith("Session 2 of 2.")
    taras = list(_events(out, "t2.ics").values())
    assert [str(e["SUMMARY"]) for e in taras] == ["Relaxing massage – @SUM(1)"]
    assert all(e["DTSTAMP"].dt == FIRST.now for e in olena + taras)


def test_re_export_keeps_uids_and_revisions_of_unchanged_sessions(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    export_plan(plan_dir, scenario, out, "ics", FIRST)
    first = (out / "calendars" / "t1.ics").read_bytes()

    export_plan(plan_dir, scenario, out, "ics", SECOND)
    export_plan(plan_dir, scenario, elsewhere, "ics", SECOND)

    # Same folder: byte for byte the same file (same UIDs, SEQUENCE and DTSTAMP kept).
    assert (out / "calendars" / "t1.ics").read_bytes() == first
    # Fresh folder: the same events (same UIDs), only stamped with the new time.
    assert _events(elsewhere, "t1.ics").keys() == _events(out, "t1.ics").keys()


def test_moved_session_keeps_its_uid_and_gets_a_new_revision(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    out = tmp_path / "out"
    export_plan(plan_dir, scenario, out, "ics", FIRST)
    before = _events(out, "t1.ics")

    # co2 moves from 10:30 on Monday to 13:00 on Tuesday, same therapist.
    moved = [
        replace(s, start=DAY + 13 * 60, end=DAY + 14 * 60 + 15) if s.course_id == "co2" else s
        for s in hand_plan()
    ]
    write_plan_dir(plan_dir, scenario, moved)
    export_plan(plan_dir, scenario, out, "ics", SECOND)
    after = _events(out, "t1.ics")

    assert after.keys() == before.keys()  # updated, not duplicated
    co2 = event_uid("tiny", scenario.settings.start, "co2", 1)
    assert after[co2].decoded("DTSTART") == datetime(2026, 12, 8, 13, 0)
    assert int(after[co2]["SEQUENCE"]) == int(before[co2]["SEQUENCE"]) + 1
    assert after[co2]["DTSTAMP"].dt == SECOND.now
    assert after[co2]["LAST-MODIFIED"].dt == SECOND.now
    assert after[co2]["CREATED"].dt == FIRST.now
    for uid in before.keys() - {co2}:
        assert int(after[uid]["SEQUENCE"]) == 0
        assert after[uid]["DTSTAMP"].dt == FIRST.now


def test_time_zone_option_writes_tzid_and_vtimezone(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    out = tmp_path / "out"
    export_plan(plan_dir, scenario, out, "ics", replace(FIRST, tzid="Europe/Kyiv"))
    calendar = Calendar.from_ical((out / "calendars" / "t1.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Kyiv"]
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"
    assert event.decoded("DTSTART").utcoffset().total_seconds() == 2 * 3600  # EET in December


def test_uid_depends_on_calendar_horizon_course_and_session_only() -> None:
    start = datetime(2026, 12, 7).date()
    uid = event_uid("spa-podil", start, "co1", 1)
    assert uid == event_uid("spa-podil", start, "co1", 1)
    assert uid.endswith("@planner")
    others = {
        event_uid("spa-other", start, "co1", 1),
        event_uid("spa-podil", datetime(2026, 12, 14).date(), "co1", 1),
        event_uid("spa-podil", start, "co2", 1),
        event_uid("spa-podil", start, "co1", 2),
    }
    assert uid not in others and len(others) == 4


def test_calendar_id_option_changes_uids(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _folder, scenario = spa
    export_plan(plan_dir, scenario, tmp_path / "a", "ics", FIRST)
    export_plan(plan_dir, scenario, tmp_path / "b", "ics", replace(FIRST, calendar_id="podil"))
    assert not _events(tmp_path / "a", "t1.ics").keys() & _events(tmp_path / "b", "t1.ics").keys()


def test_calendar_file_names_are_safe_and_distinct() -> None:
    names = calendar_file_names(["t1", "T1", "../etc/passwd", "Ольга", ""])
    assert names == {
        "t1": "t1.ics",
        "T1": "T1-2.ics",
        "../etc/passwd": "etc_passwd.ics",
        "Ольга": "Ольга.ics",
        "": "therapist.ics",
    }


def test_revisions_remembered_from_writing_equal_those_read_from_the_files(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    # A server re-publishes after every booking: the calendars it wrote are not parsed again,
    # so what it remembers must be exactly what parsing the files would give.
    _folder, scenario = spa
    for tzid in (None, "Europe/Kyiv"):
        out = tmp_path / f"out-{tzid is None}"
        export_plan(plan_dir, scenario, out, "ics", replace(FIRST, tzid=tzid))
        folder = out / "calendars"
        remembered = read_revisions(folder)
        for path in folder.glob("*.ics"):
            content = path.read_bytes()
            assert _WRITTEN.recall(content) is not None
            parsed = read_revisions_parsed(content)
            assert parsed == {u: r for u, r in remembered.items() if u in parsed}, tzid
        assert remembered


def read_revisions_parsed(content: bytes) -> dict[str, object]:
    return dict(_revisions_of(Calendar.from_ical(content).walk("VEVENT")))
