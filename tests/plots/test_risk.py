"""Figures of the escalation model: outcomes, credibility, sweeps, one offline HTML file."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import EscalationModel, load_scenario, sweep
from dyadwatch.plots.risk import credibility_figure, outcome_figure, sweep_figure, write_plots


def test_outcome_figure_and_write_plots(tmp_path: Path) -> None:
    m = EscalationModel().solve()
    fig = outcome_figure(m)
    assert len(fig.data) == 4
    path = write_plots([fig], tmp_path / "plot.html")
    html = path.read_text(encoding="utf-8")
    assert "plotly" in html.lower() and len(html) > 10_000


def test_probability_axes_are_percentages_from_0_to_1() -> None:
    m = EscalationModel().solve()
    for fig in (outcome_figure(m), credibility_figure(m)):
        assert tuple(fig.layout.yaxis.range) == (0, 1)
        assert fig.layout.yaxis.tickformat == ".0%"
    # stacked bars: the outcomes at every rung add up to the whole probability
    total = sum(sum(trace.y) for trace in outcome_figure(m).data)
    assert total == pytest.approx(1.0)


def test_sweep_axis_ends_at_the_data() -> None:
    frame = sweep(load_scenario("cuba1962").model, lams=(1.5, 3.0))
    fig = sweep_figure(frame)
    assert tuple(fig.layout.xaxis.range) == (1.5, 3.0)
    assert len(fig.data) == 2  # one line per reference point
    assert "loss aversion lambda" in fig.layout.xaxis.title.text


def test_write_plots_to_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    fig = outcome_figure(EscalationModel().solve())
    with pytest.raises(DyadwatchError, match="cannot write") as info:
        write_plots([fig], tmp_path / "no" / "such" / "plot.html")
    assert "\n" not in str(info.value)
