"""``dyadwatch unga``: UN General Assembly measures of two countries, and every country's
ideal point in a year (``dyadwatch unga idealpoints --year 2019``)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import say
from dyadwatch.errors import DyadwatchError

SOURCE_NOTE = "Source: Voeten, Strezhnev & Bailey, UNGA Voting Data (unvotes 0.3.0 layout)."
IDEAL_NOTE = (
    "Ideal points: dynamic ordinal IRT bridged by recurring resolutions (docs/idealpoints.md); "
    "lo-hi is a 95% interval; positive is the United States' side."
)


class Measure(str, Enum):
    agreement = "agreement"
    kappa = "kappa"
    pi = "pi"
    idealpoint = "idealpoint"


def _votes_note(data: Path | None) -> str:
    """The range of the votes in use and the age of the newest roll call."""
    from dyadwatch.api.unga import read_votes

    return read_votes(data).freshness()


def _ideal_points(data: Path | None):
    from dyadwatch.api.unga import fit_status, ideal_points, read_votes

    votes = read_votes(data)
    if fit_status(votes) == "fit":
        typer.echo(
            "fitting the ideal points to these votes (a few minutes on 2 cores; cached after)",
            err=True,
        )
    return ideal_points(votes=votes)


def _years(frame, start: int | None, end: int | None):
    keep = frame["year"].between(start or -9999, end or 9999)
    if not keep.any():
        raise DyadwatchError("no roll calls in that range", where="--from/--to", fix="widen")
    return frame[keep].reset_index(drop=True)


def _dyad(dyad, measure, issue, start, end, data):
    if measure is Measure.idealpoint:
        from dyadwatch.api.unga import ideal_point_distance

        if issue:
            raise DyadwatchError(
                "ideal points use every roll call", where="--issue", fix="drop --issue"
            )
        frame = _years(ideal_point_distance(_ideal_points(data), dyad), start, end)
        return frame, f"UNGA ideal-point distance {frame['pair'].iloc[0]}"
    from dyadwatch.api.unga import alignment

    frame = alignment(dyad, issue=issue, start=start, end=end, data=data)
    if measure is not None:
        frame = frame[["year", "pair", "roll_calls", "both_voted", measure.value, "note"]]
    return frame, f"UNGA vote alignment {frame['pair'].iloc[0]}"


@app.command("unga")
def unga_command(
    view: str = typer.Argument(
        "dyad",
        help="dyad (default): the pair's yearly measure; idealpoints: every country's "
        "position in --year.",
    ),
    dyad: str = typer.Option(
        "US-RU", "--dyad", help="Two countries: US-RU, USA-RUS, or names a,b."
    ),
    pair: str | None = typer.Option(
        None, "--pair", hidden=True, help="Deprecated alias of --dyad."
    ),
    measure: Measure | None = typer.Option(
        None,
        "--measure",
        help="agreement, kappa (Cohen), pi (Scott) or idealpoint (distance with 95% interval); "
        "default: agreement, kappa and pi together.",
    ),
    year: int | None = typer.Option(
        None, "--year", help="Year for 'idealpoints' (default: the last)."
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
    """UN General Assembly votes of two countries per year (share of identical votes, Cohen's
    kappa, Scott's pi, ideal-point distance), or every country's ideal point in a year.

    Example: dyadwatch unga --dyad US-RU --measure idealpoint --format csv
    """
    out = out_path(out)
    if pair is not None:
        typer.echo("warning: --pair is deprecated; use --dyad", err=True)
        dyad = pair
    if view == "idealpoints":
        frame = _ideal_points(data)
        chosen = int(frame["year"].max()) if year is None else year
        frame = frame[frame["year"] == chosen].sort_values("position", ascending=False)
        if frame.empty:
            raise DyadwatchError(f"no ideal points for {chosen}", where="--year", fix="1946-2019")
        cols = ["country", "country_code", "year", "position", "sd", "lo", "hi", "votes"]
        emit(frame[cols].reset_index(drop=True), fmt, out, title=f"UNGA ideal points {chosen}")
        say([IDEAL_NOTE, SOURCE_NOTE, _votes_note(data)], fmt, out)
        return
    if view != "dyad":
        raise DyadwatchError(f"unknown view {view!r}", where="VIEW", fix="use dyad or idealpoints")
    frame, title = _dyad(dyad, measure, issue, start, end, data)
    emit(frame, fmt, out, title=title)
    notes = [
        "agreement = agreed / both_voted (votes: yes, no, abstain); kappa and pi correct for "
        "chance.",
        SOURCE_NOTE,
    ]
    if measure is Measure.idealpoint:
        notes[0] = IDEAL_NOTE
    if "note" in frame and (frame["note"] != "").any():
        notes.append("Before 1992 the row 'Russia' (RU) is the USSR.")
    say([*notes, _votes_note(data)], fmt, out)
