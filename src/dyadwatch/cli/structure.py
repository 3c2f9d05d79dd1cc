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
    measures: str = typer.Option(
        "index,kappa,idealpoint,capability",
        "--measures",
        help="Measures of the per-measure test (index, kappa, idealpoint, capability); "
        "'none' for the index analysis alone.",
    ),
    ideal: Path | None = typer.Option(
        None, "--ideal", help="A year,distance CSV of ideal-point distance (default: fitted)."
    ),
    park: bool = typer.Option(
        True,
        "--park/--no-park",
        help="Add the Park (2010) comparison: leader fixed effects against capability ratio, "
        "ideal-point distance and breaks at structural events, by held-out likelihood.",
    ),
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
    from dyadwatch.plots.structure import robustness_line
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
        comparison = _per_measure(study, measures, ideal, capabilities, window)
        park_res = _park(study, ideal, capabilities) if park and study.from_data else None
    if fmt is Format.json:
        extra = {"park": park_res.to_dict()} if park_res is not None else {}
        if comparison is not None:
            extra |= {
                "measures": {k: t.to_dict() for k, t in comparison["tests"].items()},
                "table": comparison["table"].to_dict(orient="records"),
                "measure_notes": comparison["notes"],
            }
        emit(res.to_dict() | extra | {"freshness": study.freshness}, fmt, out)
    elif comparison is not None:
        emit(comparison["table"], fmt, out, title="Structure or personality, per measure")
        if fmt is Format.table:
            for t in comparison["tests"].values():
                typer.echo(t.text)
            typer.echo(robustness_line(comparison["tests"]))
            if park_res is not None:
                emit(park_res.table(), fmt, out, title="Park (2010): leaders or structure")
                typer.echo(park_res.text)
        freshness(study, fmt, out)
    else:
        emit(res.summary(), fmt, out, title=res.title())
        freshness(study, fmt, out)


def _park(study, ideal, capabilities):
    """The Park comparison on the given or default structural inputs."""
    from dyadwatch.api.capabilities import read_capabilities
    from dyadwatch.api.data import read_distance_csv

    inputs = study.structure_inputs()
    if ideal:
        inputs["ideal_distance"] = read_distance_csv(ideal)
    if capabilities:
        inputs["capabilities"] = read_capabilities(capabilities)
    return study.park_comparison(inputs=inputs)


def _per_measure(study, measures: str, ideal, capabilities, window):
    """The per-measure comparison (None for ``--measures none``)."""
    from dyadwatch.api.capabilities import default_capabilities_path, read_capabilities
    from dyadwatch.api.data import read_distance_csv

    capabilities = capabilities or default_capabilities_path()
    names = tuple(m.strip() for m in measures.split(",") if m.strip() and m.strip() != "none")
    if not names:
        return None
    if not study.from_data:
        names = tuple(m for m in names if m != "capability" or capabilities) or ("index",)
    return study.structure_measures(
        measures=names,
        ideal_distance=read_distance_csv(ideal) if ideal else None,
        capabilities=read_capabilities(capabilities) if capabilities else None,
        window=window,
    )
