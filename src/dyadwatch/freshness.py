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

__all__ = ["STALE_DAYS", "UPDATE_COMMAND", "today", "freshness_table", "freshness_line"]

#: Days after which the newest event of a source counts as stale.
STALE_DAYS = 30
#: The command that brings the event data up to date.
UPDATE_COMMAND = "dyadwatch update"


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
    as_of = as_of or today()
    columns = ["source", "first", "last", "events", "age_days", "stale"]
    if events.empty:
        return pd.DataFrame(columns=columns)
    dates = pd.to_datetime(events["date"])
    grouped = dates.groupby(events["source"].to_numpy())
    frame = pd.DataFrame(
        {"first": grouped.min().dt.date, "last": grouped.max().dt.date, "events": grouped.size()}
    )
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
