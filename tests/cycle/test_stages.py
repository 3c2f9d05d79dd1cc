"""Stage detection and labelling: rules, synthetic cycles, sparse events, --series files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cycle.generators import sparse_events, stage_cycle
from dyadwatch.cycle.hmm import monthly_labels
from dyadwatch.cycle.stages import (
    STAGES,
    StageDetector,
    StageLabeller,
    turning_point_events,
)
from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.index import index_from_events
from dyadwatch.sources.series import read_series_csv


def _monthly(values, start="1991-01"):
    return pd.Series(values, index=pd.period_range(start, periods=len(values), freq="M"))


def _labels(values, bkps):
    return StageLabeller().fit(np.asarray(values, float), bkps).labels_


def test_rules_name_the_five_shapes():
    rng = np.random.default_rng(0)
    flat = lambda level, n: level + rng.normal(0, 0.05, n)  # noqa: E731
    values = np.concatenate(
        [
            flat(4.0, 24),  # high plateau
            flat(1.0, 24),  # middling, stable
            np.linspace(1.0, -1.5, 24) + rng.normal(0, 0.05, 24),  # a slide
            flat(-4.0, 24),  # a sharp fall to a low
            flat(2.0, 12),  # a sharp rise after the low
        ]
    )
    labels = _labels(values, [24, 48, 72, 96, 108])
    assert labels == ["euphoria", "pragmatism", "disillusionment", "crisis", "reset"]


def test_confidence_is_a_share_of_the_scores():
    values = np.r_[np.full(20, 3.0), np.full(20, -3.0)]
    lab = StageLabeller().fit(values, [20, 40])
    assert np.allclose(lab.scores_.sum(axis=1), 1.0)
    assert all(0.2 <= c <= 1.0 for c in lab.confidence_)
    assert lab.scores_.columns.tolist() == list(STAGES)


def test_a_long_rise_reads_as_the_plateau_it_became():
    low, up = np.full(12, -4.0), np.full(120, 1.0)
    values = np.r_[low, up, np.full(12, 4.0)]
    short = StageLabeller().fit(np.r_[low, np.full(12, 1.0), np.full(12, 4.0)], [12, 24, 36])
    long = StageLabeller().fit(values, [12, 132, 144])
    assert short.labels_[1] == "reset"
    assert long.labels_[1] == "pragmatism"


@pytest.mark.parametrize("seed", range(3))
def test_synthetic_cycle_labels_mostly_right(seed):
    signal, bkps, truth_stages = stage_cycle(3, noise_std=0.3, seed=seed)
    series = _monthly(signal)
    det = StageDetector().fit(series)
    truth, start = [], 0
    for end, stage in zip(bkps, truth_stages, strict=True):
        truth += [stage] * (end - start)
        start = end
    found = monthly_labels(det.segments_).reindex(series.index).to_numpy()
    assert np.mean(found == np.array(truth)) >= 0.7
    # every sharp turn of the cycle (into crisis, into reset) is found within three months
    turns = [
        series.index[b]
        for b, s in zip(bkps[:-1], truth_stages[1:], strict=True)
        if s in ("crisis", "reset")
    ]
    starts = [s.start for s in det.segments_[1:]]
    assert all(any(abs((t - s).n) <= 3 for s in starts) for t in turns)


@pytest.mark.parametrize("seed", range(3))
def test_sparse_events_turning_points_recovered(seed):
    levels, months = [4, -3, 3, -5, 1, -4], [48, 30, 24, 36, 30, 24]
    events, turns = sparse_events(levels, months, seed=seed, spread=2.5)
    frame = index_from_events(events, sparse=True, n_boot=0)
    series = _monthly(frame["impact"].to_numpy(), start=str(frame["period"].iloc[0]))
    det = StageDetector().fit(series, events)
    assert det.unit_ == "event"
    starts = [s.start for s in det.segments_[1:]]
    hits = sum(any(abs((t - s).n) <= 3 for s in starts) for t in turns)
    assert hits >= len(turns) - 1
    assert len(starts) <= len(turns) + 2


def test_turning_point_events_point_the_way_of_the_jump():
    events, _ = sparse_events([4, -4], [24, 24], seed=3, burst=5, spread=1.0)
    frame = index_from_events(events, sparse=True, n_boot=0)
    series = _monthly(frame["impact"].to_numpy(), start=str(frame["period"].iloc[0]))
    det = StageDetector().fit(series, events)
    turning_point_events(det.segments_, events, window=2, top=3)
    fall = det.segments_[1]
    assert fall.jump < 0
    assert 0 < len(fall.turning_point_events) <= 3
    assert all(e["goldstein"] < 0 for e in fall.turning_point_events)


def test_too_short_a_series_is_refused():
    with pytest.raises(DyadwatchError, match="too few"):
        StageDetector().fit(_monthly([1.0, 2.0, 3.0, 4.0, 5.0]))


def test_read_series_csv(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("period,value\n2001-01,1.5\n2001-02,-2\n2001-03,0\n", encoding="utf-8")
    series = read_series_csv(path)
    assert series.tolist() == [1.5, -2.0, 0.0]
    assert str(series.index[0]) == "2001-01"


@pytest.mark.parametrize(
    ("text", "match"),
    [
        (
            "period,value\n2001-01,1\n2001-02,abc\n",
            r"'abc' is not a number \(.*line 3, column value\)",
        ),
        ("when,value\n2001-01,1\n", "header 'period,value'"),
        ("period,value\n2001-01,1\n2001-03,2\n", "1 months missing"),
        ("period,value\n2001-01,1\n2001-01,2\n", "appears twice"),
        ("period,value\nnot-a-date,1\n", "malformed period"),
        ("period,value\n2001-01,nan\n", "not a number"),
    ],
)
def test_read_series_csv_errors(tmp_path, text, match):
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DyadwatchError, match=match):
        read_series_csv(path)
