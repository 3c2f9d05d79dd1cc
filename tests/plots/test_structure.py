"""Structure figures: a panel a measure, and nothing drawn outside the data's span."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadwatch.plots.structure import measure_series, measures_figure, timing_figure


def _frame(periods, values):
    return pd.DataFrame(
        {"period": periods, "value": values, "lo": np.nan, "hi": np.nan},
        columns=["period", "value", "lo", "hi"],
    )


def test_measures_figure_panels_and_markers_inside_each_span():
    monthly = [str(p) for p in pd.period_range("2000-01", "2009-12", freq="M")]
    yearly = [str(y) for y in range(2002, 2008)]
    series = {"index": _frame(monthly, np.arange(120.0)), "kappa": _frame(yearly, np.ones(6))}
    fig = measures_figure(
        series,
        {"index": ["2005-03"], "kappa": ["2004"]},
        transitions=["1993-01-20", "2001-01-20", "2009-01-20"],
        structural=["1999-03-12", "2004-03-29", "2008-08-08"],
    )
    assert len(fig.data) == 2
    xs = {}
    for shape in fig.layout.shapes:
        xs.setdefault(shape.yref, []).append(pd.Timestamp(shape.x0))
    index_lines, kappa_lines = (sorted(v) for _, v in sorted(xs.items()))
    # index 2000-2009: the 2001 and 2009 inaugurations, 2004 and 2008 events, the 2005 break
    assert len(index_lines) == 5 and min(index_lines).year == 2001
    # kappa 2002-2007: the 2004 event and the 2004 break only
    assert [t.year for t in kappa_lines] == [2004, 2004]
    lo, hi = (pd.Timestamp(x) for x in fig.layout.xaxis.range)
    assert (lo, hi) == (pd.Timestamp("2000-01-01"), pd.Timestamp("2009-12-01"))


def test_timing_figure_axis_ends_at_the_data():
    idx = pd.period_range("1992-01", "1999-12", freq="M")
    fig = timing_figure(
        pd.Series(np.zeros(len(idx)), index=idx),
        ["1995-06"],
        [pd.Period("1989-01", freq="M"), pd.Period("1993-01", freq="M")],
        ["1991-12", "1999-03"],
    )
    lines = sorted(pd.Timestamp(s.x0) for s in fig.layout.shapes)
    assert [t.strftime("%Y-%m") for t in lines] == ["1993-01", "1995-06", "1999-03"]
    assert [pd.Timestamp(x) for x in fig.layout.xaxis.range] == [
        pd.Timestamp("1992-01-01"),
        pd.Timestamp("1999-12-01"),
    ]


def test_measure_series_keeps_the_tested_span():
    from types import SimpleNamespace

    tests = {
        "kappa": SimpleNamespace(freq="year", start="1995", end="1998"),
        "idealpoint": SimpleNamespace(freq="year", start="1996", end="1997"),
    }
    unga = pd.DataFrame({"year": range(1990, 2000), "kappa": np.linspace(0, 0.9, 10)})
    ideal = pd.DataFrame(
        {"year": [1996, 1997], "distance": [1.0, 2.0], "lo": [0.5, 1.5], "hi": [1.5, 2.5]}
    )
    out = measure_series(tests, index=pd.Series(dtype=float), unga=unga, ideal_distance=ideal)
    assert out["kappa"]["period"].tolist() == ["1995", "1996", "1997", "1998"]
    assert np.allclose(out["kappa"]["value"], [0.5, 0.6, 0.7, 0.8])
    assert out["idealpoint"][["lo", "hi"]].to_numpy().tolist() == [[0.5, 1.5], [1.5, 2.5]]


def test_capability_panel_is_the_pairs_ratio():
    import types

    nmc = pd.DataFrame(
        {
            "ccode": [2, 2, 710, 710, 365, 365],
            "year": [2000, 2001] * 3,
            "cinc": [0.14, 0.15, 0.20, 0.25, 0.04, 0.05],
        }
    )
    test = types.SimpleNamespace(freq="year", start="2000", end="2001")
    out = measure_series(
        {"capability": test}, index=pd.Series(dtype=float), capabilities=nmc, dyad="USA-CHN"
    )
    assert out["capability"]["value"].round(6).tolist() == [0.7, 0.6]
    usa_rus = measure_series({"capability": test}, index=pd.Series(dtype=float), capabilities=nmc)
    assert usa_rus["capability"]["value"].round(6).tolist() == [3.5, 3.0]
