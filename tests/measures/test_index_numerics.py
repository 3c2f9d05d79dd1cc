"""The index's vectorised bootstrap sums and column quantiles against plain references."""

import warnings

import numpy as np
import pytest

from dyadwatch.measures.index_bootstrap import nanquantile_columns, poisson_bootstrap


@pytest.mark.parametrize("q", [0.0, 0.05, 0.5, 0.95, 1.0])
def test_column_quantiles_match_numpy_nanquantile(q):
    rng = np.random.default_rng(3)
    for _ in range(50):
        reps = rng.normal(size=(rng.integers(1, 40), rng.integers(1, 25)))
        reps[rng.random(reps.shape) < 0.3] = np.nan
        reps[:, rng.integers(0, reps.shape[1])] = np.nan  # an all-NaN column
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            expected = np.nanquantile(reps, q, axis=0)
        np.testing.assert_allclose(nanquantile_columns(reps, q), expected, atol=1e-12)


def test_bootstrap_sums_are_the_weighted_multiplicities_per_period():
    rng = np.random.default_rng(4)
    n, periods, reps = 300, 12, 25
    pos = rng.integers(0, periods, n)
    weight, score = rng.random(n), rng.normal(size=n)
    coop = rng.choice([-1.0, 1.0], n)
    wb, sb, cb = poisson_bootstrap(pos, weight, score, coop, periods, reps, seed=9, chunk=70)
    # the same draws, chunk by chunk, summed by a plain loop
    draw = np.random.default_rng(9)
    expect = np.zeros((3, reps, periods))
    for lo in range(0, n, 70):
        m = draw.poisson(1.0, size=(reps, len(pos[lo : lo + 70])))
        for j, i in enumerate(range(lo, min(lo + 70, n))):
            for k, v in enumerate((weight[i], weight[i] * score[i], weight[i] * coop[i])):
                expect[k][:, pos[i]] += m[:, j] * v
    for got, want in zip((wb, sb, cb), expect, strict=True):
        np.testing.assert_allclose(got, want, atol=1e-9)
