"""``dyadwatch events`` and ``dyadwatch leaders``."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD, END, FMT, OUT, START, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import freshness

EVENT_CSV_COLUMNS = [
    "date",
    "actor1",
    "actor2",
    "cameo",
    "goldstein",
    "quad_class",
    "description",
    "citation",
    "tags",
    "event_id",
    "source",
    "actor1_detail",
    "actor2_detail",
    "url",
]


@app.command("events")
def events_command(
    dyad: str = DYAD,
    start: str | None = START,
    end: str | None = END,
    tag: list[str] = typer.Option([], "--tag", help="Keep events with this tag (repeatable)."),
    source: list[str] = typer.Option(
        [], "--source", help="Keep this source (chronology, gdelt1, gdelt2, icews, polecat)."
    ),
    directed: bool = typer.Option(False, "--directed", help="Only events the first actor did."),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """List the events between two actors, both directions, oldest first.

    Example: dyadwatch events --dyad USA-RUS --from 2008-08-01 --to 2008-12-31 --format csv
    """
    from dyadwatch.study import Study

    out = out_path(out)
    with Study(dyad, db=db, start=start, end=end, directed=directed) as study:
        frame = study.select_events(tags=tuple(tag), sources=source or None)
    frame = frame[EVENT_CSV_COLUMNS]
    if fmt is Format.table:
        frame = frame[["date", "actor1", "actor2", "cameo", "goldstein", "description", "citation"]]
    emit(frame, fmt, out, title=f"Events {study.dyad} ({len(frame)})")
    freshness(study, fmt, out, stage=False)


@app.command("leaders")
def leaders_command(
    country: str | None = typer.Option(None, "--country", help="USA or RUS (default both)."),
    office: str | None = typer.Option(
        None, "--office", help="President or 'Prime Minister' (default both)."
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """List US presidents and Russian presidents and prime ministers with their terms.

    Example: dyadwatch leaders --country RUS --format csv
    """
    from dyadwatch.api import leaders_table

    out = out_path(out)
    frame = leaders_table(country=country, office=office)
    emit(
        frame[["country", "name", "office", "start", "end"]] if fmt is not Format.json else frame,
        fmt,
        out,
        title="Leaders",
    )
