"""Figures of the neighbours' alignment (see :mod:`dyadwatch.models.neighbours`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = ["alignment_heatmap", "survival_figure", "transition_figure"]

#: colour per status: red aligned with Russia, grey neutral, blue opposed
STATUS_COLOURS = {"aligned": "#b2182b", "neutral": "#d9d9d9", "opposed": "#2166ac"}


def alignment_heatmap(
    panel: pd.DataFrame, names: Mapping[str, str], statuses: Sequence[str], *, title: str
):
    """Status of every country in every year: one row per country, one column per year.

    Args:
        panel: ``country, year, status, basis`` (:func:`~dyadwatch.models.neighbours.
            alignment_panel`).
        names: country code -> name, in display order (top to bottom).
        statuses: the three statuses in code order (aligned, neutral, opposed).
        title: the figure's title.
    """
    import plotly.graph_objects as go

    order = list(names)
    code = {s: k for k, s in enumerate(statuses)}
    wide = panel.pivot(index="country", columns="year", values="status").reindex(order)
    basis = panel.pivot(index="country", columns="year", values="basis").reindex(order)
    z = wide.apply(lambda col: col.map(code)).to_numpy(dtype=float)
    n = len(statuses)
    scale = []
    for k, status in enumerate(statuses):
        colour = STATUS_COLOURS.get(status, "#999999")
        scale += [[k / n, colour], [(k + 1) / n, colour]]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=list(wide.columns),
            y=[names[c] for c in order],
            zmin=0,
            zmax=n - 1,
            colorscale=scale,
            colorbar={
                "tickvals": [(k + 0.5) * (n - 1) / n for k in range(n)],
                "ticktext": list(statuses),
            },
            customdata=basis.to_numpy(),
            hovertemplate="%{y} %{x}: %{customdata}<extra></extra>",
        )
    )
    fig.update_layout(title=title, xaxis_title="year", yaxis_autorange="reversed", height=520)
    return fig


def transition_figure(matrix: pd.DataFrame, counts: pd.DataFrame, *, title: str):
    """Yearly transition probabilities as a heatmap, each cell labelled ``89% (n=147)``.

    Args:
        matrix: row-stochastic transition matrix (rows: from, columns: to).
        counts: the transition counts behind it, same labels.
        title: the figure's title.
    """
    import plotly.graph_objects as go

    p, n = matrix.to_numpy(), counts.to_numpy()
    text = [
        [f"{pij:.0%} (n={nij})" for pij, nij in zip(prow, nrow, strict=True)]
        for prow, nrow in zip(p, n, strict=True)
    ]
    fig = go.Figure(
        go.Heatmap(
            z=p,
            x=[f"to {s}" for s in matrix.columns],
            y=[f"from {s}" for s in matrix.index],
            text=text,
            texttemplate="%{text}",
            hovertemplate="%{y} %{x}: %{text}<extra></extra>",
            colorscale="Blues",
            zmin=0,
            zmax=1,
            colorbar={"tickformat": ".0%", "title": {"text": "share"}},
        )
    )
    fig.update_layout(title=title, yaxis_autorange="reversed", height=380)
    return fig


def survival_figure(table: pd.DataFrame, *, title: str, level: float = 0.95):
    """Kaplan-Meier step curve of the share still neutral, with its pointwise interval.

    Args:
        table: ``time, survival, lower, upper`` (:func:`~dyadwatch.models.neighbours.
            kaplan_meier`).
        title: the figure's title.
        level: confidence level of ``lower``/``upper``, for the legend.
    """
    import plotly.graph_objects as go

    times = [0.0, *table["time"]]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=times,
            y=[1.0, *table["upper"]],
            mode="lines",
            line={"shape": "hv", "width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=times,
            y=[1.0, *table["lower"]],
            mode="lines",
            line={"shape": "hv", "width": 0},
            fill="tonexty",
            fillcolor="rgba(33,102,172,0.15)",
            name=f"{level:.0%} interval",
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=times,
            y=[1.0, *table["survival"]],
            mode="lines",
            line={"shape": "hv"},
            name="Kaplan-Meier",
            hovertemplate="%{x:g} years: %{y:.0%} still neutral<extra></extra>",
        )
    )
    fig.update_layout(
        title=title,
        xaxis_title="years neutral",
        xaxis_range=[0, float(table["time"].max())],
        yaxis_title="share of spells still neutral, %",
        yaxis_range=[0, 1],
        yaxis_tickformat=".0%",
        height=380,
    )
    return fig
