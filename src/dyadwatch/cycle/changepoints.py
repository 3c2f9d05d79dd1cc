"""Penalised change-point detection for a mean shift, and the penalty criterion.

Two solvers minimise the same objective, ``sum of segment costs + pen x number of breaks``:

* ``"exact"`` (default): optimal partitioning [JSB2005], every admissible last break examined
  for every end, vectorised over cumulative sums (O(n^2), milliseconds for the few hundred
  months of a relations index). It is exact for any ``min_size``.
* ``"pelt"``: ruptures' ``Pelt`` [KFE2012] with ``jump=1``. ruptures 1.1.10 prunes in a way
  that is not valid when ``min_size > 1`` and can then return a non-optimal segmentation (we
  measured 2 in 200 random signals), and its default ``jump=5`` moves breaks onto a 5-sample
  grid; so ``jump=1`` is always passed and the exact solver is the default. Both are checked
  against ruptures' ``Dynp`` (exhaustive dynamic programming) in the tests.

The penalty per break comes from an information criterion for a Gaussian mean-shift model. Each
break adds ``d + 1`` parameters (a location and a mean per feature); in the units of the
least-squares cost, with noise variance ``sigma^2``, the penalty per break is

* ``"hq"`` (default): ``2 (d + 1) sigma^2 ln ln n``, Hannan and Quinn's criterion [HQ1979]: the
  slowest-growing penalty that still estimates the number of breaks consistently. The relations
  index is not truly piecewise constant and a curated chronology has few events per stage;
  among consistent criteria this one keeps the most sensitivity;
* ``"bic"``: ``(d + 1) sigma^2 ln n``, Schwarz's criterion [Yao1988], more conservative; the
  turning points that survive it are reported as strongly supported;
* ``"aic"``: ``2 (d + 1) sigma^2`` [Aka1974], not consistent (it over-segments noise; kept for
  comparison);
* ``"cv"`` (:func:`cross_validate_penalty`, through the stage detector): the multiple of the HQ
  penalty that best predicts held-out observations in K-fold cross-validation, with the
  one-standard-error rule [HTF2009] (the largest penalty whose error is within one standard
  error of the best): how many turning points the data support out of sample.

The noise sd ``sigma`` is estimated robustly from first differences (median absolute
deviation of the differences divided by ``0.6745 * sqrt(2)``), which the few jumps barely move
[Fry2014]. A noise-free signal gets a tiny positive floor so that no spurious break is free.

References:
    [JSB2005] Jackson, B. et al. (2005). An algorithm for optimal partitioning of data on an
    interval. IEEE Signal Processing Letters 12(2), 105–108.
    [KFE2012] Killick, R., Fearnhead, P., Eckley, I. A. (2012). Optimal detection of changepoints
    with a linear computational cost. JASA 107(500), 1590–1598.
    [Yao1988] Yao, Y.-C. (1988). Estimating the number of change-points via Schwarz' criterion.
    Statistics & Probability Letters 6(3), 181–189.
    [HQ1979] Hannan, E. J., Quinn, B. G. (1979). The determination of the order of an
    autoregression. JRSS B 41(2), 190–195.
    [Aka1974] Akaike, H. (1974). A new look at the statistical model identification. IEEE
    Transactions on Automatic Control 19(6), 716–723.
    [HTF2009] Hastie, T., Tibshirani, R., Friedman, J. (2009). The Elements of Statistical
    Learning, 2nd ed., section 7.10. Springer.
    [Fry2014] Fryzlewicz, P. (2014). Wild binary segmentation for multiple change-point
    detection. Annals of Statistics 42(6), 2243–2281.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from dyadwatch.cycle.base import BaseDetector, as_signal
from dyadwatch.cycle.costs import cost_factory

__all__ = [
    "ChangePoints",
    "CVResult",
    "criterion_penalty",
    "bic_penalty",
    "cross_validate_penalty",
    "noise_sd",
    "PENALTIES",
    "CRITERIA",
    "parse_penalty",
]

#: Information criteria :meth:`ChangePoints.penalty` computes.
PENALTIES = ("hq", "bic", "aic")
#: Every penalty name the stage detector accepts (``cv``: :func:`cross_validate_penalty`).
CRITERIA = (*PENALTIES, "cv")
#: Multiples of the base penalty tried by cross-validation (geometric, 1/4 to 8).
CV_GRID = tuple(float(x) for x in np.geomspace(0.25, 8.0, 16))
_MAD_TO_SD = 0.6744897501960817


def parse_penalty(value: float | str | None) -> float | str:
    """The one check of a penalty: a criterion name (``hq``, ``bic``, ``aic``, ``cv``) or a
    positive number (a numeric string counts as a number).

    Raises:
        DyadwatchError: anything else.
    """
    from dyadwatch.errors import DyadwatchError

    if value is None:
        return "hq"
    if isinstance(value, str):
        text = value.strip().lower()
        if text in CRITERIA:
            return text
        try:
            value = float(text)
        except ValueError:
            raise DyadwatchError(
                f"unknown penalty {value!r}",
                where="{penalty}",
                fix="use hq, bic, aic, cv or a positive number",
            ) from None
    if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
        raise DyadwatchError(
            f"the penalty must be positive, got {value!r}",
            where="{penalty}",
            fix="use hq, bic, aic, cv or a positive number",
        )
    return float(value)


def noise_sd(signal) -> float:
    """Robust noise standard deviation: MAD of first differences / (0.6745 * sqrt(2)).

    For several features, the root of the summed per-feature variances.
    """
    arr = as_signal(signal)
    if arr.shape[0] < 3:
        return float(np.sqrt(arr.var(axis=0).sum()))
    diffs = np.diff(arr, axis=0)
    mad = np.median(np.abs(diffs - np.median(diffs, axis=0)), axis=0)
    sd = mad / (_MAD_TO_SD * math.sqrt(2.0))
    return float(np.sqrt((sd**2).sum()))


def criterion_penalty(criterion: str, sigma: float, n: int, n_features: int = 1) -> float:
    """Penalty per break, in least-squares units, for ``"hq"``, ``"bic"`` or ``"aic"``.

    Args:
        criterion: the information criterion.
        sigma: noise standard deviation of one observation.
        n: number of observations.
        n_features: dimension of the signal.
    """
    params = n_features + 1
    n = max(n, 3)
    per_param = {"hq": 2.0 * math.log(math.log(n)), "bic": math.log(n), "aic": 2.0}[criterion]
    return params * per_param * sigma**2


def bic_penalty(signal, sigma: float | None = None) -> float:
    """BIC penalty per break for the least-squares cost: ``(d + 1) * sigma^2 * ln(n)``."""
    arr = as_signal(signal)
    n, d = arr.shape
    sigma = noise_sd(arr) if sigma is None else float(sigma)
    spread = float(np.sqrt(arr.var(axis=0).sum()))
    sigma = max(sigma, 1e-6 * max(spread, 1e-12))
    return criterion_penalty("bic", sigma, n, d)


class ChangePoints(BaseDetector):
    """Mean-shift change points with an information-criterion penalty (or a given one).

    Args:
        solver: ``"exact"`` (optimal partitioning, default) or ``"pelt"`` (ruptures, jump=1).
        min_size: shortest segment, in samples.
        model: segment cost: ``"l2"`` for a series, ``"grouped_l2"`` for grouped observations
            (the events of each period; see :class:`~dyadwatch.cycle.costs.CostGroupedL2`).
        min_obs: fewest observations per segment (grouped data with a count column).

    Attributes:
        penalty_: the penalty used by the last ``predict``.
        sigma_: the noise standard deviation behind a ``"bic"`` penalty.
        bkps_: breakpoints of the last ``predict`` (last one = n_samples).
        cost_: the fitted cost (``sum_of_costs`` gives a segmentation's cost).

    Example:
        >>> from dyadwatch.cycle.generators import piecewise_constant
        >>> signal, bkps = piecewise_constant(120, 3, noise_std=0.0, seed=1)
        >>> ChangePoints(min_size=3).fit(signal).predict("hq") == bkps
        True
    """

    def __init__(
        self, *, solver: str = "exact", min_size: int = 2, model: str = "l2", min_obs: int = 1
    ) -> None:
        self.solver = solver
        self.min_size = min_size
        self.model = model
        self.min_obs = min_obs

    def fit(self, signal, *, sigma: float | None = None, n_obs: int | None = None) -> ChangePoints:
        """Prepare the cost for ``signal``.

        Args:
            signal: the series (``model="l2"``), or per-group ``weight, sum, sum of squares``
                rows (``model="grouped_l2"``).
            sigma: noise standard deviation for the BIC penalty (required for grouped data;
                estimated from first differences otherwise).
            n_obs: number of observations behind the signal, the ``n`` of ``ln(n)`` (default:
                the number of samples; for grouped data, the total weight).
        """
        if self.solver not in ("exact", "pelt"):
            raise ValueError(f"solver must be 'exact' or 'pelt', got {self.solver!r}")
        if self.min_size < 1:
            raise ValueError("min_size must be at least 1")
        if self.model == "grouped_l2":
            if sigma is None:
                raise ValueError("grouped data need the noise sigma of the observations")
            if self.solver == "pelt":
                raise ValueError("the pelt solver supports only model='l2'")
            self.signal_ = np.asarray(signal, dtype=float)
            self.cost_ = cost_factory(self.model)
            self.cost_.min_obs = self.min_obs
            self.cost_.fit(self.signal_)
            self.n_features_ = 1
            self.n_obs_ = int(n_obs if n_obs is not None else round(self.signal_[:, 0].sum()))
        else:
            self.signal_ = as_signal(signal)
            self.cost_ = cost_factory(self.model).fit(self.signal_)
            self.n_features_ = self.signal_.shape[1]
            self.n_obs_ = int(n_obs if n_obs is not None else self.signal_.shape[0])
        self.sigma_ = noise_sd(self.signal_) if sigma is None else float(sigma)
        return self

    def penalty(self, pen: float | str | None = "hq") -> float:
        """The penalty value for ``pen`` (``"hq"``, ``"bic"``, ``"aic"``, or a number)."""
        if pen is None:
            pen = "hq"
        if isinstance(pen, str):
            if pen not in PENALTIES:
                raise ValueError(
                    f"unknown penalty criterion {pen!r}; "
                    f"use one of {', '.join(PENALTIES)} or a number"
                )
            if self.model == "grouped_l2":
                spread = 1.0
            else:
                spread = float(np.sqrt(self.signal_.var(axis=0).sum()))
            sigma = max(self.sigma_, 1e-6 * max(spread, 1e-12))
            return criterion_penalty(pen, sigma, self.n_obs_, self.n_features_)
        if not pen > 0:
            raise ValueError("penalty must be positive")
        return float(pen)

    def predict(self, pen: float | str | None = "hq") -> list[int]:
        n = self.signal_.shape[0]
        self.penalty_ = self.penalty(pen)
        if n < 2 * self.min_size:
            self.bkps_ = [n]
        elif self.solver == "exact":
            self.bkps_ = self._optimal_partition(self.penalty_)
        else:
            import ruptures as rpt

            algo = rpt.Pelt(model=self.model, jump=1, min_size=self.min_size)
            self.bkps_ = [int(b) for b in algo.fit(self.signal_).predict(pen=self.penalty_)]
        return list(self.bkps_)

    def _optimal_partition(self, pen: float) -> list[int]:
        n, m = self.signal_.shape[0], self.min_size
        best = np.full(n + 1, np.inf)
        best[0] = -pen
        last = np.zeros(n + 1, dtype=int)
        for end in range(m, n + 1):
            starts = np.arange(0, end - m + 1)
            values = best[starts] + self.cost_.errors(starts, end) + pen
            # ties go to the latest start: a break sits at the first evidence of the new
            # segment (for grouped data, after a run of empty groups rather than before it)
            j = len(values) - 1 - int(np.argmin(values[::-1]))
            best[end] = values[j]
            last[end] = starts[j]
        bkps, end = [], n
        while end > 0:
            bkps.append(end)
            end = last[end]
        return sorted(int(b) for b in bkps)


@dataclass
class CVResult:
    """Cross-validation of the penalty: the curve and the choice.

    Attributes:
        multiples: penalty multiples tried (of the base penalty).
        error: mean held-out squared error per observation at each multiple.
        se: its standard error over the folds and repeats.
        n_bkps: number of breaks on the full data at each multiple.
        best: the multiple with the lowest error.
        chosen: the largest multiple within one standard error of the best (1-SE rule).
    """

    multiples: list[float]
    error: list[float]
    se: list[float]
    n_bkps: list[int]
    best: float
    chosen: float

    def to_dict(self) -> dict:
        return {
            "multiples": [round(m, 4) for m in self.multiples],
            "error": [round(e, 5) for e in self.error],
            "se": [round(e, 5) for e in self.se],
            "n_bkps": self.n_bkps,
            "best": round(self.best, 4),
            "chosen": round(self.chosen, 4),
        }


def cross_validate_penalty(
    positions,
    values,
    n_groups: int,
    *,
    base_penalty: float,
    min_size: int = 2,
    min_obs: int = 1,
    folds: int = 5,
    repeats: int = 2,
    grid: tuple[float, ...] = CV_GRID,
    seed: int | None = 0,
) -> CVResult:
    """Choose the penalty by K-fold cross-validation of held-out observations.

    The observations (events, or a series' values with ``positions = arange(n)``) are split at
    random into ``folds`` folds, ``repeats`` times. For each fold, the segmentation is fitted on
    the other folds (held-out observations leave their periods empty: breaks still fall
    between periods) at each penalty ``m * base_penalty * (folds - 1) / folds`` (scaled to the
    training share, so that ``m`` means the same on the full data), and each held-out
    observation is predicted by the training mean of its segment. The curve is the mean
    squared error per held-out observation; the chosen multiple is the largest within one
    standard error of the best [HTF2009].

    Args:
        positions: period index (0-based) of each observation.
        values: its value.
        n_groups: number of periods.
        base_penalty: the penalty the multiples apply to (e.g. the HQ penalty).
        min_size, min_obs: as for :class:`ChangePoints` (``min_obs`` on training data).
        folds, repeats, grid, seed: the cross-validation design.

    Raises:
        ValueError: fewer observations than ``2 * folds``, or a non-positive base penalty.
    """
    pos = np.asarray(positions, dtype=int)
    y = np.asarray(values, dtype=float)
    if len(y) < 2 * folds:
        raise ValueError(f"need at least {2 * folds} observations for {folds}-fold CV")
    if not base_penalty > 0:
        raise ValueError("base_penalty must be positive")
    rng = np.random.default_rng(seed)
    share = (folds - 1) / folds
    sse = np.zeros((repeats * folds, len(grid)))
    for r in range(repeats):
        fold = rng.permutation(np.arange(len(y)) % folds)
        for k in range(folds):
            train, test = fold != k, fold == k
            grouped = _grouped(pos[train], y[train], n_groups)
            det = ChangePoints(model="grouped_l2", min_size=min_size, min_obs=min_obs)
            det.fit(grouped, sigma=1.0, n_obs=int(train.sum()))
            for j, m in enumerate(grid):
                bkps = det.predict(m * base_penalty * share)
                means = _segment_means(grouped, bkps, float(y[train].mean()))
                seg = np.searchsorted(np.asarray(bkps), pos[test], side="right")
                err = y[test] - means[seg]
                sse[r * folds + k, j] = float((err**2).mean())
    error = sse.mean(axis=0)
    se = sse.std(axis=0, ddof=1) / math.sqrt(sse.shape[0])
    i_best = int(np.argmin(error))
    within = [j for j in range(len(grid)) if error[j] <= error[i_best] + se[i_best]]
    full = ChangePoints(model="grouped_l2", min_size=min_size, min_obs=min_obs)
    full.fit(_grouped(pos, y, n_groups), sigma=1.0, n_obs=len(y))
    n_bkps = [len(full.predict(m * base_penalty)) - 1 for m in grid]
    return CVResult(
        multiples=list(grid),
        error=error.tolist(),
        se=se.tolist(),
        n_bkps=n_bkps,
        best=float(grid[i_best]),
        chosen=float(grid[max(within)]),
    )


def _grouped(pos: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
    """Per-period weight, sum, sum of squares and count of observations."""
    ones = np.ones(len(y))
    return np.column_stack(
        [
            np.bincount(pos, weights=ones, minlength=n),
            np.bincount(pos, weights=y, minlength=n),
            np.bincount(pos, weights=y * y, minlength=n),
            np.bincount(pos, minlength=n).astype(float),
        ]
    )


def _segment_means(grouped: np.ndarray, bkps: list[int], fallback: float) -> np.ndarray:
    """Mean of each segment's observations (``fallback`` for a segment with none)."""
    out, start = [], 0
    for end in bkps:
        w = grouped[start:end, 0].sum()
        out.append(grouped[start:end, 1].sum() / w if w > 0 else fallback)
        start = end
    return np.asarray(out)
