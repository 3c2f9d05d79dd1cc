"""Dates at the data's own frequency: periods, their middle months, terms and windows.

Every test of :mod:`dyadwatch.claims.structure` runs at the frequency of the series it is given
(a yearly series stays yearly: nothing is repeated into months). This module holds the one set
of rules that place dates on such a series:

* an **event** (a structural event, a turning point) belongs to the period that contains it;
* a **term** (a leader's administration) labels a period when the leader was in office in the
  period's middle month (for months: the month itself; for a year: June), so that a president
  inaugurated on 20 January labels that year, and one who took office on 31 December does not;
* **months since** a transition are counted from the transition's month to the period's middle
  month, so a decay in months means the same at every frequency;
* a **window** given in months becomes ``round(months / months per period)`` periods (±3 months
  is ±3 months, ±1 quarter, or the same year).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "MONTHS_PER_PERIOD",
    "freq_code",
    "freq_name",
    "as_periods",
    "month_number",
    "mid_months",
    "period_positions",
    "term_labels",
    "months_since",
    "window_periods",
]

#: months in one period of each frequency code
MONTHS_PER_PERIOD = {"M": 1, "Q": 3, "Y": 12}
_NAMES = {"M": "month", "Q": "quarter", "Y": "year"}


def freq_code(index: pd.PeriodIndex) -> str:
    """``M``, ``Q`` or ``Y`` for a monthly, quarterly or yearly PeriodIndex."""
    code = index.freqstr.upper()[0]
    if code == "A":
        code = "Y"
    if code not in MONTHS_PER_PERIOD:
        raise DyadwatchError(
            f"the series' frequency {index.freqstr!r} is not month, quarter or year",
            where="{freq}",
            fix="aggregate it to months, quarters or years",
        )
    return code


def freq_name(code: str) -> str:
    """``month``, ``quarter`` or ``year``."""
    return _NAMES[code]


def as_periods(values: Sequence, code: str = "M") -> list[pd.Period]:
    """Dates, periods or strings as periods of frequency ``code`` (the period containing each)."""
    out = []
    for v in values:
        if isinstance(v, pd.Period):
            out.append(v.asfreq(code, "start"))
        else:
            out.append(pd.Period(pd.Timestamp(str(v)) if not isinstance(v, str) else v, freq=code))
    return out


def month_number(value) -> int:
    """Months since year 0 of a date, period or ``YYYY-MM`` string (its first month)."""
    per = value.asfreq("M", "start") if isinstance(value, pd.Period) else pd.Period(value, "M")
    return per.year * 12 + per.month - 1


def mid_months(index: pd.PeriodIndex) -> np.ndarray:
    """The month number of each period's middle month (the month itself for months)."""
    first = np.array([month_number(p.asfreq("M", "start")) for p in index])
    last = np.array([month_number(p.asfreq("M", "end")) for p in index])
    return (first + last) // 2


def period_positions(values: Sequence, index: pd.PeriodIndex) -> np.ndarray:
    """Positions in ``index`` of the periods containing ``values`` (those outside are dropped)."""
    code = freq_code(index)
    first = index[0].ordinal
    pos = np.array([p.ordinal - first for p in as_periods(values, code)], dtype=int)
    return np.sort(pos[(pos >= 0) & (pos < len(index))])


def term_labels(index: pd.PeriodIndex, transitions: Sequence) -> np.ndarray:
    """Label each period by the number of transitions on or before its middle month."""
    t = np.sort([month_number(x) for x in transitions])
    return np.searchsorted(t, mid_months(index), side="right")


def months_since(index: pd.PeriodIndex, transitions: Sequence) -> np.ndarray:
    """Months from the latest transition to each period's middle month (NaN before the first)."""
    t = np.sort(np.array([month_number(x) for x in transitions], dtype=float))
    months = mid_months(index).astype(float)
    pos = np.searchsorted(t, months, side="right") - 1
    return np.where(pos >= 0, months - t[np.clip(pos, 0, None)], np.nan)


def window_periods(window_months: int, code: str) -> int:
    """A window in months as a whole number of periods of frequency ``code``."""
    if window_months < 0:
        raise DyadwatchError(f"window must be >= 0 months, got {window_months}", where="{window}")
    return int(round(window_months / MONTHS_PER_PERIOD[code]))
