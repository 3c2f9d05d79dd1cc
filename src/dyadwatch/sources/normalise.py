"""Volume normalisation: event counts relative to everything the source recorded.

GDELT's volume grew by orders of magnitude (tens of thousands of events a month in 1979,
millions by 2015): a raw count of US–Russia events mostly measures the news supply. GDELT
publishes its own totals, the *normfiles* (``normfiles/daily.csv``: ``YYYYMMDD,count``;
``monthly.csv``: ``YYYYMM,count``; Leetaru & Schrodt 2013, and the GDELT blog's
"normalization files" note), so that counts can be expressed per million events. When no
normfile is registered, the store's own totals for the source are used (all imported events of
that source by event date, dyadic or not — that is why the readers keep events without country
actors).

API for the relations index (:mod:`dyadwatch.measures.index`)::

    totals = daily_totals(store, "gdelt1")          # DataFrame: date, total
    share = normalise(counts, totals, freq="month")  # adds total and per_million

``register_normfile`` copies a normfile into the store (``<store>.parquet/_normfiles/``) so
later calls use it.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "read_normfile",
    "register_normfile",
    "registered_normfile",
    "daily_totals",
    "totals",
    "normalise",
]

_FREQS = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}


def read_normfile(path: str | Path) -> pd.DataFrame:
    """Read a GDELT normfile into ``date, total``.

    Accepts the daily (``YYYYMMDD,count``), monthly (``YYYYMM,count``) and yearly
    (``YYYY,count``) files; a header line, blank lines and surrounding spaces are tolerated.
    A monthly or yearly row is dated on the first day of its period.

    Raises:
        DyadwatchError: a line that is none of these, with its number.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DyadwatchError(f"cannot read the normfile {path}: {exc}") from None
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = [p.strip() for p in line.split(",")]
        if not line.strip() or (number == 1 and not parts[0].isdigit()):
            continue
        if (
            len(parts) < 2
            or not re.fullmatch(r"\d{4}(\d{2}){0,2}", parts[0])
            or not re.fullmatch(r"\d+", parts[1])
        ):
            raise DyadwatchError(
                f"not a GDELT normfile line: {line[:60]!r}",
                where=f"{path}, line {number}",
                fix="expect DATE,COUNT with DATE as YYYYMMDD, YYYYMM or YYYY",
            )
        key = parts[0]
        try:
            if len(key) == 8:
                date = dt.date(int(key[:4]), int(key[4:6]), int(key[6:]))
            elif len(key) == 6:
                date = dt.date(int(key[:4]), int(key[4:]), 1)
            else:
                date = dt.date(int(key), 1, 1)
        except ValueError:
            raise DyadwatchError(
                f"not a calendar date: {key}", where=f"{path}, line {number}"
            ) from None
        rows.append((date, int(parts[1])))
    if not rows:
        raise DyadwatchError(f"the normfile {path} has no rows", fix="download it again")
    frame = pd.DataFrame(rows, columns=["date", "total"])
    return frame.groupby("date", as_index=False)["total"].sum().sort_values("date")


def _norm_dir(store) -> Path:
    return store.parquet_root / "_normfiles"


def register_normfile(store, path: str | Path, *, source: str = "gdelt1") -> Path:
    """Check a normfile and copy it into the store for ``source``; returns the stored path."""
    frame = read_normfile(path)
    if frame.empty:
        raise DyadwatchError(f"the normfile {path} has no rows", fix="download it again")
    target = _norm_dir(store) / f"{source}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, target)
    return target


def registered_normfile(store, source: str) -> Path | None:
    """The normfile registered for ``source``, if any."""
    path = _norm_dir(store) / f"{source}.csv"
    return path if path.exists() else None


def daily_totals(store, source: str, *, normfile: str | Path | None = None) -> pd.DataFrame:
    """Total events of ``source`` per day: ``DataFrame(date, total)``, oldest first.

    From ``normfile`` if given, else from the normfile registered in the store for the source,
    else counted from the store's own events of that source (every event, dyadic or not).
    A monthly normfile gives one row per month (dated the 1st).
    """
    path = normfile or registered_normfile(store, source)
    if path is not None:
        return read_normfile(path).reset_index(drop=True)
    from dyadwatch import events_sql

    if events_sql.available(store):
        frame = events_sql.source_totals(store, [source], "day").rename(columns={"period": "date"})
    else:
        t = store.events()
        t = t.filter(t.source == source)
        frame = t.group_by("date").aggregate(total=t.count()).order_by("date").to_pandas()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["total"] = frame["total"].astype("int64")
    return frame.reset_index(drop=True)


def totals(
    store, source: str, *, freq: str = "month", normfile: str | Path | None = None
) -> pd.DataFrame:
    """Total events of ``source`` per period (day, week, month, quarter or year)."""
    daily = daily_totals(store, source, normfile=normfile)
    return _resample(daily, "total", freq)


def _resample(frame: pd.DataFrame, column: str, freq: str) -> pd.DataFrame:
    if freq not in _FREQS:
        raise DyadwatchError(f"unknown frequency {freq!r}", fix=f"use one of {', '.join(_FREQS)}")
    if frame.empty:
        return pd.DataFrame({"date": [], column: []})
    series = frame.set_index(pd.to_datetime(frame["date"]))[column]
    out = series.resample(_FREQS[freq], label="left", closed="left").sum()
    out = out.reset_index()
    out.columns = ["date", column]
    out["date"] = out["date"].dt.date
    return out


def normalise(
    counts: pd.DataFrame,
    totals_frame: pd.DataFrame,
    *,
    freq: str = "month",
    value: str = "events",
    scale: float = 1e6,
) -> pd.DataFrame:
    """Express ``counts[value]`` per ``scale`` events of the source in the same period.

    Args:
        counts: a frame with ``date`` and ``value`` columns (any period start dates).
        totals_frame: :func:`daily_totals` output (daily or monthly rows).
        freq: the period both are summed to.
        value: the column of ``counts`` to normalise.
        scale: per how many events (default: per million).

    Returns:
        ``date, {value}, total, per_million`` (the last named after ``scale`` only for 1e6:
        otherwise ``per_scale``); periods with no total give NaN.
    """
    left = _resample(counts[["date", value]], value, freq)
    right = _resample(totals_frame[["date", "total"]], "total", freq)
    out = left.merge(right, on="date", how="left")
    name = "per_million" if scale == 1e6 else "per_scale"
    out[name] = out[value] / out["total"].where(out["total"] > 0) * scale
    return out
