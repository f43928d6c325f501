"""The comparison of a what-if run or a batch: a terminal table, comparison.csv and .html.

Rows come from :mod:`planner.whatif.compare`; the first row of a what-if run is the base, and
every variant is also shown as a difference to it.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.markup import escape
from rich.table import Table

from planner.plan.publish import publish_file
from planner.whatif.compare import ComparisonRow

_STATUS_COLOUR = {
    "optimal": "green",
    "feasible": "green",
    "infeasible": "yellow",
    "unknown": "yellow",
    "failed": "red",
    "timeout": "red",
}


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.3f}"


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def _delta(value: int | None, base: int | None) -> str:
    if value is None or base is None:
        return ""
    return f"{value - base:+d}"


def _reasons(row: ComparisonRow) -> str:
    return "; ".join(f"{group}: {count}" for group, count in row.unscheduled.items())


def _ids(rows: Sequence[ComparisonRow], attribute: str) -> list[str]:
    seen: list[str] = []
    for row in rows:
        for key in getattr(row, attribute):
            if key not in seen:
                seen.append(key)
    return seen


def base_row(rows: Sequence[ComparisonRow]) -> ComparisonRow | None:
    """The base row of a what-if run (None for a batch)."""
    return rows[0] if rows and rows[0].name == "base" else None


def _versus(
    row: ComparisonRow, base: ComparisonRow | None, value: Callable[[ComparisonRow], int | None]
) -> str:
    """The difference of ``value`` to the base's (blank for the base itself and in a batch)."""
    return "" if base is None or row is base else _delta(value(row), value(base))


def _record(
    row: ComparisonRow, base: ComparisonRow | None, therapists: list[str], rooms: list[str]
) -> list[str]:
    """One line of ``comparison.csv``."""
    unscheduled = (
        None if row.sessions_scheduled is None else (row.sessions_total - row.sessions_scheduled)
    )
    return [
        row.name,
        row.description,
        row.status,
        row.check_text,
        _blank(row.scheduled_value),
        _versus(row, base, lambda r: r.scheduled_value),
        _blank(row.sessions_scheduled),
        str(row.sessions_total),
        _versus(row, base, lambda r: r.sessions_scheduled),
        _blank(row.penalty),
        _versus(row, base, lambda r: r.penalty),
        _blank(unscheduled),
        _reasons(row),
        _fraction(row.therapist_total),
        _fraction(row.room_total),
        _blank(row.moved),
        _blank(row.dropped),
        _blank(row.added),
        _blank(row.clients_to_notify),
        f"{row.seconds:.2f}",
        str(row.workers),
        str(row.seed),
        row.error,
        " | ".join(row.notes),
        *(_fraction(row.therapists.get(t)) for t in therapists),
        *(_fraction(row.rooms.get(r)) for r in rooms),
    ]


def table_records(rows: Sequence[ComparisonRow], label: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of ``comparison.csv``: one row per scenario, wide utilisation columns."""
    base = base_row(rows)
    therapists, rooms = _ids(rows, "therapists"), _ids(rows, "rooms")
    header = [
        label,
        "description",
        "status",
        "check",
        "scheduled_value",
        "value_vs_base",
        "sessions_scheduled",
        "sessions_total",
        "sessions_vs_base",
        "penalty",
        "penalty_vs_base",
        "unscheduled",
        "unscheduled_by_reason",
        "therapist_utilisation",
        "room_utilisation",
        "moved",
        "dropped",
        "added",
        "clients_to_notify",
        "solve_seconds",
        "workers",
        "seed",
        "error",
        "notes",
        *(f"therapist:{t}" for t in therapists),
        *(f"room:{r}" for r in rooms),
    ]
    return header, [_record(row, base, therapists, rooms) for row in rows]


def write_comparison_csv(path: Path, rows: Sequence[ComparisonRow], label: str) -> None:
    """Write ``comparison.csv`` (atomically)."""
    header, records = table_records(rows, label)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(records)
    publish_file(path, buffer.getvalue())


def terminal_table(rows: Sequence[ComparisonRow], label: str, title: str) -> Table:
    """The comparison as a rich table for the terminal (no per-person details)."""
    base = base_row(rows)
    table = Table(title=title)
    for name, justify in (
        (label, "left"),
        ("status", "left"),
        ("check", "left"),
        ("value", "right"),
        ("sessions", "right"),
        ("penalty", "right"),
        ("unscheduled", "right"),
        ("staff use", "right"),
        ("room use", "right"),
        ("moved/dropped/added", "right"),
        ("notify", "right"),
        ("time", "right"),
    ):
        # Names and numbers stay whole; a narrow terminal squeezes the headers instead.
        table.add_column(name, justify=justify, no_wrap=name != "moved/dropped/added")  # type: ignore[arg-type]
    for row in rows:
        diff = base is not None and row is not base
        value = _blank(row.scheduled_value)
        sessions = (
            ""
            if row.sessions_scheduled is None
            else f"{row.sessions_scheduled}/{row.sessions_total}"
        )
        if diff and row.scheduled_value is not None:
            value += f" ({_delta(row.scheduled_value, base.scheduled_value)})"  # type: ignore[union-attr]
            sessions += f" ({_delta(row.sessions_scheduled, base.sessions_scheduled)})"  # type: ignore[union-attr]
        unscheduled = (
            ""
            if row.sessions_scheduled is None
            else str(row.sessions_total - row.sessions_scheduled)
        )
        changes = "" if row.moved is None else f"{row.moved}/{row.dropped}/{row.added}"
        notify = _blank(row.clients_to_notify)
        colour = _STATUS_COLOUR.get(row.status, "white")
        check = row.check_text if not row.error else row.error[:60]
        table.add_row(
            escape(row.name),
            f"[{colour}]{row.status}[/{colour}]",
            escape(check),
            value,
            sessions,
            _blank(row.penalty),
            unscheduled,
            _percent(row.therapist_total),
            _percent(row.room_total),
            changes,
            notify,
            f"{row.seconds:.1f} s",
        )
    return table


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; }
th:first-child, td:first-child, td.text { text-align: left; }
th { background: #f0f0f0; }
.bad { color: #b00020; font-weight: bold; } .good { color: #1b5e20; }
.up { color: #1b5e20; } .down { color: #b00020; }
"""


def _cell(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<td{klass}>{html.escape(text)}</td>"


def _html_table(header: Sequence[str], body: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    lines = [f"<table><tr>{head}</tr>"]
    for cells in body:
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines.append("</table>")
    return "\n".join(lines)


def comparison_html(rows: Sequence[ComparisonRow], label: str, title: str) -> str:
    """``comparison.html``: summary, use per therapist and per room, unscheduled reasons."""
    header, records = table_records(rows, label)
    main_columns = header.index("error") + 2  # through "notes"
    summary = []
    for row, record in zip(rows, records, strict=True):
        cells = []
        for name, text in zip(header[:main_columns], record[:main_columns], strict=True):
            css = (
                "text"
                if name in (label, "description", "unscheduled_by_reason", "error", "notes")
                else ""
            )
            if name == "status":
                css = "bad" if row.status in ("failed", "timeout") else "good"
            if name == "check" and row.violations:
                css = "bad"
            if (
                name.endswith("_vs_base")
                and text.startswith(("+", "-"))
                and text not in ("+0", "-0")
            ):
                better = text.startswith("+") != (name == "penalty_vs_base")
                css = "up" if better else "down"
            cells.append(_cell(text, css))
        summary.append(cells)
    names = [row.name for row in rows]
    parts = [
        f"<h1>{html.escape(title)}</h1>",
        "<h2>Summary</h2>",
        _html_table(header[:main_columns], summary),
    ]
    for heading, attribute in (
        ("Therapist utilisation (booked / shift minutes)", "therapists"),
        ("Room utilisation (booked / open minutes)", "rooms"),
    ):
        ids = _ids(rows, attribute)
        body = [
            [_cell(i, "text"), *(_cell(_percent(getattr(r, attribute).get(i))) for r in rows)]
            for i in ids
        ]
        parts += [f"<h2>{heading}</h2>", _html_table(["", *names], body)]
    groups = sorted({g for r in rows for g in r.unscheduled})
    body = [
        [_cell(g, "text"), *(_cell(str(r.unscheduled.get(g, 0))) for r in rows)] for g in groups
    ]
    parts += ["<h2>Unscheduled sessions by reason</h2>", _html_table(["", *names], body)]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def write_comparison(out: Path, rows: Sequence[ComparisonRow], label: str, title: str) -> None:
    """Write ``comparison.csv`` and ``comparison.html`` into ``out``."""
    write_comparison_csv(out / "comparison.csv", rows, label)
    publish_file(out / "comparison.html", comparison_html(rows, label, title))
