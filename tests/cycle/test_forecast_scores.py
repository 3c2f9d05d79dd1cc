"""Scores: closed forms against properscoring and by hand; the bootstrap interval."""

from __future__ import annotations

import numpy as np
import pytest

from dyadwatch.cycle.forecast.scores import (
    block_bootstrap_skill,
    crps_ensemble,
    crps_gaussian,
    ignorance,
    rps,
    skill,
)


def test_crps_against_properscoring():
    ps = pytest.importorskip("properscoring")
    rng = np.random.default_rng(3)
    y, mu, sd = rng.normal(size=20), rng.normal(size=20), rng.uniform(0.2, 3, 20)
    assert np.allclose(crps_gaussian(y, mu, sd), ps.crps_gaussian(y, mu, sd))
    for _ in range(5):
        members = rng.normal(size=int(rng.integers(1, 30)))
        assert crps_ensemble(0.4, members) == pytest.approx(ps.crps_ensemble(0.4, members))


def test_crps_limits():
    # a point forecast: CRPS is the absolute error
    assert crps_ensemble(2.0, [0.5]) == pytest.approx(1.5)
    # a sharp Gaussian tends to the absolute error too
    assert float(crps_gaussian(2.0, 0.5, 1e-6)) == pytest.approx(1.5, abs=1e-5)


def test_rps_and_ignorance_by_hand():
    p = [0.5, 0.5, 0.0, 0.0, 0.0]
    # cumulative forecast 0.5, 1, 1, 1, 1 against outcome category 2: 0, 0, 1, 1, 1
    assert rps(p, 2) == pytest.approx(0.25 + 1.0)
    assert rps([0, 0, 1, 0, 0], 2) == 0.0
    assert ignorance([0.25, 0.75], 1) == pytest.approx(-np.log2(0.75))
    assert ignorance([1.0, 0.0], 1, floor=0.01) == pytest.approx(-np.log2(0.01 / 1.01))


def test_skill_and_interval():
    rng = np.random.default_rng(0)
    ref = rng.uniform(1, 2, 200)
    score = ref * 0.8
    assert skill(score, ref) == pytest.approx(0.2)
    lo, hi = block_bootstrap_skill(score, ref, block=6)
    assert lo == pytest.approx(0.2) and hi == pytest.approx(0.2)
    noisy = ref * rng.uniform(0.5, 1.1, 200)
    lo, hi = block_bootstrap_skill(noisy, ref, block=6)
    assert lo < skill(noisy, ref) < hi
