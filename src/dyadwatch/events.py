"""Querying events for a dyad from the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dyadwatch.dyads import Dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import SOURCES, TAGS

__all__ = ["dyad_events", "parse_date", "check_tags", "check_sources", "source_totals"]


def parse_date(text: str | None, *, option: str) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``) from a command-line option.

    ``YYYY-MM`` means the first of the month and ``YYYY`` the first of January.

    Raises:
        DyadwatchError: naming the option and the expected form.
    """
    if text is None or text == "":
        return None
    raw = text.strip()
    try:
        if len(raw) == 4 and raw.isdigit():
            return dt.date(int(raw), 1, 1)
        if len(raw) == 7:
            return dt.date.fromisoformat(raw + "-01")
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise DyadwatchError(
            f"malformed date {text!r}", where=option, fix="write it as YYYY-MM-DD, e.g. 2014-03-18"
        ) from None


def check_tags(tags: Sequence[str]) -> None:
    """Raises DyadwatchError for a tag outside the schema's vocabulary."""
    for tag in tags:
        if tag not in TAGS:
            raise DyadwatchError(
                f"unknown tag {tag!r}", where="{tag}", fix=f"use one of: {', '.join(TAGS)}"
            )


def check_sources(sources: Sequence[str] | None) -> None:
    """Raises DyadwatchError for an unknown source name."""
    for source in sources or ():
        if source not in SOURCES:
            raise DyadwatchError(
                f"unknown source {source!r}",
                where="{source}",
                fix=f"use one of: {', '.join(SOURCES)}",
            )


def dyad_events(
    store,
    dyad: Dyad,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    tags: Sequence[str] = (),
    sources: Sequence[str] | None = None,
    directed: bool = False,
) -> pd.DataFrame:
    """Events between the dyad's actors, oldest first.

    Args:
        store: an open :class:`~dyadwatch.store.Store`.
        dyad: the pair; both directions unless ``directed``.
        start, end: inclusive date bounds.
        tags: keep events carrying every one of these tags.
        sources: keep these sources only (default: all).
        directed: only events where ``dyad.a`` acts on ``dyad.b``.
    """
    if start and end and start > end:
        raise DyadwatchError(
            f"the start {start} is after the end {end}",
            where="{start}/{end}",
            fix="swap them or widen the range",
        )
    check_tags(tags)
    check_sources(sources)
    t = store.events()
    forward = (t.actor1 == dyad.a) & (t.actor2 == dyad.b)
    cond = forward if directed else forward | ((t.actor1 == dyad.b) & (t.actor2 == dyad.a))
    if start:
        cond &= t.date >= start
    if end:
        cond &= t.date <= end
    if sources:
        cond &= t.source.isin(list(sources))
    for tag in tags:
        cond &= t.tags.contains(tag)
    frame = t.filter(cond).order_by([t.date, t.source, t.event_id]).to_pandas()
    return frame.reset_index(drop=True)


def source_totals(store, sources: Sequence[str], freq: str) -> pd.Series:
    """Events of the given sources in the whole store, per period (ibis; any backend).

    This is the denominator of the ``volume`` column: dyad events per 1,000 events of the same
    source(s) in the period.

    Returns:
        A series indexed by period start (Timestamp), summed over ``sources``.
    """
    units = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}
    t = store.events()
    t = t.filter(t.source.isin(list(sources)))
    expr = t.group_by(period=t.date.truncate(units[freq])).aggregate(total=t.count())
    frame = expr.to_pandas()
    if frame.empty:
        return pd.Series(dtype=float)
    return pd.Series(
        frame["total"].to_numpy(dtype=float),
        index=pd.DatetimeIndex(pd.to_datetime(frame["period"])),
    ).sort_index()
