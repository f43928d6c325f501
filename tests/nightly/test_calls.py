"""The nightly's call list: written per run for the manager, kept across publishes, archived,
and counted exactly by ``clients_to_notify``; no other exported file names a condition or holds
a phone."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from planner.archive import Archive
from planner.export.audience import may_name_conditions
from planner.plan.notify import CALL_LIST_COLUMNS

FIRST_NOW = "2026-12-07T07:00"
LATER_NOW = "2026-12-08T12:00"
NOT_BEFORE = "2026-12-09T12:00"  # LATER_NOW + the 24 h freeze window


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _take_a_day_off(folder: Path, exports: Path) -> tuple[str, str]:
    """Remove the shift of the therapist-day with the most published sessions after the freeze
    window (sessions there must move or go), and return (therapist id, date)."""
    counts: dict[tuple[str, str], int] = {}
    for row in _rows(exports / "plan.csv"):
        if row["start"] >= NOT_BEFORE:
            key = (row["therapist_id"], row["start"][:10])
            counts[key] = counts.get(key, 0) + 1
    therapist, day = max(sorted(counts), key=lambda key: counts[key])
    shifts = folder / "shifts.csv"
    lines = shifts.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(f"{therapist},{day},")]
    assert len(kept) == len(lines) - 1
    shifts.write_text("".join(kept), encoding="utf-8")
    return therapist, day


def _check_privacy(exports: Path) -> None:
    for path in sorted(p for p in exports.rglob("*") if p.is_file()):
        relative = path.relative_to(exports).as_posix()
        if relative.endswith(".xlsx") or may_name_conditions(relative):
            continue  # workbooks: tests/export/test_privacy.py reads them cell by cell
        text = path.read_bytes().decode("utf-8", "replace").lower()
        for secret in ("+380", "skin lesion", "skin_lesion"):
            assert secret not in text, f"{secret!r} in {relative}"


def test_each_nightly_keeps_its_call_list_and_counts_its_clients(
    spa_week: Path, tmp_path: Path, archive_url: str, nightly
) -> None:
    exports = tmp_path / "exports"
    assert nightly(spa_week, FIRST_NOW).exit_code == 0
    first = json.loads((exports / "nightly.json").read_text(encoding="utf-8"))
    # Nothing was published before: nobody to call, no list.
    assert (first["clients_to_notify"], first["call_list"]) == (0, "")

    lists = []
    for now in (LATER_NOW, "2026-12-08T13:00"):
        therapist, day = _take_a_day_off(spa_week, exports)
        # A day off in this small week moves more than the safety stop's share: accepted.
        run = nightly(spa_week, now, "--accept-change")
        assert run.exit_code == 0, run.output
        report = json.loads((exports / "nightly.json").read_text(encoding="utf-8"))
        name = f"manager/notify-{report['run_id']}.csv"
        assert report["call_list"] == name
        rows = _rows(exports / name)
        assert tuple(rows[0]) == CALL_LIST_COLUMNS
        # Every session the day off took from the therapist is on the list.
        gone = [r for r in rows if r["old_therapist"] and r["old_date"].endswith(day)]
        assert gone and all(r["change"] in ("moved", "cancelled") for r in gone)
        assert all(r["phone"].startswith("'+380") for r in rows)  # formula-escaped, kept
        # The counts say exactly what the list holds.
        clients = {r["client_id"] for r in rows}
        assert report["clients_to_notify"] == len(clients)
        summary = json.loads((exports / "summary.json").read_text(encoding="utf-8"))
        assert summary["clients_to_notify"] == len(clients)
        assert report["moved"] == sum(r["change"] == "moved" for r in rows)
        assert report["dropped"] == sum(r["change"] == "cancelled" for r in rows)
        assert f"clients to notify: {len(clients)} (call list {name})" in run.output
        with Archive(archive_url) as archive:
            kept = archive.calls(report["run_id"])
        assert [(k["client_id"], k["course_id"], k["change"]) for k in kept] == [
            (r["client_id"], r["course_id"], r["change"]) for r in rows
        ]
        lists.append((name, (exports / name).read_bytes()))
        assert therapist  # the day off was a real shift

    # The second publish kept the first list as it was.
    for name, content in lists:
        assert (exports / name).read_bytes() == content
    _check_privacy(exports)
