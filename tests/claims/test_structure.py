"""Structure versus personality: calibration of the timing test, recovery of a known honeymoon."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.claims.structure import (
    administration_labels,
    honeymoon_regression,
    months_since,
    rotation_test,
    structure_verdict,
    variance_decomposition,
)
from dyadwatch.errors import DyadwatchError

START, END = "1992-01", "2025-10"
TRANSITIONS = ["1993-01", "2001-01", "2009-01", "2017-01", "2021-01", "2025-01"]


def test_rotation_test_by_hand():
    # 10 months, reference at month 2; breaks at 2 and 7, window 0.
    res = rotation_test(
        ["2000-03", "2000-08"], ["2000-03"], start="2000-01", end="2000-10", window=0
    )
    # rotations k=0..9: count is 1 when (2+k)%10==2 or (7+k)%10==2 -> k=0 or k=5
    assert (res.observed, res.n_rotations) == (1, 10)
    assert res.p_value == pytest.approx(2 / 10)
    assert res.expected == pytest.approx(0.2)
    assert res.matched == [("2000-03", "2000-03", 0)]


def test_breaks_at_transitions_are_detected():
    breaks = ["1993-02", "2001-03", "2009-02", "2016-12", "2021-02", "2025-03"]
    res = rotation_test(breaks, TRANSITIONS, start=START, end=END, window=3)
    assert res.observed == 6
    assert res.p_value < 0.05


def test_random_breaks_reject_at_or_below_nominal_level():
    """Size of the test: breaks placed uniformly at random, 400 seeds."""
    months = pd.period_range(START, END, freq="M")
    rejections = []
    pvals = []
    for seed in range(400):
        rng = np.random.default_rng(seed)
        breaks = [str(p) for p in rng.choice(months, size=9, replace=False)]
        res = rotation_test(breaks, TRANSITIONS, start=START, end=END, window=3)
        rejections.append(res.p_value < 0.05)
        pvals.append(res.p_value)
    rate = float(np.mean(rejections))
    # The exact rotation test is conservative with discrete counts: the rate must not exceed
    # 5% beyond binomial noise (2 standard errors at n=400 is 0.022).
    assert rate <= 0.05 + 0.022, rate
    assert 0.4 < np.mean(pvals) < 0.75


def test_bad_window_is_an_error():
    with pytest.raises(DyadwatchError, match="window"):
        rotation_test([], TRANSITIONS, start=START, end=END, window=-1)


def test_months_since_and_labels():
    idx = pd.period_range("2000-11", "2001-03", freq="M")
    s = months_since(idx, ["2001-01"])
    assert np.isnan(s[0]) and np.isnan(s[1])
    assert list(s[2:]) == [0, 1, 2]
    assert list(administration_labels(idx, ["2001-01"])) == [0, 0, 1, 1, 1]


def _synthetic(effect=2.0, half_life=9.0, seed=0, noise=0.4):
    idx = pd.period_range(START, END, freq="M")
    s = months_since(idx, TRANSITIONS)
    tau = half_life / np.log(2)
    rng = np.random.default_rng(seed)
    shock = rng.normal(0, 1, len(idx)).cumsum() * 0.0
    structural = pd.DataFrame({"war": (rng.random(len(idx)) < 0.05).astype(float)}, index=idx)
    y = 0.5 + effect * np.exp(-np.nan_to_num(s, nan=1e6) / tau) - 1.5 * structural["war"].to_numpy()
    y = y + rng.normal(0, noise, len(idx)) + shock
    return pd.Series(y, index=idx), structural


def test_honeymoon_recovers_known_bump_and_half_life():
    y, structural = _synthetic()
    res = honeymoon_regression(y, TRANSITIONS, covariates=structural)
    assert res.effect_ci[0] <= 2.0 <= res.effect_ci[1]
    assert res.half_life_ci[0] <= 9.0 <= res.half_life_ci[1]
    assert res.p_value < 0.001
    assert res.covariates["war"]["coef"] == pytest.approx(-1.5, abs=0.3)


def test_no_honeymoon_is_not_invented():
    y, structural = _synthetic(effect=0.0, seed=3)
    res = honeymoon_regression(y, TRANSITIONS, covariates=structural)
    assert res.effect_ci[0] <= 0.0 <= res.effect_ci[1] or res.p_value > 0.01


def test_variance_decomposition_separates_sources():
    idx = pd.period_range(START, END, freq="M")
    rng = np.random.default_rng(1)
    labels = administration_labels(idx, TRANSITIONS)
    admin_level = rng.normal(0, 1, labels.max() + 1)[labels]
    structural = pd.DataFrame({"x": rng.normal(0, 1, len(idx))}, index=idx)
    y_struct = pd.Series(3 * structural["x"].to_numpy() + rng.normal(0, 0.3, len(idx)), index=idx)
    res = variance_decomposition(y_struct, TRANSITIONS, structural)
    assert res.share_structural > 0.8 > res.share_leaders
    assert res.p_value_leaders > 0.05
    y_admin = pd.Series(3 * admin_level + rng.normal(0, 0.3, len(idx)), index=idx)
    res = variance_decomposition(y_admin, TRANSITIONS, structural)
    assert res.share_leaders > 0.8
    assert res.share_leaders + res.share_structural + res.share_trend == pytest.approx(res.r2_total)


def test_verdict_follows_the_numbers():
    y, structural = _synthetic()
    h = honeymoon_regression(y, TRANSITIONS, covariates=structural)
    d = variance_decomposition(y, TRANSITIONS, structural)
    leaders = rotation_test(["1993-02", "2001-02", "2009-03"], TRANSITIONS, start=START, end=END)
    struct = rotation_test(["1993-02", "2001-02", "2009-03"], ["1999-03"], start=START, end=END)
    text = structure_verdict(leaders, struct, h, d)
    assert "contradict the essay" in text
    assert f"{h.half_life_months:.0f} months" in text
    text2 = structure_verdict(struct, leaders, h, d)
    assert "supports the essay" in text2


def test_verdict_wording_tracks_half_life_and_shares():
    y, structural = _synthetic(half_life=60.0, seed=2, noise=0.2)
    h = honeymoon_regression(y, TRANSITIONS, covariates=structural)
    d = variance_decomposition(y, TRANSITIONS, structural)
    leaders = rotation_test(["1993-02"], TRANSITIONS, start=START, end=END)
    text = structure_verdict(leaders, leaders, h, d)
    assert h.half_life_months > 24
    assert "fades slowly" in text and "short-lived" in text  # says 'short-lived' overstates it
    assert "overstates" in text


def test_analysis_on_the_shipped_data(tmp_db, shared_data):
    from dyadwatch.study import Study

    res = Study("USA-RUS", db=tmp_db).structure_test(
        capabilities_file=shared_data / "capabilities" / "cow_nmc_US_RUS.csv"
    )
    summary = res.summary()
    assert set(summary) == {
        "timing_p_leaders",
        "timing_p_structural",
        "honeymoon_effect",
        "honeymoon_half_life_months",
        "variance_share_leaders",
        "variance_share_structural",
        "verdict",
    }
    assert 0 < summary["timing_p_leaders"] <= 1 and 0 < summary["timing_p_structural"] <= 1
    assert res.timing_leaders.n_breaks == len(res.breaks) >= 3
    assert "cinc_ratio_us_ru" in res.honeymoon.covariates
    assert str(res.timing_leaders.observed) in res.verdict


def test_capability_ratio_is_the_pairs_not_always_us_russia():
    """The CINC ratio covariate follows the pair (was US/Russia for every pair)."""
    from dyadwatch.claims.structure import capability_ratio

    table = pd.DataFrame(
        {
            "ccode": [2, 2, 365, 365, 710, 710],
            "year": [2000, 2001, 2000, 2001, 2000, 2001],
            "cinc": [0.15, 0.14, 0.05, 0.04, 0.18, 0.20],
        }
    )
    months = pd.period_range("2000-01", "2002-12", freq="M")
    us_ru = capability_ratio(table, months)
    assert us_ru.name == "cinc_ratio_us_ru"
    assert us_ru[pd.Period("2000-06", "M")] == pytest.approx(3.0)
    chn_usa = capability_ratio(table, months, ("CHN", "USA"))
    assert chn_usa.name == "cinc_ratio_chn_usa"
    assert chn_usa[pd.Period("2001-03", "M")] == pytest.approx(0.20 / 0.14)
    assert chn_usa[pd.Period("2002-12", "M")] == pytest.approx(0.20 / 0.14)  # carried forward
    with pytest.raises(DyadwatchError, match="no year with both IRN"):
        capability_ratio(table, months, ("IRN", "USA"))
