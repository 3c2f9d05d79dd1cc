"""Held-out likelihood of the hypotheses: h-block cross-validation at the data's frequency.

Each year of the series is held out in turn (one period for a yearly series, twelve for a
monthly one); the periods within half a year either side are left out of the training set too, so
that serial correlation does not leak the held-out values into the fit (h-block
cross-validation, Burman, Chow & Nolan 1994; Racine 2000). Each design is fitted by least
squares on the training periods, and the held-out periods are scored by the Gaussian predictive
log density with variance ``s² (1 + x'(X'X)⁻¹x)``. A column that is all zero in the training
set (a term or a step that lies wholly in the held-out year) gets the mean of its group's
coefficients for a term (with the spread of the term levels added to the predictive variance,
as for a new draw of a random effect), zero for a step, with the mean square of the seen steps'
sizes added to the predictive variance (the step's date is fixed in advance, its size is not):
neither model sees the held-out year.

The comparison is the mean log predictive density per period, ``personality - structure``,
with a standard error from the spread of the per-fold differences. In-sample fit (R², BIC) is
reported beside it but does not decide.

:func:`rolling_compare` is the forecaster's version (rolling origin, Tashman 2000): each period
from the ``min_train``-th on is predicted from all periods before it only, so no future value
enters a fit; the same fill rule covers a term or a step first seen in the predicted period.

References:
    Burman, P., Chow, E. & Nolan, D. (1994). A cross-validatory method for dependent data.
    Biometrika 81(2), 351–358. Racine, J. (2000). Consistent cross-validatory model-selection for
    dependent data: hv-block cross-validation. Journal of Econometrics 99(1), 39–61.
    Tashman, L. J. (2000). Out-of-sample tests of forecasting accuracy. International Journal
    of Forecasting 16(4), 437–450.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from dyadwatch.claims.structure.calendar import MONTHS_PER_PERIOD

__all__ = ["HeldOutResult", "heldout_compare", "rolling_compare", "fold_lpd"]


@dataclass
class HeldOutResult:
    """Held-out and in-sample fit of two designs on one series.

    Attributes:
        lpd: mean held-out log predictive density per period, per model.
        difference: ``lpd[personality] - lpd[structure]`` (positive favours personality).
        se: its standard error over the folds.
        n_folds, block, gap: the cross-validation's sizes (periods).
        bic, r2: in-sample, per model.
        n_params: columns per model.
    """

    lpd: dict[str, float]
    difference: float
    se: float
    n_folds: int
    block: int
    gap: int
    bic: dict[str, float] = field(default_factory=dict)
    r2: dict[str, float] = field(default_factory=dict)
    n_params: dict[str, int] = field(default_factory=dict)


def _fill(x: np.ndarray, names: list[str], train: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Columns used in training, and for held-out use the fill rule for unseen ones."""
    seen = x[train].std(axis=0) > 0
    seen |= np.array([n == "const" for n in names])
    return seen, np.array([n.startswith("term_") for n in names])


def _unseen_step_variance(x, names, seen, beta, test) -> np.ndarray:
    """Predictive variance an unseen step adds: the mean square of the seen steps' sizes (the
    step's date is known in advance, its size is not), per held-out period."""
    is_step = np.array([n.startswith("step_") for n in names])
    if not (is_step & ~seen).any() or not (is_step & seen).any():
        return np.zeros(len(test))
    size2 = float(np.mean(beta[is_step[seen]] ** 2))
    return size2 * x[test][:, is_step & ~seen].sum(axis=1)


def fold_lpd(y: np.ndarray, x: np.ndarray, names: list[str], train, test) -> np.ndarray:
    """Gaussian log predictive densities of ``y[test]`` from a fit on ``y[train]``."""
    seen, is_term = _fill(x, names, train)
    xt = x[train][:, seen]
    beta, *_ = np.linalg.lstsq(xt, y[train], rcond=None)
    resid = y[train] - xt @ beta
    dof = max(len(resid) - np.linalg.matrix_rank(xt), 1)
    s2 = max(float(resid @ resid) / dof, 1e-12)
    full = np.zeros(x.shape[1])
    full[seen] = beta
    between = 0.0
    if (is_term & seen).any():
        levels = beta[is_term[seen]]
        full[is_term & ~seen] = levels.mean()
        between = float(levels.var(ddof=1)) if len(levels) > 1 else 0.0
    mean = x[test] @ full
    inv = np.linalg.pinv(xt.T @ xt)
    lever = np.einsum("ij,jk,ik->i", x[test][:, seen], inv, x[test][:, seen])
    unseen = x[test][:, is_term & ~seen].sum(axis=1)
    var = s2 * (1.0 + lever) + between * unseen
    var = var + _unseen_step_variance(x, names, seen, beta, test)
    return -0.5 * (np.log(2 * np.pi * var) + (y[test] - mean) ** 2 / var)


def _in_sample(y: np.ndarray, x: np.ndarray) -> tuple[float, float, int]:
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    rss = float(((y - x @ beta) ** 2).sum())
    tss = float(((y - y.mean()) ** 2).sum())
    k = int(np.linalg.matrix_rank(x))
    n = len(y)
    return n * np.log(rss / n) + (k + 1) * np.log(n), 1 - rss / tss if tss else 0.0, k


def heldout_compare(
    y: np.ndarray, designs: dict[str, tuple[np.ndarray, list[str]]], code: str = "M"
) -> HeldOutResult:
    """h-block cross-validation of ``designs`` (``{"structure": (X, names), ...}``) on ``y``."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    block = max(1, 12 // MONTHS_PER_PERIOD[code])
    gap = block // 2
    starts = range(0, n, block)
    per_fold = {k: [] for k in designs}
    for s in starts:
        test = np.arange(s, min(s + block, n))
        train = np.ones(n, dtype=bool)
        train[max(0, s - gap) : min(n, s + block + gap)] = False
        if train.sum() < 5:
            continue
        for k, (x, names) in designs.items():
            per_fold[k].append(fold_lpd(y, x, names, train, test).sum())
    totals = {k: np.array(v) for k, v in per_fold.items()}
    return _result(y, designs, totals, n, block, gap)


def _result(y, designs, totals: dict, n_scored: int, block: int, gap: int) -> HeldOutResult:
    """Mean log density per scored period, the difference and its fold standard error."""
    lpd = {k: float(v.sum() / n_scored) for k, v in totals.items()}
    diff_folds = totals["personality"] - totals["structure"]
    k = len(diff_folds)
    se = float(diff_folds.std(ddof=1) * np.sqrt(k) / n_scored) if k > 1 else 0.0
    out = HeldOutResult(
        lpd=lpd,
        difference=lpd["personality"] - lpd["structure"],
        se=se,
        n_folds=k,
        block=block,
        gap=gap,
    )
    for name, (x, _) in designs.items():
        out.bic[name], out.r2[name], out.n_params[name] = _in_sample(y, x)
    return out


def rolling_compare(
    y: np.ndarray, designs: dict[str, tuple[np.ndarray, list[str]]], min_train: int = 10
) -> HeldOutResult:
    """Rolling-origin comparison: period ``t`` predicted from periods ``0 .. t-1`` only.

    Args:
        y: the series.
        designs: ``{"structure": (X, names), "personality": (X, names)}`` (other keys allowed).
        min_train: periods in the first training set.

    Raises:
        ValueError: fewer than ``min_train + 2`` periods.
    """
    y = np.asarray(y, dtype=float)
    n = len(y)
    if n < min_train + 2:
        raise ValueError(f"rolling comparison needs at least {min_train + 2} periods, got {n}")
    totals = {k: [] for k in designs}
    for t in range(min_train, n):
        train = np.zeros(n, dtype=bool)
        train[:t] = True
        test = np.array([t])
        for k, (x, names) in designs.items():
            totals[k].append(fold_lpd(y, x, names, train, test).sum())
    totals = {k: np.array(v) for k, v in totals.items()}
    return _result(y, designs, totals, n - min_train, 1, 0)
