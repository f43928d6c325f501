"""The web app under load: ``planner serve`` answering the JSON API on this machine.

For each size (``city``: a one-week city spa, ``four``: a four-week resort, ``two``: a two-week
spa; see :mod:`benchmarks.scenarios`) the generated spa is planned and published once by
``planner nightly`` (its plan is the one the desk books into), accounts are added, and a real
``planner serve`` process is started on loopback. Then, from this process:

- ``fit``: ``POST /api/fit`` for varied courses (treatments x lengths x clients), one after the
  other; the first call (the server reads the spa) is reported apart as "cold";
- ``book``: ``POST /api/bookings`` of option 1 for new clients (each publishes a plan);
- ``pages``: the server time of ``GET /api/plan`` and of the manager's week page;
- ``load`` (``--load``): after one plan read and one fit (the server warm), 16 readers of
  ``GET /api/plan`` and 4 receptionists posting ``/api/fit`` back to back, no think time, for
  ``--seconds``; errors, median and p95 per kind.

    python -m benchmarks.web --sizes city,four --load two --seconds 30
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookiejar import CookieJar
from pathlib import Path

from benchmarks.machine import machine_info, now_utc
from benchmarks.scenarios import parse_sizes, scenario_folder
from planner.accounts import Accounts
from planner.scenario.load import load_scenario

PASSWORD = "benchmark pass 1"
READERS = 16
RECEPTIONISTS = 4


@dataclass
class Spa:
    """A published benchmark spa served by a ``planner serve`` process."""

    name: str
    folder: Path
    archive: Path
    exports: Path
    now: datetime
    sessions: int
    process: subprocess.Popen[bytes] | None = None
    url: str = ""
    tokens: dict[str, str] = field(default_factory=dict)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def prepare(size_name: str, root: Path, plan_seconds: float) -> Spa:
    """Copy the size's scenario, publish a plan with ``planner nightly``, add accounts."""
    (size,) = parse_sizes(size_name)
    folder = root / size_name / "scenario"
    shutil.copytree(scenario_folder(size), folder)
    scenario, _ = load_scenario(folder)
    now = datetime.combine(scenario.settings.start, datetime.min.time()) + timedelta(hours=7)
    spa = Spa(size_name, folder, root / size_name / "archive.sqlite", root / size_name / "exports",
              now, len(scenario.courses))  # fmt: skip
    subprocess.run(
        [sys.executable, "-m", "planner", "nightly", str(folder), "--archive", str(spa.archive),
         "-o", str(spa.exports), "--now", now.strftime("%Y-%m-%dT%H:%M"),
         "--time-limit", str(plan_seconds)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    with Accounts(str(spa.archive)) as accounts:
        accounts.add("manager", "manager", PASSWORD)
        for k in range(RECEPTIONISTS):
            accounts.add(f"desk{k}", "desk", PASSWORD)
        therapist = scenario.therapists[0].id
        accounts.add("therapist", "therapist", PASSWORD, therapist_id=therapist)
    return spa


def start(spa: Spa) -> None:
    """Start ``planner serve`` for ``spa`` and sign the accounts in through the API."""
    port = _free_port()
    spa.process = subprocess.Popen(
        [sys.executable, "-m", "planner", "serve", str(spa.folder), "--archive", str(spa.archive),
         "--exports", str(spa.exports), "--port", str(port),
         "--now", spa.now.strftime("%Y-%m-%dT%H:%M")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    spa.url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    for name in ["manager", *(f"desk{k}" for k in range(RECEPTIONISTS))]:
        _, body = call(spa, "POST", "/api/login", {"username": name, "password": PASSWORD})
        spa.tokens[name] = json.loads(body)["token"]


def stop(spa: Spa) -> None:
    """Stop the server."""
    if spa.process is not None:
        spa.process.terminate()
        spa.process.wait(timeout=30)


def call(
    spa: Spa, method: str, path: str, payload: object = None, user: str | None = None
) -> tuple[int, bytes]:
    """One request; returns the status and the body (errors included)."""
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(spa.url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if user is not None:
        request.add_header("Authorization", f"Bearer {spa.tokens[user]}")
    try:
        with urllib.request.urlopen(request, timeout=300) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def signed_in(spa: Spa, user: str) -> urllib.request.OpenerDirector:
    """A browser-like session of ``user``: the login form (with its CSRF token) posted, the
    session cookie kept."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(spa.url + "/login", timeout=60) as answer:
        page = answer.read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "no CSRF token on the login page"
    form = urllib.parse.urlencode(
        {"username": user, "password": PASSWORD, "csrf_token": token.group(1)}
    ).encode()
    with opener.open(spa.url + "/login", data=form, timeout=60) as answer:
        answer.read()
    return opener


def page_times(spa: Spa, user: str, path: str, count: int) -> list[float]:
    """Seconds of ``count`` reads of the page ``path`` as ``user`` (the whole HTML received)."""
    opener = signed_in(spa, user)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        with opener.open(spa.url + path, timeout=300) as answer:
            assert answer.status == 200 and answer.url.endswith(path), answer.url
            answer.read()
        times.append(time.perf_counter() - started)
    return times


def fit_requests(spa: Spa, count: int) -> list[dict[str, object]]:
    """Varied courses to fit: every treatment, 1, 3 and 6 sessions, existing clients."""
    scenario, _ = load_scenario(spa.folder)
    treatments = sorted(t.id for t in scenario.treatments)
    clients = sorted(c.id for c in scenario.clients)
    out: list[dict[str, object]] = []
    k = 0
    while len(out) < count:
        out.append({
            "client_id": clients[(k * 7) % len(clients)],
            "treatment_id": treatments[k % len(treatments)],
            "sessions": (1, 3, 6)[k % 3],
            "top": 3,
        })  # fmt: skip
        k += 1
    return out


def timed(spa: Spa, method: str, path: str, payload: object, user: str) -> tuple[int, float]:
    started = time.perf_counter()
    status, _ = call(spa, method, path, payload, user)
    return status, time.perf_counter() - started


def stats(times: list[float]) -> str:
    """Median and p95 in seconds."""
    if not times:
        return "- | -"
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered):.3f} | {p95:.3f}"


def measure(spa: Spa, fits: int, bookings: int) -> None:
    """Print the fit, page and booking rows of one spa, each as soon as it is measured."""
    requests = fit_requests(spa, fits + 1)
    cold_status, cold = timed(spa, "POST", "/api/fit", requests[0], "desk0")
    fit_times, statuses = [], {cold_status}
    for body in requests[1:]:
        status, seconds = timed(spa, "POST", "/api/fit", body, "desk0")
        statuses.add(status)
        fit_times.append(seconds)
    print(f"| {spa.name} | fit (warm) | {len(fit_times)} | {stats(fit_times)} | cold {cold:.3f} s; "
          f"statuses {sorted(statuses)} |", flush=True)  # fmt: skip
    plan_times = [timed(spa, "GET", "/api/plan", None, "manager")[1] for _ in range(10)]
    print(f"| {spa.name} | GET /api/plan | {len(plan_times)} | {stats(plan_times)} | "
          f"{spa.sessions} courses |", flush=True)  # fmt: skip
    for user, path in (("manager", "/manager/week"), ("therapist", "/me")):
        first, *rest = page_times(spa, user, path, 11)
        print(f"| {spa.name} | page {path} ({user}) | {len(rest)} | {stats(rest)} | first "
              f"{first:.3f} s |", flush=True)  # fmt: skip
    book_times, booked = [], 0
    for k in range(bookings):
        payload = dict(requests[1 + k % fits])
        payload.update(client_id=f"bench-{k}", client_name=f"Bench Client {k}", phone="0100")
        _, body = call(spa, "POST", "/api/fit", payload, "desk0")
        version = json.loads(body).get("version")
        payload.update(version=version, rank=1)
        status, seconds = timed(spa, "POST", "/api/bookings", payload, "desk0")
        if status == 201:
            booked += 1
            book_times.append(seconds)
    if bookings:
        print(f"| {spa.name} | booking | {booked} of {bookings} | {stats(book_times)} | each "
              "publishes the plan and every export |", flush=True)  # fmt: skip


def load(spa: Spa, seconds: float) -> list[str]:
    """16 plan readers and 4 receptionists, back to back, for ``seconds``."""
    requests = fit_requests(spa, 40)
    # One of each first: the server reads the spa, explains its plan and books it into the
    # fit's context once (it also starts doing so by itself when it starts).
    call(spa, "GET", "/api/plan", None, "manager")
    call(spa, "POST", "/api/fit", requests[0], "desk0")
    until = time.monotonic() + seconds
    results: dict[str, list[float]] = {"plan": [], "fit": []}
    errors: list[str] = []
    lock = threading.Lock()

    def reader() -> None:
        while time.monotonic() < until:
            status, took = timed(spa, "GET", "/api/plan", None, "manager")
            with lock:
                (results["plan"].append(took) if status == 200 else errors.append(f"plan {status}"))

    def receptionist(k: int) -> None:
        n = k
        while time.monotonic() < until:
            status, took = timed(spa, "POST", "/api/fit", requests[n % len(requests)], f"desk{k}")
            n += RECEPTIONISTS
            with lock:
                (results["fit"].append(took) if status == 200 else errors.append(f"fit {status}"))

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    threads += [threading.Thread(target=receptionist, args=(k,)) for k in range(RECEPTIONISTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [
        f"| {spa.name} | load: GET /api/plan ({READERS} readers) | {len(results['plan'])} | "
        f"{stats(results['plan'])} | errors {len([e for e in errors if e.startswith('plan')])} |",
        f"| {spa.name} | load: POST /api/fit ({RECEPTIONISTS} receptionists) | "
        f"{len(results['fit'])} | {stats(results['fit'])} | "
        f"errors {len([e for e in errors if e.startswith('fit')])} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="city,four", help="Sizes for fit, booking, pages.")
    parser.add_argument("--load", default="two", help="Size of the load test ('' for none).")
    parser.add_argument("--seconds", type=float, default=30.0, help="Length of the load test.")
    parser.add_argument("--fits", type=int, default=30)
    parser.add_argument("--bookings", type=int, default=10)
    parser.add_argument("--plan-seconds", type=float, default=30.0,
                        help="Time limit of the nightly that publishes the plan.")  # fmt: skip
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="planner-web-bench-"))
    print(f"- Date: {now_utc()}")
    print(f"- Command: `python -m benchmarks.web {' '.join(sys.argv[1:])}`")
    for key, value in machine_info().items():
        print(f"- {key}: {value}")
    print()
    print("| spa | what | requests | median s | p95 s | notes |")
    print("|---|---|---|---|---|---|")
    for name in [s for s in args.sizes.split(",") if s]:
        spa = prepare(name, root, args.plan_seconds)
        start(spa)
        try:
            measure(spa, args.fits, args.bookings)
        finally:
            stop(spa)
    if args.load:
        spa = prepare(args.load, root, args.plan_seconds)
        start(spa)
        try:
            for row in load(spa, args.seconds):
                print(row, flush=True)
        finally:
            stop(spa)
    shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
