"""Formula escaping of text bound for spreadsheet cells."""

from __future__ import annotations

import pytest

from planner.export.safe import escape_formula


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+380 44 555", "'+380 44 555"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Anna", "Anna"),
        ("Anna-Maria", "Anna-Maria"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_escape_formula_prefixes_only_formula_triggers(text: str, expected: str) -> None:
    assert escape_formula(text) == expected
