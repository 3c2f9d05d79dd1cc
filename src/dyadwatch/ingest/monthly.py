"""A monthly dyad aggregation used by the import tests (DuckDB vs Spark) and the benchmark."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["dyad_monthly"]


def dyad_monthly(events: ir.Table, a: str, b: str, *, directed: bool = False) -> ir.Table:
    """Monthly event count, weight and mean Goldstein score for a dyad (an ibis expression).

    A plain aggregation used by the import tests (DuckDB vs Spark) and the benchmark; the
    relations index proper lives in :mod:`dyadwatch.measures`.
    """
    forward = (events.actor1 == a) & (events.actor2 == b)
    cond = forward if directed else forward | ((events.actor1 == b) & (events.actor2 == a))
    t = events.filter(cond)
    t = t.mutate(month=t.date.truncate("M"))
    return (
        t.group_by("month")
        .aggregate(
            events=t.count(),
            weight=t.weight.sum(),
            goldstein=t.goldstein.mean(),
            goldstein_weighted=(t.goldstein * t.weight).sum() / t.weight.sum(),
        )
        .order_by("month")
    )
