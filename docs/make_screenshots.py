"""Take the screenshots of docs/screenshots/: each role's main page of ``planner serve`` on the
demo week, in headless Chromium (Debian's, as the browser tests use it).

    python docs/make_screenshots.py

It copies the demo week into a temporary folder, publishes its first plan with ``planner
nightly``, adds one account per role, starts ``planner serve`` at the demo week's Monday morning
and signs each role in.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from planner.accounts import Accounts

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
NOW = "2026-12-07T08:00"
PASSWORD = "screenshot pass 1"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def _spa(root: Path) -> tuple[Path, Path, Path]:
    folder, archive, exports = root / "demo-week", root / "archive.sqlite", root / "exports"
    shutil.copytree(ROOT / "scenarios" / "demo-week", folder)
    subprocess.run(
        [sys.executable, "-m", "planner", "nightly", str(folder), "--archive", str(archive),
         "-o", str(exports), "--now", "2026-12-07T07:00", "--deterministic"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with Accounts(str(archive)) as accounts:
        accounts.add("maria", "manager", PASSWORD)
        accounts.add("dora", "desk", PASSWORD)
        accounts.add("olena", "therapist", PASSWORD, "t01")
    return folder, archive, exports


def _serve(folder: Path, archive: Path, exports: Path) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", str(folder), "--archive", str(archive),
         "--exports", str(exports), "--port", str(port), "--now", NOW],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    return process, f"http://127.0.0.1:{port}"


def _sign_in(page: Page, url: str, name: str) -> None:
    page.goto(url + "/login")
    page.fill("input[name=username]", name)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _manager(page: Page, url: str) -> None:
    _sign_in(page, url, "maria")
    page.goto(url + "/manager/week")
    page.wait_for_selector(".vis-item")
    page.screenshot(path=str(OUT / "manager-week.png"), full_page=True)
    page.goto(url + "/manager/week?day=2026-12-10")
    page.wait_for_selector(".vis-item")
    page.screenshot(path=str(OUT / "manager-day.png"), full_page=True)


def _desk(page: Page, url: str) -> None:
    _sign_in(page, url, "dora")
    page.fill("input[name=q]", "Bondarenko")
    page.wait_for_selector("#client-results a[data-client=c001]")
    page.click("#client-results a[data-client=c001]")
    page.wait_for_selector("#chosen-client")
    page.select_option("select[name=treatment_id]", "classic_massage")
    page.fill("input[name=sessions]", "3")
    page.click("#course-form button[type=submit]")
    page.wait_for_selector("li.option[data-rank='1']")
    page.screenshot(path=str(OUT / "desk-options.png"), full_page=True)


def _therapist(page: Page, url: str) -> None:
    _sign_in(page, url, "olena")
    page.screenshot(path=str(OUT / "therapist-week.png"))


def main() -> None:
    """Write the screenshots."""
    OUT.mkdir(parents=True, exist_ok=True)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory() as temporary:
        process, url = _serve(*_spa(Path(temporary)))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for take, viewport in ((_manager, (1280, 800)), (_desk, (1280, 800)),
                                       (_therapist, (390, 844))):  # fmt: skip
                    context = browser.new_context(
                        viewport={"width": viewport[0], "height": viewport[1]}
                    )
                    take(context.new_page(), url)
                    context.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
