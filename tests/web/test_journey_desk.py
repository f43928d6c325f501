"""The front desk's journey in a real browser: find a client, see options, book, download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.web.conftest import Server, browser_sign_in


def _options_for_bondarenko(page: Any, server: Server, sessions: int) -> None:
    """The desk finds Mykola Bondarenko by name and asks for a classic massage course."""
    browser_sign_in(page, server, "dora")
    page.goto(server.url + "/desk")
    page.fill("input[name=q]", "Bondarenko")
    page.wait_for_selector("#client-results a[data-client=c001]")
    page.click("#client-results a[data-client=c001]")
    page.wait_for_selector("#chosen-client")
    page.select_option("select[name=treatment_id]", "classic_massage")
    page.fill("input[name=sessions]", str(sessions))
    page.click("#course-form button[type=submit]")
    page.wait_for_selector("li.option[data-rank='1']")


def test_the_desk_books_a_course_and_downloads_the_clients_calendar(
    page: Any, server: Server
) -> None:
    _options_for_bondarenko(page, server, 2)
    assert page.locator("li.option").count() >= 1
    first = page.locator("li.option[data-rank='1'] tbody tr")
    assert first.count() == 2
    page.click("li.option[data-rank='1'] button.book")
    page.wait_for_selector("#booked")
    assert page.locator("tr.session").count() == 2
    course_id = page.url.rsplit("/", 1)[-1]
    with page.expect_download() as download:
        page.click("#download-ics")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 2
    assert course_id in (server.spa.exports / "plan.csv").read_text()


def test_a_double_click_on_book_books_the_course_once(page: Any, server: Server) -> None:
    _options_for_bondarenko(page, server, 1)
    button = page.locator("li.option[data-rank='1'] button.book")
    button.dblclick()
    page.wait_for_selector("#booked")
    courses = (server.spa.scenario / "courses.csv").read_text(encoding="utf-8")
    booked = [line for line in courses.splitlines() if line.startswith("c001-classic_massage")]
    assert len(booked) == 1, booked
