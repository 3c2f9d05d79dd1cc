"""Prospects: ``(outcome, probability)`` pairs, and their validation.

A prospect [KT1979] is a finite lottery written as pairs whose probabilities sum to 1. Every
preference model in this package checks its input here, so a bad prospect gives the same
one-line error whichever model values it. :func:`combine` is KT1979's editing operation of
*combination* (identical outcomes are merged and their probabilities added).

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291 (editing phase, p. 274).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from dyadwatch.errors import DyadwatchError

__all__ = [
    "PROB_TOL",
    "InvalidProspectError",
    "Prospect",
    "check_prospect",
    "check_probability_rows",
    "combine",
]

Prospect = Sequence[tuple[float, float]]

#: Probabilities must sum to 1 within this tolerance.
PROB_TOL = 1e-6


class InvalidProspectError(DyadwatchError, ValueError):
    """A prospect or a model parameter is not valid (bad probabilities, NaN, ...)."""


def _pairs(prospect: Prospect, name: str) -> list[tuple[float, float]]:
    try:
        pairs = [(float(x), float(p)) for x, p in prospect]
    except (TypeError, ValueError) as exc:
        raise InvalidProspectError(
            f"{name} must be a sequence of (outcome, probability) pairs of numbers",
            where=repr(prospect)[:80],
            fix="write it as [(outcome, probability), ...]",
        ) from exc
    if not pairs:
        raise InvalidProspectError(
            f"{name} is empty", fix="give at least one (outcome, probability) pair"
        )
    return pairs


def _check_pair(name: str, i: int, xi: float, pi: float) -> None:
    if not math.isfinite(xi):
        raise InvalidProspectError(
            f"{name} has a non-finite outcome {xi}", where=f"pair {i}", fix="use finite numbers"
        )
    if not math.isfinite(pi):
        raise InvalidProspectError(
            f"{name} has a non-finite probability {pi}",
            where=f"pair {i}",
            fix="use probabilities in [0, 1]",
        )
    if pi < 0.0 or pi > 1.0:
        raise InvalidProspectError(
            f"{name} has probability {pi} outside [0, 1]",
            where=f"pair {i}",
            fix="use probabilities in [0, 1]",
        )


def check_prospect(prospect: Prospect, *, name: str = "prospect") -> tuple[np.ndarray, np.ndarray]:
    """Validate a prospect and return its outcomes and probabilities as arrays.

    Args:
        prospect: ``(outcome, probability)`` pairs.
        name: what to call it in error messages.

    Returns:
        ``(outcomes, probabilities)`` as float arrays.

    Raises:
        InvalidProspectError: empty, malformed pairs, NaN or infinite values, negative
            probabilities, or probabilities that do not sum to 1.
    """
    pairs = _pairs(prospect, name)
    x = np.array([a for a, _ in pairs], dtype=float)
    p = np.array([b for _, b in pairs], dtype=float)
    for i, (xi, pi) in enumerate(pairs):
        _check_pair(name, i, xi, pi)
    total = float(p.sum())
    if abs(total - 1.0) > PROB_TOL:
        raise InvalidProspectError(
            f"{name} probabilities sum to {total:.6g}, not 1",
            where=repr(prospect)[:80],
            fix="make the probabilities add up to 1 (include the 'nothing happens' outcome)",
        )
    return x, p


def check_probability_rows(probs: np.ndarray, m: int) -> np.ndarray:
    """Validate a matrix of probability rows over ``m`` outcomes; return it as 2-D floats.

    Raises:
        InvalidProspectError: wrong width, NaN or infinity, values outside [0, 1], or a row
            that does not sum to 1.
    """
    probs = np.atleast_2d(np.asarray(probs, dtype=float))
    if probs.shape[-1] != m:
        raise InvalidProspectError(
            f"probability rows have {probs.shape[-1]} columns for {m} outcomes",
            fix="give one probability per outcome",
        )
    if not np.all(np.isfinite(probs)):
        raise InvalidProspectError("probabilities contain NaN or infinity", fix="fix the inputs")
    if np.any(probs < -PROB_TOL) or np.any(probs > 1 + PROB_TOL):
        raise InvalidProspectError("probabilities outside [0, 1]", fix="fix the inputs")
    sums = probs.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > PROB_TOL):
        bad = int(np.argmax(np.abs(sums - 1.0)))
        raise InvalidProspectError(
            f"probability row {bad} sums to {sums[bad]:.6g}, not 1",
            fix="make every row add up to 1",
        )
    return probs


def combine(x: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """KT1979 editing: combine identical outcomes. Returns unique x, summed p, inverse index."""
    ux, inv = np.unique(x, return_inverse=True)
    up = np.bincount(inv, weights=p, minlength=len(ux))
    return ux, up, inv
