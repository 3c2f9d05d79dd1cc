"""Backtest of the stage forecast: rolling origin, only the data up to each origin.

At every month ``t`` from ``start`` until ``horizon`` months before the end of the data, the
stages are re-detected on the index up to ``t`` (for a sparse source, on the events dated up to
the end of month ``t``; the event-impact index is causal, so its values up to ``t`` do not use
later events), the transition model is re-fitted on those stages, and two forecasts are made
for the next ``horizon`` months:

* ``p_turn``: the probability of a turning point;
* the probability of each outcome ``none`` (no turning point) or the stage that begins.

They are scored against what happened according to the stages found on *all* the data (the
retrospective record) with the Brier score [Bri1950] and the log loss (probabilities clipped to
[0.01, 0.99]), and compared with a base-rate forecast that uses the same history: the
turning-point rate so far (``(turns + 0.5) / (months + 1)`` a month, Jeffreys-smoothed) and the
frequencies of the stages entered so far. Skill = 1 - score / base score: positive is better than
the base rate, zero no better, negative worse [Wil2011, ch. 9]. The numbers are what they are.

References:
    [Bri1950] Brier, G. W. (1950). Verification of forecasts expressed in terms of probability.
    Monthly Weather Review 78(1), 1–3.
    [Wil2011] Wilks, D. S. (2011). Statistical Methods in the Atmospheric Sciences, 3rd ed.
    Academic Press.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.cycle.detect import StageDetector
from dyadwatch.cycle.segments import STAGES
from dyadwatch.cycle.transitions import TransitionModel, spells
from dyadwatch.display import Result
from dyadwatch.errors import DyadwatchError
from dyadwatch.serialise import plain

__all__ = ["BacktestResult", "backtest_series", "brier", "log_loss"]

OUTCOMES = ("none",) + STAGES
_EPS = 0.01


def brier(p: np.ndarray, y: np.ndarray) -> float:
    """Mean Brier score; ``p`` and ``y`` of shape (n,) (binary) or (n, k) (multi-class)."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    if p.ndim == 1:
        return float(np.mean((p - y) ** 2))
    return float(np.mean(((p - y) ** 2).sum(axis=1)))


def log_loss(p: np.ndarray, y: np.ndarray, eps: float = _EPS) -> float:
    """Mean log loss (natural log), probabilities clipped to ``[eps, 1 - eps]``."""
    p, y = np.asarray(p, float), np.asarray(y, float)
    if p.ndim == 1:
        p = np.clip(p, eps, 1 - eps)
        return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))
    p = np.clip(p, eps, 1.0)
    p = p / p.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log((p * y).sum(axis=1))))


@dataclass
class BacktestResult(Result):
    """Per-origin forecasts and the scores.

    Attributes:
        forecasts: one row per origin: ``origin, stage, p_turn, p_base, turned, next_actual,
            p_next_model, p_next_base``.
        scores: rows ``turning point`` and ``next stage`` with Brier and log loss of the model
            and of the base rate and the skill scores.
        horizon: months.
        notes: how to read it.
    """

    forecasts: pd.DataFrame
    scores: pd.DataFrame
    horizon: int
    notes: list[str] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """The scores table."""
        return self.scores

    def title(self) -> str:
        return f"Backtest, horizon {self.horizon} months"

    def to_dict(self) -> dict[str, Any]:
        return {
            "horizon_months": self.horizon,
            "scores": plain(self.scores),
            "forecasts": plain(self.forecasts),
            "notes": self.notes,
        }


def _truth(series: pd.Series, observations, penalty, min_size) -> list[tuple[pd.Period, str]]:
    det = StageDetector(penalty=penalty, min_size=min_size, support=False).fit(series, observations)
    sp = spells(det.segments_)
    return [(r.start, r.stage) for r in sp.iloc[1:].itertuples()]


def backtest_series(
    series: pd.Series,
    observations: pd.DataFrame | None = None,
    *,
    start: str = "2000-01",
    end: str | None = None,
    horizon: int = 6,
    penalty: float | str = "hq",
    min_size: int | None = None,
    alpha: float = 0.5,
) -> BacktestResult:
    """Rolling-origin backtest on a monthly series (and its events, for a sparse source).

    Args:
        series: the monthly index.
        observations: the events behind a sparse index (None for a dense one).
        start, end: first and last origin (default last: ``horizon`` months before the end).
        horizon: months ahead.
        penalty, min_size: stage detection at every origin.
        alpha: Dirichlet pseudo-count of the transition model.
    """
    if horizon < 1:
        raise DyadwatchError("the horizon must be at least one month", where="{horizon}")
    code = series.index.freqstr
    if not code.upper().startswith("M"):
        raise DyadwatchError(
            "the backtest runs on a monthly index", where="{freq}", fix="use month"
        )
    first = pd.Period(start, freq=code)
    last_origin = series.index[-1] - horizon
    if end is not None:
        last_origin = min(last_origin, pd.Period(end, freq=code))
    if first > last_origin:
        raise DyadwatchError(
            f"no origin between {first} and {last_origin} (the data end {series.index[-1]})",
            where="{origin}",
            fix="choose an earlier {origin}",
        )
    truth = _truth(series, observations, penalty, min_size)
    obs_dates = pd.to_datetime(observations["date"]) if observations is not None else None
    rows = []
    for origin in pd.period_range(max(first, series.index[0]), last_origin, freq=code):
        prefix = series.loc[:origin]
        obs = observations.loc[obs_dates <= origin.end_time] if observations is not None else None
        try:
            det = StageDetector(penalty=penalty, min_size=min_size, support=False).fit(prefix, obs)
        except DyadwatchError:
            continue  # too little history yet
        upcoming = [(p, s) for p, s in truth if origin < p <= origin + horizon]
        rows.append(
            _origin_row(origin, len(prefix), spells(det.segments_), upcoming, horizon, alpha)
        )
    frame = pd.DataFrame(rows)
    if frame.empty:
        raise DyadwatchError(
            "no origin had enough history for the backtest", fix="use an earlier {origin}"
        )
    y = frame["turned"].to_numpy(float)
    notes = [
        f"{len(frame)} monthly origins from {frame['origin'].iloc[0]} to "
        f"{frame['origin'].iloc[-1]}; "
        f"a turning point followed within {horizon} months at {int(y.sum())} of them.",
        "Truth: the stages found on all the data; forecasts use only the data up to each origin.",
        "Skill = 1 - model score / base-rate score (>0 better than the base rate).",
    ]
    return BacktestResult(frame, _scores(frame), horizon, notes)


def _origin_row(origin, n_history, sp, upcoming, horizon, alpha) -> dict:
    """One origin: the transition model's forecast, the base rate's, and what followed."""
    model = TransitionModel(alpha=alpha).fit(sp)
    current = sp.iloc[-1]["stage"]
    fc = model.forecast(current, horizon=horizon)
    turns = len(sp) - 1
    rate = (turns + 0.5) / (n_history + 1.0)
    p_base = 1.0 - (1.0 - rate) ** horizon
    entered = pd.Series(sp["stage"].iloc[1:]).value_counts()
    freq = np.array([entered.get(s, 0) + alpha for s in STAGES], dtype=float)
    freq = freq / freq.sum()
    base_vec = {"none": 1.0 - p_base, **{s: p_base * f for s, f in zip(STAGES, freq, strict=True)}}
    model_vec = {
        "none": fc.within_horizon["none"],
        **{s: fc.within_horizon.get(s, 0.0) for s in STAGES},
    }
    actual = upcoming[0][1] if upcoming else "none"
    return {
        "origin": str(origin),
        "stage": current,
        "p_turn": fc.p_turn,
        "p_base": p_base,
        "turned": int(bool(upcoming)),
        "next_actual": actual,
        "p_next_model": model_vec[actual],
        "p_next_base": base_vec[actual],
        **{f"model_{k}": v for k, v in model_vec.items()},
        **{f"base_{k}": v for k, v in base_vec.items()},
    }


def _scores(frame: pd.DataFrame) -> pd.DataFrame:
    """Brier and log-loss of the model and the base rate, and the skill, for both forecasts."""
    y = frame["turned"].to_numpy(float)
    onehot = np.array([[1.0 if o == a else 0.0 for o in OUTCOMES] for a in frame["next_actual"]])
    pm = frame[[f"model_{o}" for o in OUTCOMES]].to_numpy(float)
    pb = frame[[f"base_{o}" for o in OUTCOMES]].to_numpy(float)
    score_rows = []
    for name, model_p, base_p, truth_y in (
        ("turning point", frame["p_turn"].to_numpy(float), frame["p_base"].to_numpy(float), y),
        ("next stage", pm, pb, onehot),
    ):
        b_m, b_b = brier(model_p, truth_y), brier(base_p, truth_y)
        l_m, l_b = log_loss(model_p, truth_y), log_loss(base_p, truth_y)
        score_rows.append(
            {
                "forecast": name,
                "origins": len(frame),
                "events": int(y.sum()),
                "brier_model": b_m,
                "brier_base": b_b,
                "brier_skill": 1.0 - b_m / b_b if b_b > 0 else float("nan"),
                "logloss_model": l_m,
                "logloss_base": l_b,
                "logloss_skill": 1.0 - l_m / l_b if l_b > 0 else float("nan"),
            }
        )
    return pd.DataFrame(score_rows)
