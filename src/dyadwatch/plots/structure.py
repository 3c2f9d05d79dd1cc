"""Figures of the structure-versus-personality test, and the data they show.

:func:`measure_series` lays each tested measure's values over the span its test used (the
dashboard draws them with its own script, the report with :func:`measures_figure`);
:func:`robustness_line` is the sentence that says whether the verdicts agree across measures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from dyadwatch.claims.structure.compare import robustness_line
from dyadwatch.sources.capabilities import dyad_capabilities

__all__ = [
    "timing_figure",
    "verdict_figure",
    "measure_series",
    "measures_figure",
    "robustness_line",
    "MEASURE_LABELS",
]

#: What each measure of the per-measure test is, for axis titles and table rows.
MEASURE_LABELS = {
    "index": "relations index (monthly)",
    "kappa": "UNGA Cohen's kappa (yearly)",
    "idealpoint": "UNGA ideal-point distance (yearly)",
    "capability": "US/Russia CINC ratio (yearly)",
}


def timing_figure(
    series: pd.Series, breaks: list[str], transitions: list[pd.Period], structural: list[str]
):
    """The index with turning points (red), leader changes (blue) and structural events (grey)."""
    import plotly.graph_objects as go

    x = series.index.to_timestamp()
    first, last = x[0], series.index[-1].to_timestamp(how="end")

    def inside(stamps):  # only what falls within the data's span: the axis ends at the data
        return [t for t in stamps if first <= t <= last]

    fig = go.Figure(
        go.Scatter(x=x, y=series.to_numpy(), mode="lines", name="index", line={"color": "#444"})
    )
    for t in inside([pd.Period(p, freq="M").to_timestamp() for p in structural]):
        fig.add_vline(x=t, line_color="rgba(120,120,120,0.45)", line_width=1)
    for t in inside([p.to_timestamp() for p in transitions]):
        fig.add_vline(x=t, line_color="#1f6f8b", line_width=2, line_dash="dash")
    for t in inside([pd.Period(b, freq="M").to_timestamp() for b in breaks]):
        fig.add_vline(x=t, line_color="#c0392b", line_width=2)
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
        xaxis_range=[x[0], x[-1]],
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


def _span(test) -> pd.PeriodIndex:
    code = {"month": "M", "quarter": "Q", "year": "Y"}[test.freq]
    return pd.period_range(pd.Period(test.start, freq=code), pd.Period(test.end, freq=code))


def _yearly(frame: pd.DataFrame | None, column: str, span: pd.PeriodIndex) -> pd.Series:
    if frame is None:
        return pd.Series(np.nan, index=span)
    values = frame.drop_duplicates("year").set_index("year")[column].astype(float)
    return pd.Series(values.reindex([p.year for p in span]).to_numpy(), index=span)


def measure_series(
    tests: Mapping,
    *,
    index: pd.Series,
    unga: pd.DataFrame | None = None,
    ideal_distance: pd.DataFrame | None = None,
    capabilities: pd.DataFrame | None = None,
    dyad: str = "USA-RUS",
) -> dict[str, pd.DataFrame]:
    """Each tested measure as ``period, value, lo, hi`` over its test's span (``lo``/``hi``: the
    ideal-point distance's 95% interval; NaN elsewhere).

    Args:
        tests: the per-measure tests (``MeasureTest`` by name, e.g.
            ``Study.structure_summary["measures"]["tests"]``).
        index: the study's relations series (monthly PeriodIndex).
        unga: the pair's yearly alignment (``year, kappa``).
        ideal_distance: ``year, distance, lo, hi``.
        capabilities: a COW NMC table (``ccode, year, cinc``).
        dyad: whose CINC ratio the capability measure is (first over second, ISO3).
    """
    out = {}
    for name, test in tests.items():
        span = _span(test)
        lo = hi = pd.Series(np.nan, index=span)
        if name == "index":
            value = pd.Series(index, dtype=float).reindex(span)
        elif name == "kappa":
            value = _yearly(unga, "kappa", span)
        elif name == "idealpoint":
            value = _yearly(ideal_distance, "distance", span)
            lo = _yearly(ideal_distance, "lo", span)
            hi = _yearly(ideal_distance, "hi", span)
        elif name == "capability" and capabilities is not None:
            ratio = dyad_capabilities(capabilities, dyad)[["year", "ratio"]]
            value = _yearly(ratio, "ratio", span)
        else:
            continue
        out[name] = pd.DataFrame(
            {
                "period": [str(p) for p in span],
                "value": value.to_numpy(float),
                "lo": lo.to_numpy(float),
                "hi": hi.to_numpy(float),
            }
        )
    return out


def _x(period: str) -> pd.Timestamp:
    """A period (``1999``, ``1999-03``) or a date as the timestamp of its start."""
    text = str(period)
    freq = "Y" if len(text) == 4 else "M"
    return pd.Period(text[:7], freq=freq).to_timestamp()


def measures_figure(
    series: Mapping[str, pd.DataFrame],
    breaks: Mapping[str, Sequence[str]],
    *,
    transitions: Sequence,
    structural: Sequence,
):
    """One panel a measure on a shared time axis: the values (with the ideal-point interval),
    its breaks (red), leader changes (blue, dashed) and the register's structural events (grey)."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    names = list(series)
    fig = make_subplots(
        rows=len(names),
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.04,
        subplot_titles=[MEASURE_LABELS.get(n, n) for n in names],
    )
    for row, name in enumerate(names, start=1):
        frame = series[name]
        x = [_x(p) for p in frame["period"]]
        if frame["lo"].notna().any():
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=list(frame["hi"]) + list(frame["lo"])[::-1],
                    fill="toself",
                    fillcolor="rgba(68,68,68,0.15)",
                    line={"width": 0},
                    hoverinfo="skip",
                    showlegend=False,
                ),
                row=row,
                col=1,
            )
        mode = "lines" if len(frame) > 60 else "lines+markers"
        fig.add_trace(
            go.Scatter(x=x, y=frame["value"], mode=mode, name=name, line={"color": "#444"}),
            row=row,
            col=1,
        )
        lines = [(d, "rgba(120,120,120,0.45)", "solid", 1) for d in structural]
        lines += [(d, "#1f6f8b", "dash", 1.5) for d in transitions]
        lines += [(b, "#c0392b", "solid", 2) for b in breaks.get(name, [])]
        lo, hi = x[0], pd.Period(frame["period"].iloc[-1]).to_timestamp(how="end")
        for when, colour, dash, width in lines:
            if not lo <= _x(when) <= hi:  # only inside the span the measure's test used
                continue
            fig.add_vline(
                x=_x(when), line_color=colour, line_dash=dash, line_width=width, row=row, col=1
            )
    start = min(_x(s["period"].iloc[0]) for s in series.values())
    end = max(_x(s["period"].iloc[-1]) for s in series.values())
    fig.update_xaxes(range=[start, end])
    fig.update_layout(
        height=230 * len(names) + 60,
        template="plotly_white",
        showlegend=False,
        margin={"t": 40, "b": 30},
    )
    return fig
