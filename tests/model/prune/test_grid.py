"""Periods and slot-grid starts, counted by hand on the minute axis (08:00 is minute 480)."""

from __future__ import annotations

from planner.model.prune.grid import grid_starts, intersect


def test_intersect_keeps_every_overlapping_pair_of_rows_apart():
    assert intersect([(0, 100), (50, 200)], [(80, 120)]) == [(80, 100), (80, 120)]
    assert intersect([(0, 100)], [(100, 200)]) == []


def test_grid_starts_never_joins_two_touching_rows():
    # 08:00-08:40 and 08:40-10:00: a 60-minute session must fit in one row, so it starts at
    # 08:45 at the earliest (the first grid minute of the second row).
    assert grid_starts([(480, 520), (520, 600)], 60, 15, 0, 10_000) == [525, 540]
    # Overlapping rows add their starts, each once.
    assert grid_starts([(480, 560), (500, 600)], 60, 15, 0, 10_000) == [480, 495, 510, 525, 540]
    # ``lo`` and ``hi`` cut the starts; off-grid edges round up to the grid.
    assert grid_starts([(485, 600)], 60, 15, 500, 585) == [510, 525]
