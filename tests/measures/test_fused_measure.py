"""The fused measure on generated data with a known latent path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.fused import (
    FusedMeasure,
    FusedStateSpace,
    fuse,
    select_trend,
    simulate_streams,
)

SEEDS = (0, 1, 2, 3)


def _fit(sim, names=("chronology", "late", "noise", "yearly"), **kwargs):
    periods = sim.truth.index
    streams = [sim.streams[n] for n in names]
    return FusedMeasure(start=periods[0], end=periods[-1], **kwargs).fit(streams)


@pytest.fixture(scope="module")
def fits():
    sims = [simulate_streams(240, seed=s) for s in SEEDS]
    return sims, [_fit(sim) for sim in sims]


def test_band_covers_the_true_path(fits):
    sims, fitted = fits
    coverage, recovery = [], []
    for sim, fit in zip(sims, fitted, strict=True):
        sm = fit.smoothed_
        inside = (sim.truth >= sm["lo"]) & (sim.truth <= sm["hi"])
        coverage.append(float(inside.mean()))
        recovery.append(float(np.corrcoef(sim.truth, sm["mean"])[0, 1]))
    print(f"coverage {np.round(coverage, 3)}, recovery correlation {np.round(recovery, 3)}")
    assert 0.85 <= np.mean(coverage) <= 0.95
    assert min(recovery) > 0.75 and np.mean(recovery) > 0.9


def test_noise_stream_gets_a_loading_near_zero(fits):
    sims, fitted = fits
    for fit in fitted:
        row = fit.params_.loc["noise"]
        assert abs(row["loading"]) < 3 * row["loading_se"] + 0.05
        assert abs(row["loading"]) < 0.2 * fit.params_.loc["late", "loading"]


def test_informative_streams_are_recovered(fits):
    sims, fitted = fits
    for sim, fit in zip(sims, fitted, strict=True):
        for name in ("late", "yearly"):
            row, true = fit.params_.loc[name], sim.params[name]
            assert abs(row["loading"] - true["loading"]) < 4 * row["loading_se"]
            assert row["loading_z"] > 3
        assert fit.params_.loc["chronology", "loading"] == 1.0


def test_a_new_source_with_its_own_intercept_does_not_move_the_level(fits):
    sims, fitted = fits
    for sim, fit in zip(sims, fitted, strict=True):
        half = len(sim.truth) // 2  # the late source (intercept +3) starts here
        error = fit.smoothed_["mean"] - sim.truth
        shift = error.iloc[half : half + 24].mean() - error.iloc[half - 24 : half].mean()
        assert abs(shift) < 0.5  # a naive average of the two sources would step by ~1.5
        row = fit.params_.loc["late"]
        assert abs(row["intercept"] - sim.params["late"]["intercept"]) < 4 * row["intercept_se"]


def test_filtered_values_use_no_future_data():
    sim = simulate_streams(120, seed=5)
    fit = _fit(sim, ("chronology", "late"))
    short = sim.truth.index[:90]
    model = FusedStateSpace([fit.model_.streams[0], fit.model_.streams[1]], short, trend=False)
    model.ssm.initialize_diffuse()
    res = model.smooth(fit.params_internal_, cov_type="none")
    full = fit.model_
    full.update(fit.params_internal_)
    full_res = full.ssm.filter()
    assert np.allclose(res.filtered_state[0], full_res.filtered_state[0, :90])


def test_forecast_widens_with_the_horizon_and_keeps_the_last_level():
    sim = simulate_streams(120, seed=6)
    fit = _fit(sim, ("chronology",))
    fc = fit.forecast([1, 3, 12])
    assert list(fc.index) == [1, 3, 12]
    assert fc["sd"].is_monotonic_increasing
    assert (fc["sd"] >= fc["sd_state"] - 1e-12).all()
    assert np.allclose(fc["mean"], fit.filtered_["mean"].iloc[-1])
    assert str(fc["period"].iloc[0]) == str(sim.truth.index[-1] + 1)
    with pytest.raises(ValueError):
        fit.forecast([0])


def test_fit_is_deterministic_and_warm_starts():
    sim = simulate_streams(96, seed=7)
    streams = [sim.streams["chronology"], sim.streams["late"]]
    a = FusedMeasure().fit(streams)
    b = FusedMeasure().fit(streams, init=a.unconstrained_)
    assert np.allclose(a.smoothed_["mean"], FusedMeasure().fit(streams).smoothed_["mean"])
    assert b.llf_ == pytest.approx(a.llf_, abs=1e-3)
    assert a.trend_ == "level" and a.n_params_ == 5


def test_sparse_streams_are_left_out_and_said_so():
    sim = simulate_streams(96, seed=8)
    fit = fuse([sim.streams["chronology"], sim.streams["yearly"]])  # 8 whole years
    assert fit.dropped_ == ["yearly"] and fit.used_ == ["chronology"]
    assert list(fit.params_.index) == ["state", "chronology"]


@pytest.mark.slow
def test_trend_cross_validation_prefers_the_level_on_a_random_walk():
    sim = simulate_streams(180, seed=9)
    streams = [sim.streams["chronology"], sim.streams["noise"]]
    table = select_trend(streams, sim.truth.index, folds=4)
    assert list(table.columns[-3:]) == ["level", "trend", "difference"]
    assert table.attrs["chosen"] == "level"
    assert FusedMeasure(trend="cv", folds=4).fit(streams).trend_ == "level"


def test_local_linear_trend_has_a_slope_column():
    sim = simulate_streams(96, seed=10)
    fit = FusedMeasure(trend="trend").fit([sim.streams["chronology"]])
    assert fit.trend_ == "trend" and "slope_sd" in fit.params_.columns
    assert fit.smoothed_["slope"].notna().all()


def test_errors_name_the_parameter():
    sim = simulate_streams(60, seed=11)
    with pytest.raises(DyadwatchError, match="exactly one reference"):
        fuse([sim.streams["late"]])
    with pytest.raises(DyadwatchError, match="after"):
        fuse([sim.streams["chronology"]], start="2010-01", end="2005-01")
    with pytest.raises(DyadwatchError, match="unknown trend"):
        FusedMeasure(trend="quadratic").fit([sim.streams["chronology"]])


def test_estimator_contract():
    m = FusedMeasure(trend="trend", ci=0.8, maxiter=10)
    assert (m.trend, m.ci, m.maxiter) == ("trend", 0.8, 10)
    sim = simulate_streams(60, seed=12)
    assert m.fit([sim.streams["chronology"]]) is m


@pytest.mark.slow
def test_real_usa_rus_streams(shared_data):
    from dyadwatch.measures.fused import (
        event_stream,
        split_events,
        third_party_streams,
        unga_stream,
    )
    from dyadwatch.measures.unga import unga_alignment
    from dyadwatch.sources.chronology import chronology

    split = split_events(chronology(), ("USA", "RUS"))
    streams = [event_stream(split.direct), *third_party_streams(split)]
    streams.append(unga_stream(unga_alignment("US-RU", data=shared_data / "unga")))
    fit = fuse(streams)
    assert fit.converged_
    table = fit.params_
    print(table[["loading", "loading_se", "noise_sd"]].round(3))
    assert table.loc["unga", "loading"] > 0 and table.loc["unga", "loading_z"] > 3
    assert str(fit.periods_[0]) == "1991-12"
    assert isinstance(fit.series, pd.Series)
