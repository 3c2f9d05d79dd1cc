"""Park (2010) design: leader fixed effects against structural covariates and breaks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.claims.structure.heldout import fold_lpd, rolling_compare
from dyadwatch.claims.structure.hypotheses import personality_design
from dyadwatch.claims.structure.park import park_comparison, park_covariates
from dyadwatch.errors import DyadwatchError

TRANS = ["1993-01-20", "1999-12-31", "2001-01-20", "2008-05-07", "2009-01-20", "2012-05-07",
         "2017-01-20"]  # fmt: skip
US = ["1993-01-20", "2001-01-20", "2009-01-20", "2017-01-20"]
EVENTS = ["1999-03-12", "2008-08-08", "2014-03-18"]
YEARS = np.arange(1992, 2020)


def _monthly(values: np.ndarray, seed: int) -> pd.Series:
    rng = np.random.default_rng(seed)
    idx = pd.period_range("1992-01", "2019-12", freq="M")
    y = np.repeat(values, 12) + rng.normal(0, 0.3, len(idx))
    return pd.Series(y, index=idx)


def _covariates(seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {"log_cinc_ratio": np.linspace(0.2, 1.3, len(YEARS)) + rng.normal(0, 0.05, len(YEARS)),
         "ideal_distance": rng.normal(2.5, 0.4, len(YEARS))},
        index=YEARS,
    )  # fmt: skip


def _run(y, cov):
    return park_comparison(y, cov, transitions=TRANS, us_transitions=US, structural_events=EVENTS)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_leader_levels_favour_leaders(seed):
    idx = pd.PeriodIndex([pd.Period(str(int(t)), freq="Y") for t in YEARS])
    x, _ = personality_design(idx, TRANS)
    levels = np.random.default_rng(seed).normal(0, 3, x.shape[1] - 1)
    res = _run(_monthly(x[:, :-1] @ levels, seed), _covariates(seed + 10))
    assert res.verdict == "leaders", res.text
    assert res.blocked.difference > 2 * res.blocked.se
    assert res.rolling.difference > 2 * res.rolling.se


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_covariates_and_breaks_favour_structure(seed):
    cov = _covariates(seed + 10)
    truth = 3 * cov["ideal_distance"].to_numpy() - 4 * (YEARS >= 2014) + 2 * (YEARS >= 1999)
    res = _run(_monthly(truth, seed), cov)
    assert res.verdict == "structure", res.text
    assert res.breaks == ["1999", "2008", "2014"]
    assert res.n == 28 and res.start == "1992" and res.end == "2019"
    assert list(res.table()["model"]) == ["leaders", "structure"]


def test_rolling_origin_never_sees_the_future():
    rng = np.random.default_rng(3)
    y = rng.normal(size=20)
    x = np.column_stack([np.ones(20), np.arange(20.0)])
    train = np.zeros(20, dtype=bool)
    train[:12] = True
    before = fold_lpd(y, x, ["const", "trend"], train, np.array([12]))
    y2 = y.copy()
    y2[13:] += 100.0
    assert fold_lpd(y2, x, ["const", "trend"], train, np.array([12])) == pytest.approx(before)
    res = rolling_compare(y, {"structure": (x, ["const", "trend"]),
                              "personality": (x[:, :1], ["const"])}, min_train=10)  # fmt: skip
    assert res.n_folds == 10 and res.block == 1


def test_too_short_and_no_covariates_are_errors():
    with pytest.raises(DyadwatchError, match="at least 12 years"):
        _run(_monthly(np.zeros(28), 0), _covariates(0).iloc[:8])
    with pytest.raises(DyadwatchError, match="needs a structural covariate"):
        park_covariates(None, None)


def test_covariates_from_nmc_and_distance():
    nmc = pd.DataFrame({"ccode": [2.0, 2.0, 365.0, 365.0], "year": [2000.0, 2001.0] * 2,
                        "cinc": [0.2, 0.3, 0.1, 0.1]})  # fmt: skip
    dist = pd.DataFrame({"year": [2001, 2002], "distance": [2.0, 2.5]})
    cov = park_covariates(nmc, dist)
    assert list(cov.index) == [2000, 2001, 2002]
    assert cov.loc[2001, "log_cinc_ratio"] == pytest.approx(np.log(3.0))
    assert np.isnan(cov.loc[2002, "log_cinc_ratio"]) and cov.loc[2002, "ideal_distance"] == 2.5
