"""``dyadwatch unga``: UN General Assembly vote alignment of two countries."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import say


@app.command("unga")
def unga_command(
    dyad: str = typer.Option(
        "US-RU", "--dyad", help="Two countries: US-RU, USA-RUS, or names a,b."
    ),
    pair: str | None = typer.Option(
        None, "--pair", hidden=True, help="Deprecated alias of --dyad."
    ),
    issue: str | None = typer.Option(
        None, "--issue", help="Only roll calls on an issue: me, nu, di, hr, co, ec (or its name)."
    ),
    start: int | None = typer.Option(None, "--from", help="First year."),
    end: int | None = typer.Option(None, "--to", help="Last year."),
    data: Path | None = typer.Option(
        None,
        "--data",
        help="Folder with the unvotes CSVs (default: the shipped votes, newer sessions from the "
        "user data directory first).",
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """UN General Assembly vote alignment of two countries per year: share of identical votes
    and Cohen's kappa.

    Example: dyadwatch unga --dyad US-RU --from 1985 --issue hr
    """
    from dyadwatch.measures.unga import unga_alignment

    out = out_path(out)
    if pair is not None:
        typer.echo("warning: --pair is deprecated; use --dyad", err=True)
        dyad = pair
    frame = unga_alignment(dyad, issue=issue, start=start, end=end, data=data)
    emit(frame, fmt, out, title=f"UNGA vote alignment {frame['pair'].iloc[0]}")
    notes = [
        "agreement = agreed / both_voted (votes: yes, no, abstain); kappa corrects for chance.",
        "Source: Voeten, Strezhnev & Bailey, UNGA Voting Data (unvotes 0.3.0 layout).",
    ]
    if (frame["note"] != "").any():
        notes.append("Before 1992 the row 'Russia' (RU) is the USSR.")
    say(notes, fmt, out)
