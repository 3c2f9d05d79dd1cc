"""Backtest: scores by hand, no look-ahead, and skill reported whatever it is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cycle.backtest import backtest_series, brier, log_loss
from dyadwatch.cycle.generators import stage_cycle


def test_scores_by_hand():
    p, y = np.array([0.2, 0.9]), np.array([0.0, 1.0])
    assert brier(p, y) == pytest.approx((0.04 + 0.01) / 2)
    assert log_loss(p, y) == pytest.approx(-(np.log(0.8) + np.log(0.9)) / 2)
    pm = np.array([[0.5, 0.5, 0.0]])
    ym = np.array([[0.0, 0.0, 1.0]])
    assert brier(pm, ym) == pytest.approx(0.25 + 0.25 + 1.0)
    # the 0 is clipped to 0.01 then renormalised
    assert log_loss(pm, ym) == pytest.approx(-np.log(0.01 / 1.01))


def _series():
    signal, _, _ = stage_cycle(3, noise_std=0.4, duration=(10, 18), seed=4)
    return pd.Series(signal, index=pd.period_range("1996-01", periods=len(signal), freq="M"))


def test_backtest_runs_and_reports_skill():
    result = backtest_series(_series(), start="2008-01", horizon=6)
    scores = result.scores.set_index("forecast")
    assert set(scores.index) == {"turning point", "next stage"}
    assert scores.loc["turning point", "origins"] == len(result.forecasts)
    for col in ("brier_skill", "logloss_skill"):
        assert np.isfinite(scores[col]).all()
    expected = (
        1 - scores.loc["turning point", "brier_model"] / scores.loc["turning point", "brier_base"]
    )
    assert scores.loc["turning point", "brier_skill"] == pytest.approx(expected)
    assert result.forecasts["p_turn"].between(0, 1).all()


def test_no_look_ahead():
    """Changing the data after an origin leaves that origin's forecast unchanged."""
    series = _series()
    origin = pd.Period("2001-06", "M")
    altered = series.copy()
    altered.loc[origin + 1 :] = -altered.loc[origin + 1 :] + 3.0
    a = backtest_series(series, start="2001-06", end="2001-07").forecasts.set_index("origin")
    b = backtest_series(altered, start="2001-06", end="2001-07").forecasts.set_index("origin")
    assert a.loc["2001-06", "p_turn"] == b.loc["2001-06", "p_turn"]
    assert a.loc["2001-06", "stage"] == b.loc["2001-06", "stage"]
