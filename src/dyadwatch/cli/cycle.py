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
from dyadwatch.cli.output import Format, emit, to_json, write_text
from dyadwatch.cli.say import freshness, say
from dyadwatch.errors import DyadwatchError
from dyadwatch.stagenames import STAGES


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
    compare: bool = typer.Option(
        False,
        "--compare",
        help="Test the claim instead: the ordered model against an unordered one, two- and "
        "three-state models, the change points and one regime (blocked CV log-likelihood, "
        "AIC, BIC), with the verdict. Takes a while (about 15 s on USA-RUS, 2 cores).",
    ),
    seed: int = SEED,
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Stages of the relationship: turning points, stage labels, and the events behind them.

    --method ordered (default): JSON {method, segments [{start, end, stage, months,
    probability}], turning_points [{month, from, to, lo, hi, p_change}], probabilities
    [{period, euphoria, ...}], stages_present, kappa_changepoint}. --method changepoint: a
    list of segments {start, end, stage, confidence, level, trend, turning_point_events, ...}.
    --compare: the model comparison table and its verdict (JSON {table, verdict, supported,
    settings}). --series runs the same on a period,value CSV of your own.

    Example: dyadwatch stages --dyad USA-RUS --format json (or --compare, --method changepoint)
    """
    out = out_path(out)
    if method not in ("ordered", "changepoint"):
        raise DyadwatchError(
            f"unknown method {method!r}", where="method", fix="use ordered or changepoint"
        )
    if compare and method != "ordered":
        raise DyadwatchError(
            "--compare compares every model, the change points among them",
            where="{method}",
            fix="drop --method with --compare",
        )
    options = {"db": db, "source": source, "start": start, "end": end, "penalty": penalty}
    with _study(dyad, series, freq, min_size=min_size, seed=seed, **options) as study:
        if compare:
            _comparison_out(study, fmt, out)
        elif method == "ordered":
            _ordered_out(study, fmt, out)
        else:
            _changepoint_out(study, no_hmm, fmt, out)
    freshness(study, fmt, out)


def _changepoint_out(study, no_hmm: bool, fmt: Format, out: Path | None) -> None:
    """Print the change-point stages (with the Gaussian HMM beside them unless ``no_hmm``)."""
    # the change points alone are the Study's segmentation; its ``stages`` add the HMM
    result = study._segmentation if no_hmm else study.stages
    if fmt is Format.json:  # the segments as they are (a frame would turn ints into floats)
        text = to_json([s.to_dict() for s in result.segments]) + "\n"
        if out is not None:
            write_text(out, text)
        else:
            sys.stdout.write(text)
    else:
        frame = result.to_frame()
        if fmt is Format.table:
            frame["turning_point_events"] = frame["turning_point_events"].str.slice(0, 160)
        emit(frame, fmt, out, title=f"Stages ({len(result.segments)} segments)")
    say(result.notes, fmt, out)


def _ordered_out(study, fmt: Format, out: Path | None) -> None:
    """Print the ordered model's segments (JSON adds turning points and monthly probabilities),
    which stages appear, the turning points' intervals and the kappa with the change points."""
    model = study.ordered_stages
    segs = model.segments()
    segs[["start", "end"]] = segs[["start", "end"]].astype(str)
    tps = model.turning_points().astype({c: str for c in ("month", "lo", "hi")})
    present = [s for s in STAGES if s in set(segs["stage"])]
    kappa = _kappa(study)
    if fmt is Format.json:
        probs = model.stage_probabilities().round(4)
        probs.index = probs.index.astype(str)
        doc = {
            "method": "ordered",
            "segments": segs.to_dict(orient="records"),
            "turning_points": tps.to_dict(orient="records"),
            "probabilities": probs.rename_axis("period").reset_index().to_dict(orient="records"),
            "stages_present": present,
            "kappa_changepoint": kappa,
        }
        emit(doc, fmt, out)
    else:
        emit(segs, fmt, out, title=f"Stages, ordered semi-Markov model ({len(segs)} segments)")
    absent = [s for s in STAGES if s not in present]
    lines = [
        f"Stages that appear: {', '.join(present)}"
        + (f"; never the most probable: {', '.join(absent)}." if absent else " (all five)."),
        "Turning points (90% interval): "
        + (", ".join(f"{t.month} ({t.lo} to {t.hi})" for t in tps.itertuples()) or "none")
        + ".",
    ]
    if kappa is not None:
        lines.append(
            f"Agreement with the change-point method (--method changepoint), month by month: "
            f"Cohen's kappa {kappa:.2f}."
        )
    say(lines, fmt, out)


def _kappa(study) -> float | None:
    """The two methods' kappa, or None when the change points cannot be found on the data."""
    try:
        return round(float(study.method_agreement), 4)
    except DyadwatchError:
        return None


def _comparison_out(study, fmt: Format, out: Path | None) -> None:
    """Print the model comparison table and its verdict."""
    result = study.model_comparison
    if fmt is Format.json:
        emit(result.to_dict(), fmt, out)
    else:
        title = f"Does an ordered five-stage cycle fit best? {result.supported}"
        emit(result.table.reset_index(), fmt, out, title=title)
    cfg = result.settings
    say(
        [
            f"Verdict: {result.supported}: {result.verdict}.",
            f"cv_loglik: held-out log-likelihood summed over {cfg.get('folds')} blocked, "
            "forward-chaining folds (higher is better); loglik, params, AIC, BIC: fits to the "
            "whole series (lower AIC/BIC is better). The ordered model's settings were chosen "
            f"by held-out likelihood: longest stage {cfg.get('max_dur')} months, "
            f"{cfg.get('family')} durations.",
        ],
        fmt,
        out,
    )


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
    from dyadwatch.api.cycle import attribute_stages

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
    outlook: bool = typer.Option(
        False,
        "--outlook",
        help="Add the outlook: the fused measure's newest month with its 90%% band, the "
        "month's arrow (improved / deteriorated / unchanged) and P(crisis / reset begins within "
        "6 months). Fits the fused measure (a few seconds); the dyad's chronology only.",
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """The stage now, since when, the evidence, and the next stage with probabilities.

    Example: dyadwatch now --dyad USA-RUS --horizon 6 (add --outlook for the arrow and alerts)
    """
    out = out_path(out)
    if outlook and series is not None:
        raise DyadwatchError(
            "--outlook reads the dyad's own events, not a series brought in",
            where="{series}",
            fix="drop {series} or --outlook",
        )
    with _study(dyad, series, db=db, source=source, penalty=penalty, horizon=horizon) as study:
        result = study.now
        title = f"{study.dyad}: the stage now"
        signals = _outlook(study) if outlook else None
    if fmt is Format.json:
        emit(result.to_dict() | ({"outlook": signals} if signals else {}), fmt, out)
    else:
        emit(result.summary() | (_outlook_rows(signals) if signals else {}), fmt, out, title=title)
    if not signals:
        say([NOW_METHOD], fmt, out)
    if result.age_days is not None and result.age_days > 30:
        typer.echo(
            f"warning: as of {result.as_of} the newest event is {result.age_days} days old "
            f"({result.newest_event}); run dyadwatch update for current data",
            err=True,
        )


NOW_METHOD = (
    "The stage above is the change-point method's (fast); the ordered five-stage model's stage "
    "of the newest month: dyadwatch now --outlook, or dyadwatch stages."
)


def _outlook(study) -> dict:
    """The Study's outlook with the fused measure's newest month (mean and band) added."""
    fit = study.fused_forecast[0]
    last = fit.smoothed_.iloc[-1]
    measure = {
        "month": str(fit.smoothed_.index[-1]),
        "mean": round(float(last["mean"]), 3),
        "lo": round(float(last["lo"]), 3),
        "hi": round(float(last["hi"]), 3),
        "ci": fit.ci,
    }
    return {"measure": measure, "ordered": _ordered_now(study)} | study.outlook()


def _ordered_now(study) -> dict:
    """The ordered five-stage model's newest month: its stage, since when, the probabilities."""
    model = study.ordered_stages
    probs = model.stage_probabilities().iloc[-1]
    last = model.segments().iloc[-1]
    return {
        "month": str(probs.name),
        "stage": str(last["stage"]),
        "since": str(last["start"]),
        "probabilities": {k: round(float(v), 3) for k, v in probs.items()},
    }


def _outlook_rows(signals: dict) -> dict:
    """The outlook as key/value rows for the table."""
    m = signals["measure"]
    events = "; ".join(
        f"{e['date']} ({e['goldstein']:+g}) {e['description']}" for e in signals["events"]
    )
    o = signals["ordered"]
    ranked = sorted(o["probabilities"].items(), key=lambda kv: -kv[1])
    rows = {
        f"ordered model {o['month']}": f"{o['stage']} since {o['since']} ("
        + ", ".join(f"{k} {v:.2f}" for k, v in ranked)
        + ")",
        f"fused measure {m['month']}": f"{m['mean']:+.2f} ({m['ci']:.0%} band "
        f"{m['lo']:+.2f} to {m['hi']:+.2f})",
        f"arrow {signals['month']}": f"{signals['arrow']} (news z {signals['news_z']}; an arrow "
        f"when |z| > {signals['arrow_threshold_z']})",
        "events behind the arrow": events or "none that month",
    }
    for name in ("risk_alert", "opportunity"):
        sig = signals[name]
        label = "risk alert" if name == "risk_alert" else "opportunity"
        rows[f"{label}: P({sig['stage']} begins within 6 months)"] = sig["p_within_6_months"]
    return rows


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
    from dyadwatch.api.cycle import load_landmarks

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
