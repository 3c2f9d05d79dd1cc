"""Figures of norm trust: the posterior belief by year (see :mod:`dyadwatch.models.trust`)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

__all__ = ["belief_figure"]

_BAND = "rgba(214,39,40,0.15)"


def belief_figure(
    posteriors: Mapping[str, pd.DataFrame],
    *,
    band: str | None = None,
    mirrors: Mapping[str, pd.DataFrame] | None = None,
    credible: float = 0.9,
):
    """Posterior mean belief per year, one line per observer, with one credible band.

    Args:
        posteriors: label -> ``NormTrust.posterior_`` (year, mean, lower, upper, events) of
            Moscow's belief about the West under different parameters.
        band: the label whose credible interval is shaded (default none).
        mirrors: label -> posterior of the mirror belief (the West about Russia), dotted.
        credible: the mass of the shaded interval, for its legend entry.

    Returns:
        A plotly figure; the y axis is the belief in percent, the x axis spans the years of
        the posteriors exactly.
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    if band is not None:
        post = posteriors[band]
        years = list(post["year"])
        fig.add_trace(
            go.Scatter(
                x=years + years[::-1],
                y=list(post["upper"]) + list(post["lower"])[::-1],
                fill="toself",
                fillcolor=_BAND,
                line={"width": 0},
                name=f"{band}: {credible:.0%} credible band",
                hoverinfo="skip",
            )
        )
    for label, post in posteriors.items():
        fig.add_trace(
            go.Scatter(
                x=post["year"],
                y=post["mean"],
                mode="lines",
                name=f"Moscow about the West: {label}",
                customdata=[", ".join(e) or "no ledger events" for e in post["events"]],
                hovertemplate="%{x}: %{y:.0%}<br>%{customdata}<extra></extra>",
            )
        )
    for label, post in (mirrors or {}).items():
        fig.add_trace(
            go.Scatter(
                x=post["year"],
                y=post["mean"],
                mode="lines",
                line={"dash": "dot"},
                name=f"mirror: the West about Russia ({label})",
                hovertemplate="%{x}: %{y:.0%}<extra></extra>",
            )
        )
    years = pd.concat([p["year"] for p in posteriors.values()])
    fig.update_layout(
        title="Belief that the other side keeps to international norms (posterior mean)",
        xaxis_title="year",
        xaxis_range=[int(years.min()), int(years.max())],
        yaxis_title="P(keeps to norms), %",
        yaxis_range=[0, 1],
        yaxis_tickformat=".0%",
        height=420,
    )
    return fig
