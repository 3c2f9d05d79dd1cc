"""Proper scores of probabilistic forecasts, skill scores and their block-bootstrap intervals.

* CRPS of a Gaussian predictive distribution in closed form [GRWG2005, eq. 5]:
  ``sigma * (z (2 Phi(z) - 1) + 2 phi(z) - 1 / sqrt(pi))``, ``z = (y - mu) / sigma`` (the same
  closed form as ``properscoring.crps_gaussian``; scipy's normal pdf/cdf);
* CRPS of an ensemble (an empirical distribution) ``E|X - y| - E|X - X'| / 2``
  [GR2007, eq. 20], computed on the sorted members in O(m log m) (the result equals
  ``properscoring.crps_ensemble``; a test says so);
* the ranked probability score of ordered categories [Eps1969; Mur1971]: the squared
  distance of the cumulative forecast from the cumulative outcome, summed over the categories
  (not divided by ``K - 1``);
* the ignorance score ``-log2 p(outcome)`` [Goo1952; RS2002], with probabilities floored at
  ``floor`` and renormalised (a persistence forecast gives probability 0 to every change).

Skill = ``1 - score / reference score`` [Wil2011, ch. 9]: positive when the forecast beats the
reference. Intervals resample blocks of consecutive origins (moving blocks [Kun1989]) so that
the autocorrelation of overlapping forecasts is kept.

References:
    [GRWG2005] Gneiting, T., Raftery, A. E., Westveld, A. H., Goldman, T. (2005). Calibrated
    probabilistic forecasting using ensemble model output statistics. Monthly Weather Review
    133(5), 1098–1118.
    [GR2007] Gneiting, T., Raftery, A. E. (2007). Strictly proper scoring rules, prediction,
    and estimation. JASA 102(477), 359–378.
    [Eps1969] Epstein, E. S. (1969). A scoring system for probability forecasts of ranked
    categories. Journal of Applied Meteorology 8(6), 985–987.
    [Mur1971] Murphy, A. H. (1971). A note on the ranked probability score. Journal of Applied
    Meteorology 10(1), 155–156.
    [Goo1952] Good, I. J. (1952). Rational decisions. JRSS B 14(1), 107–114.
    [RS2002] Roulston, M. S., Smith, L. A. (2002). Evaluating probabilistic forecasts using
    information theory. Monthly Weather Review 130(6), 1653–1660.
    [Wil2011] Wilks, D. S. (2011). Statistical Methods in the Atmospheric Sciences, 3rd ed.
    [Kun1989] Künsch, H. R. (1989). The jackknife and the bootstrap for general stationary
    observations. Annals of Statistics 17(3), 1217–1241.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = [
    "crps_gaussian",
    "crps_ensemble",
    "rps",
    "ignorance",
    "skill",
    "block_bootstrap_skill",
]


def crps_gaussian(y, mu, sigma) -> np.ndarray:
    """CRPS of ``N(mu, sigma^2)`` at ``y`` (closed form; elementwise, broadcasting)."""
    y, mu, sigma = (np.asarray(a, float) for a in (y, mu, sigma))
    z = (y - mu) / sigma
    return sigma * (z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi))


def crps_ensemble(y: float, members) -> float:
    """CRPS of the empirical distribution of ``members`` at ``y``.

    ``E|X - y| - E|X - X'| / 2``; the second term from the sorted members:
    ``E|X - X'| = 2 / m^2 * sum_i (2 i - m - 1) x_(i)``.
    """
    x = np.sort(np.asarray(members, float))
    m = len(x)
    if m == 0:
        return float("nan")
    first = np.mean(np.abs(x - float(y)))
    i = np.arange(1, m + 1)
    spread = 2.0 / m**2 * np.sum((2 * i - m - 1) * x)
    return float(first - spread / 2.0)


def rps(probs, outcome: int) -> float:
    """Ranked probability score of ``probs`` (ordered categories) when ``outcome`` happens."""
    p = np.asarray(probs, float)
    o = np.zeros_like(p)
    o[int(outcome)] = 1.0
    return float(np.sum((np.cumsum(p) - np.cumsum(o)) ** 2))


def ignorance(probs, outcome: int, floor: float = 1e-3) -> float:
    """``-log2`` of the (floored, renormalised) probability given to ``outcome``."""
    p = np.clip(np.asarray(probs, float), floor, None)
    return float(-np.log2(p[int(outcome)] / p.sum()))


def skill(score, reference) -> float:
    """``1 - mean(score) / mean(reference)``."""
    if not len(np.atleast_1d(reference)):
        return float("nan")
    ref = float(np.nanmean(reference))
    return 1.0 - float(np.nanmean(score)) / ref if ref > 0 else float("nan")


def block_bootstrap_skill(
    score, reference, *, block: int = 12, n_boot: int = 1000, level: float = 0.9, seed=0
) -> tuple[float, float]:
    """Central ``level`` interval of :func:`skill` over moving-block resamples of the origins.

    Args:
        score, reference: per-origin scores of the forecast and of the reference, in time order.
        block: block length (origins); at least the horizon, so that overlapping forecasts
            stay together.
    """
    s, r = np.asarray(score, float), np.asarray(reference, float)
    n = len(s)
    if n < 2:
        return (float("nan"), float("nan"))
    block = max(1, min(block, n))
    rng = np.random.default_rng(seed)
    k = int(np.ceil(n / block))
    starts = rng.integers(0, n - block + 1, size=(n_boot, k))
    idx = (starts[:, :, None] + np.arange(block)[None, None, :]).reshape(n_boot, -1)[:, :n]
    ss, rr = s[idx].mean(axis=1), r[idx].mean(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        sk = 1.0 - ss / rr
    sk = sk[np.isfinite(sk)]
    if not len(sk):
        return (float("nan"), float("nan"))
    lo, hi = np.quantile(sk, [(1 - level) / 2, 1 - (1 - level) / 2])
    return (float(lo), float(hi))
