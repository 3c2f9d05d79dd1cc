"""Heads of state and government of the US and Russia since 1989, with their terms.

Shipped in ``data/leaders.csv`` (country, name, office, start, end, note, citation); an empty
``end`` means in office today. Terms end on the day the successor takes office.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources

import pandas as pd

__all__ = ["leaders", "leader_on", "transitions"]


@lru_cache(maxsize=1)
def _leaders() -> pd.DataFrame:
    with resources.files("dyadwatch.data").joinpath("leaders.csv").open(encoding="utf-8") as f:
        frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    for col in ("start", "end"):
        frame[col] = [dt.date.fromisoformat(v) if v else None for v in frame[col]]
        frame[col] = frame[col].astype(object)
    return frame


def leaders(country: str | None = None, office: str | None = None) -> pd.DataFrame:
    """The leaders table, optionally for one country (ISO3) and office.

    Args:
        country: ``USA`` or ``RUS``.
        office: ``President`` or ``Prime Minister``.
    """
    frame = _leaders().copy()
    if country is not None:
        frame = frame[frame["country"] == country.upper()]
    if office is not None:
        frame = frame[frame["office"].str.lower() == office.lower()]
    return frame.reset_index(drop=True)


def leader_on(country: str, day: dt.date, office: str = "President") -> str | None:
    """Name of the country's leader in ``office`` on ``day`` (None if the table has none)."""
    frame = leaders(country, office)
    for row in frame.itertuples():
        end = row.end or dt.date.max
        if row.start <= day < end:
            return row.name
    return None


def transitions(
    country: str, office: str = "President", since: dt.date | None = None
) -> pd.DataFrame:
    """Dates on which a new person took ``office``: columns ``date``, ``country``, ``name``.

    A term that follows one held by the same person (none in the table today) is not a transition.
    """
    frame = leaders(country, office).sort_values("start")
    rows = []
    previous = None
    for row in frame.itertuples():
        if row.name != previous and (since is None or row.start >= since):
            rows.append({"date": row.start, "country": row.country, "name": row.name})
        previous = row.name
    return pd.DataFrame(rows, columns=["date", "country", "name"])
