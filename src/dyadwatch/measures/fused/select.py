"""Local level or local linear trend: blocked, forward-chaining cross-validation.

The months are cut into ``folds`` contiguous blocks. For every block after the first, both
models are fitted on the months before it and scored by the one-step-ahead predictive
log-density of the block's observations (the Kalman filter run on through the block at the
training parameters, so each month is predicted from the months before it only). The model with
the larger total held-out log-likelihood is chosen; the per-block differences give its standard
error. Blocked forward-chaining is the cross-validation that respects time order for dependent
data [BB2012; Tas2000].

References:
    [BB2012] Bergmeir, C., Benítez, J. M. (2012). On the use of cross-validation for time series
    predictor evaluation. Information Sciences 191, 192–213.
    [Tas2000] Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy: an analysis
    and review. International Journal of Forecasting 16(4), 437–450.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dyadwatch.measures.fused.streams import Stream

__all__ = ["select_trend", "held_out_loglike"]

#: A training sample shorter than this (months) is not used.
MIN_TRAIN_MONTHS = 36


def held_out_loglike(
    streams: Sequence[Stream], periods: pd.PeriodIndex, trend: str, *, folds: int = 5
) -> pd.DataFrame:
    """Per block: months, training months and the held-out log-likelihood of ``trend``."""
    from dyadwatch.measures.fused.measure import FusedMeasure

    blocks = np.array_split(np.arange(len(periods)), folds)
    rows = []
    for k in range(1, folds):
        first, last = int(blocks[k][0]), int(blocks[k][-1])
        if first < MIN_TRAIN_MONTHS:
            continue
        fit = FusedMeasure(trend=trend, start=periods[0], end=periods[first - 1]).fit(streams)
        llo = fit.loglikeobs_on(streams, periods[: last + 1])
        rows.append(
            {
                "block": k,
                "start": str(periods[first]),
                "end": str(periods[last]),
                "train_months": first,
                "loglike": float(llo.iloc[first:].sum()),
            }
        )
    return pd.DataFrame(rows)


def select_trend(streams: Sequence[Stream], periods: pd.PeriodIndex, *, folds: int = 5):
    """Compare local level and local linear trend; the table has ``attrs["chosen"]``.

    Returns:
        One row per block: ``start, end, train_months, level, trend, difference`` (trend minus
        level, nats); ``attrs``: ``chosen``, ``total_difference``, ``se`` (of the total, from
        the spread of the per-block differences).
    """
    level = held_out_loglike(streams, periods, "level", folds=folds)
    trend = held_out_loglike(streams, periods, "trend", folds=folds)
    table = level.rename(columns={"loglike": "level"})
    table["trend"] = trend["loglike"].to_numpy()
    table["difference"] = table["trend"] - table["level"]
    total = float(table["difference"].sum())
    k = len(table)
    se = float(table["difference"].std(ddof=1) * np.sqrt(k)) if k > 1 else float("nan")
    table.attrs.update(
        {"chosen": "trend" if total > 0 else "level", "total_difference": total, "se": se}
    )
    return table
