"""The timeline figure: events by date and Goldstein score, with leaders' terms as bands."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from dyadwatch.cameo import QUAD_NAMES
from dyadwatch.leaders import leaders

__all__ = ["timeline_figure", "add_leader_bands", "QUAD_COLOURS"]

QUAD_COLOURS = {1: "#4c9f70", 2: "#1f6f8b", 3: "#e0a030", 4: "#c0392b"}
_BAND_COLOURS = ["rgba(120,140,200,0.10)", "rgba(200,200,200,0.16)"]


def add_leader_bands(fig: go.Figure, *, start: dt.date, end: dt.date, country: str = "USA") -> None:
    """Shade each president's term of ``country`` and label it at the top of the plot."""
    terms = leaders(country, "President")
    for i, row in enumerate(terms.itertuples()):
        t0 = max(row.start, start)
        t1 = min(row.end or end, end)
        if t0 >= t1:
            continue
        fig.add_vrect(
            x0=t0,
            x1=t1,
            fillcolor=_BAND_COLOURS[i % 2],
            line_width=0,
            layer="below",
            annotation_text=row.name.split()[-1] if row.name != "George W. Bush" else "G. W. Bush",
            annotation_position="top left",
            annotation_font_size=10,
        )


def timeline_figure(events: pd.DataFrame, *, title: str = "") -> go.Figure:
    """Scatter of events (date × Goldstein), coloured by quad class, hover with the citation."""
    fig = go.Figure()
    if len(events):
        frame = events.copy()
        frame["date"] = pd.to_datetime(frame["date"])
        for quad, name in QUAD_NAMES.items():
            part = frame[frame["quad_class"] == quad]
            if part.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=part["date"],
                    y=part["goldstein"],
                    mode="markers",
                    name=name,
                    marker={"color": QUAD_COLOURS[quad], "size": 7, "opacity": 0.8},
                    customdata=part[
                        ["description", "citation", "cameo", "actor1", "actor2"]
                    ].values,
                    hovertemplate=(
                        "%{x|%Y-%m-%d} %{customdata[3]}→%{customdata[4]} (CAMEO %{customdata[2]},"
                        " Goldstein %{y})<br>%{customdata[0]}<br>"
                        "<i>%{customdata[1]}</i><extra></extra>"
                    ),
                )
            )
        start = frame["date"].min().date()
        end = frame["date"].max().date()
        add_leader_bands(fig, start=start, end=end)
    fig.update_layout(
        title=title,
        height=440,
        margin={"l": 50, "r": 20, "t": 60, "b": 40},
        yaxis_title="Goldstein score (−10 conflict … +10 cooperation)",
        legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"},
        xaxis={"rangeslider": {"visible": True}, "type": "date", **_range(events)},
        template="plotly_white",
    )
    return fig


def _range(events: pd.DataFrame) -> dict:
    """The x-axis range: the events' first and last dates, a fortnight of margin each side."""
    if not len(events):
        return {}
    dates = pd.to_datetime(events["date"])
    pad = pd.Timedelta(days=15)
    return {"range": [dates.min() - pad, dates.max() + pad]}
