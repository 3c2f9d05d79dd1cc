"""``dyadwatch structure``: structure versus personality."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD, FMT, OUT, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import freshness


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
    from dyadwatch.study import Study

    out = out_path(out)
    if series is not None:
        study = Study.from_series(series, freq=series_freq, dyad=dyad, db=db)
    else:
        study = Study(dyad, db=db)
    with study:
        res = study.structure_test(
            transitions_file=transitions, capabilities_file=capabilities, window=window
        )
    if fmt is Format.json:
        emit(res.to_dict() | {"freshness": study.freshness}, fmt, out)
    else:
        emit(res.summary(), fmt, out, title=res.title())
        freshness(study, fmt, out)
