"""``dyadwatch structure``: structure versus personality."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD, FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit


@app.command("structure")
def structure_command(
    dyad: str = DYAD,
    series: Path | None = typer.Option(
        None, "--series", help="Test a period,value CSV instead of the index."
    ),
    series_freq: str = typer.Option(
        "month", "--freq", help="Frequency of --series: month, quarter or year."
    ),
    transitions: Path | None = typer.Option(
        None, "--transitions", help="A date,label CSV of transitions (default: presidents)."
    ),
    capabilities: Path | None = typer.Option(
        None, "--capabilities", help="COW NMC CSV: adds the US/Russia CINC ratio as a covariate."
    ),
    window: int = typer.Option(3, "--window", min=0, max=24, help="Coincidence window, months."),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Test whether turning points follow presidents or structural events.

    Exact circular-shift tests of the turning points against leader changes and against
    structural events, a honeymoon regression with HAC errors, and a Shapley variance
    decomposition; then a verdict written from the numbers.

    Example: dyadwatch structure --capabilities cow_nmc_US_RUS.csv --format json
    """
    from dyadwatch.api import structure

    out = out_path(out)
    res = structure(
        dyad,
        series_file=series,
        freq=series_freq,
        transitions_file=transitions,
        capabilities_file=capabilities,
        window=window,
        db=db,
    )
    if fmt is Format.json:
        emit(res.to_dict(), fmt, out)
    else:
        emit(res.summary(), fmt, out, title=res.title())
