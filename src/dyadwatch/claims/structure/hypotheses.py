"""The hypotheses as regression designs, stated before any test is run.

* **H-structure** (the essay): the level shifts at the structural events of the register and
  stays shifted; each new US president brings a honeymoon that decays (the essay predicts it:
  every president arrives meaning to fix the relationship, and fails); a linear trend. No lasting
  level per administration. Columns: constant, trend, one step per structural event inside the
  study period, ``exp(-months since inauguration / tau)``.
* **H-personality**: each administration (leader pair) has its own level, which lasts its term;
  a linear trend. Columns: one indicator per term, trend.

Both are the designs of Park (2010)'s comparison of breaks at presidencies against breaks at
other dates, as ordinary regressions. The honeymoon belongs to H-structure, so a honeymoon in
the data is never read as evidence against the essay.

References:
    Park, J. H. (2010). Structural change in U.S. presidents' use of force. American Journal of
    Political Science 54(3), 766–782.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dyadwatch.claims.structure.calendar import (
    mid_months,
    months_since,
    period_positions,
    term_labels,
)

__all__ = ["HYPOTHESES", "structure_design", "personality_design", "TAU_MONTHS"]

HYPOTHESES = {
    "structure": (
        "H-structure: level shifts at the register's structural events that last, a decaying "
        "honeymoon after each new US president (predicted by the essay), a trend; no lasting "
        "level per administration"
    ),
    "personality": (
        "H-personality: each administration (leader pair) sets its own level, which lasts its "
        "term; a trend"
    ),
}

#: honeymoon decay constant in months (the half-life is tau ln 2, about 8 months), fixed in
#: advance from the essay's "short-lived" resets, not fitted to the series
TAU_MONTHS = 12.0


def _trend(index: pd.PeriodIndex) -> np.ndarray:
    t = mid_months(index).astype(float)
    return (t - t.mean()) / 120.0


def structure_design(
    index: pd.PeriodIndex, events: Sequence, us_transitions: Sequence, tau: float = TAU_MONTHS
) -> tuple[np.ndarray, list[str]]:
    """H-structure's design: constant, trend, a step per event, the honeymoon decay."""
    cols = [np.ones(len(index)), _trend(index)]
    names = ["const", "trend"]
    for pos in np.unique(period_positions(events, index)):
        if 0 < pos < len(index):
            cols.append((np.arange(len(index)) >= pos).astype(float))
            names.append(f"step_{index[pos]}")
    s = months_since(index, us_transitions)
    cols.append(np.where(np.isnan(s), 0.0, np.exp(-np.nan_to_num(s) / tau)))
    names.append("honeymoon")
    return np.column_stack(cols), names


def personality_design(
    index: pd.PeriodIndex, transitions: Sequence
) -> tuple[np.ndarray, list[str]]:
    """H-personality's design: one indicator per term (no constant), trend."""
    labels = term_labels(index, transitions)
    values = np.unique(labels)
    cols = (labels[:, None] == values[None, :]).astype(float)
    return np.column_stack([cols, _trend(index)]), [f"term_{v}" for v in values] + ["trend"]
