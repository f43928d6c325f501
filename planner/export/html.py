"""The manager's report: one self-contained HTML file that works offline.

It holds the headline figures, Gantt charts by therapist and by room, utilisation of both, the
unscheduled sessions with their reasons and, given ``advice.csv`` of ``planner advise``, the changes
that would book more of them. plotly.js is inlined (no network needed, so the file
can be mailed or opened on a tablet in the basement). All scenario text is HTML-escaped. It is
the manager's file: the solver's reasons for unscheduled sessions may name a client's health
condition (the desk's files say "a health condition"); no contact data is shown; of the advice
only the change in words, the gains and the cost are shown (never the sessions it books).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

import plotly.graph_objects as go
import plotly.offline

from planner.export.figures import Kpis
from planner.export.gantt import gantt_figure, utilisation_figure
from planner.export.views import SessionView, UnscheduledView
from planner.plan.advice import AdviceRow
from planner.plan.utilisation import Utilisation
from planner.scenario.types import Scenario

_PLOT_CONFIG = {"displaylogo": False, "responsive": True}
_STYLE = """
body { font-family: system-ui, sans-serif; margin: 24px; color: #222; background: #fafafa; }
h1 { margin-bottom: 4px; } .meta { color: #666; margin-top: 0; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0 24px; }
.kpi { background: #fff; border: 1px solid #ddd; border-left: 6px solid #4C78A8;
       border-radius: 6px; padding: 10px 16px; min-width: 150px; }
.kpi .label { color: #666; font-size: 0.85em; } .kpi .value { font-size: 1.6em; font-weight: 600; }
.kpi.warn { border-left-color: #E45756; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px 16px;
          margin-bottom: 20px; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 4px 8px; text-align: left;
         vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
"""
ADVICE_TITLE = "What one change would book more"
# Whose minutes a change of each kind of ``planner advise`` costs (the other kinds cost none).
_COST_OF_KIND = {
    "add_shift": "therapist",
    "extend_shift": "therapist",
    "room_day": "room",
    "opening": "room",
}


def _kpi(label: str, value: str, warn: bool = False) -> str:
    css = "kpi warn" if warn else "kpi"
    return (
        f'<div class="{css}"><div class="label">{escape(label)}</div>'
        f'<div class="value">{escape(value)}</div></div>'
    )


def kpi_cards(kpis: Kpis) -> str:
    """The headline figures as cards."""
    value = str(kpis.scheduled_value)
    if kpis.bound is not None:
        value += f" (bound {kpis.bound})"
    gap = "—" if kpis.gap is None else f"{100 * kpis.gap:.1f} %"
    cards = [
        _kpi("Status", kpis.status, warn=kpis.status in ("infeasible", "unknown")),
        _kpi(
            "Sessions scheduled",
            f"{kpis.sessions_scheduled} / {kpis.sessions_total}",
            warn=kpis.sessions_scheduled < kpis.sessions_total,
        ),
        _kpi("Scheduled value", value),
        _kpi("Penalty", str(kpis.penalty)),
        _kpi("Gap to bound", gap),
    ]
    return '<div class="kpis">' + "".join(cards) + "</div>"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def utilisation_table(rows: Sequence[Utilisation], kind: str) -> str:
    """Booked and available minutes per therapist or room, as a table."""
    return _table(
        (kind, "Booked min", "Available min", "Utilisation"),
        [
            (
                u.name,
                str(u.booked_minutes),
                str(u.available_minutes),
                "—" if u.share is None else f"{100 * u.share:.1f} %",
            )
            for u in rows
        ],
        numeric={1, 2, 3},
    )


def unscheduled_table(unscheduled: Sequence[UnscheduledView]) -> str:
    """Unscheduled sessions with the solver's reason, or a sentence saying there are none."""
    if not unscheduled:
        return "<p>Every session of every course is scheduled.</p>"
    return _table(
        ("Client", "Treatment", "Course", "Session", "Reason"),
        [u.readable_row for u in unscheduled],
        numeric=set(),
    )


def _cost(advice: AdviceRow) -> str:
    if advice.cost_minutes == 0:
        return "no extra minutes"
    whose = _COST_OF_KIND.get(advice.kind)
    return f"{advice.cost_minutes} {whose} min" if whose else f"{advice.cost_minutes} min"


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def advice_section(advice: Sequence[AdviceRow]) -> str:
    """The section "What one change would book more": the rows of ``advice.csv`` by rank.

    Each row shows the change in a manager's words, the verified gain in value and in sessions
    booked, and its cost in therapist or room minutes; all text is HTML-escaped.
    """
    if not advice:
        body = "<p>No single change would book any of the unscheduled sessions.</p>"
    else:
        body = (
            '<p class="meta">Each change was tried on its own by re-solving the whole plan with '
            "it; the gain is what it adds to the better of this plan and a re-solve without "
            "it.</p>"
            + _table(
                ("Rank", "Change", "Value gained", "Sessions booked", "Cost"),
                [
                    (
                        str(a.rank),
                        a.description,
                        "not verified" if a.verified_gain is None else f"{a.verified_gain:+d}",
                        _sessions(a.sessions_booked),
                        _cost(a),
                    )
                    for a in advice
                ],
                numeric={0, 2, 3, 4},
            )
        )
    return f"<section><h2>{escape(ADVICE_TITLE)}</h2>{body}</section>"


def _plot(figure: go.Figure, div_id: str) -> str:
    # A fixed div id keeps the report byte-for-byte reproducible for the same plan.
    html: str = figure.to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, config=_PLOT_CONFIG
    )
    return html


def render_report(
    scenario: Scenario,
    kpis: Kpis,
    sessions: Sequence[SessionView],
    unscheduled: Sequence[UnscheduledView],
    therapists: Sequence[Utilisation],
    rooms: Sequence[Utilisation],
    generated: datetime,
    advice: Sequence[AdviceRow] | None = None,
) -> str:
    """The whole report as one HTML document (plotly.js included); with ``advice`` (the rows
    of ``advice.csv``) it ends with :func:`advice_section`, without it the section is left out."""
    settings = scenario.settings
    title = f"Plan report – {settings.name}" if settings.name else "Plan report"
    last_day = settings.last_day
    if sessions:
        gantts = (
            "<h2>By therapist</h2>"
            + _plot(gantt_figure(scenario, sessions, "therapist"), "gantt-therapists")
            + "<h2>By room</h2>"
            + _plot(gantt_figure(scenario, sessions, "room"), "gantt-rooms")
        )
    else:
        gantts = "<p>No session is scheduled.</p>"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{_STYLE}</style>",
        f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>',
        "</head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{settings.start:%A %d %B %Y} – {last_day:%A %d %B %Y} · generated '
        f"{generated:%Y-%m-%d %H:%M} UTC</p>",
        kpi_cards(kpis),
        f"<section><h2>Schedule</h2>{gantts}</section>",
        '<section><h2>Utilisation</h2><div class="columns"><div>',
        _plot(utilisation_figure(therapists, "Therapists (booked / shift minutes)"), "util-staff"),
        utilisation_table(therapists, "Therapist"),
        "</div><div>",
        _plot(utilisation_figure(rooms, "Rooms (booked / open minutes)"), "util-rooms"),
        utilisation_table(rooms, "Room"),
        "</div></div></section>",
        f"<section><h2>Unscheduled sessions ({len(unscheduled)})</h2>",
        unscheduled_table(unscheduled),
        "</section>" + ("" if advice is None else advice_section(advice)) + "</body></html>",
    ]
    return "\n".join(parts)
