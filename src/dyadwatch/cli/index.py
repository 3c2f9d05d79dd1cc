"""``dyadwatch index``: the relations index per period."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD, END, FMT, FREQ, OUT, SEED, SOURCE, START, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import freshness, say


@app.command("index")
def index_command(
    dyad: str = DYAD,
    freq: str = FREQ,
    source: str = SOURCE,
    directed: bool = typer.Option(False, "--directed", help="Only events the first actor did."),
    start: str | None = START,
    end: str | None = END,
    half_life: float = typer.Option(
        3.0, "--half-life", help="Months for an event's weight to halve (sparse sources)."
    ),
    boot: int = typer.Option(200, "--boot", help="Bootstrap replicates for intervals (0: none)."),
    seed: int = SEED,
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """The relations index per period: events, mean Goldstein, net cooperation, quad shares.

    Empty periods are listed. For the sparse chronology the index is an event-impact series
    (decayed mean Goldstein); the notes say so.

    Example: dyadwatch index --dyad USA-RUS --freq quarter --format csv
    """
    from dyadwatch.study import Study

    out = out_path(out)
    with Study(
        dyad,
        db=db,
        source=source,
        freq=freq,
        start=start,
        end=end,
        directed=directed,
        half_life=half_life,
        n_boot=boot,
        seed=seed,
    ) as study:
        idx = study.index
    frame = idx.frame.drop(columns=["period_start", "period_end"])
    if fmt is Format.json:
        payload = {
            "dyad": idx.dyad,
            "freq": freq,
            "sources": list(idx.sources),
            "value": idx.value_column,
            "notes": idx.notes,
            "freshness": study.freshness,
            "periods": frame,
        }
        emit(payload, fmt, out)
        return
    if fmt is Format.table:
        cols = ["period", "events", "goldstein", "goldstein_lo", "goldstein_hi", "net_coop"]
        cols += ["impact", "evidence"] if idx.sparse else ["volume"]
        frame = frame[cols]
    emit(frame, fmt, out, title=idx.title())
    say(idx.notes, fmt, out)
    freshness(study, fmt, out)
