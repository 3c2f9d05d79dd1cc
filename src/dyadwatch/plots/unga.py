"""Figures of UN General Assembly vote alignment."""

from __future__ import annotations

import pandas as pd

__all__ = ["alignment_figure", "idealpoint_figure"]


def alignment_figure(frame: pd.DataFrame):
    """Yearly agreement share and Cohen's kappa, with the USSR/Russia boundary marked."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=frame["year"], y=frame["agreement"], name="agreement (share)"))
    fig.add_trace(go.Scatter(x=frame["year"], y=frame["kappa"], name="Cohen's kappa"))
    if "pi" in frame:
        fig.add_trace(go.Scatter(x=frame["year"], y=frame["pi"], name="Scott's pi"))
    if frame["year"].min() < 1992 <= frame["year"].max():
        fig.add_vline(x=1991.5, line_dash="dot", annotation_text="USSR → Russia")
    fig.update_layout(
        yaxis_title="share of roll calls / kappa",
        xaxis_title="year",
        xaxis_range=[frame["year"].min() - 0.5, frame["year"].max() + 0.5],
        height=380,
    )
    return fig


def idealpoint_figure(frame: pd.DataFrame):
    """Yearly ideal-point distance of a pair with its 95 % interval as a band."""
    import plotly.graph_objects as go

    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=list(frame["year"]) + list(frame["year"])[::-1],
            y=list(frame["hi"]) + list(frame["lo"])[::-1],
            fill="toself",
            line={"width": 0},
            opacity=0.3,
            name="95% interval",
            hoverinfo="skip",
        )
    )
    fig.add_trace(go.Scatter(x=frame["year"], y=frame["distance"], name="ideal-point distance"))
    if frame["year"].min() < 1992 <= frame["year"].max():
        fig.add_vline(x=1991.5, line_dash="dot", annotation_text="USSR → Russia")
    fig.update_layout(yaxis_title="distance (ideal-point units)", xaxis_title="year", height=380)
    return fig
