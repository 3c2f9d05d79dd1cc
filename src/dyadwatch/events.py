"""Querying events for a dyad from the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dyadwatch.dyads import Dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import SOURCES, TAGS

__all__ = ["dyad_events", "parse_date"]


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
            f"--from {start} is after --to {end}", fix="swap them or widen the range"
        )
    for tag in tags:
        if tag not in TAGS:
            raise DyadwatchError(
                f"unknown tag {tag!r}", where="--tag", fix=f"use one of: {', '.join(TAGS)}"
            )
    for source in sources or ():
        if source not in SOURCES:
            raise DyadwatchError(
                f"unknown source {source!r}",
                where="--source",
                fix=f"use one of: {', '.join(SOURCES)}",
            )
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
