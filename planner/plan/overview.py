"""A solve's result at a glance, as the lines a person reads after ``planner solve``.

Each line is a label and its text; the command line draws them as a table, a web page may draw
them its own way. Ids and counts only: nothing here names a client's health condition.
"""

from __future__ import annotations

from planner.plan.result import Result


def _status(result: Result) -> str:
    return result.status.value + (" (stopped early)" if result.interrupted else "")


def _value(result: Result) -> str:
    bound = "unknown" if result.bound is None else str(result.bound)
    gap = "" if result.gap is None else f"  (gap {result.gap:.2%})"
    return f"{result.scheduled_value} of at most {bound}{gap}"


def _penalty(result: Result) -> str:
    parts = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.penalty_parts.items() if v)
    return f"{result.penalty}" + (f"  ({parts})" if parts else "")


def _changes(result: Result) -> str:
    return (
        f"{result.moved} reference session(s) moved, {result.dropped or 0} dropped; "
        f"clients to notify: {result.clients_to_notify}"
    )


def result_overview(result: Result) -> list[tuple[str, str]]:
    """The lines that sum ``result`` up, each a ``(label, text)`` pair.

    Parameters
    ----------
    result
        A solve's result.

    Returns
    -------
    list of (str, str)
        ``status`` (with "stopped early" when it was), ``scheduled value`` (against the
        bound, with the gap), ``limit`` (how many more sessions could have been booked, at
        most), ``sessions`` booked, ``penalty`` (by soft goal), ``changes``
        (only in a re-plan against a reference plan) and ``solve time``.
    """
    lines = [
        ("status", _status(result)),
        ("scheduled value", _value(result)),
        ("limit", result.limit.text),
        ("sessions", f"{result.sessions_scheduled} of {result.sessions_total} booked"),
        ("penalty", _penalty(result)),
    ]
    if result.moved is not None:
        lines.append(("changes", _changes(result)))
    lines.append(("solve time", f"{result.solve_seconds:.1f} s"))
    return lines


__all__ = ["result_overview"]
