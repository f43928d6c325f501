"""The manager's report: figures, escaping, offline, and what a browser actually draws."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.export import export_plan
from planner.scenario import Scenario, load_scenario

from .conftest import SPA_FILES

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE_SCHEDULED = "<b onmouseover=alert(1)>Bo</b>"
HOSTILE_UNSCHEDULED = "</script><script>alert(2)</script>"


def _report(spa: tuple[Path, Scenario], plan_dir: Path, out: Path) -> str:
    _folder, scenario = spa
    export_plan(plan_dir, scenario, out, "html")
    return (out / "report.html").read_text(encoding="utf-8")


def _text_of(html: str) -> str:
    """The report without its inlined plotly.js (the first script)."""
    return html[html.index("</script>") :]


def test_report_shows_the_headline_figures(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    html = _text_of(_report(spa, plan_dir, tmp_path / "out"))
    cards = dict(
        re.findall(r'<div class="label">([^<]+)</div><div class="value">([^<]+)</div>', html)
    )
    assert cards == {
        "Status": "feasible",
        "Sessions scheduled": "4 / 5",
        "Scheduled value": "6 (bound 7)",
        "Penalty": "0",
        "Gap to bound": "14.3 %",
    }
    # Utilisation: Olena books 75 + 75 + 60 of her 960 shift minutes; Room 1 the same of its
    # 1440 open minutes; the garden room is closed on Tuesday (720 open minutes left).
    assert '<td>Olena</td><td class="num">210</td><td class="num">960</td>' in html
    assert '<td>Garden room</td><td class="num">75</td><td class="num">720</td>' in html
    assert "No therapist with the skill is free then." in html


def test_report_is_one_offline_file(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    html = _report(spa, plan_dir, tmp_path / "out")
    head, _library = html.split('<script type="text/javascript">', 1)
    assert "plotly.js v" in _library[:500]  # the library itself, inlined in the head
    for part in (head, _text_of(html)):  # nothing outside the library loads from anywhere
        assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", part, re.IGNORECASE)
    assert html.count('class="plotly-graph-div"') == 4  # two Gantt charts, two utilisation bars


def test_user_text_is_escaped_in_tables_and_charts(
    make_scenario: Callable[..., Path], plan_dir: Path, tmp_path: Path
) -> None:
    clients = SPA_FILES["clients.csv"].replace("c3,@SUM(1)", f"c3,{HOSTILE_SCHEDULED}")
    clients = clients.replace("c4,Bohdan", f"c4,{HOSTILE_UNSCHEDULED}")
    folder = make_scenario({**SPA_FILES, "clients.csv": clients})
    scenario, _ = load_scenario(folder)
    html = _report((folder, scenario), plan_dir, tmp_path / "out")
    assert HOSTILE_SCHEDULED not in html
    assert "alert(2)</script>" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html  # unscheduled table
    assert "&lt;b onmouseover=alert(1)&gt;Bo&lt;" in html  # chart data, shown as text


def png_colours(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the colours of a sample of pixels of an 8-bit, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, chunks, header = 8, [], (0, 0, 0, 0, 0, 0, 0)
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and interlace == 0
    step = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    raw, stride = zlib.decompress(b"".join(chunks)), width * step
    colours: set[bytes] = set()
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):  # undo the PNG row filter
            a = line[i - step] if i >= step else 0
            b, c = previous[i], (previous[i - step] if i >= step else 0)
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 8 == 0:
            colours.update(bytes(line[i : i + step]) for i in range(0, stride, step * 4))
        previous = line
    return width, height, colours


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed (apt-get install chromium)"
)
def test_report_renders_in_headless_chromium(
    spa: tuple[Path, Scenario], plan_dir: Path, tmp_path: Path
) -> None:
    _report(spa, plan_dir, tmp_path / "out")
    shot, profile = tmp_path / "report.png", tmp_path / "profile"
    command = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", f"--user-data-dir={profile}", f"--screenshot={shot}",
        "--window-size=1400,1000", (tmp_path / "out" / "report.html").as_uri(),
    ]  # fmt: skip
    run = subprocess.run(command, capture_output=True, timeout=180, check=False)
    shutil.rmtree(profile, ignore_errors=True)
    assert shot.exists(), run.stderr.decode(errors="replace")[-2000:]
    width, height, colours = png_colours(shot.read_bytes())
    assert (width, height) == (1400, 1000)
    # A blank or unstyled page has a handful of colours; cards, bars and legend give many.
    assert len(colours) > 40, f"only {len(colours)} colours: the page looks blank"
    assert shot.stat().st_size > 30_000
