"""``dyadwatch forecast``: the fused measure and the stages 1-12 months ahead, the arrow and
the alerts (issue 13)."""

from __future__ import annotations

from pathlib import Path

import typer

from dyadwatch.cli.app import app
from dyadwatch.cli.options import DB, DYAD, FMT, OUT, PENALTY, out_path
from dyadwatch.cli.output import Format, emit
from dyadwatch.cli.say import say


@app.command("forecast")
def forecast_command(
    dyad: str = DYAD,
    penalty: str = PENALTY,
    origin: str | None = typer.Option(
        None,
        "--backtest-origin",
        help="Also run the rolling backtest from this month (YYYY-MM) to give the alerts' "
        "thresholds and hit/false-alarm rates (about a minute per 50 origins on 2 cores).",
    ),
    fmt: Format = FMT,
    out: Path | None = OUT,
    db: Path | None = DB,
) -> None:
    """Forecast the fused measure (mean, sd) and the stage distribution 1, 3, 6 and 12 months
    ahead; the month's arrow (improved / deteriorated / unchanged) and the risk alert and
    opportunity flag with the events behind them.

    Example: dyadwatch forecast --dyad USA-RUS --backtest-origin 2015-01 --format json
    """
    from dyadwatch.study import Study

    out = out_path(out)
    with Study(dyad, db=db, penalty=penalty) as study:
        fit, _, table = study.fused_forecast
        signals = study.outlook(backtest_origin=origin)
    table = _with_band(table.reset_index(), fit.ci)
    last, month = fit.smoothed_.iloc[-1], fit.smoothed_.index[-1]
    if fmt is Format.json:
        measure = {"month": str(month), "ci": fit.ci} | {
            k: round(float(last[k]), 3) for k in ("mean", "lo", "hi")
        }
        doc = {"measure": measure, "forecast": table.to_dict(orient="records")}
        emit(doc | {"outlook": signals}, fmt, out)
        return
    emit(table, fmt, out, title=f"{dyad}: forecast of the fused measure and the stages")
    lines = [
        f"the fused measure in {month}: {last['mean']:+.2f} ({fit.ci:.0%} band "
        f"{last['lo']:+.2f} to {last['hi']:+.2f}); lo, hi: the forecast's {fit.ci:.0%} "
        "interval (Gaussian predictive distribution, parameter uncertainty included).",
        f"{signals['month']}: {signals['arrow']} (news z {signals['news_z']}, arrow when "
        f"|z| > {signals['arrow_threshold_z']}; {len(signals['events'])} events that month)",
    ]
    for name in ("risk_alert", "opportunity"):
        sig = signals[name]
        text = f"{name}: P({sig['stage']} begins within 6 months) = {sig['p_within_6_months']}"
        if "threshold" in sig:
            text += (
                f"; threshold {sig['threshold']} (backtest), {'ON' if sig['on'] else 'off'}; "
                f"hit rate {sig['hit_rate']:.2f}, false-alarm rate {sig['false_alarm_rate']:.2f}"
                f" over {sig['events']} event origins of {sig['resolved_origins']}"
            )
        lines.append(text)
    say(lines, fmt, out)


def _with_band(table, ci: float):
    """The forecast with its central ``ci`` interval (``lo``, ``hi``) beside mean and sd: the
    predictive distribution is Gaussian (the Kalman filter's prediction)."""
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + ci / 2)
    at = table.columns.get_loc("sd") + 1
    table.insert(at, "lo", table["mean"] - z * table["sd"])
    table.insert(at + 1, "hi", table["mean"] + z * table["sd"])
    return table.assign(period=table["period"].astype(str))
