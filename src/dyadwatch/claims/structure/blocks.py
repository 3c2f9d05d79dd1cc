"""Block permutations of administrations: the null that keeps every term whole.

A term (a leader pair's administration) is a contiguous block of periods. Under the null that
administrations do not set the level, any order of the same blocks is as likely as the observed
one. :func:`permuted_blocks` draws such an order: the run lengths of the labels are shuffled and
laid end to end, so every block keeps its length, stays contiguous and nothing wraps around the
ends of the study period (a circular shift of the labels, ``np.roll``, would split the last
term across both ends). This is the restricted permutation of blocks of Besag & Clifford
(1989) and of Davison & Hinkley (1997, §4.4) for time-ordered labels.

References:
    Besag, J. & Clifford, P. (1989). Generalized Monte Carlo significance tests. Biometrika
    76(4), 633–642. Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application. Cambridge University Press.
"""

from __future__ import annotations

import numpy as np

__all__ = ["run_lengths", "permuted_blocks"]


def run_lengths(labels: np.ndarray) -> np.ndarray:
    """Lengths of the runs of equal consecutive labels."""
    labels = np.asarray(labels)
    if len(labels) == 0:
        return np.array([], dtype=int)
    edges = np.flatnonzero(labels[1:] != labels[:-1]) + 1
    return np.diff(np.r_[0, edges, len(labels)])


def permuted_blocks(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Labels ``0..k-1`` for the same blocks (run lengths) laid out in a random order."""
    lengths = rng.permutation(run_lengths(labels))
    return np.repeat(np.arange(len(lengths)), lengths)
