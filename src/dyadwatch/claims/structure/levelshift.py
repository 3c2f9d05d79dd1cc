"""Do administrations move the level beyond what H-structure (with its honeymoon) explains?

The statistic is the gain in R² when the term indicators are added to H-structure's design
(:mod:`.hypotheses`). Its null distribution comes from block permutations of the terms
(:func:`.blocks.permuted_blocks`), which keep every term whole and in one piece, so the serial
dependence of the series is left as it is: ``p = (1 + #{permuted gain >= observed}) / (1 + N)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from dyadwatch.claims.structure.blocks import permuted_blocks

__all__ = ["LevelShiftResult", "level_shift_test"]


@dataclass
class LevelShiftResult:
    """R² of H-structure, its gain from term indicators, and the block-permutation p-value."""

    r2_structure: float
    r2_gain: float
    p_value: float
    n_perm: int
    n_terms: int


def _r2(y: np.ndarray, x: np.ndarray) -> float:
    beta, *_ = np.linalg.lstsq(x, y, rcond=None)
    rss = float(((y - x @ beta) ** 2).sum())
    tss = float(((y - y.mean()) ** 2).sum())
    return 1 - rss / tss if tss else 0.0


def _dummies(labels: np.ndarray) -> np.ndarray:
    values = np.unique(labels)
    return (labels[:, None] == values[None, 1:]).astype(float)


def level_shift_test(
    y: np.ndarray, x_structure: np.ndarray, labels: np.ndarray, *, n_perm: int = 999, seed=0
) -> LevelShiftResult:
    """R² gain of term indicators over ``x_structure``, with a block-permutation null."""
    y = np.asarray(y, dtype=float)
    base = _r2(y, x_structure)
    gain = _r2(y, np.column_stack([x_structure, _dummies(labels)])) - base
    rng = np.random.default_rng(seed)
    null = np.array(
        [
            _r2(y, np.column_stack([x_structure, _dummies(permuted_blocks(labels, rng))])) - base
            for _ in range(n_perm)
        ]
    )
    return LevelShiftResult(
        r2_structure=base,
        r2_gain=gain,
        p_value=float((1 + (null >= gain - 1e-12).sum()) / (1 + n_perm)),
        n_perm=n_perm,
        n_terms=len(np.unique(labels)),
    )
