"""Transition matrix, durations and forecast, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.cycle.stages import STAGES, Segment
from dyadwatch.cycle.transitions import TransitionModel, spells


def _segments(stages_and_months):
    out, start = [], pd.Period("1990-01", "M")
    for stage, months in stages_and_months:
        out.append(Segment(start, start + months - 1, stage, 1.0, 0.0, 0.0, None))
        start = start + months
    return out


def test_spells_merge_repeated_stages():
    frame = spells(_segments([("crisis", 6), ("crisis", 4), ("reset", 12), ("crisis", 3)]))
    assert frame["stage"].tolist() == ["crisis", "reset", "crisis"]
    assert frame["months"].tolist() == [10, 12, 3]
    assert frame["completed"].tolist() == [True, True, False]


def test_forecast_by_hand():
    seq = [
        ("euphoria", 24),
        ("crisis", 12),
        ("reset", 18),
        ("crisis", 6),
        ("reset", 10),
        ("crisis", 4),
    ]
    model = TransitionModel(alpha=0.5).fit(spells(_segments(seq)))
    # crisis -> reset twice; Dirichlet(0.5) over the four other stages
    assert model.probs_.loc["crisis", "reset"] == pytest.approx(2.5 / 4.0)
    assert model.probs_.loc["crisis", "euphoria"] == pytest.approx(0.5 / 4.0)
    assert model.probs_.loc["crisis", "crisis"] == 0.0
    f = model.forecast("crisis", horizon=6)
    # Gamma posterior: shape 1 + 2 completed crisis spells; rate = mean completed length + exposure
    mean_len = np.mean([24, 12, 18, 6, 10])
    a, b = 3.0, mean_len + (12 + 6 + 4)
    assert f.p_turn == pytest.approx(1 - (b / (b + 6)) ** a)
    assert f.expected_months == pytest.approx(b / (a - 1))
    assert f.within_horizon["none"] + sum(
        f.within_horizon[s] for s in STAGES if s != "crisis"
    ) == pytest.approx(1.0)
    assert f.p_turn_interval[0] < f.p_turn < f.p_turn_interval[1]
    lo, hi = f.next_stage_interval["reset"]
    assert lo < f.next_stage["reset"] < hi
    assert f.completed_spells == 2 and f.past_lengths == [12, 6]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(STAGES), st.integers(1, 40)), min_size=2, max_size=15))
def test_probabilities_are_distributions(seq):
    model = TransitionModel().fit(spells(_segments(seq)))
    assert np.allclose(model.probs_.sum(axis=1), 1.0)
    f = model.forecast(spells(_segments(seq)).iloc[-1]["stage"])
    assert 0 < f.p_turn < 1
    assert sum(f.within_horizon.values()) == pytest.approx(1.0)
