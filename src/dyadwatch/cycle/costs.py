"""Segment costs. Only the least-squares (mean-shift) cost is needed for the cycle.

``CostL2`` is the cost ruptures calls ``"l2"``: the sum of squared deviations from the segment
mean, ``sum_t ||y_t - mean(y[a:b])||^2``, computed here in O(1) per segment from cumulative sums
so the exact solver stays fast [TOG2020].
"""

from __future__ import annotations

import numpy as np

from dyadwatch.cycle.base import BaseCost, as_signal

__all__ = ["CostL2", "CostGroupedL2", "cost_factory"]


class CostL2(BaseCost):
    """Least-squares cost of a mean shift (ruptures' ``l2``), from cumulative sums."""

    min_size = 1

    def fit(self, signal) -> CostL2:
        arr = as_signal(signal)
        self.signal_ = arr
        zeros = np.zeros((1, arr.shape[1]))
        self.csum_ = np.vstack([zeros, np.cumsum(arr, axis=0)])
        self.csum2_ = np.concatenate([[0.0], np.cumsum((arr**2).sum(axis=1))])
        return self

    def error(self, start: int, end: int) -> float:
        return float(self.errors(np.array([start]), end)[0])

    def errors(self, starts: np.ndarray, end: int) -> np.ndarray:
        starts = np.asarray(starts, dtype=int)
        length = end - starts
        sums = self.csum_[end] - self.csum_[starts]
        sq = self.csum2_[end] - self.csum2_[starts]
        with np.errstate(divide="ignore", invalid="ignore"):
            cost = sq - (sums**2).sum(axis=1) / length
        cost[length <= 0] = 0.0
        return np.maximum(cost, 0.0)


class CostGroupedL2(BaseCost):
    """The least-squares cost over grouped observations (e.g. the events of each month).

    Sample ``t`` is a group of observations summarised by its total weight ``w_t``, weighted sum
    ``s_t`` and weighted sum of squares ``q_t``; the cost of ``[a, b)`` is
    ``sum q - (sum s)^2 / sum w``: the squared deviations of every observation in those groups
    from their common mean. A group with no observations costs nothing, so breaks fall between
    groups and empty groups carry no evidence either way.

    An optional fourth column counts the observations of each group; a segment with fewer than
    ``min_obs`` of them is not allowed (infinite cost), so that no stage rests on one event.
    """

    min_size = 1
    min_obs = 1

    def fit(self, signal) -> CostGroupedL2:
        """``signal``: array of shape (n_groups, 3 or 4): ``w, s, q`` and optionally a count."""
        arr = np.asarray(signal, dtype=float)
        if arr.ndim != 2 or arr.shape[1] not in (3, 4):
            raise ValueError(
                "grouped signal must have shape (n_groups, 3 or 4): weight, sum, sum of squares"
                "[, count]"
            )
        self.signal_ = arr
        self.cw_ = np.concatenate([[0.0], np.cumsum(arr[:, 0])])
        self.cs_ = np.concatenate([[0.0], np.cumsum(arr[:, 1])])
        self.cq_ = np.concatenate([[0.0], np.cumsum(arr[:, 2])])
        counts = arr[:, 3] if arr.shape[1] == 4 else (arr[:, 0] > 0).astype(float)
        self.cn_ = np.concatenate([[0.0], np.cumsum(counts)])
        return self

    def error(self, start: int, end: int) -> float:
        return float(self.errors(np.array([start]), end)[0])

    def errors(self, starts: np.ndarray, end: int) -> np.ndarray:
        starts = np.asarray(starts, dtype=int)
        w = self.cw_[end] - self.cw_[starts]
        s = self.cs_[end] - self.cs_[starts]
        q = self.cq_[end] - self.cq_[starts]
        with np.errstate(divide="ignore", invalid="ignore"):
            cost = np.maximum(np.where(w > 0, q - s**2 / w, 0.0), 0.0)
        if self.min_obs > 1:
            n = self.cn_[end] - self.cn_[starts]
            cost = np.where(n >= self.min_obs, cost, np.inf)
        return cost


_COSTS = {"l2": CostL2, "grouped_l2": CostGroupedL2}


def cost_factory(model: str) -> BaseCost:
    """A cost by name (only ``"l2"``).

    Raises:
        ValueError: unknown name.
    """
    try:
        return _COSTS[model]()
    except KeyError:
        raise ValueError(f"unknown cost {model!r}; known: {', '.join(_COSTS)}") from None
