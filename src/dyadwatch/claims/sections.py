"""The report's "Structure or personality?" section."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from dyadwatch.claims.structure import analyse_structure, leader_transitions
from dyadwatch.report.section import Figure, Section

__all__ = ["report_sections", "timing_figure"]


def timing_figure(
    series: pd.Series, breaks: list[str], transitions: list[pd.Period], structural: list[str]
) -> go.Figure:
    """The index with turning points (red), leader changes (blue) and structural events (grey)."""
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


def report_sections(dyad: str = "USA-RUS", db: str | Path | None = None) -> list[Section]:
    """One section: the verdict, the figures table and the timing plot."""
    from dyadwatch.cycle.stages import stages
    from dyadwatch.sources.chronology import chronology

    res = analyse_structure(dyad, db=db)
    series = stages(dyad, compare_hmm=False, explain=False, db=db).series
    chron = chronology()
    structural = [
        str(pd.Period(d, freq="M"))
        for d, t in zip(chron["date"], chron["tags"], strict=True)
        if t is not None and "structural" in list(t)
    ]
    h, d = res.honeymoon, res.decomposition
    figures = pd.DataFrame(
        [
            (
                "turning points near a leader change",
                f"{res.timing_leaders.observed} (chance {res.timing_leaders.expected:.1f})",
                f"{res.timing_leaders.p_value:.3f}",
            ),
            (
                "turning points near a structural event",
                f"{res.timing_structural.observed} (chance {res.timing_structural.expected:.1f})",
                f"{res.timing_structural.p_value:.3f}",
            ),
            (
                "new-president bump",
                f"{h.effect:+.2f} [{h.effect_ci[0]:+.2f}, {h.effect_ci[1]:+.2f}]",
                f"{h.p_value:.3g}",
            ),
            (
                "bump half-life, months",
                f"{h.half_life_months:.0f} [{h.half_life_ci[0]:.0f}, {h.half_life_ci[1]:.0f}]",
                "",
            ),
            (
                "variance share: administrations",
                f"{d.share_leaders:.0%}",
                f"{d.p_value_leaders:.3f}",
            ),
            ("variance share: structural covariates", f"{d.share_structural:.0%}", ""),
            ("variance share: trend", f"{d.share_trend:.0%}", ""),
        ],
        columns=["figure", "value [95% CI]", "p-value"],
    )
    return [
        Section(
            title="Structure or personality?",
            summary=res.verdict + "\n\n" + " ".join(res.notes),
            figures=[
                Figure(
                    timing_figure(series, res.breaks, leader_transitions(), structural),
                    caption=(
                        "Relations index (chronology, event-impact series) with its turning "
                        "points (red), US and Russian presidential changes (blue, dashed) and "
                        "chronology events tagged structural (grey). Timing p-values: exact "
                        f"circular-shift test, window ±{res.timing_leaders.window} months."
                    ),
                )
            ],
            tables=[
                (
                    "Rotation tests; honeymoon regression with Newey–West (HAC) errors and a "
                    "profile-likelihood half-life interval; Shapley decomposition of R² with a "
                    "rotation null for the administration share.",
                    figures,
                )
            ],
            order=30,
        )
    ]
