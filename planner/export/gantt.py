"""Plotly figures of the report: Gantt charts of the plan and utilisation bars.

Every text that comes from the scenario is HTML-escaped before it enters a figure: plotly renders
a subset of HTML in labels and hover texts, and the figure's data is embedded in a ``<script>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import Literal

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from planner.export.views import SessionView
from planner.plan.utilisation import Utilisation
from planner.scenario.types import Scenario

# Colour-blind-safe qualitative colours; treatments take them in scenario order.
COLOURS = px.colors.qualitative.Safe + px.colors.qualitative.Pastel
_HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>"
    "Therapist: %{customdata[3]}<br>Room: %{customdata[4]}<br>%{customdata[5]}<extra></extra>"
)


def distinct_labels(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Escaped display label per id: the name, with the id added where two names are equal."""
    counts: dict[str, int] = {}
    for _, name in pairs:
        counts[name] = counts.get(name, 0) + 1
    return {i: escape(name if counts[name] == 1 else f"{name} ({i})") for i, name in pairs}


def treatment_colours(scenario: Scenario) -> dict[str, str]:
    """Colour per escaped treatment name, stable for a scenario."""
    return {escape(t.name): COLOURS[i % len(COLOURS)] for i, t in enumerate(scenario.treatments)}


def _bars(views: Sequence[SessionView], resource_of: Callable[[SessionView], str]) -> pd.DataFrame:
    """One row per bar: the escaped texts the chart and its hover show."""
    return pd.DataFrame(
        {
            "Resource": [resource_of(v) for v in views],
            "Start": [v.start for v in views],
            "End": [v.end for v in views],
            "Treatment": [escape(v.treatment_name) for v in views],
            "Client": [escape(v.client_name) for v in views],
            "When": [
                f"{v.start:%a %d %b} {v.start_clock}–{v.end_clock}, session {v.session_label}"
                for v in views
            ],
            "Therapist": [escape(v.therapist_name) for v in views],
            "Room": [escape(v.room_name) for v in views],
            "Care": ["Caution: avoid the affected area" if v.caution else "" for v in views],
        }
    )


def _lay_out(figure: go.Figure, scenario: Scenario, rows: int) -> None:
    """A day per tick over the scenario's horizon, the first resource on top, ``rows`` high."""
    start = pd.Timestamp(scenario.settings.start)
    figure.update_xaxes(
        range=[start, start + pd.Timedelta(days=scenario.settings.days)],
        dtick=86_400_000,
        tickformat="%a %d %b",
        showgrid=True,
        title=None,
    )
    figure.update_yaxes(title=None, autorange="reversed")
    figure.update_layout(
        height=140 + 38 * rows,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend_title_text="Treatment",
        uniformtext={"minsize": 9, "mode": "hide"},
        plot_bgcolor="white",
    )


def gantt_figure(
    scenario: Scenario, views: Sequence[SessionView], by: Literal["therapist", "room"]
) -> go.Figure:
    """Sessions as bars on a time line, one row per therapist or per room."""
    if by == "therapist":
        resources = [(t.id, t.name) for t in scenario.therapists]
    else:
        resources = [(r.id, r.name) for r in scenario.rooms]
    labels = distinct_labels(resources)

    def resource_of(view: SessionView) -> str:
        key = view.session.therapist_id if by == "therapist" else view.session.room_id
        return labels.get(key, escape(key))

    frame = _bars(views, resource_of)
    order = list(labels.values())
    order += sorted(set(frame["Resource"]) - set(order))
    figure = px.timeline(
        frame,
        x_start="Start",
        x_end="End",
        y="Resource",
        color="Treatment",
        text="Client",
        custom_data=["Client", "Treatment", "When", "Therapist", "Room", "Care"],
        category_orders={"Resource": order},
        color_discrete_map=treatment_colours(scenario),
    )
    # Labels show only where a bar is wide enough (zoomed in to a day); the hover has it all.
    figure.update_traces(
        hovertemplate=_HOVER, textposition="inside", insidetextanchor="start", textangle=0
    )
    _lay_out(figure, scenario, len(order))
    return figure


def utilisation_figure(rows: Sequence[Utilisation], title: str) -> go.Figure:
    """Horizontal bars: share of available minutes that is booked, per therapist or room."""
    labels = distinct_labels([(u.id, u.name) for u in rows])
    shares = [0.0 if u.share is None else round(100 * u.share, 1) for u in rows]
    figure = go.Figure(
        go.Bar(
            x=shares,
            y=[labels[u.id] for u in rows],
            orientation="h",
            text=[f"{s:.0f} %" for s in shares],
            textposition="auto",
            customdata=[[u.booked_minutes, u.available_minutes] for u in rows],
            hovertemplate="%{y}: %{x:.1f} % (%{customdata[0]} of %{customdata[1]} min)"
            "<extra></extra>",
            marker_color="#4C78A8",
        )
    )
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title=None)
    figure.update_yaxes(autorange="reversed", title=None)
    figure.update_layout(
        title_text=escape(title),
        height=120 + 30 * len(rows),
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        plot_bgcolor="white",
    )
    return figure
