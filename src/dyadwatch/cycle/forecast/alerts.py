"""The monthly arrow, the risk alert and the opportunity flag, with backtested hit rates.

**Arrow** (CrisisWatch's deteriorated / improved / unchanged [CG]). The month's news is the move
of the filtered measure from its one-step prediction, ``d_t = a_{t|t} - a_{t|t-1}``. Under the
model, in a month when nothing but the usual drift happens, ``d_t`` is Gaussian with mean 0 and
variance ``P_{t|t-1} - P_{t|t}`` (the variance of the Kalman update ``K_t v_t`` [DK2012,
sec. 4.3]), so ``z_t = d_t / sqrt(P_{t|t-1} - P_{t|t})`` is standard normal. The arrow shows when
``|z_t| > 1.645``: the threshold comes from the measure's own noise, and a stable relationship
gets a (false) arrow in 10 % of months.

**Risk alert / opportunity flag.** The stage model's probability that a crisis (a reset) spell
begins within six months. The threshold is the one that maximises the Peirce skill score
(hit rate minus false-alarm rate [Pei1884; Wil2011, sec. 8.2]) over backtest origins whose
outcome is known; the reported rates are out of sample: at each origin the threshold is chosen
only from origins resolved before it (``origin + 6 <= t``).

References:
    [CG] International Crisis Group, CrisisWatch: methodology (monthly arrows, conflict risk
    alerts, resolution opportunities).
    [DK2012] Durbin, J., Koopman, S. J. (2012). Time Series Analysis by State Space Methods.
    [Pei1884] Peirce, C. S. (1884). The numerical measure of the success of predictions.
    Science 4(93), 453–454.
    [Wil2011] Wilks, D. S. (2011). Statistical Methods in the Atmospheric Sciences, 3rd ed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["ARROW_Z", "arrows", "onsets", "choose_threshold", "alert_record"]

ARROW_Z = 1.645
GRID = np.round(np.arange(0.05, 1.0, 0.05), 2)


def arrows(filtered: pd.DataFrame, z: float = ARROW_Z) -> pd.DataFrame:
    """Per month: ``news``, ``z`` and ``arrow`` from a fused fit's ``filtered_`` frame."""
    news = filtered["mean"] - filtered["predicted"]
    var = filtered["predicted_sd"] ** 2 - filtered["sd"] ** 2
    score = news / np.sqrt(var.where(var > 0))
    arrow = np.where(score > z, "improved", np.where(score < -z, "deteriorated", "unchanged"))
    arrow = np.where(score.isna(), "unchanged", arrow)
    return pd.DataFrame({"news": news, "z": score, "arrow": arrow}, index=filtered.index)


def onsets(path: pd.Series, stage: str, horizon: int) -> pd.Series:
    """Per month ``t``: 1 when a ``stage`` spell begins in ``t+1..t+horizon`` of ``path``."""
    begins = (path == stage) & (path.shift(1) != stage) & path.shift(1).notna()
    later = [begins.shift(-k) for k in range(1, horizon + 1)]
    out = pd.concat(later, axis=1).fillna(False).astype(bool).any(axis=1).astype(int)
    out.iloc[len(out) - horizon :] = -1  # not yet resolved
    return out


def _rates(p, y, threshold) -> dict[str, float]:
    alert = p >= threshold
    events, quiet = y == 1, y == 0
    return {
        "hit_rate": float(alert[events].mean()) if events.any() else float("nan"),
        "false_alarm_rate": float(alert[quiet].mean()) if quiet.any() else float("nan"),
        "false_alarm_ratio": float((~events[alert]).mean()) if alert.any() else float("nan"),
        "alerts": int(alert.sum()),
        "events": int(events.sum()),
    }


def choose_threshold(p: np.ndarray, y: np.ndarray) -> float:
    """The grid threshold with the best Peirce skill score (NaN without events and quiet)."""
    if not (y == 1).any() or not (y == 0).any():
        return float("nan")
    best = max(GRID, key=lambda t: (_peirce(p, y, t), -t))
    return float(best)


def _peirce(p, y, t) -> float:
    r = _rates(p, y, t)
    return r["hit_rate"] - r["false_alarm_rate"]


def alert_record(p: pd.Series, y: pd.Series, horizon: int) -> dict:
    """Out-of-sample hit and false-alarm rates of the rolling threshold, and today's threshold.

    Args:
        p: per origin (monthly, in order) the forecast probability.
        y: per origin the outcome (1 event, 0 none, -1 unresolved).
    """
    p_arr, y_arr = p.to_numpy(float), y.to_numpy(int)
    alerts = np.zeros(len(p_arr), bool)
    for i in range(len(p_arr)):
        known = slice(0, max(0, i - horizon + 1))
        t = choose_threshold(p_arr[known], y_arr[known])
        alerts[i] = bool(np.isfinite(t) and p_arr[i] >= t)
    ok = y_arr >= 0
    rates = _rates(alerts[ok].astype(float), y_arr[ok], 0.5)
    rates["threshold"] = choose_threshold(p_arr[ok], y_arr[ok])
    rates["resolved_origins"] = int(ok.sum())
    return rates


def outlook(fit, model, events: pd.DataFrame | None = None, record: pd.DataFrame | None = None):
    """The month's arrow (with the events behind it), the alert probabilities and, when a
    backtest ``record`` (from :func:`~dyadwatch.cycle.forecast.backtest.rolling_forecasts`) is
    given, each signal's threshold and out-of-sample hit and false-alarm rates."""
    from dyadwatch.cycle.forecast.backtest import ALERT_HORIZON, onset_probability

    arrow = arrows(fit.filtered_).iloc[-1]
    month = fit.periods_[-1]
    behind = []
    if events is not None and len(events):
        ev = events.loc[pd.PeriodIndex(pd.to_datetime(events["date"]), freq="M") == month]
        behind = [
            {
                "date": str(pd.Timestamp(r["date"]).date()),
                "goldstein": float(r["goldstein"]),
                "description": r.get("description"),
            }
            for _, r in ev.sort_values("date").iterrows()
        ]
    out = {
        "month": str(month),
        "arrow": str(arrow["arrow"]),
        "news_z": None if pd.isna(arrow["z"]) else round(float(arrow["z"]), 2),
        "arrow_threshold_z": ARROW_Z,
        "events": behind,
    }
    path = model.stage_probabilities().idxmax(axis=1)
    for name, stage in (("risk_alert", "crisis"), ("opportunity", "reset")):
        p = onset_probability(model, stage, ALERT_HORIZON)
        sig = {"stage": stage, "p_within_6_months": round(p, 3)}
        if record is not None:
            first = record.loc[record["horizon"] == record["horizon"].min()]
            y = onsets(path, stage, ALERT_HORIZON).reindex(first["origin"]).fillna(-1)
            rec = alert_record(first[f"p_{stage}_onset"], y.astype(int), ALERT_HORIZON)
            sig |= rec | {"on": bool(np.isfinite(rec["threshold"]) and p >= rec["threshold"])}
        out[name] = sig
    return out
