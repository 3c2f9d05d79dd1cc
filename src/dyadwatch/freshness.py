"""How current the data are: each source's date range and the age of its newest record.

Every output that rests on events says what it rests on: for each source, the first and last
event date, the number of events, and the age of the newest event relative to today. A source
whose newest event is more than :data:`STALE_DAYS` days old is *stale*, and outputs that speak
of "now" warn about it and name the command that updates the data.

"Today" is the machine's date, or ``$DYADWATCH_TODAY`` (``YYYY-MM-DD``) when set, so that a
report can be rebuilt as of a given day.
"""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "STALE_DAYS",
    "UPDATE_COMMAND",
    "VOTES_COMMAND",
    "today",
    "freshness_table",
    "freshness_line",
    "votes_line",
    "register_line",
]

#: Days after which the newest event of a source counts as stale.
STALE_DAYS = 30
#: The command that brings the event data up to date.
UPDATE_COMMAND = "dyadwatch update"
#: The command that fetches newer UN General Assembly sessions.
VOTES_COMMAND = "dyadwatch data download unga"


def today() -> dt.date:
    """The date outputs are measured against (``$DYADWATCH_TODAY`` or the machine's date)."""
    text = os.environ.get("DYADWATCH_TODAY")
    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise DyadwatchError(
            f"malformed date {text!r} in DYADWATCH_TODAY", fix="write it as YYYY-MM-DD or unset it"
        ) from None


def freshness_table(events: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    """Per source: ``source, first, last, events, age_days, stale``, oldest newest-event first.

    Args:
        events: rows with ``source`` and ``date``.
        as_of: the day ages are measured to (default :func:`today`).
    """
    if events.empty:
        return ranges_freshness(pd.DataFrame(columns=["source", "first", "last", "events"]), as_of)
    dates = pd.to_datetime(events["date"])
    grouped = dates.groupby(events["source"].to_numpy())
    frame = pd.DataFrame(
        {"first": grouped.min().dt.date, "last": grouped.max().dt.date, "events": grouped.size()}
    )
    return ranges_freshness(frame.rename_axis("source").reset_index(), as_of)


def ranges_freshness(ranges: pd.DataFrame, as_of: dt.date | None = None) -> pd.DataFrame:
    """:func:`freshness_table` from per-source ``source, first, last, events`` (an engine query).

    Args:
        ranges: one row per source (:func:`dyadwatch.events.dyad_source_ranges`).
        as_of: the day ages are measured to (default :func:`today`).
    """
    as_of = as_of or today()
    columns = ["source", "first", "last", "events", "age_days", "stale"]
    if ranges.empty:
        return pd.DataFrame(columns=columns)
    frame = ranges.set_index("source")[["first", "last", "events"]].copy()
    frame["first"] = pd.to_datetime(frame["first"]).dt.date
    frame["last"] = pd.to_datetime(frame["last"]).dt.date
    frame["age_days"] = [(as_of - d).days for d in frame["last"]]
    frame["stale"] = frame["age_days"] > STALE_DAYS
    frame = frame.rename_axis("source").reset_index()
    return frame.sort_values(["age_days", "source"], ascending=[False, True])[columns].reset_index(
        drop=True
    )


def freshness_line(table: pd.DataFrame, as_of: dt.date | None = None, *, stage: bool = True) -> str:
    """One sentence: each source's range and age, and a warning when the data are stale.

    Args:
        table: from :func:`freshness_table`.
        as_of: the day ages are measured to (default :func:`today`).
        stage: say what a stale "now" means for the stage (outputs about the cycle).

    Example:
        >>> import datetime as dt, pandas as pd
        >>> ev = pd.DataFrame({"source": ["chronology"] * 2,
        ...                    "date": [dt.date(1991, 12, 25), dt.date(2025, 10, 29)]})
        >>> freshness_line(freshness_table(ev, dt.date(2026, 12, 6)), dt.date(2026, 12, 6))
        ... # doctest: +NORMALIZE_WHITESPACE
        'Data as of 2026-12-06: chronology 1991-12-25 to 2025-10-29 (2 events; newest 403 days
        old). Warning: the newest event is 403 days old; the stage "now" is the stage of
        2025-10. Run dyadwatch update to add current GDELT data.'
    """
    as_of = as_of or today()
    if table.empty:
        return f"Data as of {as_of}: no events."
    ages = [(as_of - last).days for last in table["last"]]
    parts = [
        f"{r.source} {r.first} to {r.last} ({r.events:,} events; newest {age} days old)"
        for r, age in zip(table.itertuples(), ages, strict=True)
    ]
    text = f"Data as of {as_of}: " + "; ".join(parts) + "."
    newest = min(ages)
    if newest > STALE_DAYS:
        last = max(table["last"])
        text += f" Warning: the newest event is {newest} days old"
        text += f'; the stage "now" is the stage of {last:%Y-%m}.' if stage else "."
        text += f" Run {UPDATE_COMMAND} to add current GDELT data."
    return text


def votes_line(first: dt.date, last: dt.date, roll_calls: int, as_of: dt.date | None = None) -> str:
    """One sentence on the UN General Assembly votes an output rests on: their range, the
    number of roll calls and the age of the newest, with the command that fetches newer ones.

    Example:
        >>> import datetime as dt
        >>> votes_line(dt.date(1946, 1, 1), dt.date(2019, 12, 27), 6202, dt.date(2026, 12, 7))
        ... # doctest: +NORMALIZE_WHITESPACE
        'UN votes as of 2026-12-07: 1946-01-01 to 2019-12-27 (6,202 roll calls; newest 2537
        days old). Run dyadwatch data download unga for newer sessions.'
    """
    as_of = as_of or today()
    text = (
        f"UN votes as of {as_of}: {first} to {last} ({roll_calls:,} roll calls; "
        f"newest {(as_of - last).days} days old)."
    )
    if (as_of - last).days > 365:
        text += f" Run {VOTES_COMMAND} for newer sessions."
    return text


def register_line(
    name: str, first: dt.date, last: dt.date, rows: int, as_of: dt.date | None = None
) -> str:
    """One sentence on a curated register an output rests on (the norm ledger, the neighbours'
    spells, ...): its range, its rows and the age of its newest entry.

    Example:
        >>> import datetime as dt
        >>> register_line("Norm ledger", dt.date(1994, 12, 5), dt.date(2025, 4, 2), 80,
        ...               dt.date(2026, 12, 7))
        ... # doctest: +NORMALIZE_WHITESPACE
        'Norm ledger as of 2026-12-07: 1994-12-05 to 2025-04-02 (80 entries; newest 614 days
        old; a curated register: later events are not in it).'
    """
    as_of = as_of or today()
    return (
        f"{name} as of {as_of}: {first} to {last} ({rows:,} entries; newest "
        f"{(as_of - last).days} days old; a curated register: later events are not in it)."
    )
