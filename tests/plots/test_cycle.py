"""Figures of the ordered model: the stacked stage probabilities, the fused measure with its band
and the path, the two methods' stages side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.cycle.hsmm import fit
from dyadwatch.cycle.simulate import simulate_cycle
from dyadwatch.plots.cycle import (
    STAGE_COLOURS,
    fused_measure_figure,
    stage_colour,
    stage_paths_figure,
    stage_probabilities_figure,
)
from dyadwatch.stagenames import STAGES


@pytest.fixture(scope="module")
def model():
    return fit(simulate_cycle(120, seed=2).level)


def test_stacked_area_has_five_traces_summing_to_one_each_month(model):
    probs = model.stage_probabilities()
    fig = stage_probabilities_figure(probs)
    assert [t.name for t in fig.data] == list(STAGES)
    assert {t.stackgroup for t in fig.data} == {"stages"}
    total = np.sum([np.asarray(t.y, dtype=float) for t in fig.data], axis=0)
    assert len(total) == len(probs)
    np.testing.assert_allclose(total, 1.0, atol=1e-9)
    first = pd.Timestamp(fig.data[0].x[0])
    assert first == probs.index[0].to_timestamp()


def test_stack_colours_are_the_stage_colours(model):
    fig = stage_probabilities_figure(model.stage_probabilities())
    for trace in fig.data:
        rgb = STAGE_COLOURS[trace.name].rsplit(",", 1)[0]
        assert trace.fillcolor.startswith(rgb)
    assert stage_colour("crisis", 0.5) == "rgba(178, 34, 34, 0.5)"


def test_fused_figure_shades_each_run_of_the_path(model):
    path = model.path()
    runs = int((path != path.shift()).sum())
    measure = pd.DataFrame({"mean": model.x.iloc[:, 0]})
    measure["lo"], measure["hi"] = measure["mean"] - 1, measure["mean"] + 1
    fig = fused_measure_figure(measure, path)
    assert len(fig.layout.shapes) == runs
    band = fig.data[0]
    assert band.fill == "toself" and len(band.y) == 2 * len(measure)
    assert fig.data[1].name == "fused measure"
    legend = [t.name for t in fig.data[2:]]
    assert legend == [s for s in STAGES if s in set(path)]
    first = model.segments().iloc[0]
    assert fig.layout.shapes[0].fillcolor == STAGE_COLOURS[first["stage"]]


def test_fused_figure_without_band_or_path():
    s = pd.Series([0.0, 1.0, 2.0], index=pd.period_range("2000-01", periods=3, freq="M"))
    fig = fused_measure_figure(s.to_frame("mean"))
    assert [t.name for t in fig.data] == ["fused measure"] and not fig.layout.shapes


def test_paths_figure_one_row_per_method(model):
    segs = model.segments()
    other = pd.DataFrame({"start": ["1990-01", "1995-01"], "end": ["1994-12", "1999-12"]})
    other["stage"] = ["crisis", "reset"]
    fig = stage_paths_figure({"ordered": segs, "other": other})
    assert len(fig.layout.shapes) == len(segs) + 2
    assert list(fig.layout.yaxis.ticktext) == ["ordered", "other"]
    rows = [(s.y0 + s.y1) / 2 for s in fig.layout.shapes]
    assert rows.count(1.0) == 2 and rows.count(0.0) == len(segs)
