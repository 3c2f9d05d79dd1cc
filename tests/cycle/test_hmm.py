"""The Gaussian HMM beside the change points, and the agreement measures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cycle.generators import piecewise_constant
from dyadwatch.cycle.hmm import HMMStages, agreement, cohen_kappa
from dyadwatch.cycle.stages import StageDetector


def _series(values):
    return pd.Series(values, index=pd.period_range("1995-01", periods=len(values), freq="M"))


def test_hmm_finds_clear_regimes_and_agrees_with_change_points():
    rng = np.random.default_rng(1)
    values = np.repeat([3.0, -3.0, 0.5, -3.0], 40) + rng.normal(0, 0.4, 160)
    series = _series(values)
    hmm = HMMStages(seed=0).fit(series)
    assert hmm.n_states_ == 3
    assert hmm.bkps_ == [40, 80, 120, 160]
    cp = StageDetector().fit(series)
    a = agreement(cp.segments_, hmm.segments_, tolerance_months=3)
    assert a["matched_boundaries"] == a["boundaries"] == 3
    assert a["label_agreement"] == 1.0


def test_hmm_is_seeded():
    signal, _ = piecewise_constant(120, 3, noise_std=1.0, seed=2)
    a = HMMStages(seed=7).fit(_series(signal)).states_
    b = HMMStages(seed=7).fit(_series(signal)).states_
    assert np.array_equal(a, b)


def test_cohen_kappa_by_hand():
    # 10 items: observed agreement 0.7; marginals a: 5 x, 5 y; b: 6 x, 4 y
    a = np.array(["x"] * 5 + ["y"] * 5)
    b = np.array(["x", "x", "x", "x", "y", "x", "x", "y", "y", "y"])
    pe = 0.5 * 0.6 + 0.5 * 0.4
    assert cohen_kappa(a, b, categories=("x", "y")) == pytest.approx((0.7 - pe) / (1 - pe))
    assert np.isnan(cohen_kappa(np.array(["x"] * 3), np.array(["x"] * 3), categories=("x", "y")))
