"""One-call functions over a dyad: each opens a :class:`~dyadwatch.study.Study` and returns one
of its results.

For more than one result, use the Study itself: it opens the store once and computes each
result once (``dw.Study("USA-RUS").stages``, ``.now``, ``.presidents``, ...).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadwatch.errors import DyadwatchError

if TYPE_CHECKING:  # the study, pandas and numpy load on first call, not on import
    import pandas as pd

    from dyadwatch.claims.structure import StructureAnalysis
    from dyadwatch.cycle.backtest import BacktestResult
    from dyadwatch.cycle.now import StageNow
    from dyadwatch.cycle.stages import StagesResult
    from dyadwatch.measures.index import RelationsIndex
    from dyadwatch.store import Store
    from dyadwatch.study import Study

__all__ = [
    "events",
    "leaders_table",
    "store_with_chronology",
    "relations_index",
    "stages",
    "stage_now",
    "presidents",
    "backtest",
    "structure",
]


def store_with_chronology(db: str | Path | None = None) -> Store:
    """Open the store and make sure the shipped chronology is in it."""
    from dyadwatch.sources.chronology import ensure_chronology
    from dyadwatch.store import open_store

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
        >>> frame = events("USA-RUS", start="2008-08-01", end="2008-08-31")
        >>> frame[["date", "actor1", "actor2", "cameo"]].head(2)
                date actor1 actor2 cameo
        0 2008-08-11    USA    RUS  1123
        1 2008-08-26    USA    RUS   111
    """
    from dyadwatch.study import Study

    with Study(dyad, db=db, start=start, end=end, directed=directed) as study:
        return study.select_events(tags=tuple(tags), sources=list(sources) if sources else None)


def leaders_table(country: str | None = None, office: str | None = None) -> pd.DataFrame:
    """US and Russian leaders with their terms (see :mod:`dyadwatch.leaders`).

    Example:
        >>> leaders_table("RUS", "President")["name"].tolist()[:2]
        ['Boris Yeltsin', 'Vladimir Putin']
    """
    from dyadwatch.dyads import parse_actor

    if country is not None:
        country = parse_actor(country, where="{country}")
        if country not in ("USA", "RUS"):
            raise DyadwatchError(
                f"no leaders table for {country}", where="{country}", fix="use USA or RUS"
            )
    if office is not None and office.lower() not in ("president", "prime minister"):
        raise DyadwatchError(
            f"unknown office {office!r}",
            where="{office}",
            fix="use President or 'Prime Minister'",
        )
    from dyadwatch.leaders import leaders

    return leaders(country, office)


def _study(dyad: str, series_file: str | Path | None, options: dict[str, Any]) -> Study:
    from dyadwatch.study import Study

    if series_file is not None:
        return Study.from_series(series_file, dyad=dyad, **options)
    return Study(dyad, **options)


def relations_index(dyad: str = "USA-RUS", **options: Any) -> RelationsIndex:
    """The relations index of a dyad (``Study(dyad, **options).index``).

    Example:
        >>> idx = relations_index("USA-RUS", freq="year", n_boot=0)
        >>> idx.frame[["period", "events"]].head(2)
          period  events
        0   1991       2
        1   1992      13
    """
    from dyadwatch.study import Study

    with Study(dyad, **options) as study:
        return study.index


def stages(
    dyad: str = "USA-RUS", *, series_file: str | Path | None = None, **options: Any
) -> StagesResult:
    """The stages of a dyad's relations index, or of a ``period,value`` CSV (``series_file``).

    Example:
        >>> result = stages("USA-RUS")
        >>> result.segments[0].stage
        'euphoria'
    """
    with _study(dyad, series_file, options) as study:
        return study.stages


def stage_now(
    dyad: str = "USA-RUS", *, series_file: str | Path | None = None, **options: Any
) -> StageNow:
    """The stage now and the forecast (``Study(dyad, **options).now``)."""
    with _study(dyad, series_file, options) as study:
        return study.now


def presidents(
    dyad: str = "USA-RUS", *, series_file: str | Path | None = None, **options: Any
) -> pd.DataFrame:
    """The per-administration table (``Study(dyad, **options).presidents``)."""
    with _study(dyad, series_file, options) as study:
        return study.presidents


def backtest(
    dyad: str = "USA-RUS",
    *,
    origin: str = "2000-01",
    series_file: str | Path | None = None,
    **options: Any,
) -> BacktestResult:
    """The rolling-origin backtest of the stage forecast (``Study(...).backtest(origin=...)``)."""
    with _study(dyad, series_file, options) as study:
        return study.backtest(origin=origin)


def structure(
    dyad: str = "USA-RUS",
    *,
    series_file: str | Path | None = None,
    transitions_file: str | Path | None = None,
    capabilities_file: str | Path | None = None,
    window: int = 3,
    **options: Any,
) -> StructureAnalysis:
    """Structure versus personality on a dyad's index or a series (``Study.structure_test``)."""
    with _study(dyad, series_file, options) as study:
        return study.structure_test(
            transitions_file=transitions_file, capabilities_file=capabilities_file, window=window
        )
