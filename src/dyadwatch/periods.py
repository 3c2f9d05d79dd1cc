"""Periods: the frequencies dyadwatch aggregates to, their labels, and parsing them.

``week`` (weeks ending Sunday, labelled by their Monday), ``month`` (``YYYY-MM``), ``quarter``
(``YYYY-Qn``) and ``year`` (``YYYY``), as pandas periods.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["FREQS", "MONTHS_PER_PERIOD", "check_freq", "period_label", "parse_period"]

#: Frequencies and their pandas period codes.
FREQS = {"week": "W-SUN", "month": "M", "quarter": "Q-DEC", "year": "Y-DEC"}
#: Months in one period of each frequency.
MONTHS_PER_PERIOD = {"week": 12 / 52.1775, "month": 1.0, "quarter": 3.0, "year": 12.0}


def check_freq(freq: str) -> str:
    """Validate a frequency name.

    Raises:
        DyadwatchError: not one of week, month, quarter, year.
    """
    if freq not in FREQS:
        raise DyadwatchError(
            f"unknown frequency {freq!r}", where="{freq}", fix="use week, month, quarter or year"
        )
    return freq


def period_label(period: pd.Period, freq: str) -> str:
    """``YYYY-MM`` (month), ``YYYY-Qn`` (quarter), ``YYYY`` (year), Monday's date (week)."""
    if freq == "month":
        return f"{period.year:04d}-{period.month:02d}"
    if freq == "quarter":
        return f"{period.year:04d}-Q{period.quarter}"
    if freq == "year":
        return f"{period.year:04d}"
    return period.start_time.strftime("%Y-%m-%d")


def parse_period(text: str, freq: str, *, where: str = "period") -> pd.Period:
    """Parse a period label (or any date inside the period) at ``freq``.

    Raises:
        DyadwatchError: the text is not a date or period.
    """
    raw = str(text).strip()
    try:
        if freq == "quarter" and "Q" in raw.upper():
            return pd.Period(raw.upper(), freq=FREQS[freq])
        if len(raw) == 4 and raw.isdigit():
            return pd.Period(dt.date(int(raw), 1, 1), freq=FREQS[freq])
        return pd.Period(pd.Timestamp(raw), freq=FREQS[freq])
    except (ValueError, TypeError):
        raise DyadwatchError(
            f"malformed period {text!r}",
            where=where,
            fix="write YYYY-MM (month), YYYY-Qn (quarter), YYYY (year) or YYYY-MM-DD",
        ) from None
