"""Sufficient statistics of the relations index, and its analytic interval.

Every column of the index is a ratio of weighted sums over a period's events: the mean
Goldstein score ``R = Σ w g / Σ w``, the net cooperation ``Σ w c / Σ w`` (``c = ±1``), the
quad-class shares ``Σ w [q = k] / Σ w``. These sums are all a store's engine has to compute
(a GROUP BY, in DuckDB or Spark through ibis: :func:`dyadwatch.queries.dyad_period_stats`), so an
index over millions of events needs no event in Python.

The interval. Under the Poisson bootstrap [HM2006] every event is counted ``m_i ~ Poisson(1)``
times, so ``Var(m_i) = 1`` and the replicate ratio's variance is, to first order (the delta
method for a ratio estimator; Cochran 1977, ch. 6) [Coc1977],

    Var(R*) ≈ Σ w_i² (g_i − R)² / (Σ w_i)² = (Σ w²g² − 2R Σ w²g + R² Σ w²) / (Σ w)²,

which needs three more sums (``Σ w², Σ w² g, Σ w² g²``). The interval is ``R ± z σ``, clipped
to the score's range. It is what the bootstrap converges to as a period's events grow; with few
events the percentile bootstrap is better, so the sparse chronology keeps the bootstrap (see
:mod:`dyadwatch.measures.index`). A test checks that the two agree on generated data.

The decayed impact series of a sparse source is a ratio of exponentially weighted sums, so the
same formula holds with the second-order sums decayed at ``decay²`` (:func:`impact_interval`).

Why hand-written: the sums are one GROUP BY and the interval is three array expressions;
statsmodels offers no ratio-estimator interval over grouped sufficient statistics.

References:
    [HM2006] Hanley, J. A., MacGibbon, B. (2006). Creating non-parametric bootstrap samples
    using Poisson frequencies. Computer Methods and Programs in Biomedicine 83(1), 57–62.
    [Coc1977] Cochran, W. G. (1977). Sampling Techniques, 3rd ed. Wiley, chapter 6.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
import pandas as pd

__all__ = [
    "SUM_COLUMNS",
    "period_sums",
    "combine_sources",
    "ratio_interval",
    "decayed",
    "impact_interval",
]

#: Per-period (and per-source) sums the index is computed from.
SUM_COLUMNS = (
    "n",  # events
    "w",  # Σ w
    "wg",  # Σ w g
    "wc",  # Σ w c, c = +1 cooperative (quad 1-2), -1 conflictual (3-4)
    "w2",  # Σ w²
    "w2g",  # Σ w² g
    "w2g2",  # Σ w² g²
    "w2c",  # Σ w² c   (Σ w² c² = Σ w²)
    "wq1",
    "wq2",
    "wq3",
    "wq4",  # Σ w [quad = k]
)


def period_sums(
    pos: np.ndarray,
    source: np.ndarray,
    weight: np.ndarray,
    score: np.ndarray,
    quad: np.ndarray,
) -> pd.DataFrame:
    """The sums of :data:`SUM_COLUMNS` per (period position, source) from event arrays."""
    coop = np.where(quad <= 2, 1.0, -1.0)
    w2 = weight * weight
    frame = pd.DataFrame(
        {
            "p": pos,
            "source": source,
            "n": 1,
            "w": weight,
            "wg": weight * score,
            "wc": weight * coop,
            "w2": w2,
            "w2g": w2 * score,
            "w2g2": w2 * score * score,
            "w2c": w2 * coop,
            **{f"wq{k}": weight * (quad == k) for k in range(1, 5)},
        }
    )
    return frame.groupby(["p", "source"], as_index=False, sort=True).sum()


def combine_sources(sums: pd.DataFrame, n_periods: int, *, balanced: bool) -> dict[str, np.ndarray]:
    """Per-period arrays of :data:`SUM_COLUMNS` from per-(period, source) sums.

    Args:
        sums: columns ``p`` (0-based period position), ``source`` and :data:`SUM_COLUMNS`.
        n_periods: the number of periods.
        balanced: give every source present in a period the same total weight: each event's
            weight is divided by its source's ``Σ w`` in the period, so first-order sums are
            divided by ``w`` and second-order sums by ``w²``.
    """
    frame = sums.loc[sums["n"] > 0].copy()
    if balanced:
        scale = frame["w"].to_numpy(dtype=float)
        for col in ("w", "wg", "wc", "wq1", "wq2", "wq3", "wq4"):
            frame[col] = frame[col] / scale
        for col in ("w2", "w2g", "w2g2", "w2c"):
            frame[col] = frame[col] / (scale * scale)
    pos = frame["p"].to_numpy(dtype=int)
    return {
        col: np.bincount(pos, weights=frame[col].to_numpy(dtype=float), minlength=n_periods)
        for col in SUM_COLUMNS
    }


def ratio_interval(
    w: np.ndarray,
    wx: np.ndarray,
    w2: np.ndarray,
    w2x: np.ndarray,
    w2x2: np.ndarray,
    *,
    ci: float,
    bounds: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """The delta-method interval of ``Σ w x / Σ w`` (see the module docstring); NaN where w = 0."""
    z = NormalDist().inv_cdf(0.5 + ci / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = wx / w
        var = (w2x2 - 2 * ratio * w2x + ratio * ratio * w2) / (w * w)
    sd = np.sqrt(np.clip(var, 0.0, None))
    lo = np.clip(ratio - z * sd, *bounds)
    hi = np.clip(ratio + z * sd, *bounds)
    empty = ~(w > 0)
    lo[empty] = np.nan
    hi[empty] = np.nan
    return lo, hi


def decayed(values: np.ndarray, decay: float) -> np.ndarray:
    """Exponentially decayed running sums along the last axis: ``x_p + decay * x_{p-1} + ...``.

    A loop over periods (a few hundred) with the replicates vectorised; ``scipy.signal.lfilter``
    does the same, but importing it costs the ``now`` command about a second (it loads
    ``scipy.stats``).
    """
    values = np.asarray(values, dtype=float)
    out = np.empty_like(values)
    acc = np.zeros(values.shape[:-1])
    for p in range(values.shape[-1]):
        acc = acc * decay + values[..., p]
        out[..., p] = acc
    return out


def impact_interval(
    sums: dict[str, np.ndarray], decay: float, *, ci: float
) -> tuple[np.ndarray, np.ndarray]:
    """The delta-method interval of the decayed impact ``decayed(Σwg) / decayed(Σw)``."""
    d1, d2 = decay, decay * decay
    return ratio_interval(
        decayed(sums["w"], d1),
        decayed(sums["wg"], d1),
        decayed(sums["w2"], d2),
        decayed(sums["w2g"], d2),
        decayed(sums["w2g2"], d2),
        ci=ci,
        bounds=(-10.0, 10.0),
    )
