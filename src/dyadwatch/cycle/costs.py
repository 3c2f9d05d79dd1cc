"""Segment costs. Only the least-squares (mean-shift) cost is needed for the cycle.

``CostL2`` is the cost ruptures calls ``"l2"``: the sum of squared deviations from the segment
mean, ``sum_t ||y_t - mean(y[a:b])||^2``, computed here in O(1) per segment from cumulative sums
so the exact solver stays fast [TOG2020].
"""

from __future__ import annotations

import numpy as np

from dyadwatch.cycle.base import BaseCost, as_signal

__all__ = ["CostL2", "cost_factory"]


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


_COSTS = {"l2": CostL2}


def cost_factory(model: str) -> BaseCost:
    """A cost by name (only ``"l2"``).

    Raises:
        ValueError: unknown name.
    """
    try:
        return _COSTS[model]()
    except KeyError:
        raise ValueError(f"unknown cost {model!r}; known: {', '.join(_COSTS)}") from None
