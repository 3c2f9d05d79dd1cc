"""Reading a series a user brings: a ``period,value`` CSV at a frequency."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.periods import FREQS, check_freq, parse_period
from dyadwatch.sources.textfile import read_text

__all__ = ["read_series_csv"]


def read_series_csv(path: str | Path, freq: str = "month") -> pd.Series:
    """Read a ``period,value`` CSV (header row) into a series at ``freq``.

    Raises:
        DyadwatchError: missing file or columns, a non-numeric value or malformed period (with
            the line), duplicate periods, or gaps.
    """
    check_freq(freq)
    path = Path(path)
    text = read_text(path, where="{series}", fix="write a CSV with the header period,value")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader)]
    if header[:2] != ["period", "value"]:
        raise DyadwatchError(
            f"{path} must start with the header 'period,value', got {','.join(header)!r}",
            where=f"{path}, line 1",
            fix="name the columns period,value",
        )
    periods, values = [], []
    for line_no, row in enumerate(reader, start=2):
        if not row or all(not c.strip() for c in row):
            continue
        if len(row) < 2:
            raise DyadwatchError(
                "expected two fields", where=f"{path}, line {line_no}", fix="write period,value"
            )
        period = parse_period(row[0], freq, where=f"{path}, line {line_no}, column period")
        if pd.isna(period):  # "nan", "NaT": pandas parses them as a missing period
            raise DyadwatchError(
                f"period {row[0]!r} is not a {freq}",
                where=f"{path}, line {line_no}, column period",
                fix="write periods such as 2018-06 (month) or 2018 (year)",
            )
        try:
            value = float(row[1])
        except ValueError:
            value = float("nan")
        if not math.isfinite(value):
            raise DyadwatchError(
                f"value {row[1]!r} is not a number",
                where=f"{path}, line {line_no}, column value",
                fix="write a decimal number such as -1.25",
            )
        periods.append(period)
        values.append(value)
    if not periods:
        raise DyadwatchError(f"{path} has no data rows", where="{series}")
    series = pd.Series(values, index=pd.PeriodIndex(periods, freq=FREQS[freq]), name="value")
    dup = series.index.duplicated()
    if dup.any():
        raise DyadwatchError(
            f"period {series.index[dup][0]} appears twice in {path}",
            where="{series}",
            fix=f"give one value per {freq}, or pass the {freq} of the file",
        )
    series = series.sort_index()
    full = pd.period_range(series.index[0], series.index[-1], freq=FREQS[freq])
    if len(full) != len(series):
        missing = full.difference(series.index)
        raise DyadwatchError(
            f"{len(missing)} {freq}s missing in {path}, first {missing[0]}",
            where="{series}",
            fix=f"give a value for every {freq} (or use a coarser {freq})",
        )
    return series
