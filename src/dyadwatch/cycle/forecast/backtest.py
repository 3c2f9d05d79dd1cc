"""Rolling-origin backtest of the measure and stage forecasts against persistence and climatology.

At every monthly origin ``t`` from ``start``, the fused measure is refitted on the data up to
``t`` only (``FusedMeasure(end=t)``, warm-started from the previous origin's optimum, which used
even less data), and the stage model is refitted on that fit's series. Forecasts for
``t + h`` (``h`` in ``horizons``) are scored against

* the month's observed mean score of the reference stream (CRPS; ``events``),
* the fused measure fitted on all data (CRPS; ``measure``),
* the stage of the month in the stage model fitted on all data (RPS and ignorance; the
  retrospective record: stages are not observable, so this is the only truth there is),

next to persistence (no change) and climatology from the same history (see
:mod:`~dyadwatch.cycle.forecast.measure`; for stages: the current stage with probability 1, the
current stage with its empirical ``h``-month stay probability, and the stage frequencies so
far). Skill = 1 - score / baseline score, with a moving-block bootstrap interval
(:func:`~dyadwatch.cycle.forecast.scores.block_bootstrap_skill`). Origins run in
contiguous chunks (joblib; :data:`CHUNKS_PER_JOB` a worker, dearest first) so each chunk keeps
its warm starts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from dyadwatch.cycle.forecast.measure import (
    climatology_members,
    observed_sd,
    persistence_members,
)
from dyadwatch.cycle.forecast.scores import (
    block_bootstrap_skill,
    crps_ensemble,
    crps_gaussian,
    ignorance,
    rps,
    skill,
)
from dyadwatch.cycle.forecast.stage import stage_vector
from dyadwatch.errors import DyadwatchError
from dyadwatch.stagenames import STAGES

__all__ = ["rolling_forecasts", "score_table", "stage_baselines", "ALERT_HORIZON"]

ALERT_HORIZON = 6
#: Settings of the fit at each origin: parameter uncertainty in the forecasts (which the scores
#: use) but not in the smoothed band (which nothing here uses): same forecasts, less work.
FIT = {"parameter_uncertainty": "forecast"}


def onset_probability(model, stage: str, h: int) -> float:
    """P(a ``stage`` spell begins within ``h`` months): the model's own ``onset`` when it has
    one, else ``max_k P(stage at k) * (1 - P(stage now))`` from its marginals (a lower bound)."""
    if hasattr(model, "onset"):
        return float(model.onset(stage, h))
    now = model.stage_probabilities().iloc[-1]
    pred = model.predict_stages(h)
    peak = max(stage_vector(pred, k)[STAGES.index(stage)] for k in range(1, h + 1))
    return float(peak * (1.0 - float(now.get(stage, 0.0))))


def stage_baselines(path: pd.Series, h: int) -> dict[str, np.ndarray]:
    """Persistence (prob 1), persistence with the empirical stay probability, climatology.

    Args:
        path: the most probable stage per month up to the origin.
    """
    k = len(STAGES)
    cur = STAGES.index(path.iloc[-1])
    freq = np.array([(path == s).sum() for s in STAGES], float) + 0.5
    clim = freq / freq.sum()
    hard = np.zeros(k)
    hard[cur] = 1.0
    vals = path.to_numpy()
    same = vals[:-h] == vals[h:] if len(vals) > h else np.array([True])
    from_cur = vals[:-h] == STAGES[cur] if len(vals) > h else np.array([True])
    n_cur = from_cur.sum()
    stay = (same[from_cur].sum() + 0.5) / (n_cur + 1.0) if n_cur else 0.5
    other = clim.copy()
    other[cur] = 0.0
    soft = (1 - stay) * other / other.sum()
    soft[cur] = stay
    return {"persistence": hard, "persistence_stay": soft, "climatology": clim}


def _origin_rows(fit, model, origin, horizons, events_series, sd_ref):
    fc = fit.forecast(horizons)
    series = fit.series
    probs = model.stage_probabilities()
    path = probs.idxmax(axis=1)
    pred = model.predict_stages(max(horizons))
    rows = []
    for h in horizons:
        target = origin + h
        past_events = events_series.loc[:origin]
        rows.append(
            {
                "origin": origin,
                "horizon": h,
                "target": target,
                "mean": float(fc.loc[h, "mean"]),
                "sd": float(fc.loc[h, "sd"]),
                "sd_ref": sd_ref,
                "events_persistence": persistence_members(past_events, target),
                "events_climatology": climatology_members(past_events),
                "measure_persistence": persistence_members(series, target),
                "measure_climatology": climatology_members(series),
                "stage_now": path.iloc[-1],
                "stage_model": stage_vector(pred, h),
                **{f"stage_{k}": v for k, v in stage_baselines(path, h).items()},
                "p_crisis_onset": onset_probability(model, "crisis", ALERT_HORIZON),
                "p_reset_onset": onset_probability(model, "reset", ALERT_HORIZON),
            }
        )
    return rows


def _chunk(streams, origins, horizons, stage_model, events_series):
    from dyadwatch.measures.fused import FusedMeasure

    rows, init, used = [], None, None
    for origin in origins:
        try:
            fit = FusedMeasure(end=origin, **FIT).fit(streams, init=init)
        except (IndexError, ValueError):  # the streams used changed: no warm start
            fit = None
        if fit is None or (init is not None and fit.used_ != used):
            fit = FusedMeasure(end=origin, **FIT).fit(streams)
        init, used = fit.unconstrained_, fit.used_
        try:
            model = stage_model().fit(fit.series)
        except DyadwatchError:
            continue  # too little history for the stage model yet
        rows += _origin_rows(fit, model, origin, horizons, events_series, observed_sd(fit))
    return rows


#: Contiguous chunks of origins per worker: a fit costs more the later its origin (more months,
#: more streams), so equal halves leave one worker idle for half the run (measured: 67 % / 29 %
#: of the CPU); four chunks a worker, dearest first, balance it at the price of one cold start
#: (no warm start) per chunk.
CHUNKS_PER_JOB = 4


def _chunks(origins: list, n_jobs: int) -> list[list]:
    n = 1 if n_jobs <= 1 else n_jobs * CHUNKS_PER_JOB
    parts = np.array_split(np.array(origins, dtype=object), min(n, len(origins)))
    return [list(c) for c in parts if len(c)]


def rolling_forecasts(
    streams: Sequence,
    stage_model: Callable[[], object],
    *,
    start: str = "2000-01",
    end: str | None = None,
    horizons: Sequence[int] = (1, 3, 6, 12),
    n_jobs: int = 2,
) -> tuple[pd.DataFrame, object, object]:
    """Forecasts at every origin; also the full-data fit and stage model (the truth).

    Returns:
        ``(forecasts, full_fit, full_model)``; ``forecasts`` has one row per origin and horizon
        with the model's forecast, the baselines and the truths (``events_obs``, ``events_n``,
        ``measure_obs``, ``stage_obs``).
    """
    from joblib import Parallel, delayed

    from dyadwatch.measures.fused import FusedMeasure

    horizons = sorted({int(h) for h in horizons})
    full = FusedMeasure().fit(streams)
    full_model = stage_model().fit(full.series)
    ref = next(s for s in streams if s.reference).frame
    events_series = ref["value"].astype(float)
    last = full.periods_[-1] - min(horizons)
    if end is not None:
        last = min(last, pd.Period(end, freq="M"))
    first = max(pd.Period(start, freq="M"), full.periods_[0] + 36)
    if first > last:
        raise DyadwatchError(
            f"no origin between {first} and {last}", where="{origin}", fix="use an earlier {origin}"
        )
    origins = list(pd.period_range(first, last, freq="M"))
    chunks = _chunks(origins, n_jobs)
    if n_jobs > 1 and len(chunks) > 1:
        # the latest (longest, most streams: the dearest) chunks first, one at a time to
        # whichever worker is free: the workers finish together
        parts = Parallel(n_jobs=n_jobs, batch_size=1, pre_dispatch="all")(
            delayed(_chunk)(streams, c, horizons, stage_model, events_series)
            for c in reversed(chunks)
        )[::-1]
    else:
        parts = [_chunk(streams, c, horizons, stage_model, events_series) for c in chunks]
    frame = pd.DataFrame([r for p in parts for r in p])
    truth_path = full_model.stage_probabilities().idxmax(axis=1)
    frame["events_obs"] = frame["target"].map(ref["value"])
    frame["events_n"] = frame["target"].map(ref["n"])
    frame["measure_obs"] = frame["target"].map(full.series)
    frame["stage_obs"] = frame["target"].map(truth_path)
    return frame, full, full_model


def _row(target, h, n, model, refs, seed):
    out = {"target": target, "horizon": h, "n": n, "model": float(np.mean(model))}
    for name, ref in refs.items():
        out[name] = float(np.mean(ref))
        out[f"skill_vs_{name}"] = skill(model, ref)
        lo, hi = block_bootstrap_skill(model, ref, block=max(h, 3), seed=seed)
        out[f"skill_vs_{name}_lo"], out[f"skill_vs_{name}_hi"] = lo, hi
    return out


def score_table(frame: pd.DataFrame, *, seed=0) -> pd.DataFrame:
    """Per target and horizon: mean scores and skill vs each baseline (90 % block bootstrap)."""
    rows = []
    for h, g in frame.groupby("horizon", sort=True):
        ev = g.loc[g["events_obs"].notna()]
        sd = np.sqrt(ev["sd"] ** 2 + ev["sd_ref"] ** 2 / ev["events_n"])
        model = crps_gaussian(ev["events_obs"], ev["mean"], sd)
        refs = {
            b: [
                crps_ensemble(y, m)
                for y, m in zip(ev["events_obs"], ev[f"events_{b}"], strict=True)
            ]
            for b in ("persistence", "climatology")
        }
        rows.append(_row("events (CRPS)", h, len(ev), model, refs, seed))
        ms = g.loc[g["measure_obs"].notna()]
        model = crps_gaussian(ms["measure_obs"], ms["mean"], ms["sd"])
        refs = {
            b: [
                crps_ensemble(y, m)
                for y, m in zip(ms["measure_obs"], ms[f"measure_{b}"], strict=True)
            ]
            for b in ("persistence", "climatology")
        }
        rows.append(_row("measure (CRPS)", h, len(ms), model, refs, seed))
        st = g.loc[g["stage_obs"].notna()]
        outcome = [STAGES.index(s) for s in st["stage_obs"]]
        for name, fn in (("stage (RPS)", rps), ("stage (ignorance)", ignorance)):
            model = [fn(p, o) for p, o in zip(st["stage_model"], outcome, strict=True)]
            refs = {
                b: [fn(p, o) for p, o in zip(st[f"stage_{b}"], outcome, strict=True)]
                for b in ("persistence", "persistence_stay", "climatology")
            }
            rows.append(_row(name, h, len(st), model, refs, seed))
    return pd.DataFrame(rows)
