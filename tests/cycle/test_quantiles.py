"""The Gamma and Beta quantiles of the transition model against SciPy (their reference)."""

from __future__ import annotations

import itertools
import math

import pytest

from dyadwatch.cycle.quantiles import beta_i, beta_quantile, gamma_p, gamma_quantile

special = pytest.importorskip("scipy.special")

SHAPES = [0.05, 0.3, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 7.5, 10.0, 20.0, 40.0, 60.0, 150.0]
BETA = [0.5, 1.0, 1.5, 2.0, 3.5, 5.0, 10.0, 20.5, 40.0, 80.0]
LEVELS = [1e-6, 0.001, 0.05, 0.1, 0.5, 0.9, 0.95, 0.999, 1 - 1e-6]


@pytest.mark.parametrize("a", SHAPES)
def test_gamma_quantile_matches_scipy(a):
    for q in LEVELS:
        x = gamma_quantile(a, q)
        assert x == pytest.approx(float(special.gammaincinv(a, q)), rel=1e-12, abs=0)
        assert gamma_p(a, x) == pytest.approx(float(special.gammainc(a, x)), rel=1e-13, abs=1e-12)


@pytest.mark.parametrize(("a", "b"), list(itertools.product(BETA, BETA)))
def test_beta_quantile_matches_scipy(a, b):
    for q in LEVELS:
        x = beta_quantile(a, b, q)
        assert x == pytest.approx(float(special.betaincinv(a, b, q)), rel=1e-12, abs=0)
        assert beta_i(a, b, x) == pytest.approx(
            float(special.betainc(a, b, x)), rel=1e-13, abs=1e-10
        )


def test_edges_as_scipy():
    assert gamma_quantile(2.0, 0.0) == 0.0
    assert gamma_quantile(2.0, 1.0) == math.inf
    assert beta_quantile(2.0, 3.0, 0.0) == 0.0
    assert beta_quantile(2.0, 3.0, 1.0) == 1.0
    assert math.isnan(gamma_quantile(-1.0, 0.5)) and math.isnan(beta_quantile(1.0, 0.0, 0.5))
    # exact closed forms: Gamma(1) is Exp(1); Beta(1, 1) is uniform; Beta(a, 1) is x^a
    assert gamma_quantile(1.0, 0.95) == pytest.approx(-math.log(0.05), rel=1e-15)
    assert beta_quantile(1.0, 1.0, 0.3) == pytest.approx(0.3, rel=1e-15)
    assert beta_quantile(2.5, 1.0, 0.3) == pytest.approx(0.3 ** (1 / 2.5), rel=1e-14)


def test_beta_i_is_exact_where_scipy_rounds():
    """Beta(1/2, 1/2) is the arcsine law, I_x = 1 - (2/pi) asin(sqrt(1 - x)); next to x = 1 SciPy's
    ``betainc`` is 2e-11 off it (SciPy 1.17), this one is not."""
    for d in (2.4676927168343354e-12, 1e-9, 1e-4, 0.3):
        x = 1.0 - d
        exact = 1.0 - (2.0 / math.pi) * math.asin(math.sqrt(1.0 - x))
        assert beta_i(0.5, 0.5, x) == pytest.approx(exact, rel=1e-15)
