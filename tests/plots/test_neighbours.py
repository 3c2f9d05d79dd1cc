"""Neighbours figures: status heatmap, transition matrix in percent, Kaplan-Meier steps."""

from __future__ import annotations

import pandas as pd

from dyadwatch.plots.neighbours import alignment_heatmap, survival_figure, transition_figure

STATES = ("aligned", "neutral", "opposed")


def test_heatmap_codes_statuses_and_keeps_the_country_order():
    panel = pd.DataFrame(
        {
            "country": ["BBB", "BBB", "AAA", "AAA"],
            "year": [2000, 2001, 2000, 2001],
            "status": ["aligned", "opposed", "neutral", "neutral"],
            "basis": ["b1", "b2", "b3", "b4"],
        }
    )
    fig = alignment_heatmap(panel, {"AAA": "Aland", "BBB": "Bbland"}, STATES, title="t")
    heat = fig.data[0]
    assert list(heat.y) == ["Aland", "Bbland"] and list(heat.x) == [2000, 2001]
    assert heat.z.tolist() == [[1.0, 1.0], [0.0, 2.0]]
    assert heat.customdata.tolist() == [["b3", "b4"], ["b1", "b2"]]
    assert list(heat.colorbar.ticktext) == list(STATES)
    assert heat.colorscale[0][1] == heat.colorscale[1][1]  # one flat colour per status


def test_transition_cells_are_percent_with_counts():
    index = list(STATES)
    matrix = pd.DataFrame(
        [[0.5, 0.5, 0.0], [0.25, 0.5, 0.25], [0.0, 0.0, 1.0]], index=index, columns=index
    )
    counts = pd.DataFrame([[1, 1, 0], [1, 2, 1], [0, 0, 3]], index=index, columns=index)
    fig = transition_figure(matrix, counts, title="t")
    assert list(fig.data[0].text[1]) == ["25% (n=1)", "50% (n=2)", "25% (n=1)"]
    assert fig.data[0].colorbar.tickformat == ".0%"


def test_survival_steps_start_at_one_and_end_at_the_last_time():
    table = pd.DataFrame(
        {
            "time": [2.0, 3.0, 5.0],
            "survival": [0.8, 0.6, 0.3],
            "lower": [0.5, 0.3, 0.1],
            "upper": [0.95, 0.85, 0.6],
        }
    )
    fig = survival_figure(table, title="t", level=0.9)
    upper, lower, curve = fig.data
    assert list(curve.x) == [0.0, 2.0, 3.0, 5.0] and list(curve.y) == [1.0, 0.8, 0.6, 0.3]
    assert lower.fill == "tonexty" and lower.name == "90% interval"
    assert list(upper.y) == [1.0, 0.95, 0.85, 0.6]
    assert tuple(fig.layout.xaxis.range) == (0, 5.0)
    assert fig.layout.yaxis.tickformat == ".0%"
