"""The NATO-enlargement security spiral: the perception parameter drives the difference."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.spiral import SecuritySpiral, compare, load_nato_events


def by_year(model: SecuritySpiral) -> pd.DataFrame:
    return model.trajectory_.set_index("year")


def test_without_perception_nothing_moves():
    traj = by_year(SecuritySpiral(perception=0.0).fit())
    for col in ("misperception", "real_threat", "perceived_threat", "russian_action"):
        assert (traj[col] == 0.0).all(), col
    # the enlargement input is the same; only Russia's reading of it is switched off
    assert traj.loc[2004, "enlargement"] == 10.0


def test_with_perception_the_threat_becomes_real():
    with_p = by_year(SecuritySpiral().fit())
    without = by_year(SecuritySpiral(perception=0.0).fit())
    assert (with_p["real_threat"] > 0).any()
    diff = with_p["real_threat"] - without["real_threat"]
    assert diff.loc[2025] > 0
    # before the first Russian action NATO posture is zero in both runs
    first_action = int(with_p.index[with_p["russian_action"] > 0][0])
    assert (diff.loc[:first_action] == 0).all()


def test_difference_grows_with_perception():
    finals = [
        SecuritySpiral(perception=p).fit().trajectory_["real_threat"].iloc[-1]
        for p in np.linspace(0.0, 1.0, 11)
    ]
    assert finals[0] == 0.0
    assert all(b >= a for a, b in zip(finals, finals[1:], strict=False))
    assert finals[-1] > finals[5] > 0


def test_hand_computed_first_steps():
    # e_1999 = 3 members + 1 bordering (Poland); e_2004 = 7 + 3 (Estonia, Latvia, Lithuania).
    traj = by_year(
        SecuritySpiral(
            perception=0.5,
            memory=1.0,
            threshold=3.0,
            aggressiveness=0.5,
            response=0.2,
            persistence=0.8,
        ).fit()
    )
    assert traj.loc[1999, "enlargement"] == 4.0
    assert traj.loc[1999, "misperception"] == 2.0
    assert traj.loc[1999, "russian_action"] == 0.0  # 2 < threshold 3
    assert traj.loc[2004, "misperception"] == 7.0
    assert traj.loc[2004, "russian_action"] == pytest.approx(0.5 * (7.0 - 3.0))
    assert traj.loc[2005, "real_threat"] == pytest.approx(0.2 * 2.0)
    assert traj.loc[2005, "perceived_threat"] == pytest.approx(7.0 + 0.4)


def test_border_weight_uses_the_bordering_column():
    traj = by_year(SecuritySpiral(border_weight=0.0).fit())
    assert traj.loc[1999, "enlargement"] == 3.0
    assert traj.loc[2023, "enlargement"] == 1.0  # Finland
    assert traj.loc[2014, "enlargement"] == 0.0  # a deployment year, no enlargement


def test_compare_stacks_both_scenarios():
    frame = compare()
    assert set(frame["scenario"]) == {"with_perception", "without_perception"}
    without = frame[frame["scenario"] == "without_perception"].drop(columns="scenario")
    expected = SecuritySpiral(perception=0.0).fit().trajectory_
    pd.testing.assert_frame_equal(without.reset_index(drop=True), expected)


def test_observed_mode_follows_deployment_dates():
    traj = by_year(SecuritySpiral(nato_response="observed", perception=0.0).fit())
    assert (traj.loc[:2013, "real_threat"] == 0).all()
    assert traj.loc[2014, "real_threat"] == 1.0  # Wales 2014
    assert traj.loc[2016, "real_threat"] == pytest.approx(0.8**2 + 1.0)  # Warsaw 2016
    with_p = by_year(SecuritySpiral(nato_response="observed").fit())
    # the real threat is the same; what perception adds is in what Moscow sees
    assert np.allclose(with_p["real_threat"], traj["real_threat"])
    assert (with_p["perceived_threat"] >= traj["perceived_threat"]).all()


def test_seed_reproduces_noisy_runs():
    a = SecuritySpiral(noise=0.5, seed=7).fit().trajectory_
    b = SecuritySpiral(noise=0.5, seed=7).fit().trajectory_
    c = SecuritySpiral(noise=0.5, seed=8).fit().trajectory_
    pd.testing.assert_frame_equal(a, b)
    assert not a["russian_action"].equals(c["russian_action"])


def test_loop_gain_above_one_explodes():
    traj = SecuritySpiral(persistence=0.9, response=0.4).fit().trajectory_  # gain 1.1
    tail = traj["real_threat"].iloc[-5:].to_numpy()
    assert (np.diff(tail) > 0).all()
    assert SecuritySpiral().fit().summary_["loop_gain"] == pytest.approx(0.9)


@pytest.mark.parametrize(
    "params",
    [
        {"perception": -1.0},
        {"memory": 1.5},
        {"nato_response": "magic"},
        {"start": 2000, "end": 1990},
    ],
)
def test_bad_parameters(params):
    with pytest.raises(DyadwatchError):
        SecuritySpiral(**params).fit()


def test_events_file_loads():
    events = load_nato_events()
    assert {"enlargement", "deployment"} == set(events["kind"])


def test_estimator_contract():
    m = SecuritySpiral(perception=0.7, seed=1)
    assert m.perception == 0.7 and m.seed == 1
    before = set(vars(m))
    assert m.fit() is m
    learned = set(vars(m)) - before
    assert learned == {"trajectory_", "summary_"}


def test_errors_name_parameters_not_flags():
    """Core errors use placeholders: Python users read the parameter, the CLI its flag."""
    with pytest.raises(DyadwatchError) as info:
        SecuritySpiral(start=2000, end=1990).fit()
    assert info.value.line() == (
        "the first year 2000 is after the last year 1990 (start). swap start and end"
    )
    assert info.value.line({"start": "--from", "end": "--to"}).endswith("swap --from and --to")
    with pytest.raises(DyadwatchError) as info:
        SecuritySpiral(perception=-1.0).fit()
    assert "--" not in info.value.line() and "(perception)" in info.value.line()
