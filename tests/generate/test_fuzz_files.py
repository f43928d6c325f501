"""Folder mutations the contract allows: a mutated folder loads to the same scenario."""

from __future__ import annotations

import random
from dataclasses import fields, replace
from pathlib import Path

import pytest

from planner.generate.fuzz import fuzz_scenario
from planner.generate.fuzz_files import mutate_files
from planner.generate.ward import build_ward
from planner.scenario import Scenario, load_scenario
from planner.scenario.write import write_scenario_folder

# Warnings every folder of write_scenario_folder gives (its contraindications.csv holds the
# shipped rules, also for treatments the spa doesn't offer) or the fuzz mode asks for.
ALLOWED_WARNINGS = ("unknown treatment", "'fuzz_specialty'", "'fuzz_device'")


def canonical(scenario: Scenario) -> Scenario:
    """The scenario with every table in a fixed order: what the rows mean, not where they
    stand."""
    changes: dict[str, object] = {}
    for field in fields(scenario):
        value = getattr(scenario, field.name)
        if isinstance(value, tuple):
            changes[field.name] = tuple(sorted(value, key=repr))
    return replace(scenario, **changes)  # type: ignore[arg-type]


def _load_mutated(
    scenario: Scenario, folder: Path, seed: int
) -> tuple[Scenario, list[str], tuple[str, ...]]:
    written = write_scenario_folder(scenario, folder / "written")
    files = {p.name: p.read_text(encoding="utf-8") for p in written.iterdir()}
    mutated, applied = mutate_files(random.Random(seed), files)
    target = folder / "mutated"
    target.mkdir()
    for name, text in mutated.items():
        if text is not None:
            (target / name).write_bytes(text.encode("utf-8"))
    loaded, warnings = load_scenario(target)
    unexpected = [str(w) for w in warnings if not any(a in w.message for a in ALLOWED_WARNINGS)]
    return loaded, unexpected, applied


@pytest.mark.parametrize("seed", range(30))
def test_a_mutated_fuzzed_folder_loads_to_the_same_scenario(tmp_path: Path, seed: int) -> None:
    scenario, _oddities = fuzz_scenario(seed, sessions_hint=30)
    loaded, unexpected, applied = _load_mutated(scenario, tmp_path, seed)
    assert canonical(loaded) == canonical(scenario), applied
    assert unexpected == [], applied


def test_a_mutated_ward_loads_to_the_same_scenario(tmp_path: Path) -> None:
    ward = build_ward(patients=20, therapists=2, seed=3, demand=1.5)
    loaded, unexpected, applied = _load_mutated(ward, tmp_path, 3)
    assert canonical(loaded) == canonical(ward), applied
    assert unexpected == []


def test_the_mutations_cover_every_kind_within_a_few_seeds(tmp_path: Path) -> None:
    seen: set[str] = set()
    for seed in range(12):
        scenario, _ = fuzz_scenario(seed, sessions_hint=20)
        seen |= set(_load_mutated(scenario, tmp_path / str(seed), seed)[2])
    assert seen == {
        "byte_order_mark", "column_order", "condition_case", "crlf", "default_cells",
        "default_opening_hours", "default_settings", "header_case_and_spaces",
        "optional_file_left_out", "quoted_cells", "space_in_datetime", "top_level_closed_dates",
    }  # fmt: skip
