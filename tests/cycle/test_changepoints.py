"""Change points: exact recovery, Dynp as the reference, noisy precision/recall, penalties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ruptures as rpt
from hypothesis import given, settings
from hypothesis import strategies as st
from ruptures.metrics import precision_recall

from dyadwatch.cycle.changepoints import ChangePoints, criterion_penalty, noise_sd
from dyadwatch.cycle.costs import CostGroupedL2, CostL2
from dyadwatch.cycle.generators import piecewise_constant


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("criterion", ["hq", "bic", "aic"])
def test_exact_recovery_without_noise(seed, criterion):
    signal, bkps = piecewise_constant(150, 4, noise_std=0.0, min_gap=8, seed=seed)
    assert ChangePoints(min_size=3).fit(signal).predict(criterion) == bkps


@pytest.mark.parametrize("seed", range(4))
def test_ruptures_pelt_solver_recovers_the_same_without_noise(seed):
    signal, bkps = piecewise_constant(120, 3, noise_std=0.0, min_gap=8, seed=seed)
    assert ChangePoints(solver="pelt", min_size=2).fit(signal).predict("hq") == bkps


def test_generators_are_seeded():
    a = piecewise_constant(100, 3, noise_std=1.0, seed=5)
    b = piecewise_constant(100, 3, noise_std=1.0, seed=5)
    c = piecewise_constant(100, 3, noise_std=1.0, seed=6)
    assert np.array_equal(a[0], b[0]) and a[1] == b[1]
    assert not np.array_equal(a[0], c[0])


@pytest.mark.parametrize(
    ("criterion", "min_precision", "min_recall"), [("bic", 0.9, 0.9), ("hq", 0.75, 0.9)]
)
def test_precision_recall_under_noise(criterion, min_precision, min_recall):
    precisions, recalls = [], []
    for seed in range(25):
        signal, bkps = piecewise_constant(
            300, 5, noise_std=1.0, delta=(2, 5), min_gap=20, seed=seed
        )
        found = ChangePoints(min_size=3).fit(signal).predict(criterion)
        p, r = precision_recall(bkps, found, margin=5)
        precisions.append(p)
        recalls.append(r)
    assert np.mean(precisions) >= min_precision
    assert np.mean(recalls) >= min_recall


def _cost(signal, bkps):
    return CostL2().fit(signal).sum_of_costs(bkps)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.floats(-50, 50, allow_nan=False), min_size=12, max_size=36),
    min_size=st.integers(1, 4),
    pen=st.floats(0.5, 200),
)
def test_exact_solver_matches_dynp(values, min_size, pen):
    """The penalised optimum with K breaks is Dynp's best K-break segmentation (same cost)."""
    signal = np.asarray(values)
    found = ChangePoints(min_size=min_size).fit(signal).predict(pen)
    k = len(found) - 1
    if k == 0:
        return
    reference = rpt.Dynp(model="l2", min_size=min_size, jump=1).fit(signal).predict(n_bkps=k)
    assert _cost(signal, found) == pytest.approx(_cost(signal, reference), rel=1e-9, abs=1e-7)
    # and no other number of breaks does better under the penalty
    for other in range(0, min(k + 2, len(signal) // min_size)):
        if other == k:
            continue
        try:
            alt = rpt.Dynp(model="l2", min_size=min_size, jump=1).fit(signal).predict(n_bkps=other)
        except rpt.exceptions.BadSegmentationParameters:
            continue
        assert _cost(signal, found) + pen * k <= _cost(signal, alt) + pen * other + 1e-7


@settings(max_examples=30, deadline=None)
@given(
    values=st.lists(st.floats(-20, 20, allow_nan=False), min_size=10, max_size=40),
    pen=st.floats(1, 50),
)
def test_pelt_with_min_size_one_is_optimal(values, pen):
    signal = np.asarray(values)
    ours = ChangePoints(min_size=1).fit(signal).predict(pen)
    theirs = rpt.Pelt(model="l2", min_size=1, jump=1).fit(signal).predict(pen=pen)
    assert _cost(signal, ours) + pen * len(ours) == pytest.approx(
        _cost(signal, theirs) + pen * len(theirs), rel=1e-9, abs=1e-7
    )


@settings(max_examples=30, deadline=None)
@given(
    groups=st.lists(
        st.lists(st.floats(-10, 10, allow_nan=False), max_size=4), min_size=2, max_size=15
    ),
    data=st.data(),
)
def test_grouped_cost_is_the_cost_of_the_observations(groups, data):
    """Grouped sums give the same cost as the squared deviations of the pooled observations."""
    stats = np.array([[len(g), sum(g), sum(v * v for v in g)] for g in groups], dtype=float)
    cost = CostGroupedL2().fit(stats)
    a = data.draw(st.integers(0, len(groups) - 1))
    b = data.draw(st.integers(a + 1, len(groups)))
    pooled = np.array([v for g in groups[a:b] for v in g])
    expected = float(((pooled - pooled.mean()) ** 2).sum()) if len(pooled) else 0.0
    assert cost.error(a, b) == pytest.approx(expected, abs=1e-6)


def test_grouped_breaks_fall_at_the_first_event_after_a_gap():
    # three months at +5, four empty months, three at -5: the break is where the -5s begin
    stats = np.array([[1, 5, 25]] * 3 + [[0, 0, 0]] * 4 + [[1, -5, 25]] * 3, dtype=float)
    det = ChangePoints(model="grouped_l2", min_size=1).fit(stats, sigma=1.0, n_obs=6)
    assert det.predict("bic") == [7, 10]


def test_penalties_follow_their_formulas():
    n, sigma = 500, 2.0
    assert criterion_penalty("bic", sigma, n) == pytest.approx(2 * sigma**2 * math.log(n))
    assert criterion_penalty("hq", sigma, n) == pytest.approx(4 * sigma**2 * math.log(math.log(n)))
    assert criterion_penalty("aic", sigma, n) == pytest.approx(4 * sigma**2)
    assert (
        criterion_penalty("aic", 1, n)
        < criterion_penalty("hq", 1, n)
        < criterion_penalty("bic", 1, n)
    )


def test_noise_sd_ignores_the_jumps():
    rng = np.random.default_rng(0)
    signal = np.repeat([0.0, 20.0, -10.0], 200) + rng.normal(0, 1.5, 600)
    assert noise_sd(signal) == pytest.approx(1.5, rel=0.1)


def test_bad_arguments():
    with pytest.raises(ValueError, match="solver"):
        ChangePoints(solver="nope").fit(np.zeros(10))
    with pytest.raises(ValueError, match="penalty criterion"):
        ChangePoints().fit(np.zeros(10)).predict("mdl")
    with pytest.raises(ValueError, match="NaN"):
        ChangePoints().fit(np.array([1.0, np.nan, 2.0]))
