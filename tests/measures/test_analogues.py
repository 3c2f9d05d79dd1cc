"""Analogues: ranking by TF-IDF similarity, no look-ahead, and the backtest against persistence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cli import main
from dyadwatch.measures.analogues import (
    analogue_forecast,
    backtest_analogues,
    event_documents,
    find_analogues,
)


def _events():
    rows = [
        ("2001-01-10", "163", "The US imposed sanctions on Russian banks"),
        ("2001-03-10", "036", "Leaders agreed to meet at a summit in Geneva"),
        ("2001-05-10", "190", "Troops fired artillery across the border"),
        ("2002-01-10", "163", "New sanctions hit Russian banks and energy firms"),
    ]
    return pd.DataFrame(
        [
            {
                "date": pd.Timestamp(d),
                "cameo": c,
                "description": t,
                "actor1": "USA",
                "actor2": "RUS",
                "actor1_detail": None,
                "actor2_detail": None,
            }
            for d, c, t in rows
        ]
    )


def _series():
    idx = pd.period_range("2000-12", "2003-12", freq="M")
    values = np.linspace(0, -3.6, len(idx))  # falls 0.1 a month
    return pd.Series(values, index=idx)


def test_most_similar_first_and_no_look_ahead():
    events, series = _events(), _series()
    query = event_documents(
        pd.DataFrame([{"description": "sanctions on energy firms", "cameo": "163"}])
    )
    found = find_analogues(events, series, query[0], before=pd.Period("2002-12", "M"), k=2)
    assert found["description"].iloc[0].startswith("New sanctions")
    assert found["similarity"].is_monotonic_decreasing
    assert found["change"].iloc[0] == pytest.approx(-0.6)
    # from 2002-06 the 2002-01 event's six months are not over yet: it is not a candidate
    early = find_analogues(events, series, query[0], before=pd.Period("2002-06", "M"), k=4)
    assert "New sanctions hit Russian banks and energy firms" not in set(early["description"])
    assert analogue_forecast(found) == pytest.approx(-0.6)


def test_backtest_on_a_trend_beats_persistence():
    """On a steady decline every analogue saw the same change: the analogue forecast is exact,
    persistence is off by six months of decline."""
    events = pd.concat([_events()] * 1).reset_index(drop=True)
    table, summary = backtest_analogues(events, _series(), k=2, min_history=12)
    assert summary["origins"] == len(table) == 1  # only 2002-01 has events and history
    assert summary["mae_analogue"] == pytest.approx(0.0, abs=1e-9)
    assert summary["mae_persistence"] == pytest.approx(0.6)
    assert summary["skill"] == pytest.approx(1.0)


def test_cli_analogues_and_backtest_on_the_chronology(tmp_path, capsys):
    assert main(["analogues", "--k", "3", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert out.count('"similarity"') == 3
    assert main(["analogues", "--text", "sanctions", "--cameo", "163", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("date,cameo,description,similarity")
