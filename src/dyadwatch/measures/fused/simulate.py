"""Generated streams with a known latent path, for tests and benchmarks of the fused measure.

:func:`simulate_streams` draws a local-level path ``mu_t`` (the model of
:mod:`~dyadwatch.measures.fused.model`) and, from it, the streams the measure fuses:

* ``chronology`` (reference): Poisson(``rate``) events a month, each ``mu_t + N(0, event_sd)``
  (months without events are missing, as in the curated chronology);
* ``late``: a dense monthly series that starts in the middle of the sample with its own
  intercept and loading (a new machine-coded source), ``a + b mu_t + N(0, sd)``;
* ``noise``: a dense series of pure noise (true loading 0);
* ``yearly``: ``a + b * (mean of the year's mu) + N(0, sd)``, one value a calendar year.

Same seed, same data (``np.random.default_rng(seed)``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from dyadwatch.measures.fused.streams import Stream, event_stream

__all__ = ["SimulatedStreams", "simulate_streams"]


@dataclass
class SimulatedStreams:
    """Streams and the truth behind them.

    Attributes:
        streams: ``{name: Stream}`` (``chronology``, ``late``, ``noise``, ``yearly``).
        truth: the latent monthly path.
        events: the reference stream's events (canonical-like rows).
        params: the true intercept, loading and noise sd of each stream.
    """

    streams: dict[str, Stream]
    truth: pd.Series
    events: pd.DataFrame
    params: dict[str, dict[str, float]]


def simulate_streams(
    n_months: int = 240,
    *,
    start: str = "2000-01",
    level_sd: float = 0.4,
    rate: float = 1.5,
    event_sd: float = 3.0,
    late: tuple[float, float, float] = (3.0, 0.8, 0.5),
    noise_sd: float = 1.0,
    yearly: tuple[float, float, float] = (0.2, 0.05, 0.02),
    seed: int | None = None,
) -> SimulatedStreams:
    """Draw a latent path and its streams (see the module docstring).

    Args:
        n_months: length of the sample.
        start: first month.
        level_sd: sd of the monthly level shock.
        rate: mean events a month of the reference stream; ``event_sd``: their noise sd.
        late: intercept, loading and noise sd of the stream that starts half-way.
        noise_sd: sd of the pure-noise stream.
        yearly: intercept, loading and noise sd of the yearly stream.
        seed: seed of the generator.
    """
    rng = np.random.default_rng(seed)
    periods = pd.period_range(start, periods=n_months, freq="M")
    mu = np.cumsum(rng.normal(0.0, level_sd, n_months))
    counts = rng.poisson(rate, n_months)
    pos = np.repeat(np.arange(n_months), counts)
    scores = mu[pos] + rng.normal(0.0, event_sd, len(pos))
    days = [int(rng.integers(1, periods[p].days_in_month + 1)) for p in pos]
    events = pd.DataFrame(
        {
            "date": [
                pd.Timestamp(periods[p].year, periods[p].month, d)
                for p, d in zip(pos, days, strict=True)
            ],
            "goldstein": scores,
            "weight": 1.0,
            "actor1": "USA",
            "actor2": "RUS",
            "source": "chronology",
        }
    )
    half = n_months // 2
    a, b, sd = late
    late_frame = pd.DataFrame(
        {"value": a + b * mu[half:] + rng.normal(0.0, sd, n_months - half), "var": 0.0},
        index=periods[half:],
    )
    noise_frame = pd.DataFrame(
        {"value": rng.normal(0.0, noise_sd, n_months), "var": 0.0}, index=periods
    )
    years = [
        y
        for y in sorted(set(periods.year))
        if pd.Period(year=y, month=1, freq="M") >= periods[0]
        and pd.Period(year=y, month=12, freq="M") <= periods[-1]
    ]
    ya, yb, ysd = yearly
    year_means = pd.Series(mu, index=periods).groupby(periods.year).mean()
    yearly_frame = pd.DataFrame(
        {"value": [ya + yb * year_means[y] + rng.normal(0.0, ysd) for y in years]},
        index=pd.PeriodIndex([pd.Period(str(y), freq="Y") for y in years], freq="Y"),
    )
    streams = {
        "chronology": event_stream(events),
        "late": Stream("late", "series", late_frame, n_events=len(late_frame)),
        "noise": Stream("noise", "series", noise_frame, n_events=n_months),
        "yearly": Stream("yearly", "yearly", yearly_frame, n_events=len(years)),
    }
    params = {
        "chronology": {"intercept": 0.0, "loading": 1.0, "noise_sd": event_sd},
        "late": {"intercept": a, "loading": b, "noise_sd": sd},
        "noise": {"intercept": 0.0, "loading": 0.0, "noise_sd": noise_sd},
        "yearly": {"intercept": ya, "loading": yb, "noise_sd": ysd},
    }
    return SimulatedStreams(streams, pd.Series(mu, index=periods, name="truth"), events, params)
