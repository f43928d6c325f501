"""Formula escaping for files people open in a spreadsheet program (exports, call lists).

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula (CSV /
formula injection), so a client called ``=HYPERLINK(...)`` could run code on the manager's
machine: :func:`escape_formula` neutralises such text. (Publishing an export all at once is
:mod:`planner.plan.publish`'s job.)
"""

from __future__ import annotations

# OWASP's list of characters that make a spreadsheet read a cell as a formula or command; the
# full-width forms are included because some spreadsheet programs fold them to ASCII.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def escape_formula(text: str) -> str:
    """Make ``text`` safe to show in a spreadsheet cell.

    Text that a spreadsheet would run as a formula gets a leading single quote, as OWASP
    advises; everything else is returned unchanged.

    Parameters
    ----------
    text
        Any text bound for a cell of a human-facing spreadsheet or CSV file.

    Returns
    -------
    str
        ``text``, prefixed with ``'`` if it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
        carriage return.
    """
    if text and text[0] in FORMULA_TRIGGERS:
        return "'" + text
    return text
