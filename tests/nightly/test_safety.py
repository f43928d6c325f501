"""The nightly's safety stop: a re-plan that would change too much publishes nothing (exit 7)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from planner.archive import Archive

FIRST_NOW = "2026-12-07T07:00"
SECOND_NOW = "2026-12-08T12:00"
MON, FRI = date(2026, 12, 7), date(2026, 12, 11)


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file of ``folder`` by name and content hash."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def published(archive_url: str) -> tuple[int, ...]:
    with Archive(archive_url) as archive:
        return archive.published_for("Spa Podil nightly", MON, FRI).run_ids


def truncate(spa_week: Path) -> None:
    """A courses.csv cut to its header line and a pinned.csv without pins."""
    (spa_week / "courses.csv").write_text(
        "course_id,client_id,treatment_id,sessions,priority,preferred_therapist\n",
        encoding="utf-8",
    )
    (spa_week / "pinned.csv").write_text(
        "course_id,session,therapist_id,room_id,start\n", encoding="utf-8"
    )


def test_a_truncated_courses_file_stops_the_run_and_keeps_the_published_plan(
    spa_week: Path, tmp_path: Path, archive_url: str, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW, "--formats", "csv").exit_code == 0
    exports = tmp_path / "exports"
    before, runs_before = fingerprint(exports), published(archive_url)
    truncate(spa_week)

    result = nightly(spa_week, SECOND_NOW, "--formats", "csv")
    assert result.exit_code == 7, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output
    assert "safety stop: the scenario has 0 courses, run 1 had 12 (lost 100 % > 20 %)" in lines[0]
    assert "--accept-change publishes anyway" in lines[0]
    assert fingerprint(exports) == before
    assert published(archive_url) == runs_before == (1,)


def test_accept_change_publishes_anyway(
    spa_week: Path, tmp_path: Path, archive_url: str, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW, "--formats", "csv").exit_code == 0
    truncate(spa_week)
    result = nightly(spa_week, SECOND_NOW, "--formats", "csv", "--accept-change")
    assert result.exit_code == 0, result.output
    assert published(archive_url) == (2,)
    report = json.loads((tmp_path / "exports" / "nightly.json").read_text(encoding="utf-8"))
    # Every session went with its course: without it, not even a begun one can be kept.
    assert report["sessions_scheduled"] == 0
    assert report["changes"]["dropped"] > 0


def test_a_closed_room_moving_much_of_the_plan_stops_after_solving(
    spa_week: Path, tmp_path: Path, archive_url: str, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW, "--formats", "csv").exit_code == 0
    with Archive(archive_url) as archive:
        in_r2 = [s for s in archive.plan(1) if s.room_id == "r2" and s.start >= "2026-12-09T12"]
    before = fingerprint(tmp_path / "exports")
    # Room 2 closed for the rest of the week: its sessions after the freeze window must move.
    # The scenario keeps its courses, therapists and shifts: only the plan part can stop it.
    (spa_week / "room_closures.csv").write_text(
        "room_id,date,start,end\n"
        + "".join(f"r2,2026-12-{day},00:00,23:59\n" for day in ("09", "10", "11")),
        encoding="utf-8",
    )
    result = nightly(spa_week, SECOND_NOW, "--formats", "csv", "--max-change", "0.05")
    assert len(in_r2) >= 3  # the check below is about these sessions
    assert result.exit_code == 7, result.output
    assert "published session(s) after the freeze window would be dropped or moved" in (
        result.output
    )
    assert fingerprint(tmp_path / "exports") == before
    with Archive(archive_url) as archive:
        runs = archive.runs()
        assert published(archive_url) == (1,)
    # The stopped plan is archived for the manager to look at, never published.
    assert [(r.kind, r.published) for r in runs] == [("nightly", True), ("nightly", False)]
    assert runs[1].note is not None and runs[1].note.startswith("safety stop:")


def test_a_small_change_below_the_share_publishes(
    spa_week: Path, archive_url: str, nightly
) -> None:
    assert nightly(spa_week, FIRST_NOW, "--formats", "csv").exit_code == 0
    courses = spa_week / "courses.csv"
    # One course of twelve cancelled: 2 of 31 sessions, 1 of 12 courses.
    lines = courses.read_text(encoding="utf-8").splitlines(keepends=True)
    courses.write_text("".join(line for line in lines if not line.startswith("k12,")), "utf-8")
    result = nightly(spa_week, SECOND_NOW, "--formats", "csv")
    assert result.exit_code == 0, result.output
    assert published(archive_url) == (2,)
