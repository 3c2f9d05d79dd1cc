"""``dyadwatch analogues``: past events like the newest one, and what followed each."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD, FMT, OUT, SOURCE
from dyadwatch.cli.output import Format, emit


@app.command("analogues")
def analogues_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    text: str | None = typer.Option(None, "--text", help="An event's text instead of the newest."),
    cameo: str | None = typer.Option(None, "--cameo", help="Its CAMEO code, e.g. 163."),
    k: int = typer.Option(5, "--k", help="How many analogues."),
    horizon: int = typer.Option(6, "--horizon", help="Months after each analogue."),
    backtest: bool = typer.Option(
        False, "--backtest", help="Score the analogue forecast against persistence instead."
    ),
    db: Path | None = DB,
    fmt: Format = FMT,
    out: Path | None = OUT,
) -> None:
    """The k past events of the dyad most like the newest (TF-IDF over text, CAMEO, actors),
    with the relations measure at each and --horizon months later.

    --backtest forecasts the measure from the analogues at every month with events and
    compares the error with persistence (no change); a one-line summary follows the table.

    Example: dyadwatch analogues --dyad USA-RUS --k 5

    Example: dyadwatch analogues --text "new sanctions on Russian banks" --cameo 163
    """
    from dyadwatch.study import Study

    study = Study(dyad, db=db, source=source, n_boot=0)
    if backtest:
        table, summary = study.analogue_backtest(k=k, horizon=horizon)
        if fmt is Format.json:
            emit(summary | {"origins_table": table.to_dict(orient="records")}, fmt, out)
            return
        emit(table, fmt, out, title=f"analogue forecast vs persistence, {horizon} months")
        typer.echo(
            f"analogues (k={k}) vs persistence over {summary['origins']} origins: MAE "
            f"{summary['mae_analogue']:.3f} vs {summary['mae_persistence']:.3f} (skill "
            f"{summary['skill']:+.3f}), direction right {summary['direction_hits']:.0%}",
            err=out is not None or fmt is not Format.table,
        )
        return
    label, table = study.analogues(text, cameo, k=k, horizon=horizon)
    emit(table, fmt, out, title=f"analogues of: {label}")
    if fmt is Format.table:
        typer.echo(f"{len(table)} analogue(s) of: {label}", err=out is not None)
