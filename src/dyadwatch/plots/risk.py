"""Figures of the escalation model (tolerance for risk): outcomes, credibility, sweeps.

Each function takes a solved :class:`~dyadwatch.models.escalation.EscalationModel` or a
:func:`~dyadwatch.models.escalation.sweep` frame and returns a plotly figure; probabilities are
drawn on a 0-100 % axis, and numeric axes end at the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import OUTCOMES, EscalationModel

__all__ = ["credibility_figure", "outcome_figure", "sweep_figure", "write_plots"]

_COLOURS = {
    "challenger backs down": "#4c78a8",
    "defender backs down": "#e45756",
    "settlement": "#72b7b2",
    "uncontrolled escalation": "#222222",
}
#: a probability axis: the whole 0-1 range, as percentages
_PROBABILITY_AXIS = {"range": [0, 1], "tickformat": ".0%"}


def outcome_figure(model: EscalationModel, title: str = "") -> Any:
    """Stacked bars: probability of each outcome at each rung (plotly), from the exact solution."""
    import plotly.graph_objects as go

    tab = model.rung_table()
    fig = go.Figure()
    for name in OUTCOMES:
        fig.add_bar(
            x=tab["label"],
            y=tab[name],
            name=name,
            marker_color=_COLOURS[name],
            hovertemplate="%{x}<br>" + name + ": %{y:.2%}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        title=title or "Where the crisis ends",
        xaxis_title="rung",
        yaxis_title="probability",
        yaxis=_PROBABILITY_AXIS,
        legend_title="outcome",
        template="plotly_white",
    )
    return fig


def credibility_figure(model: EscalationModel, title: str = "") -> Any:
    """Threat credibility and the chance the moment comes, per rung (plotly)."""
    import plotly.graph_objects as go

    tab = model.credibility()
    fig = go.Figure()
    fig.add_scatter(
        x=tab["label"],
        y=tab["credibility"],
        mode="lines+markers",
        name="credibility (P carried out | defender stood firm)",
        hovertemplate="%{x}<br>credibility %{y:.2%}<extra></extra>",
    )
    fig.add_scatter(
        x=tab["label"],
        y=tab["p_moment_comes"],
        mode="lines+markers",
        name="P the moment comes",
        line={"dash": "dot"},
        hovertemplate="%{x}<br>P the moment comes %{y:.2%}<extra></extra>",
    )
    fig.update_layout(
        title=title or "Threat credibility",
        xaxis_title="threat to climb to",
        yaxis_title="probability",
        yaxis=_PROBABILITY_AXIS,
        template="plotly_white",
    )
    return fig


def sweep_figure(frame: pd.DataFrame, value: str = "defender_backs_down", title: str = "") -> Any:
    """Lines of an outcome probability against lambda, one line per reference point (plotly)."""
    import plotly.graph_objects as go

    label = value.replace("_", " ")
    fig = go.Figure()
    for ref, g in frame.groupby("reference", sort=False):
        fig.add_scatter(
            x=g["lam"],
            y=g[value],
            mode="lines+markers",
            name=f"reference: {ref}",
            hovertemplate="lambda %{x}<br>" + label + ": %{y:.2%}<extra></extra>",
        )
    lo, hi = float(frame["lam"].min()), float(frame["lam"].max())
    fig.update_layout(
        title=title or f"{label} against loss aversion",
        xaxis_title="loss aversion lambda",
        xaxis_range=[lo, hi] if hi > lo else None,
        yaxis_title=f"P({label})",
        yaxis=_PROBABILITY_AXIS,
        template="plotly_white",
    )
    return fig


def write_plots(figures: Sequence[Any], path: str | Path) -> Path:
    """Write plotly figures to one self-contained HTML file (plotly.js inlined, works offline).

    Raises:
        DyadwatchError: the file cannot be written.
    """
    path = Path(path)
    parts = []
    for i, fig in enumerate(figures):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>dyadwatch risk</title></head>"
        "<body>" + "\n".join(parts) + "</body></html>"
    )
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise DyadwatchError(
            f"cannot write {path}: {exc.strerror}", where="{plot}", fix="check the path"
        ) from exc
    return path
