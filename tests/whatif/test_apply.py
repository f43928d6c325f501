"""What a variant's changes do to the scenario (the rest of it stays as it was)."""

from __future__ import annotations

from pathlib import Path

from planner.scenario.errors import pin_rows
from planner.scenario.load import load_scenario
from planner.scenario.types import Scenario
from planner.whatif.apply import apply_variant
from planner.whatif.variants import parse_variants
from tests.whatif.helpers import write_small

PINNED = """
    course_id,session,therapist_id,room_id,start
    co1,1,t1,r1,2026-12-07T09:00
    co2,1,t2,r1,2026-12-07T11:00
"""


def _apply(
    tmp_path: Path, toml: str, files: dict[str, str | None] | None = None
) -> tuple[Scenario, Scenario, tuple[str, ...]]:
    base, _ = load_scenario(write_small(tmp_path / "s", files))
    [variant] = parse_variants(toml, "variants.toml", tmp_path)
    applied = apply_variant(base, variant)
    return base, applied.scenario, applied.notes


def test_illness_removes_the_day_and_releases_its_pinned_session(tmp_path: Path) -> None:
    base, changed, notes = _apply(
        tmp_path,
        '[variants.ill]\nremove_shifts = [{ therapist_id = "t1", date = 2026-12-07 }]',
        {"pinned.csv": PINNED},
    )
    assert [s.start for s in changed.shifts_by_therapist["t1"]] == [1440 + 540]
    assert changed.shifts_by_therapist["t2"] == base.shifts_by_therapist["t2"]
    # co2's pin is row 2 of the variant's written pinned.csv.
    assert pin_rows(changed.pins) == {("co2", 1): 2}
    assert notes == ("pinned session co1 #1 released (t1 is off on 2026-12-07)",)
    assert changed.courses == base.courses and changed.rooms == base.rooms


def test_overtime_merges_with_the_shift_it_touches(tmp_path: Path) -> None:
    _, changed, _ = _apply(
        tmp_path,
        '[variants.ot]\nadd_shifts = [{ therapist_id = "t2", date = 2026-12-08, '
        'start = "13:00", end = "17:00" }]',
    )
    assert [(s.start, s.end) for s in changed.shifts_by_therapist["t2"]] == [
        (540, 780),
        (1440 + 540, 1440 + 1020),
    ]


def test_closing_a_date_releases_pins_that_no_longer_fit(tmp_path: Path) -> None:
    _, changed, notes = _apply(
        tmp_path, "[variants.shut]\nclose_dates = [2026-12-07]", {"pinned.csv": PINNED}
    )
    assert changed.pins == ()
    assert len(notes) == 2 and all("no longer fits" in n for n in notes)


def test_removing_a_room_drops_its_closures_and_pins(tmp_path: Path) -> None:
    files = {
        "rooms.csv": "room_id,name,equipment\nr1,Room 1,table\nr2,Room 2,table",
        "room_closures.csv": "room_id,date,start,end\nr1,2026-12-08,09:00,10:00",
        "pinned.csv": PINNED,
    }
    _, changed, notes = _apply(tmp_path, '[variants.r]\nremove_rooms = ["r1"]', files)
    assert [r.id for r in changed.rooms] == ["r2"]
    assert changed.room_closures == () and changed.pins == ()
    assert len(notes) == 2


def test_the_shipped_demo_variants_fit_the_demo_week(tmp_path: Path) -> None:
    from planner.whatif.pipeline import prepare_variants

    demo = Path(__file__).parents[2] / "scenarios" / "demo-week"
    base, _ = load_scenario(demo)
    prepared = {p.name: p for p in prepare_variants(base, demo / "variants.toml")}
    assert len(prepared) >= 4
    ill = prepared["olena-ill-wednesday"].scenario
    assert len(ill.shifts_by_therapist["t01"]) == len(base.shifts_by_therapist["t01"]) - 1
    assert len(prepared["fifth-room"].scenario.rooms) == len(base.rooms) + 1
    more = prepared["more-lymph-courses"].scenario
    assert len(more.courses) == len(base.courses) + 20
    assert all(p.description for p in prepared.values())
