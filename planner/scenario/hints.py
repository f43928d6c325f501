""" "Did you mean ...?": the closest known name to a misspelt column or id, if one is close.

A typo in a header or an id is the most common mistake in hand-edited files; naming the likely
intended word turns a puzzling "unknown" into a one-second fix.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# How alike two words must be (difflib's ratio) to be suggested: "therapst" for "therapist"
# is 0.94, "t7" for "t07" 0.8; "c1" for "c2" (0.5) is not suggested.
_CUTOFF = 0.75
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")


def _normal(word: str) -> str:
    """Case, spaces, dashes and leading zeros of numbers ignored: ``T-07`` ~ ``t7``."""
    return _LEADING_ZEROS.sub("", word.strip().lower().replace("-", "_").replace(" ", "_"))


def closest(word: str, known: Iterable[str]) -> str | None:
    """The known name ``word`` most likely stands for, or None if none is close.

    Examples
    --------
    >>> closest("preferred_therapst", ["preferred_therapist", "priority"])
    'preferred_therapist'
    >>> closest("t7", ["t07", "t08"])
    't07'
    >>> closest("c9", ["c1", "c2"]) is None
    True
    """
    choices = sorted(set(known) - {word})
    same = [c for c in choices if _normal(c) == _normal(word)]
    if same:
        return same[0]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=_CUTOFF)
    return found[0] if found else None


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest known name, or an empty string."""
    match = closest(word, known)
    return "" if match is None else f" (did you mean {match!r}?)"


__all__ = ["closest", "did_you_mean"]
