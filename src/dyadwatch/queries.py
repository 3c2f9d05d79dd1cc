"""Querying events for a dyad from the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dyadwatch import events_sql
from dyadwatch.dyads import Dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import SOURCES, TAGS

__all__ = [
    "dyad_events",
    "dyad_events_arrow",
    "dyad_period_stats",
    "dyad_source_ranges",
    "parse_date",
    "check_tags",
    "check_sources",
    "source_totals",
]

_UNITS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


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
    if events_sql.available(store):
        return events_sql.dyad_events(
            store, dyad, start=start, end=end, tags=tags, sources=sources, directed=directed
        )
    frame = _dyad_events_expr(store, dyad, start, end, tags, sources, directed).to_pandas()
    return frame.reset_index(drop=True)


def dyad_events_arrow(
    store, dyad: Dyad, *, start: dt.date | None = None, end: dt.date | None = None,
    directed: bool = False,
):  # fmt: skip
    """:func:`dyad_events` (every source and tag) as an Arrow table: the same rows in the same
    order, without the pandas conversion (the dashboard's events pages are built from it)."""
    _check_range(start, end)
    if events_sql.available(store):
        return events_sql.dyad_events_arrow(
            store, dyad, start=start, end=end, tags=(), sources=None, directed=directed
        )
    return store.arrow(_dyad_events_expr(store, dyad, start, end, (), None, directed))


def _dyad_events_expr(store, dyad, start, end, tags, sources, directed):
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
    return t.filter(cond).order_by([t.date, t.source, t.event_id])


def _check_range(start, end) -> None:
    if start and end and start > end:
        raise DyadwatchError(
            f"the start {start} is after the end {end}",
            where="{start}/{end}",
            fix="swap them or widen the range",
        )


def _dyad_table(store, dyad: Dyad, start, end, sources, directed: bool):
    """The store's events table filtered to the dyad, dates and sources (an ibis expression)."""
    _check_range(start, end)
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
    return t.filter(cond)


def dyad_period_stats(
    store,
    dyad: Dyad,
    freq: str,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    sources: Sequence[str] | None = None,
    directed: bool = False,
) -> pd.DataFrame:
    """The relations index's sums per period and source, computed by the store's engine.

    One GROUP BY through ibis (DuckDB or Spark), so no event reaches Python: the columns are
    those of :data:`dyadwatch.measures.index_stats.SUM_COLUMNS` plus ``period`` (period start)
    and ``source``; events without a Goldstein score are left out, a missing weight counts 1.

    Args:
        store: an open :class:`~dyadwatch.store.Store`.
        dyad, start, end, sources, directed: as for :func:`dyad_events`.
        freq: week, month, quarter or year.
    """
    if events_sql.available(store):
        _check_range(start, end)
        check_sources(sources)
        return events_sql.dyad_period_stats(
            store, dyad, freq, start=start, end=end, sources=sources, directed=directed
        )
    t = _dyad_table(store, dyad, start, end, sources, directed)
    t = t.filter(t.goldstein.notnull())
    w = t.weight.fill_null(1.0).cast("float64")
    g = t.goldstein.cast("float64")
    c = (t.quad_class <= 2).ifelse(1.0, -1.0)
    w2 = w * w
    sums = {
        "n": t.count(),
        "w": w.sum(),
        "wg": (w * g).sum(),
        "wc": (w * c).sum(),
        "w2": w2.sum(),
        "w2g": (w2 * g).sum(),
        "w2g2": (w2 * g * g).sum(),
        "w2c": (w2 * c).sum(),
        **{f"wq{k}": (t.quad_class == k).ifelse(w, 0.0).sum() for k in range(1, 5)},
    }
    expr = t.group_by(period=t.date.truncate(_UNITS[freq]), source=t.source).aggregate(**sums)
    return expr.order_by(["period", "source"]).to_pandas()


def dyad_source_ranges(
    store,
    dyad: Dyad,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    directed: bool = False,
) -> pd.DataFrame:
    """Per source of the dyad's events: ``source, first, last, events`` (one engine query)."""
    if events_sql.available(store):
        _check_range(start, end)
        return events_sql.dyad_source_ranges(store, dyad, start=start, end=end, directed=directed)
    t = _dyad_table(store, dyad, start, end, None, directed)
    expr = t.group_by("source").aggregate(first=t.date.min(), last=t.date.max(), events=t.count())
    return expr.order_by("source").to_pandas()


def source_totals(store, sources: Sequence[str], freq: str) -> pd.Series:
    """Events of the given sources in the whole store, per period (ibis; any backend).

    This is the denominator of the ``volume`` column: dyad events per 1,000 events of the same
    source(s) in the period.

    Returns:
        A series indexed by period start (Timestamp), summed over ``sources``.
    """
    if events_sql.available(store):
        frame = events_sql.source_totals(store, sources, freq)
    else:
        t = store.events()
        t = t.filter(t.source.isin(list(sources)))
        expr = t.group_by(period=t.date.truncate(_UNITS[freq])).aggregate(total=t.count())
        frame = expr.to_pandas()
    if frame.empty:
        return pd.Series(dtype=float)
    return pd.Series(
        frame["total"].to_numpy(dtype=float),
        index=pd.DatetimeIndex(pd.to_datetime(frame["period"])),
    ).sort_index()
