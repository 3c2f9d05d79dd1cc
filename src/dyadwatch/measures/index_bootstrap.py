"""The Poisson bootstrap of the relations index: replicate sums per period, and their quantiles.

Each event is counted ``m ~ Poisson(1)`` times in each replicate [HM2006] (Hanley & MacGibbon,
"Creating non-parametric bootstrap samples using Poisson frequencies", *Computer Methods and
Programs in Biomedicine* 83, 2006), which resamples the events within each period and scales to
millions of events. :mod:`dyadwatch.measures.index` builds its percentile intervals from these
replicates; :mod:`dyadwatch.measures.index_stats` holds the analytic (delta-method) interval
they converge to.
"""

from __future__ import annotations

import numpy as np

__all__ = ["poisson_bootstrap", "nanquantile_columns", "quantiles"]


def poisson_bootstrap(pos, weight, score, coop, n_periods, n_boot, seed, chunk=20_000):
    """Replicate sums (weights, weighted scores, weighted coop signs) per period, shape (B, P).

    Each event gets a Poisson(1) multiplicity per replicate; a chunk's weighted multiplicities
    are summed per period with ``np.add.reduceat`` over the events sorted by period (no
    scipy.sparse: its import alone cost 0.12 s of a 1 s ``dyadwatch now``).
    """
    rng = np.random.default_rng(seed)
    wb = np.zeros((n_boot, n_periods))
    sb = np.zeros((n_boot, n_periods))
    cb = np.zeros((n_boot, n_periods))
    for lo in range(0, len(pos), chunk):
        sl = slice(lo, lo + chunk)
        m = rng.poisson(1.0, size=(n_boot, len(pos[sl]))).astype(float)
        order = np.argsort(pos[sl], kind="stable")
        ordered = pos[sl][order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        cols = ordered[starts]
        m = m[:, order]
        for target, values in (
            (wb, weight[sl]),
            (sb, weight[sl] * score[sl]),
            (cb, weight[sl] * coop[sl]),
        ):
            target[:, cols] += np.add.reduceat(m * values[order], starts, axis=1)
    return wb, sb, cb


def nanquantile_columns(reps: np.ndarray, q: float) -> np.ndarray:
    """``np.nanquantile(reps, q, axis=0)`` (linear interpolation), vectorised over columns.

    NumPy's own version loops over the columns in Python when any value is NaN (0.11 s for the
    chronology's 400 months); sorting once puts the NaNs last and each column's quantile is an
    interpolation between two of its first ``n`` sorted values.
    """
    ordered = np.sort(reps, axis=0)
    n = np.sum(~np.isnan(reps), axis=0)
    position = q * np.maximum(n - 1, 0)
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, np.maximum(n - 1, 0))
    low = np.take_along_axis(ordered, below[None, :], axis=0)[0]
    high = np.take_along_axis(ordered, above[None, :], axis=0)[0]
    frac = position - below
    with np.errstate(invalid="ignore"):
        value = low + (high - low) * frac
    value = np.where(frac == 0, low, value)
    return np.where(n > 0, value, np.nan)


def quantiles(reps: np.ndarray, lo: float, hi: float, count: np.ndarray):
    """Per-column ``lo`` and ``hi`` quantiles of the replicates; NaN where a period has no event."""
    low = nanquantile_columns(reps, lo)
    high = nanquantile_columns(reps, hi)
    low = np.where(count > 0, low, np.nan)
    high = np.where(count > 0, high, np.nan)
    return low, high
