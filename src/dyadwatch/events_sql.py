"""The dyad queries of :mod:`dyadwatch.queries` as DuckDB SQL, for a store on DuckDB.

Why a second spelling of the same queries: every query of :mod:`dyadwatch.queries` is an ibis
expression, so the Spark engine runs it unchanged; but importing ibis and building its DuckDB
backend costs about 0.45 s of a command-line run (``python -X importtime``: ``ibis`` 0.24 s,
``ibis.backends.sql.compilers``, which imports every SQL dialect, 0.18 s), half of what
``dyadwatch now`` may take in all. On a DuckDB store these few read queries therefore run as
parameterised SQL on the store's own DuckDB connection, and ibis is imported only when a query
needs it (an import, Spark, anything else). ``tests/test_events_sql.py`` checks that both
spellings give the same frames on the same store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from dyadwatch.dyads import Dyad
from dyadwatch.schema import EVENT_SCHEMA

__all__ = [
    "available",
    "dyad_events",
    "dyad_events_arrow",
    "dyad_period_stats",
    "dyad_source_ranges",
    "source_totals",
]

_UNITS = {"week": "week", "month": "month", "quarter": "quarter", "year": "year"}
_LISTS = ("tags", "flags")
_NULLABLE = ("is_root_event", "num_mentions", "num_sources", "num_articles")


def available(store) -> bool:
    """True when the store can answer in plain SQL (a DuckDB store that says so)."""
    return callable(getattr(store, "events_relation", None)) and store.engine == "duckdb"


def _where(
    dyad: Dyad,
    start: dt.date | None,
    end: dt.date | None,
    sources: Sequence[str] | None,
    directed: bool,
    tags: Sequence[str] = (),
) -> tuple[str, list]:
    params: list = [dyad.a, dyad.b]
    cond = "(actor1 = ? AND actor2 = ?)"
    if not directed:
        cond = f"({cond} OR (actor1 = ? AND actor2 = ?))"
        params += [dyad.b, dyad.a]
    if start:
        cond += " AND date >= ?"
        params.append(start)
    if end:
        cond += " AND date <= ?"
        params.append(end)
    if sources:
        cond += f" AND source IN ({', '.join('?' for _ in sources)})"
        params += list(sources)
    for tag in tags:
        cond += " AND list_contains(tags, ?)"
        params.append(tag)
    return cond, params


def _frame(table) -> pd.DataFrame:
    """An Arrow result as pandas, with the column types ibis' own conversion gives."""
    frame = table.to_pandas(date_as_object=False)
    for name in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[name]):
            frame[name] = frame[name].astype("datetime64[s]")
    for name in _LISTS:
        if name in frame:
            frame[name] = [None if v is None else list(v) for v in frame[name]]
    for name in _NULLABLE:
        # ibis: a column with nothing in it holds None; integers with gaps become floats
        column = table.column(name) if name in frame else None
        if column is not None and table.num_rows and column.null_count == table.num_rows:
            frame[name] = pd.Series([None] * table.num_rows, dtype=object, index=frame.index)
    return frame


def dyad_events(store, dyad, *, start, end, tags, sources, directed) -> pd.DataFrame:
    """:func:`dyadwatch.queries.dyad_events` in SQL (arguments already checked)."""
    table = dyad_events_arrow(
        store, dyad, start=start, end=end, tags=tags, sources=sources, directed=directed
    )
    return _frame(table)


def dyad_events_arrow(store, dyad, *, start, end, tags, sources, directed):
    """The same rows as :func:`dyad_events`, as the Arrow table DuckDB returns (no pandas)."""
    cond, params = _where(dyad, start, end, sources, directed, tags)
    names = ", ".join(f'"{f.name}"' for f in EVENT_SCHEMA)
    sql = (
        f"SELECT {names} FROM {store.events_relation()} WHERE {cond} "
        "ORDER BY date, source, event_id"
    )
    return store.raw.sql(sql, params=params).to_arrow_table()


def dyad_period_stats(store, dyad, freq, *, start, end, sources, directed) -> pd.DataFrame:
    """:func:`dyadwatch.queries.dyad_period_stats` in SQL (the same sums)."""
    cond, params = _where(dyad, start, end, sources, directed)
    w = "CAST(COALESCE(weight, 1.0) AS DOUBLE)"
    g = "CAST(goldstein AS DOUBLE)"
    c = "(CASE WHEN quad_class <= 2 THEN 1.0 ELSE -1.0 END)"
    quads = ", ".join(
        f"SUM(CASE WHEN quad_class = {k} THEN {w} ELSE 0.0 END) AS wq{k}" for k in range(1, 5)
    )
    sql = (
        f"SELECT CAST(date_trunc('{_UNITS[freq]}', date) AS DATE) AS period, source, "
        f"COUNT(*) AS n, SUM({w}) AS w, SUM({w} * {g}) AS wg, SUM({w} * {c}) AS wc, "
        f"SUM({w} * {w}) AS w2, SUM({w} * {w} * {g}) AS w2g, "
        f"SUM({w} * {w} * {g} * {g}) AS w2g2, SUM({w} * {w} * {c}) AS w2c, {quads} "
        f"FROM {store.events_relation()} WHERE {cond} AND goldstein IS NOT NULL "
        "GROUP BY ALL ORDER BY period, source"
    )
    return _frame(store.raw.sql(sql, params=params).to_arrow_table())


def dyad_source_ranges(store, dyad, *, start, end, directed) -> pd.DataFrame:
    """:func:`dyadwatch.queries.dyad_source_ranges` in SQL."""
    cond, params = _where(dyad, start, end, None, directed)
    sql = (
        'SELECT source, MIN(date) AS "first", MAX(date) AS "last", COUNT(*) AS events '
        f"FROM {store.events_relation()} WHERE {cond} GROUP BY source ORDER BY source"
    )
    return _frame(store.raw.sql(sql, params=params).to_arrow_table())


def source_totals(store, sources: Sequence[str], unit: str) -> pd.DataFrame:
    """Events per period of ``sources`` in the whole store: ``period, total`` (``unit``:
    day, week, month, quarter or year)."""
    marks = ", ".join("?" for _ in sources)
    period = "date" if unit == "day" else f"CAST(date_trunc('{unit}', date) AS DATE)"
    sql = (
        f"SELECT {period} AS period, COUNT(*) AS total FROM {store.events_relation()} "
        f"WHERE source IN ({marks}) GROUP BY ALL ORDER BY period"
    )
    return _frame(store.raw.sql(sql, params=list(sources)).to_arrow_table())
