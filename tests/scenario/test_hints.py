"""'Did you mean ...?' for misspelt columns and ids."""

from __future__ import annotations

import pytest

from planner.scenario.hints import closest, did_you_mean


@pytest.mark.parametrize(
    ("word", "known", "meant"),
    [
        (
            "preferred_therapst",
            ["preferred_therapist", "priority", "latest"],
            "preferred_therapist",
        ),
        ("t7", ["t07", "t08", "t17"], "t07"),
        ("T07", ["t07", "t08"], "t07"),
        ("room 1", ["room_1", "room_2"], "room_1"),
        ("c9", ["c1", "c2"], None),
        ("massage", ["relax", "lymph"], None),
    ],
)
def test_the_closest_known_name_or_none(word: str, known: list[str], meant: str | None) -> None:
    assert closest(word, known) == meant


def test_the_hint_is_empty_when_nothing_is_close() -> None:
    assert did_you_mean("t7", ["t07"]) == " (did you mean 't07'?)"
    assert did_you_mean("zz", ["t07"]) == ""
