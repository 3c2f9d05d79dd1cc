"""The fused relations measure: one monthly latent state from every stream, with its band.

:class:`FusedMeasure` fits :class:`~dyadwatch.measures.fused.model.FusedStateSpace` by maximum
likelihood and returns, per month, the Kalman-smoothed state (all data) with a 90 % band, the
filtered state (data up to the month only, for forecasting and alerts) and the month's change,
and per stream the estimated intercept, loading and noise with standard errors.

Estimation. Each stream is standardised (its mean and sd) before fitting, so that every
parameter is of order one; the results are mapped back to the units of the reference stream
(the chronology's Goldstein scale). The likelihood is maximised over the intercepts, loadings
and log variances with L-BFGS-B [BLNZ1995] and forward finite-difference gradients (statsmodels'
complex-step gradients were 20 times slower here: its complex diffuse filter); standard errors come
from the inverse of the numerical Hessian at the optimum (``statsmodels.tools.numdiff``),
mapped to the original units by the delta method. A fit can start from a previous fit's
parameters (``init=``), which the rolling backtest uses.

Local level or local linear trend: :func:`~dyadwatch.measures.fused.select.select_trend` compares
them by blocked, forward-chaining cross-validation of the one-step-ahead predictive
log-likelihood; the default (``trend="level"``) is its choice on the built-in USA–RUS data
(see ``docs/cycle_model.md``); ``trend="cv"`` re-runs the choice on the data given.

References:
    [BLNZ1995] Byrd, R. H., Lu, P., Nocedal, J., Zhu, C. (1995). A limited memory algorithm for
    bound constrained optimization. SIAM Journal on Scientific Computing 16(5), 1190–1208.
    [JU2004] Julier, S. J., Uhlmann, J. K. (2004). Unscented filtering and nonlinear
    estimation. Proceedings of the IEEE 92(3), 401–422.
    [Ham1986] Hamilton, J. D. (1986). A standard error for the estimated state vector of a
    state-space model. Journal of Econometrics 33(3), 387–397.
    [DK2012] Durbin, J., Koopman, S. J. (2012). Time Series Analysis by State Space Methods,
    2nd ed. Oxford University Press.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import optimize, stats
from statsmodels.tools.numdiff import approx_fprime, approx_hess3
from statsmodels.tsa.statespace.kalman_filter import (
    MEMORY_NO_FORECAST_COV,
    MEMORY_NO_FORECAST_MEAN,
)

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.fused.model import FusedStateSpace
from dyadwatch.measures.fused.streams import Stream

__all__ = ["FusedMeasure", "fuse", "sample_periods", "TRENDS"]

TRENDS = ("level", "trend", "cv")


def sample_periods(streams: Sequence[Stream], start=None, end=None) -> pd.PeriodIndex:
    """Monthly periods from ``start`` (default: the reference stream's first month) to ``end``
    (default: the last month with any monthly observation, or December of the last year).

    Raises:
        DyadwatchError: no reference stream, or ``end`` before ``start``.
    """
    refs = [s for s in streams if s.reference]
    if len(refs) != 1:
        raise DyadwatchError(
            f"the fused measure needs exactly one reference stream, got {len(refs)}",
            where="{sources}",
            fix="mark the curated chronology stream as the reference",
        )
    if refs[0].frame.empty:
        raise DyadwatchError("the reference stream has no observations", where="{sources}")
    first = pd.Period(start, freq="M") if start is not None else refs[0].periods.min()
    if end is not None:
        last = pd.Period(end, freq="M")
    else:
        ends = [
            s.periods.max()
            if s.kind != "yearly"
            else pd.Period(year=s.periods.max().year, month=12, freq="M")
            for s in streams
            if len(s.frame)
        ]
        last = max(ends)
    if last < first:
        raise DyadwatchError(f"{first} is after {last}", where="{start}", fix="swap {start}/{end}")
    return pd.period_range(first, last, freq="M")


def restrict(stream: Stream, periods: pd.PeriodIndex) -> Stream:
    """The stream's observations inside ``periods`` (a yearly value: its whole year inside)."""
    f = stream.frame
    if stream.kind == "yearly":
        jan = pd.PeriodIndex([pd.Period(year=p.year, month=1, freq="M") for p in f.index])
        dec = jan + 11
        keep = (jan >= periods[0]) & (dec <= periods[-1])
    else:
        keep = (f.index >= periods[0]) & (f.index <= periods[-1])
    return dataclasses.replace(stream, frame=f.loc[keep])


def standardise(
    stream: Stream, centre: float | None = None, scale: float | None = None
) -> tuple[Stream, float, float]:
    """The stream in standard units, with its centre and scale (per event for event streams).

    ``centre`` and ``scale`` default to the stream's own (an earlier fit's can be passed, so
    that later data are in the same units).
    """
    f = stream.frame.copy()
    if centre is not None and scale is not None:
        return _scaled(stream, f, centre, scale), centre, scale
    v = f["value"].to_numpy(float)
    if stream.kind == "events":
        n = f["n"].to_numpy(float)
        centre = float(np.average(v, weights=n)) if n.sum() > 0 else 0.0
        total = f["ss"].sum() + (n * (v - centre) ** 2).sum()
        scale = float(np.sqrt(total / n.sum())) if n.sum() > 1 else 1.0
    else:
        centre = float(np.mean(v)) if len(v) else 0.0
        scale = float(np.std(v)) if len(v) > 1 else 1.0
    scale = scale if scale > 0 else 1.0
    return _scaled(stream, f, centre, scale), centre, scale


def _scaled(stream: Stream, f: pd.DataFrame, centre: float, scale: float) -> Stream:
    f["value"] = (f["value"].to_numpy(float) - centre) / scale
    for col in ("ss", "var"):
        if col in f:
            f[col] = f[col] / scale**2
    return dataclasses.replace(stream, frame=f)


class FusedMeasure:
    """Monthly latent relations state from several streams (see the module docstring).

    Args:
        trend: ``"level"`` (local level), ``"trend"`` (local linear trend) or ``"cv"``
            (chosen by :func:`~dyadwatch.measures.fused.select.select_trend`).
        start, end: first and last month (see :func:`sample_periods`).
        ci: coverage of the smoothed band.
        maxiter: iterations of the optimiser.
        folds: blocks of the cross-validation (``trend="cv"`` only).
        min_obs: a non-reference stream with fewer observed months (years) in the sample is
            left out (``dropped_``): three parameters on fewer than ten observations leave its
            noise variance undetermined (it collapses to the zero boundary).
        parameter_uncertainty: widen the bands (smoothed, filtered, forecast) by the
            uncertainty of the estimated parameters, propagated through the smoother at the
            unscented sigma points of their asymptotic normal distribution [JU2004; Ham1986].
            ``"forecast"``: only the filtered values and the forecasts (Kalman filter runs at
            the sigma points, five times cheaper than smoother runs; the smoothed band then has
            the filter's uncertainty only). The rolling backtest uses it: it needs the
            forecasts and the smoothed mean, which are the same either way.

    Attributes:
        periods_: the months.
        trend_: ``"level"`` or ``"trend"``.
        smoothed_: per month ``mean, sd, lo, hi`` (all data) and ``slope`` (the smoothed trend,
            or the month's change of the smoothed level).
        filtered_: per month ``mean, sd`` (data up to the month), ``change, change_sd`` (the
            month's change and its sd), ``predicted, predicted_sd`` (one step ahead).
        params_: per stream ``kind, reference, n_events, months, intercept, intercept_se,
            loading, loading_se, noise_sd, noise_sd_se``, and a row ``state`` (``noise_sd``:
            sd of the monthly level shock; ``slope_sd`` for a trend).
        llf_: maximised log-likelihood (all events' densities; diffuse initial state).
        n_params_: number of estimated parameters.
        unconstrained_: the optimum in the optimiser's space (to warm-start another fit).
        cov_: covariance of ``unconstrained_`` (inverse Hessian).
        scale_: ``(centre, scale)`` of the reference stream: state = centre + scale * internal.
        cv_: the trend cross-validation table (``trend="cv"``), else None.
        converged_: whether the optimiser converged.
        final_states_: ``(params, state, cov)``: the state filtered at the last month, at the
            MLE and then at each sigma point (internal units; for forecasts).
        used_, dropped_: names of the streams used and left out (too few observations).
    """

    def __init__(
        self,
        *,
        trend: str = "level",
        start=None,
        end=None,
        ci: float = 0.9,
        maxiter: int = 200,
        folds: int = 5,
        min_obs: int = 10,
        parameter_uncertainty: bool | str = True,
    ) -> None:
        self.trend = trend
        self.start = start
        self.end = end
        self.ci = ci
        self.maxiter = maxiter
        self.folds = folds
        self.min_obs = min_obs
        self.parameter_uncertainty = parameter_uncertainty

    def fit(self, streams: Sequence[Stream], *, init: np.ndarray | None = None) -> FusedMeasure:
        """Estimate the parameters and the state.

        Args:
            streams: the observation streams (one reference).
            init: start from these optimiser-space parameters (``unconstrained_`` of a fit
                with the same streams and trend); default: moment-based start values.

        Raises:
            DyadwatchError: bad ``trend``, no reference stream, an empty sample.
        """
        if self.trend not in TRENDS:
            raise DyadwatchError(
                f"unknown trend {self.trend!r}", where="{method}", fix="use level, trend or cv"
            )
        streams = list(streams)
        self.periods_ = sample_periods(streams, self.start, self.end)
        self.cv_ = None
        trend = self.trend
        if trend == "cv":
            from dyadwatch.measures.fused.select import select_trend

            self.cv_ = select_trend(streams, self.periods_, folds=self.folds)
            trend = str(self.cv_.attrs["chosen"])
        self.trend_ = trend
        streams = [restrict(s, self.periods_) for s in streams]
        self.dropped_ = [s.name for s in streams if not s.reference and len(s.frame) < self.min_obs]
        streams = [s for s in streams if s.name not in self.dropped_]
        self.used_ = [s.name for s in streams]
        std = [standardise(s) for s in streams]
        self._centres = np.array([c for _, c, _ in std])
        self._scales = np.array([sc for _, _, sc in std])
        self.streams_ = [s for s, _, _ in std]
        self.model_ = FusedStateSpace(self.streams_, self.periods_, trend=trend == "trend")
        ref = self.model_.ref
        self.scale_ = (float(self._centres[ref]), float(self._scales[ref]))
        self.unconstrained_, self.converged_ = _maximise(self.model_, init, self.maxiter)
        self.params_internal_ = self.model_.transform_params(self.unconstrained_)
        # back to the original units: each event (or monthly/yearly value) of stream i was
        # divided by its scale s_i, so its density gains a factor 1 / s_i
        counts = np.where(
            np.array(self.model_.kinds) == "events",
            (self.model_.n_obs * self.model_.observed).sum(axis=0),
            self.model_.observed.sum(axis=0),
        )
        self.llf_ = float(self.model_.loglike(self.params_internal_)) - float(
            (counts * np.log(self._scales)).sum()
        )
        self.n_params_ = len(self.unconstrained_)
        self.cov_ = _inverse_hessian(self.model_, self.unconstrained_)
        self._frames(streams)
        return self

    def _frames(self, streams: Sequence[Stream]) -> None:
        model = self.model_
        centre, scale = self.scale_
        z = stats.norm.ppf(0.5 + self.ci / 2)
        runs = [_run(model, self.params_internal_)]
        if self.parameter_uncertainty:
            points = sigma_points(self.unconstrained_, self.cov_)
            smooth = self.parameter_uncertainty != "forecast"
            with np.errstate(all="ignore"):
                runs += [_run(model, model.transform_params(u), smooth=smooth) for u in points]
            model.update(self.params_internal_)
        # a sigma point far out along a flat direction (a variance at its zero boundary) can
        # overflow: such points are left out
        runs = [runs[0]] + [r for r in runs[1:] if r["finite"]]
        best = runs[0]
        others = runs[1:] or runs

        def total_var(key: str) -> np.ndarray:
            # plug-in (MLE) mean; variance = mean over the sigma points of (variance + squared
            # deviation of their mean from the MLE's): filter plus parameter uncertainty
            m0 = best[key][0]
            got = [r[key] for r in others if key in r] or [best[key]]
            return np.mean([v + (m - m0) ** 2 for m, v in got], axis=0)

        sm_mean = centre + scale * best["smoothed"][0]
        sm_sd = scale * np.sqrt(np.maximum(total_var("smoothed"), 0.0))
        if model.trend:
            slope = scale * best["slope"]
        else:
            slope = np.concatenate([[np.nan], np.diff(sm_mean)])
        self.smoothed_ = pd.DataFrame(
            {
                "mean": sm_mean,
                "sd": sm_sd,
                "lo": sm_mean - z * sm_sd,
                "hi": sm_mean + z * sm_sd,
                "slope": slope,
            },
            index=self.periods_,
        )
        self.filtered_ = pd.DataFrame(
            {
                "mean": centre + scale * best["filtered"][0],
                "sd": scale * np.sqrt(np.maximum(total_var("filtered"), 0.0)),
                "change": scale * best["change"][0],
                "change_sd": scale * np.sqrt(np.maximum(total_var("change"), 0.0)),
                "predicted": centre + scale * best["predicted"][0],
                "predicted_sd": scale * np.sqrt(np.maximum(total_var("predicted"), 0.0)),
            },
            index=self.periods_,
        )
        # the diffuse start has no finite filtered variance until the state is identified
        self.filtered_.iloc[: best["diffuse"], :] = np.nan
        self.final_states_ = [(r["params"], r["state"], r["cov"]) for r in runs]
        self.params_ = _param_table(self, streams)

    def loglikeobs_on(self, streams: Sequence[Stream], periods: pd.PeriodIndex) -> pd.Series:
        """One-step-ahead predictive log-density of each month's observations, at this fit's
        parameters, over other ``periods`` (e.g. a longer sample: held-out months).

        In the original units of the streams (all events' densities), indexed by month.
        """
        by_name = {s.name: s for s in streams}
        std = [
            standardise(restrict(by_name[name], periods), c, sc)[0]
            for name, c, sc in zip(self.used_, self._centres, self._scales, strict=True)
        ]
        model = FusedStateSpace(std, periods, trend=self.trend_ == "trend")
        llo = model.loglikeobs(self.params_internal_)
        counts = np.where(
            np.array(model.kinds)[None, :] == "events",
            model.n_obs * model.observed,
            model.observed.astype(float),
        )
        return pd.Series(llo - counts @ np.log(self._scales), index=periods)

    @property
    def series(self) -> pd.Series:
        """The smoothed mean as a monthly series (the measure)."""
        return self.smoothed_["mean"].rename("fused")

    def forecast(self, horizons: Sequence[int] = (1, 3, 6, 12), *, parameters: bool = True):
        """Predictive distribution of the state ``h`` months after the last month.

        Gaussian: the filter's prediction at the MLE; its variance is the filter's plus, with
        ``parameters`` (and ``parameter_uncertainty``), the spread of the predictions over the
        parameters' sigma points [DK2012, sec. 4.11; Ham1986].

        Returns:
            A frame indexed by horizon with ``period, mean, sd``.
        """
        from dyadwatch.measures.fused.predict import state_forecast

        return state_forecast(self, horizons, parameters=parameters)


def sigma_points(u: np.ndarray, cov: np.ndarray) -> list[np.ndarray]:
    """The ``2k`` symmetric sigma points of ``N(u, cov)`` (unscented transform, kappa = 0)
    [JU2004]; a covariance that is not positive definite is clipped to its positive part."""
    k = len(u)
    vals, vecs = np.linalg.eigh((cov + cov.T) / 2)
    vals = np.clip(vals, 0.0, None)
    out = []
    for j in range(k):
        step = np.sqrt(k * vals[j]) * vecs[:, j]
        out += [u + step, u - step]
    return out


def _run(model: FusedStateSpace, params: np.ndarray, *, smooth: bool = True) -> dict:
    """Smoothed, filtered and predicted level (mean, variance) at ``params``, internal units.

    ``smooth=False``: the filter only (no ``smoothed`` entry). The filter then keeps no
    forecasts of the observations (only the smoother needs them): statsmodels otherwise rebuilds
    them month by month in Python, most of a run's time. Filtered and predicted values are the
    same bits either way.
    """
    model.update(params)
    if smooth:
        r = model.ssm.smooth()
    else:
        r = model.ssm.filter(conserve_memory=MEMORY_NO_FORECAST_MEAN | MEMORY_NO_FORECAST_COV)
    lvl, prev = model.slots["level"], model.slots["previous"]
    fs, fc = r.filtered_state, r.filtered_state_cov
    out = {
        "filtered": (fs[lvl], fc[lvl, lvl]),
        "change": (fs[lvl] - fs[prev], fc[lvl, lvl] + fc[prev, prev] - 2 * fc[lvl, prev]),
        "predicted": (r.predicted_state[lvl, :-1], r.predicted_state_cov[lvl, lvl, :-1]),
        "params": np.asarray(params, float).copy(),
        "state": fs[:, -1].copy(),
        "cov": fc[:, :, -1].copy(),
        "diffuse": int(getattr(r, "nobs_diffuse", 0)),
    }
    later = out["filtered"][1][out["diffuse"] :]
    out["finite"] = bool(np.isfinite(later).all())
    if smooth:
        out["smoothed"] = (r.smoothed_state[lvl], r.smoothed_state_cov[lvl, lvl])
        out["finite"] &= bool(np.isfinite(out["smoothed"][1]).all())
        if model.trend:
            out["slope"] = r.smoothed_state[model.slots["slope"]]
    return out


def _maximise(model: FusedStateSpace, init, maxiter: int) -> tuple[np.ndarray, bool]:
    n = model.nobs
    u0 = model.untransform_params(model.start_params) if init is None else np.asarray(init)

    def objective(u):
        value = -float(model.loglike(u, transformed=False)) / n
        return value if np.isfinite(value) else 1e10

    def gradient(u):
        return approx_fprime(u, objective, centered=False)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = optimize.minimize(
            objective, u0, jac=gradient, method="L-BFGS-B", options={"maxiter": maxiter}
        )
    return np.asarray(out.x, float), bool(out.success)


def _inverse_hessian(model: FusedStateSpace, u: np.ndarray) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        hess = approx_hess3(u, lambda x: float(model.loglike(x, transformed=False)))
    try:
        cov = np.linalg.inv(-hess)
    except np.linalg.LinAlgError:
        cov = np.linalg.pinv(-hess)
    return cov


def _param_table(fit: FusedMeasure, streams: Sequence[Stream]) -> pd.DataFrame:
    """Parameters in the reference stream's units, standard errors by the delta method."""
    model, u, cov = fit.model_, fit.unconstrained_, fit.cov_
    names = model.param_names
    pos = {n: j for j, n in enumerate(names)}
    m_r, s_r = fit.scale_
    rows = []

    def se(grad: dict[str, float]) -> float:
        g = np.zeros(len(u))
        for name, value in grad.items():
            g[pos[name]] = value
        var = float(g @ cov @ g)
        return float(np.sqrt(var)) if var >= 0 else float("nan")

    sd_level = s_r * np.exp(u[pos["sigma2.level"]] / 2)
    state = {
        "stream": "state",
        "kind": "state",
        "reference": False,
        "n_events": 0,
        "months": 0,
        "noise_sd": sd_level,
        "noise_sd_se": se({"sigma2.level": sd_level / 2}),
    }
    if model.trend:
        sd_slope = s_r * np.exp(u[pos["sigma2.trend"]] / 2)
        state |= {"slope_sd": sd_slope, "slope_sd_se": se({"sigma2.trend": sd_slope / 2})}
    rows.append(state)
    months = model.observed.sum(axis=0)
    for i, s in enumerate(streams):
        m_i, s_i = fit._centres[i], fit._scales[i]
        sd = s_i * np.exp(u[pos[f"sigma2.{s.name}"]] / 2)
        row = {
            "stream": s.name,
            "kind": s.kind,
            "reference": s.reference,
            "n_events": s.n_events,
            "months": int(months[i]),
            "noise_sd": sd,
            "noise_sd_se": se({f"sigma2.{s.name}": sd / 2}),
        }
        if s.reference:
            row |= {"intercept": 0.0, "intercept_se": 0.0, "loading": 1.0, "loading_se": 0.0}
        else:
            a, b = u[pos[f"intercept.{s.name}"]], u[pos[f"loading.{s.name}"]]
            row |= {
                "intercept": m_i + s_i * a - s_i * b * m_r / s_r,
                "intercept_se": se(
                    {f"intercept.{s.name}": s_i, f"loading.{s.name}": -s_i * m_r / s_r}
                ),
                "loading": s_i * b / s_r,
                "loading_se": se({f"loading.{s.name}": s_i / s_r}),
            }
        rows.append(row)
    table = pd.DataFrame(rows).set_index("stream")
    table["loading_z"] = table["loading"] / table["loading_se"].where(table["loading_se"] > 0)
    return table


def fuse(
    streams: Sequence[Stream], *, start=None, end=None, trend: str = "level", ci: float = 0.9
) -> FusedMeasure:
    """Fit the fused measure (shorthand for ``FusedMeasure(...).fit(streams)``)."""
    return FusedMeasure(trend=trend, start=start, end=end, ci=ci).fit(streams)
