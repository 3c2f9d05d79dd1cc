"""Stage forecasts from any stage model: a small protocol, the change-point adapter, the chain.

A stage model is anything with ``fit(series) -> self``, ``stage_probabilities()`` (a frame,
one row a month of the series, one column a stage of :data:`~dyadwatch.stagenames.STAGES`) and
``predict_stages(h)`` (the stage distribution ``1..h`` months after the last month: a frame with
one row a horizon, or a vector for horizon ``h``). The ordered hidden semi-Markov model of
``cycle/hsmm`` has this shape; :class:`ChangePointStages` gives it to the change-point method
(:class:`~dyadwatch.cycle.detect.StageDetector`), so the forecast and the backtest run with
either: pass ``stage_model=`` a factory (a class or a ``lambda: Model(...)``).

The change-point method has no probabilities of its own: its stage probabilities are one-hot
(the label of each month), and its forecast is a monthly Markov chain built from
:class:`~dyadwatch.cycle.transitions.TransitionModel`: stay with probability ``1 - q_i``
(``q_i`` the posterior predictive chance of a turning point within one month), otherwise move to
stage ``j`` with the Dirichlet-smoothed next-stage probability. A chain is memoryless; the
semi-Markov model is not.

Onsets: :func:`p_onset` is the probability that a spell of ``stage`` *begins* within ``h``
months (a transition into it from another stage), by the chain with an absorbing "entered"
state. This is the event behind the risk alert (crisis) and the opportunity flag (reset).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
import pandas as pd

from dyadwatch.stagenames import STAGES

__all__ = [
    "StageModel",
    "ChangePointStages",
    "stage_vector",
    "chain_matrix",
    "chain_forecast",
    "p_onset",
]


@runtime_checkable
class StageModel(Protocol):
    """What the forecast needs of a stage model."""

    def fit(self, series: pd.Series) -> StageModel: ...

    def stage_probabilities(self) -> pd.DataFrame: ...

    def predict_stages(self, h: int): ...


def stage_vector(prediction, h: int) -> np.ndarray:
    """The length-5 distribution at horizon ``h`` from whatever ``predict_stages`` returned."""
    if isinstance(prediction, pd.DataFrame):
        row = prediction.loc[h] if h in prediction.index else prediction.iloc[-1]
        vec = np.array([float(row.get(s, 0.0)) for s in STAGES])
    elif isinstance(prediction, pd.Series):
        vec = np.array([float(prediction.get(s, 0.0)) for s in STAGES])
    else:
        arr = np.asarray(prediction, float)
        vec = arr[-1] if arr.ndim == 2 else arr
    total = vec.sum()
    return vec / total if total > 0 else np.full(len(STAGES), 1.0 / len(STAGES))


def chain_matrix(transitions) -> np.ndarray:
    """Monthly transition matrix from a fitted :class:`TransitionModel`."""
    k = len(STAGES)
    out = np.zeros((k, k))
    probs = transitions.probs_.to_numpy(float)
    for i, s in enumerate(STAGES):
        a, b = transitions._gamma(s)
        q = 1.0 - (b / (b + 1.0)) ** a
        out[i] = q * probs[i]
        out[i, i] = 1.0 - q
    return out


def chain_forecast(matrix: np.ndarray, start: np.ndarray, h: int) -> pd.DataFrame:
    """Stage distributions ``1..h`` months after ``start`` (rows: horizons)."""
    rows, p = [], np.asarray(start, float)
    for _ in range(h):
        p = p @ matrix
        rows.append(p)
    return pd.DataFrame(rows, index=pd.RangeIndex(1, h + 1, name="horizon"), columns=STAGES)


def p_onset(matrix: np.ndarray, start: np.ndarray, stage: str, h: int) -> float:
    """P(a spell of ``stage`` begins within ``h`` months), by the chain from ``start``."""
    k = len(STAGES)
    j = STAGES.index(stage)
    aug = np.zeros((k + 1, k + 1))
    aug[:k, :k] = matrix
    for i in range(k):
        if i != j:
            aug[i, k] = matrix[i, j]
            aug[i, j] = 0.0
    aug[k, k] = 1.0
    p = np.append(np.asarray(start, float), 0.0)
    for _ in range(h):
        p = p @ aug
    return float(p[k])


class ChangePointStages:
    """The change-point stage method behind the stage-model protocol.

    Change points on the dyad's events up to the series' last month (the event is the unit, as
    in ``dyadwatch stages``), stage labels from the series' level, trend and jumps; with no
    events, change points on the series itself.

    Args:
        observations: the events (``date``, ``goldstein``, ``weight``) or None.
        penalty, min_size: see :class:`~dyadwatch.cycle.detect.StageDetector`.
        alpha: Dirichlet pseudo-count of the transition model.

    Attributes:
        detector_, spells_, transitions_, matrix_: the fitted parts.
    """

    def __init__(self, observations=None, *, penalty="hq", min_size=None, alpha=0.5) -> None:
        self.observations = observations
        self.penalty = penalty
        self.min_size = min_size
        self.alpha = alpha

    def fit(self, series: pd.Series) -> ChangePointStages:
        from dyadwatch.cycle.detect import StageDetector
        from dyadwatch.cycle.transitions import TransitionModel, spells

        obs = self.observations
        if obs is not None:
            obs = obs.loc[pd.to_datetime(obs["date"]) <= series.index[-1].end_time]
        self.detector_ = StageDetector(
            penalty=self.penalty, min_size=self.min_size, support=False
        ).fit(series, obs)
        self.spells_ = spells(self.detector_.segments_)
        self.transitions_ = TransitionModel(alpha=self.alpha).fit(self.spells_)
        self.matrix_ = chain_matrix(self.transitions_)
        self.index_ = series.index
        return self

    def stage_probabilities(self) -> pd.DataFrame:
        labels = pd.Series(index=self.index_, dtype=object)
        for seg in self.detector_.segments_:
            labels.loc[seg.start : seg.end] = seg.stage
        onehot = pd.DataFrame(0.0, index=self.index_, columns=list(STAGES))
        for s in STAGES:
            onehot.loc[labels == s, s] = 1.0
        return onehot

    def predict_stages(self, h: int) -> pd.DataFrame:
        now = self.stage_probabilities().iloc[-1].to_numpy(float)
        return chain_forecast(self.matrix_, now, h)

    def onset(self, stage: str, h: int) -> float:
        """P(a ``stage`` spell begins within ``h`` months)."""
        now = self.stage_probabilities().iloc[-1].to_numpy(float)
        return p_onset(self.matrix_, now, stage, h)
