"""Stage chain, baselines, and the rolling backtest: no future data enters a forecast."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cycle.forecast import (
    ChangePointStages,
    StageModel,
    p_onset,
    rolling_forecasts,
    score_table,
    stage_baselines,
)
from dyadwatch.cycle.forecast.stage import chain_forecast
from dyadwatch.measures.fused import simulate_streams
from dyadwatch.stagenames import STAGES


def test_onset_by_hand():
    m = np.eye(5)
    m[0] = [0.9, 0, 0, 0.1, 0]  # euphoria -> crisis at 0.1 a month
    start = np.eye(5)[0]
    assert p_onset(m, start, "crisis", 3) == pytest.approx(1 - 0.9**3)
    assert p_onset(m, np.eye(5)[3], "crisis", 3) == 0.0  # already in crisis: no onset
    assert chain_forecast(m, start, 2).loc[2, "crisis"] == pytest.approx(0.1 + 0.9 * 0.1)


def test_stage_baselines():
    path = pd.Series(["crisis"] * 8 + ["reset"] * 4)
    b = stage_baselines(path, 2)
    assert b["persistence"][STAGES.index("reset")] == 1.0
    for v in b.values():
        assert v.sum() == pytest.approx(1.0)
    # reset was followed by reset 2 months later in 2 of 2 cases: (2 + .5) / (2 + 1)
    assert b["persistence_stay"][STAGES.index("reset")] == pytest.approx(2.5 / 3)


def _streams(seed=2):
    sim = simulate_streams(120, seed=seed)
    return [sim.streams["chronology"]]


def test_changepoint_adapter_is_a_stage_model():
    s = _streams()[0]
    series = (
        pd.Series(s.frame["value"])
        .reindex(pd.period_range(s.periods.min(), s.periods.max(), freq="M"))
        .interpolate()
        .bfill()
    )
    model = ChangePointStages().fit(series)
    assert isinstance(model, StageModel)
    probs = model.stage_probabilities()
    assert list(probs.columns) == list(STAGES) and np.allclose(probs.sum(axis=1), 1.0)
    pred = model.predict_stages(6)
    assert np.allclose(pred.sum(axis=1), 1.0) and list(pred.index) == list(range(1, 7))


@pytest.mark.slow
def test_no_future_data():
    """Changing the events after an origin leaves that origin's forecasts unchanged."""
    streams = _streams()
    ref = streams[0]
    origin = ref.periods.min() + 60
    altered = ref.frame.copy()
    later = altered.index > origin
    altered.loc[later, "value"] = -altered.loc[later, "value"] + 5.0
    other = [dataclasses.replace(ref, frame=altered)]
    a, _, _ = rolling_forecasts(
        streams, ChangePointStages, start=str(origin), end=str(origin), n_jobs=1
    )
    b, _, _ = rolling_forecasts(
        other, ChangePointStages, start=str(origin), end=str(origin), n_jobs=1
    )
    cols = ["mean", "sd", "stage_now", "p_crisis_onset"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    assert not np.allclose(a["measure_obs"], b["measure_obs"])  # the truth did change
    table = score_table(a)
    assert set(table["horizon"]) == {1, 3, 6, 12}
    scored = table.loc[table["n"] > 0]
    assert len(scored) >= 12 and scored["model"].notna().all()


def test_arrows_and_alert_rates():
    from dyadwatch.cycle.forecast.alerts import alert_record, arrows, choose_threshold, onsets

    idx = pd.period_range("2000-01", periods=4, freq="M")
    filtered = pd.DataFrame(
        {
            "mean": [0.0, 3.0, -3.0, 0.1],
            "predicted": [0.0, 0.0, 0.0, 0.0],
            "sd": [1.0] * 4,
            "predicted_sd": [np.sqrt(2.0)] * 4,
        },
        index=idx,
    )
    got = arrows(filtered)
    assert list(got["arrow"]) == ["unchanged", "improved", "deteriorated", "unchanged"]
    path = pd.Series(["reset", "reset", "crisis", "crisis", "reset", "reset"])
    assert list(onsets(path, "crisis", 2)) == [1, 1, 0, 0, -1, -1]
    p, y = np.array([0.9, 0.8, 0.1, 0.2]), np.array([1, 1, 0, 0])
    assert choose_threshold(p, y) == pytest.approx(0.25)
    rec = alert_record(pd.Series([0.1, 0.9, 0.1, 0.9, 0.1, 0.9]), pd.Series([0, 1, 0, 1, 0, 1]), 1)
    assert rec["threshold"] == pytest.approx(0.15)
    assert rec["events"] == 3 and 0 <= rec["hit_rate"] <= 1
