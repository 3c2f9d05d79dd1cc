"""``dyadwatch index``, ``stages``, ``presidents``, ``now``, ``backtest`` and ``unga``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.output import Format, emit, to_json

DYAD = typer.Option("USA-RUS", "--dyad", help="Actor pair, ISO3 codes, e.g. USA-RUS.")
SOURCE = typer.Option(
    "chronology",
    "--source",
    help="chronology, gdelt1, gdelt2, icews, polecat, or all (every source in the store).",
)
FMT = typer.Option(Format.table, "--format", help="table, csv or json.")
OUT = typer.Option(None, "--out", help="Write to this file instead of stdout.")
DB = typer.Option(None, "--db", help="DuckDB store file (default: $DYADWATCH_DB or user data dir).")
PENALTY = typer.Option(
    "hq",
    "--penalty",
    help="Change-point penalty: hq (default), bic, aic, cv (cross-validated), or a number.",
)
SERIES = typer.Option(
    None, "--series", help="Run on your own series: a CSV with header period,value."
)


def _penalty(text: str):
    try:
        return float(text)
    except ValueError:
        from dyadwatch.cycle.changepoints import CRITERIA
        from dyadwatch.errors import DyadwatchError

        if text not in CRITERIA:
            raise DyadwatchError(
                f"unknown penalty {text!r}",
                where="--penalty",
                fix="use hq, bic, aic, cv or a number",
            ) from None
        return text


def _say(lines: list[str], fmt: Format, out: Path | None) -> None:
    """Method notes: after a table on stdout; on stderr for csv/json or a file."""
    if not lines:
        return
    text = "\n".join(f"note: {line}" for line in lines)
    if fmt is Format.table and out is None:
        typer.echo(text)
    else:
        typer.echo(text, err=True)


@app.command("index")
def index_command(
    dyad: str = DYAD,
    freq: str = typer.Option("month", "--freq", help="week, month, quarter or year."),
    source: str = SOURCE,
    directed: bool = typer.Option(False, "--directed", help="Only events the first actor did."),
    start: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD (or YYYY-MM)."),
    end: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD (or YYYY-MM)."),
    half_life: float = typer.Option(
        3.0, "--half-life", help="Months for an event's weight to halve (sparse sources)."
    ),
    boot: int = typer.Option(200, "--boot", help="Bootstrap replicates for intervals (0: none)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the bootstrap."),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """The relations index per period: events, mean Goldstein, net cooperation, quad shares.

    Empty periods are listed. For the sparse chronology the index is an event-impact series
    (decayed mean Goldstein); the notes say so.

    Example: dyadwatch index --dyad USA-RUS --freq quarter --format csv
    """
    from dyadwatch.measures.index import relations_index

    idx = relations_index(
        dyad,
        freq=freq,
        source=source,
        directed=directed,
        start=start,
        end=end,
        half_life=half_life,
        n_boot=boot,
        seed=seed,
        db=db,
    )
    frame = idx.frame.drop(columns=["period_start", "period_end"])
    if fmt is Format.json:
        emit(
            {
                "dyad": idx.dyad,
                "freq": freq,
                "sources": list(idx.sources),
                "value": idx.value_column,
                "notes": idx.notes,
                "periods": frame,
            },
            fmt,
            out,
        )
        return
    if fmt is Format.table:
        cols = ["period", "events", "goldstein", "goldstein_lo", "goldstein_hi", "net_coop"]
        cols += ["impact", "evidence"] if idx.sparse else ["volume"]
        frame = frame[cols]
    emit(frame, fmt, out, title=f"Relations index {idx.dyad} ({freq}, {', '.join(idx.sources)})")
    _say(idx.notes, fmt, out)


@app.command("stages")
def stages_command(
    dyad: str = DYAD,
    freq: str = typer.Option("month", "--freq", help="month (default), quarter, year or week."),
    source: str = SOURCE,
    series: Path | None = SERIES,
    start: str | None = typer.Option(None, "--from", help="First date, YYYY-MM-DD (or YYYY-MM)."),
    end: str | None = typer.Option(None, "--to", help="Last date, YYYY-MM-DD (or YYYY-MM)."),
    penalty: str = PENALTY,
    min_size: int | None = typer.Option(
        None, "--min-size", help="Shortest stage in periods (default: 3 months' worth)."
    ),
    no_hmm: bool = typer.Option(False, "--no-hmm", help="Skip the Gaussian HMM comparison."),
    seed: int = typer.Option(0, "--seed", help="Seed of the HMM."),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Stages of the relationship: turning points, stage labels, and the events behind them.

    JSON output is a list of segments {start, end, stage, confidence, level, trend,
    turning_point_events, ...}; --series runs the same on a period,value CSV of your own.

    Example: dyadwatch stages --dyad USA-RUS --format json
    """
    from dyadwatch.cycle.stages import segments_frame, stages

    result = stages(
        dyad,
        freq=freq,
        source=source,
        series_file=series,
        start=start,
        end=end,
        penalty=_penalty(penalty),
        min_size=min_size,
        compare_hmm=not no_hmm,
        seed=seed,
        db=db,
    )
    if fmt is Format.json:
        text = to_json([s.to_dict() for s in result.segments])
        if out is not None:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    else:
        frame = segments_frame(result.segments)
        if fmt is Format.table:
            frame["turning_point_events"] = frame["turning_point_events"].str.slice(0, 160)
        emit(frame, fmt, out, title=f"Stages ({len(result.segments)} segments)")
    _say(result.notes, fmt, out)


@app.command("presidents")
def presidents_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    series: Path | None = SERIES,
    penalty: str = PENALTY,
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Per administration: stages during each US and Russian president's term, the reset
    attempt, its peak and its half-life in months.

    Example: dyadwatch presidents --format csv
    """
    from dyadwatch.cycle.presidents import presidents

    frame = presidents(dyad, source=source, series_file=series, penalty=_penalty(penalty), db=db)
    if fmt is Format.table:
        frame = frame.assign(reset_events=frame["reset_events"].str.slice(0, 120))
    emit(frame, fmt, out, title="Stages by presidential term")
    _say(
        [
            "half-life: months from the reset's peak until the index fell back half way to the "
            "pre-reset level (empty: not yet, or no reset detected; see half_life_note)."
        ],
        fmt,
        out,
    )


@app.command("now")
def now_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    series: Path | None = SERIES,
    horizon: int = typer.Option(6, "--horizon", help="Forecast horizon in months."),
    penalty: str = PENALTY,
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """The stage now, since when, the evidence, and the next stage with probabilities.

    Example: dyadwatch now --dyad USA-RUS --horizon 6
    """
    from dyadwatch.cycle.now import stage_now

    result = stage_now(
        dyad, source=source, horizon=horizon, penalty=_penalty(penalty), series_file=series, db=db
    )
    if fmt is Format.json:
        emit(result.to_dict(), fmt, out)
    else:
        emit(result.summary(), fmt, out, title=f"{dyad.upper()}: the stage now")


@app.command("backtest")
def backtest_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    series: Path | None = SERIES,
    start: str = typer.Option("2000-01", "--start", help="First forecast origin, YYYY-MM."),
    horizon: int = typer.Option(6, "--horizon", help="Forecast horizon in months."),
    penalty: str = PENALTY,
    forecasts: bool = typer.Option(False, "--forecasts", help="Print every origin's forecast."),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Rolling-origin backtest of the turning-point and next-stage forecasts (Brier, log loss,
    skill against a base-rate forecast).

    Example: dyadwatch backtest --start 2000-01 --horizon 6
    """
    from dyadwatch.cycle.backtest import backtest

    result = backtest(
        dyad,
        source=source,
        start=start,
        horizon=horizon,
        penalty=_penalty(penalty),
        series_file=series,
        db=db,
    )
    if fmt is Format.json:
        emit(result.to_dict(), fmt, out)
        return
    frame = result.forecasts if forecasts else result.scores
    emit(frame, fmt, out, title=f"Backtest, horizon {horizon} months")
    _say(result.notes, fmt, out)


@app.command("landmarks")
def landmarks_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    series: Path | None = SERIES,
    landmarks_file: Path | None = typer.Option(
        None,
        "--file",
        help="Landmarks CSV (landmark_id, month, until, name, expected_stage, citation); "
        "default: the essay's US-Russia landmarks.",
    ),
    penalty: str = PENALTY,
    tolerance: int = typer.Option(
        3, "--tolerance", help="Months either side within which a turning point counts."
    ),
    window: int = typer.Option(6, "--window", help="Months of evidence on each side."),
    seed: int = typer.Option(0, "--seed", help="Seed of the permutation test and bootstrap."),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Test the essay's landmarks: is each a turning point in the data, and is there a shift?

    For each landmark: the nearest detected turning point and its stage, the local shift in
    the events' scores (bootstrap interval, permutation p-value, Holm-corrected) and how
    robust a nearby turning point is across penalties. The landmarks are never used to tune.

    Example: dyadwatch landmarks --format json
    """
    from dyadwatch.cycle.landmarks import check_landmarks, load_landmarks
    from dyadwatch.cycle.stages import stages

    table = load_landmarks(landmarks_file, dyad=dyad)
    result = stages(
        dyad,
        source=source,
        series_file=series,
        penalty=_penalty(penalty),
        compare_hmm=False,
        explain=False,
        db=db,
    )
    res = check_landmarks(result, table, tolerance=tolerance, window=window, seed=seed)
    if fmt is Format.json:
        emit(res.to_dict(), fmt, out)
        return
    frame = res.table.drop(columns=["name"])
    if fmt is Format.table:  # the essentials, to fit a terminal
        import pandas as pd

        t = res.table
        frame = pd.DataFrame(
            {
                "landmark": t["landmark_id"],
                "month": t["month"].where(t["month"] == t["until"], t["month"] + ".." + t["until"]),
                "turning point": t["turning_point"],
                "months off": t["distance_months"],
                "stage (essay)": [
                    f"{s if isinstance(s, str) else '–'} ({e or 'any'})"
                    for s, e in zip(t["stage"], t["expected"], strict=True)
                ],
                "shift [90% CI]": [
                    f"{d:+.1f} [{lo:+.1f}, {hi:+.1f}]" if d == d else "–"
                    for d, lo, hi in zip(t["shift"], t["shift_lo"], t["shift_hi"], strict=True)
                ],
                "p (Holm)": [
                    f"{p:.3f} ({h:.2f})" if p == p else "–"
                    for p, h in zip(t["p_value"], t["p_holm"], strict=True)
                ],
                "persistence": t["persistence"],
                "verdict": t["verdict"],
            }
        )
    emit(frame, fmt, out, title=f"Landmarks: {res.found} of {len(frame)} found")
    _say([res.summary(), *res.notes], fmt, out)
