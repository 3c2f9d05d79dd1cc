"""Norm-trust figure: one line per observer, the band, the mirror, axes at the data."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadwatch.plots.trust import belief_figure


def posterior(years: range, mean: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": list(years),
            "mean": [mean] * len(years),
            "lower": [mean - 0.1] * len(years),
            "upper": [mean + 0.1] * len(years),
            "events": [[] for _ in years],
        }
    )


def test_lines_band_and_mirror():
    fig = belief_figure(
        {"a": posterior(range(2000, 2006), 0.5), "b": posterior(range(2000, 2006), 0.3)},
        band="b",
        mirrors={"m": posterior(range(2000, 2006), 0.6)},
        credible=0.8,
    )
    names = [t.name for t in fig.data]
    assert names[0] == "b: 80% credible band"
    assert names[1:3] == ["Moscow about the West: a", "Moscow about the West: b"]
    assert names[3] == "mirror: the West about Russia (m)"
    band = fig.data[0]
    assert list(band.x) == [*range(2000, 2006), *range(2005, 1999, -1)]
    assert band.y[0] == pytest.approx(0.4) and band.y[6] == pytest.approx(0.2)  # upper; lower
    assert fig.data[1].customdata[0] == "no ledger events"


def test_axes_end_at_the_data_and_read_in_percent():
    fig = belief_figure({"a": posterior(range(1994, 2011), 0.5)})
    assert len(fig.data) == 1
    assert tuple(fig.layout.xaxis.range) == (1994, 2010)
    assert tuple(fig.layout.yaxis.range) == (0, 1)
    assert fig.layout.yaxis.tickformat == ".0%"
    assert "%" in fig.data[0].hovertemplate
