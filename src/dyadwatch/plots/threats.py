"""Figures of the threat models: ACH scores of the register, and the NATO-enlargement spiral."""

from __future__ import annotations

from typing import Any

import pandas as pd

from dyadwatch.models.threats import DEFAULT_HYPOTHESES

__all__ = ["register_scores_figure", "spiral_figure"]

HYPOTHESIS_COLOURS = {"real": "#2b6cb0", "perceived": "#d69e2e", "contrived": "#c53030"}


def register_scores_figure(frame: pd.DataFrame) -> Any:
    """Grouped horizontal bars: each register claim's inconsistency score per hypothesis.

    Args:
        frame: :func:`~dyadwatch.models.threats.assess_register` (oldest claim first).
    """
    import plotly.graph_objects as go

    labels = [
        f"{d} {c}" for d, c in zip(frame["date"].astype(str), frame["id"].str[11:], strict=True)
    ]
    fig = go.Figure()
    for h in DEFAULT_HYPOTHESES:
        fig.add_trace(
            go.Bar(
                y=labels,
                x=frame[f"score_{h}"],
                name=h,
                orientation="h",
                marker_color=HYPOTHESIS_COLOURS.get(h),
                hovertemplate="%{y}<br>" + h + ": %{x:g}<extra></extra>",
            )
        )
    top = max(float(frame[[f"score_{h}" for h in DEFAULT_HYPOTHESES]].max().max()), 1.0)
    fig.update_layout(
        barmode="group",
        height=max(500, 26 * len(frame)),
        xaxis_title="weighted inconsistency score (lower = more likely)",
        xaxis_range=[0, top],
        yaxis={"autorange": "reversed"},
        legend_title="hypothesis",
    )
    return fig


def _decimal_year(day: Any) -> float:
    t = pd.Timestamp(day)
    return t.year + (t.day_of_year - 1) / 365.25


def spiral_figure(
    trajectory: pd.DataFrame, counterfactual: pd.DataFrame, events: pd.DataFrame
) -> Any:
    """The spiral with and without perception, with the NATO events of the simulated years.

    Args:
        trajectory: :attr:`SecuritySpiral.trajectory_` with perception.
        counterfactual: the same without perception (``perception = 0``).
        events: the NATO events (:func:`~dyadwatch.models.spiral.load_nato_events`);
            enlargement rounds are grey dotted lines, deployment decisions green.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    lines = (
        (trajectory, "real_threat", "real threat (NATO forward posture), with perception"),
        (trajectory, "perceived_threat", "threat perceived in Moscow, with perception"),
        (counterfactual, "real_threat", "real threat, without perception"),
    )
    styles = ({"color": "#c53030"}, {"color": "#d69e2e", "dash": "dash"}, {"color": "#2b6cb0"})
    for (frame, col, name), line in zip(lines, styles, strict=True):
        fig.add_trace(
            go.Scatter(
                x=frame["year"],
                y=frame[col],
                name=name,
                line=line,
                hovertemplate="%{x}: %{y:.2f} threat units<extra></extra>",
            )
        )
    first, last = int(trajectory["year"].min()), int(trajectory["year"].max())
    for row in events.itertuples(index=False):
        year = _decimal_year(row.date)
        if first <= year <= last:
            colour = "#718096" if row.kind == "enlargement" else "#2f855a"
            fig.add_vline(x=year, line_width=1, line_dash="dot", line_color=colour)
    fig.update_layout(
        xaxis_title="year",
        xaxis_range=[first, last],
        yaxis_title="threat (threat units: 1 = one new member read at perception 1)",
        height=450,
        legend={"orientation": "h", "y": -0.2},
    )
    return fig
