"""The timing test: do turning points fall near leader changes (or structural events)?

The statistic is the number of breaks within ``window`` periods of any reference event. The
null distribution rotates the break set around the study period (a circular shift or
"toroidal" permutation, which keeps the number of breaks and their spacing; Bahr & Hummel
1975, Besag & Diggle 1977); every rotation is enumerated, so the p-value is exact:
``P = #{rotations with count >= observed} / N``. The test runs at the series' own frequency
(:mod:`.calendar`): a yearly series has as many rotations as years.

Power is reported beside the p-value: ``share_near`` is the share of periods within the window
of a reference event (chance puts about that share of the breaks "near" one), ``expected`` the
mean count over the rotations, and ``p_min`` the p-value the test would give if every break
coincided: when ``p_min`` is above the level, no outcome can be significant.

References:
    Besag, J. & Diggle, P. J. (1977). Simple Monte Carlo tests for spatial pattern. Applied
    Statistics 26(3), 327–333.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dyadwatch.claims.structure.calendar import as_periods
from dyadwatch.errors import DyadwatchError

__all__ = ["RotationResult", "rotation_test"]


@dataclass
class RotationResult:
    """Outcome of a circular-shift test of breaks against reference events.

    Attributes:
        observed: breaks within ``window`` periods of a reference event.
        expected: mean of that count over all rotations (what chance gives).
        p_value: exact one-sided p-value, share of rotations with a count >= observed.
        n_breaks, n_reference, n_rotations, window: the test's sizes (window in periods).
        matched: (break, nearest reference event, distance in periods) for coinciding breaks.
        share_near: share of the periods within ``window`` of a reference event.
        p_min: the p-value if every break coincided (the best the test can do).
        freq: ``M``, ``Q`` or ``Y``.
    """

    observed: int
    expected: float
    p_value: float
    n_breaks: int
    n_reference: int
    n_rotations: int
    window: int
    matched: list[tuple[str, str, int]] = field(default_factory=list)
    share_near: float = float("nan")
    p_min: float = float("nan")
    freq: str = "M"


def _distance(breaks: np.ndarray, reference: np.ndarray) -> np.ndarray:
    return np.abs(breaks[:, None] - reference[None, :]).min(axis=1)


def _coincidences(breaks: np.ndarray, reference: np.ndarray, window: int) -> int:
    if len(breaks) == 0 or len(reference) == 0:
        return 0
    return int((_distance(breaks, reference) <= window).sum())


def rotation_test(
    breaks: Sequence,
    reference: Sequence,
    *,
    start,
    end,
    window: int = 3,
    freq: str = "M",
) -> RotationResult:
    """Exact circular-shift test: do ``breaks`` fall within ``window`` periods of ``reference``?

    Args:
        breaks: turning points (dates, periods or strings).
        reference: leader transitions or structural events (same forms).
        start, end: the study period; only reference events inside it count, and breaks rotate
            around it (a break shifted past ``end`` re-enters at ``start``).
        window: the coincidence window in periods of ``freq``, fixed before looking at the data.
        freq: ``M`` (months), ``Q`` or ``Y``: the series' own frequency.

    Returns:
        A :class:`RotationResult`; ``p_value`` is exact (all rotations enumerated).
    """
    if window < 0:
        raise DyadwatchError(f"window must be >= 0 periods, got {window}", where="{window}")
    p0, p1 = as_periods([start, end], freq)
    m0, n = p0.ordinal, p1.ordinal - p0.ordinal + 1
    if n < 2:
        raise DyadwatchError("the study period must span at least two periods")
    b = np.array(sorted(p.ordinal for p in as_periods(breaks, freq)), dtype=int) - m0
    b = b[(b >= 0) & (b < n)]
    r = np.array(sorted(p.ordinal for p in as_periods(reference, freq)), dtype=int) - m0
    r = r[(r >= 0) & (r < n)]
    observed = _coincidences(b, r, window)
    counts = np.array([_coincidences((b + k) % n, r, window) for k in range(n)])
    near = _distance(np.arange(n), r) <= window if len(r) else np.zeros(n, dtype=bool)
    label = lambda x: str(pd.Period(ordinal=int(x) + m0, freq=freq))  # noqa: E731
    matched = []
    for x in b:
        if len(r) and abs(r[int(np.abs(r - x).argmin())] - x) <= window:
            j = r[int(np.abs(r - x).argmin())]
            matched.append((label(x), label(j), int(abs(j - x))))
    return RotationResult(
        observed=observed,
        expected=float(counts.mean()),
        p_value=float((counts >= observed).mean()),
        n_breaks=len(b),
        n_reference=len(r),
        n_rotations=n,
        window=window,
        matched=matched,
        share_near=float(near.mean()),
        p_min=float((counts >= len(b)).mean()) if len(b) else 1.0,
        freq=freq,
    )
