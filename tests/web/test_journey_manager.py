"""The manager's journey in a real browser: the week's calendar (a session's details on click,
names shown as text), a therapist off sick for a day, the proposal, publish."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.web.conftest import Server, SpaFiles, browser_sign_in, start_server, stop_server

EVIL = "<img src=x onerror=alert(1)>"
WEDNESDAY = "2026-12-09"
# A solve may take its whole limit plus the child's start on a loaded machine.
SLOW = 600_000


@pytest.fixture
def evil_server(spa_files: SpaFiles) -> Iterator[Server]:
    """A server whose every client is called like a script."""
    path = spa_files.scenario / "clients.csv"
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    name = rows[0].index("name")
    for row in rows[1:]:
        row[name] = EVIL
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    running = start_server(spa_files)
    yield running
    stop_server(running)


def _olena_on_wednesday(exports: Path) -> list[dict[str, str]]:
    with (exports / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r["therapist_id"] == "t01" and r["start"].startswith(WEDNESDAY)]


def test_manager_sees_the_week_marks_a_sick_day_and_publishes(evil_server: Server, page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_sign_in(page, evil_server, "maria")
    assert _olena_on_wednesday(evil_server.spa.exports)

    page.goto(evil_server.url + "/manager/week")
    page.wait_for_selector("#calendar[data-ready=yes] .vis-item")
    page.locator(".vis-item").first.click()
    details = page.locator("#session-details")
    details.wait_for(state="visible")
    assert EVIL in details.locator('[data-field="client"]').inner_text()
    assert "session" in details.locator('[data-field="course"]').inner_text()
    assert EVIL in page.locator(".vis-item").first.inner_text()
    assert page.locator("img[src=x]").count() == 0

    page.goto(evil_server.url + "/manager")
    page.select_option("#sick-day select[name=therapist_id]", "t01")
    page.select_option("#sick-day select[name=day]", WEDNESDAY)
    page.click("#sick-day button[type=submit]")
    page.wait_for_selector("#proposal", timeout=SLOW)
    assert page.locator("#call-list").is_visible()
    assert _olena_on_wednesday(evil_server.spa.exports), "nothing is published before Publish"

    page.click("#publish")
    page.wait_for_selector("#published-note")
    assert not _olena_on_wednesday(evil_server.spa.exports)
    assert dialogs == []


def test_manager_moves_on_to_the_next_week_and_plans_it(server: Server, page) -> None:
    browser_sign_in(page, server, "maria")
    page.goto(server.url + "/manager")
    page.click("#rollover")
    page.wait_for_selector("#next-dates")
    assert "2026-12-14" in page.locator("#next-dates").inner_text()
    assert page.locator("#carried").is_visible() and page.locator("#staff").is_visible()

    page.click("#confirm-rollover")
    page.wait_for_selector("#rolled-note")
    kept = server.spa.scenario.with_name("demo-week-2026-12-07")
    assert (kept / "courses.csv").is_file()

    page.click("#plan-and-publish")
    page.wait_for_selector("#published-note", timeout=SLOW)
    with (server.spa.exports / "plan.csv").open(encoding="utf-8") as handle:
        starts = [row["start"] for row in csv.DictReader(handle)]
    assert starts and all("2026-12-14" <= s[:10] <= "2026-12-20" for s in starts)
