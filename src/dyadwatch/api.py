"""The public API: plain functions the CLI, the report and the web app call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from dyadwatch.dyads import parse_actor, parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.events import dyad_events, parse_date
from dyadwatch.leaders import leaders
from dyadwatch.sources.chronology import ensure_chronology
from dyadwatch.store import open_store

__all__ = ["events", "leaders_table", "store_with_chronology"]


def store_with_chronology(db: str | Path | None = None):
    """Open the store and make sure the shipped chronology is in it."""
    store = open_store(db)
    ensure_chronology(store)
    return store


def events(
    dyad: str = "USA-RUS",
    *,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    tags: Sequence[str] = (),
    sources: Sequence[str] | None = None,
    directed: bool = False,
    db: str | Path | None = None,
) -> pd.DataFrame:
    """Events between two actors (both directions unless ``directed``), oldest first.

    Example:
        >>> frame = events("USA-RUS", start="2008-08-01", end="2008-08-31")  # doctest: +SKIP
    """
    pair = parse_dyad(dyad)
    start_d = start if isinstance(start, dt.date) else parse_date(start, option="--from")
    end_d = end if isinstance(end, dt.date) else parse_date(end, option="--to")
    with store_with_chronology(db) as store:
        return dyad_events(
            store, pair, start=start_d, end=end_d, tags=tags, sources=sources, directed=directed
        )


def leaders_table(country: str | None = None, office: str | None = None) -> pd.DataFrame:
    """US and Russian leaders with their terms (see :mod:`dyadwatch.leaders`)."""
    if country is not None:
        country = parse_actor(country, where="--country")
        if country not in ("USA", "RUS"):
            raise DyadwatchError(
                f"no leaders table for {country}", where="--country", fix="use USA or RUS"
            )
    if office is not None and office.lower() not in ("president", "prime minister"):
        raise DyadwatchError(
            f"unknown office {office!r}", where="--office", fix="use President or 'Prime Minister'"
        )
    return leaders(country, office)
