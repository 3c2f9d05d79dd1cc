"""Report sections every report has: the timeline of events, the events with their sources,
and the leaders' terms."""

from __future__ import annotations

import pandas as pd

from dyadwatch.cameo import QUAD_NAMES
from dyadwatch.report.section import Figure, Section

__all__ = ["sections"]


def sections(study) -> list[Section]:
    """The sections every report has: the timeline with leaders' terms and the cited chronology."""
    from dyadwatch.leaders import leaders
    from dyadwatch.plots.timeline import timeline_figure

    frame = study.all_events
    pair = study.pair
    counts = frame.groupby("quad_class").size().reindex([1, 2, 3, 4], fill_value=0)
    first = pd.to_datetime(frame["date"]).min() if len(frame) else None
    last = pd.to_datetime(frame["date"]).max() if len(frame) else None
    summary = (
        f"{len(frame)} events between {pair.a} and {pair.b}"
        + (f", {first:%Y-%m-%d} to {last:%Y-%m-%d}" if first is not None else "")
        + ". By quad class: "
        + ", ".join(f"{QUAD_NAMES[q]} {int(n)}" for q, n in counts.items())
        + (f". Mean Goldstein score {frame['goldstein'].mean():+.2f}." if len(frame) else ".")
    )
    sources = ", ".join(sorted(frame["source"].unique())) if len(frame) else "none"
    timeline = Section(
        title=f"Timeline of {pair.a}–{pair.b} relations",
        summary=summary,
        figures=[
            Figure(
                timeline_figure(frame, title=f"{pair.a}–{pair.b} events"),
                caption=(
                    f"Each dot is one event (source: {sources}); height is its Goldstein (1992) "
                    "score derived from the CAMEO code (GDELT's scale); colour is the quad class. "
                    "Bands mark US presidents' terms (leaders table). Hover for the description "
                    "and citation."
                ),
            )
        ],
        order=10,
    )
    table = frame.assign(
        date=pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d"),
        tags=frame["tags"].map(lambda t: ", ".join(list(t)) if t is not None else ""),
    )[["date", "actor1", "actor2", "cameo", "goldstein", "description", "citation", "tags"]]
    chronology = Section(
        title="Events and their sources",
        summary="Every event shown above, with its CAMEO code, Goldstein score and citation.",
        tables=[(f"{len(table)} events; source: {sources}.", table)],
        order=90,
    )
    terms = leaders().assign(
        start=lambda f: f["start"].astype(str),
        end=lambda f: f["end"].map(lambda d: d or "in office"),
    )[["country", "name", "office", "start", "end", "note"]]
    leaders_section = Section(
        title="Leaders",
        summary="US presidents and Russian presidents and prime ministers (shipped leaders table).",
        tables=[("Terms end on the day the successor took office.", terms)],
        order=95,
    )
    return [timeline, chronology, leaders_section]
