"""``dyadwatch stages``, ``presidents``, ``now``, ``backtest`` and ``landmarks``: the cycle."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import (
    DB,
    DYAD,
    END,
    FMT,
    OUT,
    PENALTY,
    SEED,
    SERIES,
    SOURCE,
    START,
    out_path,
)
from dyadwatch.cli.output import Format, emit, to_json
from dyadwatch.cli.say import freshness, say
from dyadwatch.errors import DyadwatchError


def _study(dyad: str, series: Path | None, freq: str = "month", **options):
    """The Study of the dyad's index, or of the series file when one is given."""
    from dyadwatch.study import Study

    if series is not None:
        return Study.from_series(series, freq=freq, dyad=dyad, **options)
    return Study(dyad, freq=freq, **options)


@app.command("stages")
def stages_command(
    dyad: str = DYAD,
    freq: str = typer.Option("month", "--freq", help="month (default), quarter, year or week."),
    source: str = SOURCE,
    series: Path | None = SERIES,
    start: str | None = START,
    end: str | None = END,
    penalty: str = PENALTY,
    min_size: int | None = typer.Option(
        None, "--min-size", help="Shortest stage in periods (default: 3 months' worth)."
    ),
    no_hmm: bool = typer.Option(False, "--no-hmm", help="Skip the Gaussian HMM comparison."),
    method: str = typer.Option(
        "ordered",
        "--method",
        help="ordered (the five-stage semi-Markov model on the fused measure, default) or "
        "changepoint (mean-shift segments of the index).",
    ),
    seed: int = SEED,
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Stages of the relationship: turning points, stage labels, and the events behind them.

    --method ordered (default): JSON {method, segments [{start, end, stage, months,
    probability}], turning_points [{month, from, to, lo, hi, p_change}], probabilities
    [{period, euphoria, ...}]}. --method changepoint: the list of segments below.

    JSON output is a list of segments {start, end, stage, confidence, level, trend,
    turning_point_events, ...}; --series runs the same on a period,value CSV of your own.

    Example: dyadwatch stages --dyad USA-RUS --format json
    """
    from dyadwatch.cycle.stages import detect_stages

    out = out_path(out)
    if method not in ("ordered", "changepoint"):
        raise DyadwatchError(
            f"unknown method {method!r}", where="method", fix="use ordered or changepoint"
        )
    with _study(
        dyad,
        series,
        freq,
        db=db,
        source=source,
        start=start,
        end=end,
        penalty=penalty,
        min_size=min_size,
        seed=seed,
    ) as study:
        if method == "ordered":
            _ordered_out(study.ordered_stages, fmt, out)
            freshness(study, fmt, out)
            return
        if no_hmm:  # the Study's stages carry the HMM; without it, run the detector alone
            result = detect_stages(
                study.series,
                study.observations,
                events=study.index_events if study.from_data else study.events_or_none,
                penalty=study.penalty,
                min_size=min_size,
                seed=seed,
                compare_hmm=False,
                notes=list(study.index.notes) if study.from_data else None,
            )
        else:
            result = study.stages
    if fmt is Format.json:
        text = to_json([s.to_dict() for s in result.segments])
        if out is not None:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    else:
        frame = result.to_frame()
        if fmt is Format.table:
            frame["turning_point_events"] = frame["turning_point_events"].str.slice(0, 160)
        emit(frame, fmt, out, title=f"Stages ({len(result.segments)} segments)")
    say(result.notes, fmt, out)
    freshness(study, fmt, out)


def _ordered_out(model, fmt: Format, out: Path | None) -> None:
    """Print the ordered model's segments (JSON adds turning points and monthly probabilities)."""
    segs = model.segments()
    segs[["start", "end"]] = segs[["start", "end"]].astype(str)
    if fmt is Format.json:
        tps = model.turning_points().astype({c: str for c in ("month", "lo", "hi")})
        probs = model.stage_probabilities().round(4)
        probs.index = probs.index.astype(str)
        doc = {
            "method": "ordered",
            "segments": segs.to_dict(orient="records"),
            "turning_points": tps.to_dict(orient="records"),
            "probabilities": probs.rename_axis("period").reset_index().to_dict(orient="records"),
        }
        text = to_json(doc)
        if out is not None:
            out.write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
        return
    emit(segs, fmt, out, title=f"Stages, ordered semi-Markov model ({len(segs)} segments)")


@app.command("presidents")
def presidents_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    series: Path | None = SERIES,
    penalty: str = PENALTY,
    by: str = typer.Option(
        "stage",
        "--by",
        help="stage (default: each stage of the ordered model credited to the US president "
        "in office when it began, with the overlap) or term (the change-point stages per term).",
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Per administration: each stage credited to the president under whom it began (--by
    stage), or the stages, reset attempt, peak and half-life of each term (--by term).

    Example: dyadwatch presidents --format csv
    """
    from dyadwatch.cycle.presidents import attribute_stages

    out = out_path(out)
    if by not in ("stage", "term"):
        raise DyadwatchError(f"unknown --by {by!r}", where="by", fix="use stage or term")
    if by == "stage":
        with _study(dyad, series, db=db, source=source, penalty=penalty) as study:
            frame = attribute_stages(study.ordered_stages.segments())
        emit(frame, fmt, out, title="Stages credited to the president in office when each began")
        say(["A month belongs to whoever held office on its first day."], fmt, out)
        freshness(study, fmt, out)
        return
    with _study(dyad, series, db=db, source=source, penalty=penalty) as study:
        frame = study.presidents
    if fmt is Format.table:
        frame = frame.assign(reset_events=frame["reset_events"].str.slice(0, 120))
    emit(frame, fmt, out, title="Stages by presidential term")
    say(
        [
            "half-life: months from the reset's peak until the index fell back half way to the "
            "pre-reset level (empty: not yet, or no reset detected; see half_life_note)."
        ],
        fmt,
        out,
    )
    freshness(study, fmt, out)


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
    out = out_path(out)
    with _study(dyad, series, db=db, source=source, penalty=penalty, horizon=horizon) as study:
        result = study.now
        title = f"{study.dyad}: the stage now"
    if fmt is Format.json:
        emit(result.to_dict(), fmt, out)
    else:
        emit(result.summary(), fmt, out, title=title)
    if result.age_days is not None and result.age_days > 30:
        typer.echo(
            f"warning: as of {result.as_of} the newest event is {result.age_days} days old "
            f"({result.newest_event}); run dyadwatch update for current data",
            err=True,
        )


@app.command("backtest")
def backtest_command(
    dyad: str = DYAD,
    source: str = SOURCE,
    series: Path | None = SERIES,
    origin: str = typer.Option(
        "2000-01", "--origin", "--start", help="First forecast origin, YYYY-MM."
    ),
    horizon: int = typer.Option(6, "--horizon", help="Forecast horizon in months."),
    penalty: str = PENALTY,
    forecasts: bool = typer.Option(False, "--forecasts", help="Print every origin's forecast."),
    measure: bool = typer.Option(
        False,
        "--measure",
        help="Backtest the fused measure's and the stages' forecasts 1, 3, 6, 12 months ahead "
        "(CRPS, RPS, ignorance; skill vs persistence and climatology, 90%% block-bootstrap "
        "intervals). Built-in chronology of --dyad only.",
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Rolling-origin backtest of the turning-point and next-stage forecasts (Brier, log loss,
    skill against a base-rate forecast); with --measure, of the fused measure and the stages.

    Example: dyadwatch backtest --origin 2000-01 --horizon 6 (or --measure --format csv)
    """
    out = out_path(out)
    if measure:
        from dyadwatch.study import Study

        with Study(dyad, db=db, penalty=penalty) as study:
            _, scores = study.forecast_backtest(origin=origin)
        emit(scores, fmt, out, title="Forecast backtest: skill = 1 - score / baseline score")
        say(
            [
                "events: the month's observed mean Goldstein score of the dyad's chronology "
                "events; measure: the fused measure fitted on all data; stage: the stage "
                "model's stages on all data (the retrospective record). Each origin refitted "
                "on data up to it only. Skill > 0: better than the baseline."
            ],
            fmt,
            out,
        )
        return
    with _study(dyad, series, db=db, source=source, penalty=penalty, horizon=horizon) as study:
        result = study.backtest(origin=origin)
    if fmt is Format.json:
        emit(result.to_dict() | {"freshness": study.freshness}, fmt, out)
        return
    frame = result.forecasts if forecasts else result.scores
    emit(frame, fmt, out, title=result.title())
    say(result.notes, fmt, out)
    freshness(study, fmt, out)


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
    by_method: bool = typer.Option(
        True,
        "--by-method/--detail",
        help="Per method (ordered model, change points): landmarks found and their stage "
        "(default); --detail: the change points' full test with shifts and p-values.",
    ),
    seed: int = SEED,
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
    from dyadwatch.sources.landmarks import load_landmarks

    out = out_path(out)
    table = load_landmarks(landmarks_file, dyad=dyad)
    if by_method:
        with _study(dyad, series, db=db, source=source, penalty=penalty, seed=seed) as study:
            frame = study.landmarks_by_method(table, tolerance=tolerance)
            kappa = study.method_agreement
        found = frame.groupby("method", sort=False)["found"].sum()
        emit(
            frame,
            fmt,
            out,
            title="Landmarks per method: "
            + ", ".join(f"{m} {n} of {len(table)}" for m, n in found.items()),
        )
        say([f"Agreement of the two methods month by month: Cohen's kappa {kappa:.2f}."], fmt, out)
        freshness(study, fmt, out)
        return
    with _study(dyad, series, db=db, source=source, penalty=penalty, seed=seed) as study:
        res = study.landmarks_test(table, tolerance=tolerance, window=window)
    if fmt is Format.json:
        emit(res.to_dict() | {"freshness": study.freshness}, fmt, out)
        return
    frame = res.table.drop(columns=["name"]) if fmt is not Format.table else res.to_frame()
    emit(frame, fmt, out, title=res.title())
    say([res.summary(), *res.notes], fmt, out)
    freshness(study, fmt, out)
