"""The events behind a turning point: what happened when a stage began."""

from __future__ import annotations

import pandas as pd

from dyadwatch.cycle.segments import Segment

__all__ = ["turning_point_events"]


def turning_point_events(
    segments: list[Segment], events: pd.DataFrame | None, *, window: int = 2, top: int = 5
) -> None:
    """Attach to each segment after the first the events within ``window`` months of its start.

    Only events whose Goldstein score points the way of the jump are kept (conflictual ones for
    a fall, cooperative ones for a rise; all of them when none does); they are ranked by how
    strongly they point that way, then by closeness in time. Modifies the segments in place.
    """
    if events is None or events.empty:
        return
    dates = pd.to_datetime(events["date"])
    for seg in segments[1:]:
        centre = seg.start.start_time
        lo = centre - pd.DateOffset(months=window)
        hi = seg.start.end_time + pd.DateOffset(months=window)
        near = events.loc[(dates >= lo) & (dates <= hi)].copy()
        if near.empty:
            continue
        direction = 1.0 if (seg.jump or 0.0) >= 0 else -1.0
        pointing = near[near["goldstein"].astype(float) * direction > 0]
        near = pointing if len(pointing) else near
        near["_rank"] = -direction * near["goldstein"].astype(float)
        near["_dist"] = (pd.to_datetime(near["date"]) - centre).abs()
        near = near.sort_values(["_rank", "_dist"]).head(top)
        seg.turning_point_events = [
            {
                "date": str(pd.Timestamp(r["date"]).date()),
                "event_id": r.get("event_id"),
                "actors": f"{r.get('actor1')}->{r.get('actor2')}",
                "cameo": r.get("cameo"),
                "goldstein": None if pd.isna(r["goldstein"]) else float(r["goldstein"]),
                "description": r.get("description"),
                "citation": r.get("citation"),
            }
            for _, r in near.sort_values("date").iterrows()
        ]
