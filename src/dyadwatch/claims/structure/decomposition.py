"""Variance decomposition: how much of a series do administrations, structure and a trend explain?

The share of the series' variance explained by administration (leader-pair) fixed effects, by
structural covariates and by a trend, as the Shapley (Lindeman–Merenda–Gold) average of R²
gains over the orderings of the three groups, with a block-permutation null for the leader
share (administrations' blocks reordered, each kept whole: :func:`.blocks.permuted_blocks`).

References:
    Lindeman, R. H., Merenda, P. F. & Gold, R. Z. (1980). Introduction to Bivariate and
    Multivariate Analysis; Grömping, U. (2006). Relative importance for linear regression in R:
    the package relaimpo. Journal of Statistical Software 17(1).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dyadwatch.claims.structure.blocks import permuted_blocks
from dyadwatch.claims.structure.calendar import term_labels

__all__ = ["DecompositionResult", "variance_decomposition", "administration_labels"]


def administration_labels(index: pd.PeriodIndex, transitions: Sequence) -> np.ndarray:
    """Label each period by its term (:func:`.calendar.term_labels`, at the series' frequency)."""
    return term_labels(index, transitions)


def _r2(y: np.ndarray, blocks: list[np.ndarray]) -> float:
    if not blocks:
        return 0.0
    x = np.column_stack([np.ones(len(y)), *blocks])
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ beta
    tss = float(((y - y.mean()) ** 2).sum())
    return 1.0 - float(resid @ resid) / tss if tss > 0 else 0.0


def _shapley(y: np.ndarray, groups: Mapping[str, np.ndarray]) -> dict[str, float]:
    names = list(groups)
    share = dict.fromkeys(names, 0.0)
    orders = list(itertools.permutations(names))
    for order in orders:
        used: list[np.ndarray] = []
        before = 0.0
        for name in order:
            used.append(groups[name])
            after = _r2(y, used)
            share[name] += after - before
            before = after
    return {k: v / len(orders) for k, v in share.items()}


def _dummies(labels: np.ndarray) -> np.ndarray:
    values = np.unique(labels)
    return (labels[:, None] == values[None, 1:]).astype(float)


@dataclass
class DecompositionResult:
    """Shapley shares of explained variance; block-permutation p-value of the leader share."""

    share_leaders: float
    share_structural: float
    share_trend: float
    r2_total: float
    p_value_leaders: float
    n_rotations: int
    n_administrations: int


def variance_decomposition(
    series: pd.Series,
    transitions: Sequence,
    structural: pd.DataFrame,
    *,
    n_perm: int = 499,
    seed: int | None = 0,
) -> DecompositionResult:
    """Split the index's variance between administrations, structural covariates and a trend.

    The null for the leader share permutes the order of the administrations' blocks
    (:func:`.blocks.permuted_blocks`: every term keeps its length and stays one contiguous
    block; nothing wraps around the ends): ``p = (1 + #{permuted share >= observed}) / (1 + N)``.
    """
    y = pd.Series(series, dtype=float)
    if not isinstance(y.index, pd.PeriodIndex):
        y.index = pd.PeriodIndex(y.index, freq="M")
    cov = structural.reindex(y.index).astype(float)
    ok = y.notna().to_numpy() & cov.notna().all(axis=1).to_numpy()
    yv = y.to_numpy()[ok]
    labels = administration_labels(y.index, transitions)[ok]
    t = np.arange(len(y), dtype=float)[ok]
    groups = {
        "leaders": _dummies(labels),
        "structural": cov.to_numpy()[ok],
        "trend": ((t - t.mean()) / max(t.std(), 1.0))[:, None],
    }
    shares = _shapley(yv, groups)
    rng = np.random.default_rng(seed)
    rotated = []
    for _ in range(n_perm):
        g = dict(groups)
        g["leaders"] = _dummies(permuted_blocks(labels, rng))
        rotated.append(_shapley(yv, g)["leaders"])
    rotated_arr = np.array([shares["leaders"], *rotated])
    n = n_perm + 1
    return DecompositionResult(
        share_leaders=shares["leaders"],
        share_structural=shares["structural"],
        share_trend=shares["trend"],
        r2_total=_r2(yv, list(groups.values())),
        p_value_leaders=float((rotated_arr >= shares["leaders"] - 1e-12).mean()),
        n_rotations=n,
        n_administrations=len(np.unique(labels)),
    )
