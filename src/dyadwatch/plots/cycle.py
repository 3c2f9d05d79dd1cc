"""Figures of the cycle: the fused measure with its band and the ordered model's stages, the
stage probabilities, the two methods' stages side by side, the index with its change-point
stages, the next-stage forecast."""

from __future__ import annotations

import pandas as pd

from dyadwatch.stagenames import STAGES

__all__ = [
    "fused_measure_figure",
    "stage_probabilities_figure",
    "stage_paths_figure",
    "stage_colour",
    "index_figure",
    "next_stage_figure",
    "relations_index_figure",
    "landmarks_figure",
    "backtest_figure",
    "STAGE_COLOURS",
]

STAGE_COLOURS = {
    "euphoria": "rgba(46, 139, 87, 0.22)",
    "pragmatism": "rgba(70, 130, 180, 0.20)",
    "disillusionment": "rgba(218, 165, 32, 0.25)",
    "crisis": "rgba(178, 34, 34, 0.22)",
    "reset": "rgba(147, 112, 219, 0.25)",
}


def index_figure(result, index_frame: pd.DataFrame | None = None, **_: object):
    """The index line (with its interval when given), stages shaded, presidents' terms as bands
    along the top, and the first event at each turning point annotated."""
    import plotly.graph_objects as go

    series = result.series
    x = series.index.to_timestamp()
    fig = go.Figure()
    if index_frame is not None and "impact_lo" in index_frame.columns:
        frame = index_frame.set_index(pd.to_datetime(index_frame["period_start"])).reindex(x)
        fig.add_trace(
            go.Scatter(
                x=list(x) + list(x[::-1]),
                y=list(frame["impact_hi"]) + list(frame["impact_lo"][::-1]),
                fill="toself",
                fillcolor="rgba(0,0,0,0.08)",
                line={"width": 0},
                name="90% interval",
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(x=x, y=series.to_numpy(), name="relations index", line={"color": "black"})
    )
    top = float(series.max()) + 1.0
    _shade_stages(fig, result.segments, top)
    x_end = result.segments[-1].end.end_time
    _annotate_turning_points(fig, result.segments, x[0] + (x_end - x[0]) * 0.7, series.min())
    _presidents_bands(fig, x, top)
    fig.update_layout(
        height=520,
        yaxis_title="index (Goldstein scale, −10 … +10)",
        xaxis_range=[x[0], x_end],
        showlegend=True,
        legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"},
        margin={"t": 40},
    )
    return fig


def _shade_stages(fig, segments, top: float) -> None:
    """One coloured band per stage, its name above it at height ``top``."""
    for seg in segments:
        fig.add_vrect(
            x0=seg.start.start_time,
            x1=seg.end.end_time,
            fillcolor=STAGE_COLOURS[seg.stage],
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=seg.start.start_time + (seg.end.end_time - seg.start.start_time) / 2,
            y=top,
            text=seg.stage,
            showarrow=False,
            font={"size": 10},
        )


def _annotate_turning_points(fig, segments, late, bottom: float) -> None:
    """The first event at each turning point, below the line; after ``late`` anchored right."""
    for k, seg in enumerate(segments[1:]):
        if not seg.turning_point_events:
            continue
        ev = seg.turning_point_events[0]
        fig.add_annotation(
            xanchor="right" if seg.start.start_time > late else "left",
            x=seg.start.start_time,
            y=float(bottom) - 0.5 - (k % 3) * 0.7,
            text=f"{seg.start}: {ev['description'][:48]}…",
            hovertext=" | ".join(
                f"{e['date']} {e['description']}" for e in seg.turning_point_events
            ),
            showarrow=False,
            font={"size": 9},
        )


def _presidents_bands(fig, x, top: float) -> None:
    """US (lower row) and Russian (upper row) presidents' terms as bands above ``top``."""
    from dyadwatch.leaders import leaders

    colours = ("rgba(30,60,150,0.35)", "rgba(200,60,30,0.35)")
    for row, country in enumerate(("USA", "RUS")):
        for i, term in enumerate(leaders(country, "President").itertuples()):
            start = pd.Timestamp(term.start)
            end = pd.Timestamp(term.end) if term.end else x[-1]
            if end < x[0] or start > x[-1]:
                continue
            y0 = top + 0.6 + row * 0.6
            fig.add_shape(
                type="rect",
                x0=max(start, x[0]),
                x1=min(end, x[-1]),
                y0=y0,
                y1=y0 + 0.45,
                fillcolor=colours[i % 2] if country == "USA" else colours[(i + 1) % 2],
                line_width=0,
            )
            fig.add_annotation(
                x=max(start, x[0]) + (min(end, x[-1]) - max(start, x[0])) / 2,
                y=y0 + 0.22,
                text=term.name.split()[-1],
                showarrow=False,
                font={"size": 9},
            )


def relations_index_figure(index, **_: object):
    """The index value per period with its interval (and the event count as bars)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    frame = index.frame
    x = pd.to_datetime(frame["period_start"])
    value = index.value_column
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.75, 0.25])
    lo, hi = f"{value}_lo", f"{value}_hi"
    if lo in frame and frame[lo].notna().any():
        fig.add_trace(
            go.Scatter(
                x=list(x) + list(x[::-1]),
                y=list(frame[hi]) + list(frame[lo][::-1]),
                fill="toself",
                fillcolor="rgba(0,0,0,0.08)",
                line={"width": 0},
                name="90% interval",
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
    fig.add_trace(
        go.Scatter(x=x, y=frame[value], name=value, line={"color": "black"}), row=1, col=1
    )
    fig.add_trace(go.Bar(x=x, y=frame["events"], name="events", marker_color="#888"), row=2, col=1)
    fig.update_layout(
        title=index.title(),
        height=480,
        xaxis2_range=[x.iloc[0], pd.to_datetime(frame["period_end"]).iloc[-1]],
        yaxis_title="Goldstein scale",
        yaxis2_title="events",
        legend={"orientation": "h", "y": 1.08, "x": 1, "xanchor": "right"},
    )
    return fig


def landmarks_figure(result, **_: object):
    """Each landmark's local shift with its 90% interval, coloured by the verdict."""
    import plotly.graph_objects as go

    t = result.table
    colours = {"found": "#2e8b57", "turning point only at other penalties": "#daa520"}
    fig = go.Figure(
        go.Scatter(
            x=t["shift"],
            y=t["landmark_id"],
            mode="markers",
            marker={"size": 10, "color": [colours.get(v, "#999") for v in t["verdict"]]},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": t["shift_hi"] - t["shift"],
                "arrayminus": t["shift"] - t["shift_lo"],
            },
            text=t["verdict"],
            hovertemplate="%{y}: shift %{x:+.1f} (%{text})<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_dash="dot")
    fig.update_layout(
        title=result.title(),
        height=60 + 32 * len(t),
        xaxis_title=f"shift in mean event score, {result.window} months after vs before",
        yaxis_autorange="reversed",
    )
    return fig


def backtest_figure(result, **_: object):
    """The forecast probability of a turning point per origin, with what happened."""
    import plotly.graph_objects as go

    f = result.forecasts
    x = pd.PeriodIndex(f["origin"], freq="M").to_timestamp()
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=x, y=f["p_turn"], name="model", line={"color": "black"}))
    fig.add_trace(go.Scatter(x=x, y=f["p_base"], name="base rate", line={"dash": "dot"}))
    turned = f["turned"] == 1
    fig.add_trace(
        go.Scatter(
            x=x[turned],
            y=[1.02] * int(turned.sum()),
            mode="markers",
            name="a turning point followed",
        )
    )
    fig.update_layout(
        title=result.title(),
        height=360,
        yaxis_title=f"P(turning point within {result.horizon} months)",
        yaxis_tickformat=".0%",
        xaxis_range=[x[0], x[-1]],
    )
    return fig


def next_stage_figure(now, **_: object):
    """Next-stage probabilities with their 90% intervals (a bar chart)."""
    import plotly.graph_objects as go

    f = now.forecast
    order = sorted(f.next_stage, key=lambda s: -f.next_stage[s])
    fig = go.Figure(
        go.Bar(
            x=order,
            y=[f.next_stage[s] for s in order],
            error_y={
                "type": "data",
                "symmetric": False,
                "array": [f.next_stage_interval[s][1] - f.next_stage[s] for s in order],
                "arrayminus": [f.next_stage[s] - f.next_stage_interval[s][0] for s in order],
            },
        )
    )
    fig.update_layout(
        height=320, yaxis_title="P(next stage | a turning point)", yaxis_tickformat=".0%"
    )
    return fig


# -- the ordered five-stage model ------------------------------------------------------------------
def stage_colour(stage: str, alpha: float = 0.8) -> str:
    """The stage's colour (:data:`STAGE_COLOURS`) at opacity ``alpha``."""
    rgb = STAGE_COLOURS[stage].rsplit(",", 1)[0]
    return f"{rgb}, {alpha})"


def _months(index) -> pd.DatetimeIndex:
    """Month starts of a PeriodIndex (or of anything ``pd.PeriodIndex`` reads)."""
    return pd.PeriodIndex(index, freq="M").to_timestamp()


def _runs(path: pd.Series) -> list[tuple[pd.Period, pd.Period, str]]:
    """``(first, last, stage)`` of each run of equal stages in a monthly path."""
    path = pd.Series(list(path), index=pd.PeriodIndex(path.index, freq="M"))
    run = (path != path.shift()).cumsum()
    return [(s.index[0], s.index[-1], s.iloc[0]) for _, s in path.groupby(run)]


def _stage_legend(fig, stages) -> None:
    """A legend entry (a coloured square) for each stage in ``stages``, in the essay's order."""
    import plotly.graph_objects as go

    for s in STAGES:
        if s in set(stages):
            fig.add_trace(
                go.Scatter(
                    x=[None],
                    y=[None],
                    mode="markers",
                    marker={"symbol": "square", "size": 12, "color": stage_colour(s, 0.6)},
                    name=s,
                )
            )


def fused_measure_figure(
    measure: pd.DataFrame, path: pd.Series | None = None, *, label: str = "fused measure"
):
    """The measure's mean with its band (columns ``lo``/``hi`` when present) and the months of
    ``path`` (stage per month) shaded in the stage colours.

    Args:
        measure: per month ``mean`` (and ``lo``, ``hi``), a PeriodIndex of months.
        path: the stage of each month (e.g. the ordered model's most probable path).
        label: the name of the mean line.
    """
    import plotly.graph_objects as go

    x = _months(measure.index)
    fig = go.Figure()
    if {"lo", "hi"} <= set(measure.columns):
        fig.add_trace(
            go.Scatter(
                x=list(x) + list(x[::-1]),
                y=list(measure["hi"]) + list(measure["lo"][::-1]),
                fill="toself",
                fillcolor="rgba(0,0,0,0.12)",
                line={"width": 0},
                name="90% band",
                hoverinfo="skip",
            )
        )
    fig.add_trace(
        go.Scatter(x=x, y=measure["mean"].to_numpy(), name=label, line={"color": "black"})
    )
    if path is not None and len(path):
        runs = _runs(path)
        for first, last, stage in runs:
            fig.add_vrect(
                x0=first.start_time,
                x1=last.end_time,
                fillcolor=STAGE_COLOURS[stage],
                line_width=0,
                layer="below",
            )
        _stage_legend(fig, [r[2] for r in runs])
    fig.update_layout(
        height=460,
        yaxis_title="relations (Goldstein scale; higher: more cooperative)",
        xaxis_range=[x[0], x[-1] + pd.offsets.MonthEnd(1)],
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        margin={"t": 50},
    )
    return fig


def stage_probabilities_figure(probabilities: pd.DataFrame):
    """The posterior probability of each of the five stages per month, stacked (each month's
    five areas add up to its total, 1 for a posterior).

    Args:
        probabilities: month x stage (columns the five stage names), a PeriodIndex of months.
    """
    import plotly.graph_objects as go

    x = _months(probabilities.index)
    fig = go.Figure()
    for s in STAGES:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=probabilities[s].to_numpy() if s in probabilities else [0.0] * len(x),
                name=s,
                mode="lines",
                stackgroup="stages",
                line={"width": 0.5, "color": stage_colour(s, 0.9)},
                fillcolor=stage_colour(s, 0.7),
                hovertemplate=f"{s} %{{y:.0%}}<extra></extra>",
            )
        )
    fig.update_layout(
        height=340,
        yaxis={"title": "P(stage)", "range": [0, 1], "tickformat": ".0%"},
        xaxis_range=[x[0], x[-1]],
        hovermode="x unified",
        legend={
            "orientation": "h",
            "y": 1.02,
            "yanchor": "bottom",
            "x": 1,
            "xanchor": "right",
            "traceorder": "normal",
        },
        margin={"t": 50},
    )
    return fig


def stage_paths_figure(segments: dict[str, pd.DataFrame]):
    """Each method's stages as one row of coloured spans (a method per row, top to bottom).

    Args:
        segments: method name -> its segments (columns ``start``, ``end``, ``stage``; months
            as periods or ``YYYY-MM`` text).
    """
    import plotly.graph_objects as go

    fig = go.Figure()
    names = list(segments)
    seen = []
    for row, name in enumerate(names):
        for seg in segments[name].itertuples():
            first = pd.Period(str(seg.start), freq="M")
            last = pd.Period(str(seg.end), freq="M")
            fig.add_shape(
                type="rect",
                x0=first.start_time,
                x1=last.end_time,
                y0=row - 0.4,
                y1=row + 0.4,
                fillcolor=stage_colour(seg.stage, 0.7),
                line={"width": 0.5, "color": "white"},
            )
            seen.append(seg.stage)
    _stage_legend(fig, seen)
    starts = [pd.Period(str(f["start"].iloc[0]), freq="M") for f in segments.values()]
    ends = [pd.Period(str(f["end"].iloc[-1]), freq="M") for f in segments.values()]
    fig.update_layout(
        height=120 + 50 * len(names),
        yaxis={
            "tickvals": list(range(len(names))),
            "ticktext": names,
            "range": [len(names) - 0.5, -0.5],
            "showgrid": False,
            "zeroline": False,
        },
        xaxis={"range": [min(starts).start_time, max(ends).end_time], "type": "date"},
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 1, "xanchor": "right"},
        margin={"t": 50},
        plot_bgcolor="white",
    )
    return fig
