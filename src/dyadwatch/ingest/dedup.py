"""Dropping duplicate events from the staged rows, and moving the rest into the store."""

from __future__ import annotations

import os

import ibis

from dyadwatch.schema import EVENT_SCHEMA
from dyadwatch.store.faults import kill_point

__all__ = ["dedup_and_write"]

EVENT_COLS = list(EVENT_SCHEMA.names)


def dedup_and_write(runner, store, source, policy, ok, n_ok, root, import_id, staging, by_rule):
    """Drop duplicate events from the staged ok rows and move the rest into the store's folder.

    Returns ``(accepted, years, files)``: the moved files join the store only when the caller
    commits them (:meth:`dyadwatch.store.Store.commit_import`).

    When nothing can be a duplicate (no repeated id in the import, none of the source in the
    store, no one-a-day rule) the staged files are moved as they are; otherwise the kept rows
    are written once, counted while they are written where the engine can (DuckDB).
    """
    existing = runner.existing(source)
    has_existing = existing is not None and runner.scalar(existing.count()) > 0
    n_repeats = runner.scalar(ok.count() - ok.event_id.nunique())  # rows with a repeated id
    keep = ok
    if n_repeats:
        dup_groups = ok.group_by("event_id").aggregate(n=ok.count()).filter(lambda t: t.n > 1)
        ids = dup_groups.select("event_id")
        single = ok.anti_join(ids, "event_id")
        multi = ok.semi_join(ids, "event_id")
        w = ibis.row_number().over(
            group_by=multi.event_id, order_by=[multi.filename, multi.line, multi.date]
        )
        first = multi.mutate(_rn=w).filter(lambda t: t._rn == 0).drop("_rn")
        keep = single.union(first)
    if has_existing:
        keep = keep.anti_join(existing.select("event_id"), "event_id")
    after_ids = None  # rows left after the event_id rule; None: not counted yet
    if not (n_repeats or has_existing):
        after_ids = n_ok
    if policy.one_a_day:
        if after_ids is None:
            after_ids = runner.scalar(keep.count())
        both = keep.actor1.notnull() & keep.actor2.notnull()
        dyadic = keep.filter(both)
        rest = keep.filter(~both)
        key = [dyadic.date, dyadic.actor1, dyadic.actor2, dyadic.cameo]
        w = ibis.row_number().over(
            group_by=key,
            order_by=[
                ibis.desc(dyadic.num_sources.fill_null(0)),
                dyadic.event_id.length(),
                dyadic.event_id,
            ],
        )
        dyadic = dyadic.mutate(_rn=w).filter(lambda t: t._rn == 0).drop("_rn")
        if has_existing:
            ex = existing.filter(existing.actor1.notnull() & existing.actor2.notnull())
            ex = ex.select("date", "actor1", "actor2", "cameo").distinct()
            dyadic = dyadic.anti_join(ex, ["date", "actor1", "actor2", "cameo"])
        keep = dyadic.union(rest)
    target = root / f"source={source}"
    target.mkdir(parents=True, exist_ok=True)
    years: set[int] = set()
    if after_ids == n_ok and not policy.one_a_day:
        accepted = n_ok
        moves = list(staging.glob("part*/kind=ok/year=*/*.parquet"))
    else:
        out = staging / "final"
        accepted = runner.write_final(keep.select(*EVENT_COLS, "year"), out)
        if accepted is None:
            accepted = runner.scalar(keep.count())
        moves = list(out.glob("year=*/*.parquet"))
    if after_ids is None:
        after_ids = accepted
    by_rule["event_id"] = n_ok - after_ids
    if policy.one_a_day:
        by_rule["one_a_day"] = after_ids - accepted
    files = []
    for i, f in enumerate(sorted(moves)):
        year_dir = f.parent.name
        years.add(int(year_dir.split("=", 1)[1]))
        dest = target / year_dir
        dest.mkdir(exist_ok=True)
        files.append(dest / f"{import_id}-{i:05d}.parquet")
        os.replace(f, files[-1])
    kill_point("writing")
    return accepted, sorted(years), files
