"""A spa's week across the commands, as a spa runs it: nightly, desk bookings, a sick day, a
broken file, rollover, next week, last week again.

At every step the published plan passes the independent checker, promised (booked) sessions
stay as they were booked unless a change makes them impossible, the call list holds exactly what
changed for clients, and no file outside the manager's holds a condition name or a phone.
"""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.scenario import load_scenario

pytestmark = pytest.mark.slow

MANAGER_FILES = ("report.html", "unscheduled.csv", "manager/")
SessionKey = tuple[str, int]
Booked = tuple[str, str, str]  # therapist, room, start


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, [*args], catch_exceptions=False)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _plan(folder: Path) -> dict[SessionKey, Booked]:
    return {
        (row["course_id"], int(row["session"])): (row["therapist_id"], row["room_id"], row["start"])
        for row in _rows(folder / "plan.csv")
    }


def _readable(path: Path) -> bytes:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return b"\n".join(book.read(name) for name in book.namelist())
    return path.read_bytes()


@dataclass
class Spa:
    """The live scenario folder, its archive and exports, and what the week promised."""

    folder: Path
    archive: str
    exports: Path
    promised: dict[SessionKey, Booked] = field(default_factory=dict)

    def nightly(self, now: str, folder: Path | None = None, *extra: str) -> Result:
        return _run(
            "nightly", str(folder or self.folder), "--archive", self.archive,
            "-o", str(self.exports), "--now", now, "--time-limit", "3", "--deterministic",
            "--log-file", str(self.exports.parent / "nightly.log"), *extra,
        )  # fmt: skip

    def book(self, now: str, *request: str) -> Result:
        return _run(
            "book", str(self.folder), "--archive", self.archive, "-o", str(self.exports),
            "--now", now, *request,
        )  # fmt: skip

    def secrets(self) -> tuple[set[str], set[str]]:
        """Condition names and phones of the live scenario."""
        conditions = {r["condition"] for r in _rows(self.folder / "client_conditions.csv")}
        phones = {r["phone"] for r in _rows(self.folder / "clients.csv") if r.get("phone")}
        return conditions, phones

    def assert_sound(self, folder: Path | None = None) -> None:
        """The published plan passes the referee; promises hold; no leak outside the manager's."""
        checked = _run("check", str(folder or self.folder), str(self.exports / "plan.csv"))
        assert checked.exit_code == 0, checked.output
        plan = _plan(self.exports)
        for key, booked in self.promised.items():
            assert plan.get(key) == booked, f"promised session {key} moved"
        conditions, phones = self.secrets()
        for path in self.exports.rglob("*"):
            name = path.relative_to(self.exports).as_posix()
            if not path.is_file() or name.startswith(MANAGER_FILES):
                continue
            content = _readable(path).decode("utf-8", "replace").lower()
            for secret in conditions | phones:
                assert secret.lower() not in content, f"{secret!r} in {name}"


def _call_list(exports: Path, before: set[str]) -> list[dict[str, str]]:
    """The rows of the call list the last run added to ``manager/`` (none: empty)."""
    lists = sorted(set((exports / "manager").glob("notify*.csv")) - {Path(p) for p in before})
    assert len(lists) <= 1, lists
    return _rows(lists[0]) if lists else []


def _changed_for_clients(
    old: dict[SessionKey, Booked], new: dict[SessionKey, Booked], after: str
) -> set[SessionKey]:
    """Published sessions after ``after`` that moved or were dropped."""
    return {k for k, s in old.items() if s[2] >= after and new.get(k) != s}


def _fitting_course(spa: Spa, now: str, client: str, *extra: str) -> list[str] | None:
    """The first treatment for which fit offers a complete booking of 2 sessions."""
    scenario, _ = load_scenario(spa.folder)
    for treatment in scenario.treatments:
        request = ["--client", client, "--treatment", treatment.id, "--sessions", "2", *extra]
        answer = _run(
            "fit", str(spa.folder), "--archive", spa.archive, "--now", now, "--json", *request
        )
        if answer.exit_code == 0:
            options = json.loads(answer.stdout)["options"]
            if options and options[0]["complete"]:
                return request
    return None


@pytest.fixture(params=[11, 29])
def spa(request: pytest.FixtureRequest, tmp_path: Path) -> Spa:
    folder = tmp_path / "spa"
    generated = _run(
        "generate", str(folder), "--therapists", "4", "--rooms", "3", "--days", "7",
        "--tightness", "0.55", "--seed", str(request.param),
    )  # fmt: skip
    assert generated.exit_code == 0, generated.output
    return Spa(folder, str(tmp_path / "plans.db"), tmp_path / "exports")


def _book_three(spa: Spa, now: str) -> None:
    """Three desk bookings, one for a new client who can only come on weekday evenings."""
    scenario, _ = load_scenario(spa.folder)
    clients = [c.id for c in scenario.clients][:2]
    requests = [_fitting_course(spa, now, client) for client in clients]
    evening = ("--client-name", "Nadia Evening", "--phone", "+380 99 123 4567",
               "--available", "mon-fri 17:00-21:00")  # fmt: skip
    requests.append(_fitting_course(spa, now, "c900", *evening))
    assert all(requests), requests
    for request in requests:
        assert request is not None
        before = _plan(spa.exports)
        booked = spa.book(now, *request)
        assert booked.exit_code == 0, booked.output
        after = _plan(spa.exports)
        new = {k: s for k, s in after.items() if k not in before}
        assert len(new) == 2, booked.output
        spa.promised.update(new)
        # Nothing before the clock (plus the lead time), every booking pinned in the folder.
        assert all(s[2] >= "2026-12-07T10:00" for s in new.values())
        pinned = {(r["course_id"], int(r["session"])) for r in _rows(spa.folder / "pinned.csv")}
        assert set(new) <= pinned
        spa.assert_sound()
    evening_sessions = [s for k, s in spa.promised.items() if k[0].startswith("c900")]
    assert evening_sessions and all(s[2][11:] >= "17:00" for s in evening_sessions)


def test_a_week_of_a_spa(spa: Spa, tmp_path: Path) -> None:
    # Monday before opening: the first nightly publishes the week.
    first = spa.nightly("2026-12-07T07:00")
    assert first.exit_code == 0, first.output
    spa.assert_sound()

    # Monday morning at the desk: three courses booked, each published at once.
    _book_three(spa, "2026-12-07T09:00")

    # Monday night: the re-plan keeps every promise and publishes no call list for nothing.
    lists = {str(p) for p in (spa.exports / "manager").glob("notify*.csv")}
    old = _plan(spa.exports)
    second = spa.nightly("2026-12-07T22:00")
    assert second.exit_code == 0, second.output
    spa.assert_sound()
    calls = _call_list(spa.exports, lists)
    changed = _changed_for_clients(old, _plan(spa.exports), "2026-12-07T22:00")
    assert {(r["course_id"], int(r["session"])) for r in calls} >= changed

    # A therapist calls in sick for Wednesday: a re-plan, and a call list of whom to call.
    old = _plan(spa.exports)
    sick = max(
        {s[0] for s in old.values() if s[2].startswith("2026-12-09")},
        key=lambda t: sum(1 for s in old.values() if s[0] == t and s[2].startswith("2026-12-09")),
    )
    shifts = _rows(spa.folder / "shifts.csv")
    kept = [r for r in shifts if not (r["therapist_id"] == sick and r["date"] == "2026-12-09")]
    with (spa.folder / "shifts.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(shifts[0]))
        writer.writeheader()
        writer.writerows(kept)
    impossible = {k for k, s in spa.promised.items() if s[0] == sick and "2026-12-09" in s[2]}
    for key in impossible:
        del spa.promised[key]
    lists = {str(p) for p in (spa.exports / "manager").glob("notify*.csv")}
    third = spa.nightly("2026-12-08T22:00")
    assert third.exit_code == 0, third.output
    spa.assert_sound()
    new = _plan(spa.exports)
    assert not any(s[0] == sick and s[2].startswith("2026-12-09") for s in new.values())
    calls = _call_list(spa.exports, lists)
    listed = {(r["course_id"], int(r["session"])) for r in calls}
    changed = _changed_for_clients(old, new, "2026-12-08T22:00")
    assert changed and changed <= listed
    assert impossible <= listed
    summary = json.loads((spa.exports / "summary.json").read_text(encoding="utf-8"))
    assert summary["clients_to_notify"] == len({r["client_id"] for r in calls})

    # Somebody saves courses.csv cut to its header line: the nightly refuses, nothing changes.
    courses = spa.folder / "courses.csv"
    saved = courses.read_text(encoding="utf-8")
    courses.write_text(saved.splitlines()[0] + "\n", encoding="utf-8")
    published = (spa.exports / "plan.csv").read_bytes()
    stopped = spa.nightly("2026-12-09T22:00")
    assert stopped.exit_code == 7, stopped.output
    assert (spa.exports / "plan.csv").read_bytes() == published
    courses.write_text(saved, encoding="utf-8")

    # Friday: on to next week, whose first nightly starts from no published plan of its days.
    next_week = tmp_path / "week51"
    rolled = _run("rollover", str(spa.folder), str(spa.exports), "-o", str(next_week))
    assert rolled.exit_code == 0, rolled.output
    week50 = _plan(spa.exports)
    promised50 = dict(spa.promised)
    spa.promised = {}
    fourth = spa.nightly("2026-12-13T22:00", next_week)
    assert fourth.exit_code == 0, fourth.output
    spa.assert_sound(next_week)
    assert all(s[2] >= "2026-12-14" for s in _plan(spa.exports).values())

    # Last week re-run (a late correction): it starts from week 50's plan, never week 51's.
    spa.promised = promised50
    fifth = spa.nightly("2026-12-11T22:00")
    assert fifth.exit_code == 0, fifth.output
    spa.assert_sound()
    again = _plan(spa.exports)
    kept = {k for k, s in week50.items() if s[2] < "2026-12-12T22:00" and again.get(k) == s}
    assert kept == {k for k, s in week50.items() if s[2] < "2026-12-12T22:00"}
    report = json.loads((spa.exports / "nightly.json").read_text(encoding="utf-8"))
    assert report["changes"].get("dropped", 0) == 0
    shutil.rmtree(next_week)
