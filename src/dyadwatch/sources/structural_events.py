"""The structural-events register: NATO enlargement rounds, 2008, 2014, 2022, with citations.

``data/structure/register.csv`` lists event ids; each is resolved in the shipped file its
``source`` names (``nato_events``: ``data/threats/nato_events.csv``; ``chronology``: the
shipped chronology), which gives the date, description and citation.
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = ["structural_events"]


def _nato() -> pd.DataFrame:
    path = resources.files("dyadwatch.data").joinpath("threats/nato_events.csv")
    with path.open(encoding="utf-8") as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


def structural_events() -> pd.DataFrame:
    """``event_id, date, kind, source, description, citation, url``, one row an event.

    Raises:
        DyadwatchError: an id of the register is missing from its source file.
    """
    from dyadwatch.sources.chronology import chronology

    path = resources.files("dyadwatch.data").joinpath("structure/register.csv")
    with path.open(encoding="utf-8") as f:
        register = pd.read_csv(f, dtype=str)
    chron = chronology()
    tables = {"nato_events": _nato(), "chronology": chron.assign(date=chron["date"].astype(str))}
    rows = []
    for r in register.itertuples():
        table = tables[r.source]
        hit = table[table["event_id"] == r.event_id]
        if hit.empty:
            raise DyadwatchError(
                f"structural event {r.event_id!r} is not in {r.source}",
                fix="correct data/structure/register.csv",
            )
        h = hit.iloc[0]
        rows.append(
            {
                "event_id": r.event_id,
                "date": pd.Timestamp(str(h["date"])[:10]).date(),
                "kind": r.kind,
                "source": r.source,
                "description": h["description"],
                "citation": h["citation"],
                "url": h.get("url", ""),
            }
        )
    return pd.DataFrame(rows)
