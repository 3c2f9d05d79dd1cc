"""Forecasts of the fused measure and of what can be observed, with their baselines.

Two targets ``h`` months after an origin (the last month of the data):

* ``events``: the month's mean Goldstein score of the dyad's own events in the reference stream
  (the curated chronology), when it has events. Observable. Under the fused model that mean is
  ``mu_{t+h} + e`` with ``Var(e) = sigma_ref^2 / n`` [see measures.fused.model], so the
  predictive is ``N(m_h, s_h^2 + sigma_ref^2 / n)``, ``m_h, s_h`` the state forecast of
  :func:`~dyadwatch.measures.fused.predict.state_forecast` and ``n`` the month's (effective)
  number of events: the forecast is conditional on how many events the month has, not on their
  scores.
* ``measure``: the fused measure itself as estimated later from all data (the smoothed mean):
  the predictive is the state forecast ``N(m_h, s_h^2)``. Not observable, but what the tool
  plots.

Baselines, built from the data up to the origin only, as empirical distributions (scored with
the ensemble CRPS):

* persistence (no change): the last value plus every past change over the same lag, so the
  no-change forecast has the spread the series' own history gives it;
* climatology: every past value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["observed_sd", "persistence_members", "climatology_members"]


def observed_sd(fit) -> float:
    """The reference stream's per-event noise sd (state units) of a fitted fused measure."""
    table = fit.params_
    return float(table.loc[table["reference"].astype(bool), "noise_sd"].iloc[0])


def persistence_members(values: pd.Series, target: pd.Period) -> np.ndarray:
    """No-change ensemble for ``target``: the last value plus the past changes over its lag.

    Args:
        values: a monthly series up to the origin (missing months absent or NaN).
        target: the month forecast.
    """
    v = values.dropna()
    if len(v) < 2:
        return v.to_numpy(float)
    lag = (target - v.index[-1]).n
    shifted = v.copy()
    shifted.index = shifted.index + lag
    diffs = (v - shifted.reindex(v.index)).dropna().to_numpy(float)
    if not len(diffs):
        return np.array([float(v.iloc[-1])])
    return float(v.iloc[-1]) + diffs


def climatology_members(values: pd.Series) -> np.ndarray:
    """Every past value (the climatological distribution)."""
    return values.dropna().to_numpy(float)
