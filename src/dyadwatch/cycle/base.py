"""Small abstract bases for the cycle package: segment costs and change-point detectors.

The contract follows ruptures and scikit-learn [TOG2020]: parameters are keywords of
``__init__`` (no logic there), ``fit(signal) -> self``, ``predict(pen=...)`` returns the sorted
breakpoints with the number of samples as the last one, learned state ends in ``_``.

References:
    [TOG2020] Truong, C., Oudre, L., Vayatis, N. (2020). Selective review of offline change
    point detection methods. Signal Processing 167, 107299.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np

__all__ = ["BaseCost", "BaseDetector", "as_signal"]


def as_signal(signal) -> np.ndarray:
    """A float array of shape ``(n_samples, n_features)`` from a 1-D or 2-D input.

    Raises:
        ValueError: the signal is empty, has more than two dimensions or holds NaN/inf.
    """
    arr = np.asarray(signal, dtype=float)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[0] == 0:
        raise ValueError(f"signal must be a non-empty 1-D or 2-D array, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("signal holds NaN or infinite values")
    return arr


class BaseCost(ABC):
    """The cost of a segment ``signal[start:end]``; lower means more homogeneous."""

    #: the shortest segment the cost is defined for
    min_size: int = 1

    @abstractmethod
    def fit(self, signal) -> BaseCost:
        """Precompute what ``error`` needs for this signal."""

    @abstractmethod
    def error(self, start: int, end: int) -> float:
        """Cost of ``signal[start:end]``."""

    @abstractmethod
    def errors(self, starts: np.ndarray, end: int) -> np.ndarray:
        """Costs of ``signal[s:end]`` for every ``s`` in ``starts`` (vectorised)."""

    def sum_of_costs(self, bkps: list[int]) -> float:
        """Total cost of a segmentation given by its breakpoints (last one = n_samples)."""
        start, total = 0, 0.0
        for end in bkps:
            total += self.error(start, end)
            start = end
        return total


class BaseDetector(ABC):
    """A change-point detector: ``fit(signal)`` then ``predict(pen=...)``."""

    @abstractmethod
    def fit(self, signal) -> BaseDetector:
        """Learn what the detector needs from the signal."""

    @abstractmethod
    def predict(self, pen: float | str | None = None) -> list[int]:
        """Sorted breakpoints; the last one is the number of samples."""

    def fit_predict(self, signal, pen: float | str | None = None) -> list[int]:
        """``fit`` then ``predict``."""
        return self.fit(signal).predict(pen=pen)
