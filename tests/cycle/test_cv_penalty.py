"""The cross-validated penalty: recovers true segmentations, adds nothing to noise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cli import main
from dyadwatch.cycle.changepoints import CV_GRID, ChangePoints, cross_validate_penalty
from dyadwatch.cycle.generators import piecewise_constant, sparse_events
from dyadwatch.cycle.stages import StageDetector, observation_positions


def _hq(signal) -> float:
    return ChangePoints(min_size=3).fit(signal).penalty("hq")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_recovers_the_true_segmentation_of_a_noisy_series(seed):
    signal, bkps = piecewise_constant(240, 4, noise_std=1.0, delta=(3.0, 6.0), seed=seed)
    cv = cross_validate_penalty(
        np.arange(len(signal)), signal, len(signal), base_penalty=_hq(signal), min_size=3
    )
    assert cv.chosen >= cv.best
    found = ChangePoints(min_size=3).fit(signal).predict(_hq(signal) * cv.chosen)
    assert len(found) == len(bkps)
    assert all(abs(a - b) <= 2 for a, b in zip(found[:-1], bkps[:-1], strict=True))


def test_pure_noise_gets_no_break():
    rng = np.random.default_rng(7)
    signal = rng.normal(0, 1, 300)
    cv = cross_validate_penalty(
        np.arange(len(signal)), signal, len(signal), base_penalty=_hq(signal), min_size=3
    )
    assert cv.n_bkps[CV_GRID.index(cv.chosen)] == 0


def test_curve_shape_and_determinism():
    signal, _ = piecewise_constant(150, 2, noise_std=1.0, delta=(3.0, 5.0), seed=3)
    args = (np.arange(len(signal)), signal, len(signal))
    a = cross_validate_penalty(*args, base_penalty=_hq(signal), min_size=3, seed=5)
    b = cross_validate_penalty(*args, base_penalty=_hq(signal), min_size=3, seed=5)
    assert a == b
    assert len(a.error) == len(a.se) == len(a.n_bkps) == len(CV_GRID)
    # more penalty, never more breaks
    assert all(x >= y for x, y in zip(a.n_bkps, a.n_bkps[1:], strict=False))
    i = CV_GRID.index(a.best)
    assert a.error[i] == min(a.error)
    assert set(a.to_dict()) == {"multiples", "error", "se", "n_bkps", "best", "chosen"}


def test_bad_arguments():
    with pytest.raises(ValueError, match="at least 10 observations"):
        cross_validate_penalty(np.arange(5), np.ones(5), 5, base_penalty=1.0)
    with pytest.raises(ValueError, match="positive"):
        cross_validate_penalty(np.arange(50), np.ones(50), 50, base_penalty=0.0)


def test_stage_detector_on_sparse_events():
    events, turning = sparse_events([3.0, -4.0, 2.0], [60, 48, 60], rate=1.5, seed=4)
    periods = pd.period_range("1991-01", periods=168, freq="M")
    series = pd.Series(0.0, index=periods)
    det = StageDetector(penalty="cv", support=False).fit(series, events)
    assert det.cv_ is not None
    hq = det.changepoints_.penalty("hq")
    assert det.penalty_ == pytest.approx(hq * det.cv_.chosen)
    found = [periods[b] for b in det.bkps_[:-1]]
    assert len(found) == len(turning)
    assert all(abs((f - t).n) <= 3 for f, t in zip(found, turning, strict=True))
    pos, values, weights = observation_positions(events, periods)
    assert len(pos) == len(values) == len(weights) == events["goldstein"].notna().sum()


def test_cli_accepts_cv_and_explains_it(capsys, tmp_path):
    signal, _ = piecewise_constant(120, 2, noise_std=0.5, delta=(3.0, 5.0), seed=2)
    path = tmp_path / "s.csv"
    periods = pd.period_range("2000-01", periods=len(signal), freq="M").astype(str)
    pd.DataFrame({"period": periods, "value": signal}).to_csv(path, index=False)
    rc = main(
        [
            "stages",
            "--method",
            "changepoint",
            "--series",
            str(path),
            "--penalty",
            "cv",
            "--no-hmm",
            "--format",
            "csv",
        ]
    )
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "cv penalty:" in err and "times the HQ penalty" in err
    assert len(out.strip().splitlines()) == 1 + 3
    rc = main(["stages", "--method", "changepoint", "--penalty", "fancy"])
    _, err = capsys.readouterr()
    assert rc == 2 and "use hq, bic, aic, cv or a positive number" in err
