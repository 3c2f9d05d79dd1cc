"""Figures of the structure-versus-personality test."""

from __future__ import annotations

import pandas as pd

__all__ = ["timing_figure", "verdict_figure"]


def timing_figure(
    series: pd.Series, breaks: list[str], transitions: list[pd.Period], structural: list[str]
):
    """The index with turning points (red), leader changes (blue) and structural events (grey)."""
    import plotly.graph_objects as go

    x = series.index.to_timestamp()
    fig = go.Figure(
        go.Scatter(x=x, y=series.to_numpy(), mode="lines", name="index", line={"color": "#444"})
    )
    for p in structural:
        fig.add_vline(
            x=pd.Period(p, freq="M").to_timestamp(),
            line_color="rgba(120,120,120,0.25)",
            line_width=1,
        )
    for p in transitions:
        fig.add_vline(x=p.to_timestamp(), line_color="#1f6f8b", line_width=2, line_dash="dash")
    for b in breaks:
        fig.add_vline(x=pd.Period(b, freq="M").to_timestamp(), line_color="#c0392b", line_width=2)
    fig.add_trace(
        go.Scatter(
            x=[None], y=[None], mode="lines", name="turning point", line={"color": "#c0392b"}
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="leader change",
            line={"color": "#1f6f8b", "dash": "dash"},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="lines",
            name="structural event",
            line={"color": "rgba(120,120,120,0.5)"},
        )
    )
    fig.update_layout(
        height=380,
        template="plotly_white",
        margin={"t": 30},
        yaxis_title="relations index",
        legend={"orientation": "h", "y": -0.2},
    )
    return fig


def verdict_figure(result, **_: object):
    """The timing test: turning points near leader changes and near structural events,
    observed against the count chance expects."""
    import plotly.graph_objects as go

    names = ["leader changes", "structural events"]
    tests = [result.timing_leaders, result.timing_structural]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=names, y=[t.observed for t in tests], name="observed"))
    fig.add_trace(go.Bar(x=names, y=[t.expected for t in tests], name="chance expects"))
    fig.update_layout(
        title=result.title(),
        barmode="group",
        height=340,
        yaxis_title=f"turning points within ±{tests[0].window} months",
    )
    return fig
