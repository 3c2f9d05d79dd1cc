"""Survival of neutrality: Kaplan-Meier and cumulative incidence by hand."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours import (
    cumulative_incidence,
    kaplan_meier,
    neutral_spells,
)


def test_kaplan_meier_by_hand():
    table = kaplan_meier([2, 3, 3, 5, 8], [True, True, False, True, False]).set_index("time")
    assert list(table["at_risk"]) == [5, 4, 2, 1]
    assert table["survival"].tolist() == pytest.approx([0.8, 0.6, 0.3, 0.3])
    # Greenwood: se(2) = 0.8 * sqrt(1/(5*4)); se(3) = 0.6 * sqrt(1/20 + 1/(4*3))
    assert table.loc[2, "se"] == pytest.approx(0.8 * np.sqrt(1 / 20))
    assert table.loc[3, "se"] == pytest.approx(0.6 * np.sqrt(1 / 20 + 1 / 12))
    assert table.loc[3, "censored"] == 1
    assert (table["lower"] <= table["survival"]).all()
    assert (table["survival"] <= table["upper"]).all()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=30))
def test_kaplan_meier_without_censoring_is_the_empirical_survival(durations):
    table = kaplan_meier(durations, [True] * len(durations))
    times = np.asarray(durations)
    for row in table.itertuples():
        assert row.survival == pytest.approx(float(np.mean(times > row.time)))


def test_kaplan_meier_rejects_bad_input():
    for durations, events in (([], []), ([1, 2], [True]), ([0, 2], [True, True])):
        with pytest.raises(DyadwatchError):
            kaplan_meier(durations, events)


def test_cumulative_incidence_by_hand():
    cif = cumulative_incidence([1, 2, 2, 3], ["a", "o", "censored", "a"], censored="censored")
    cif = cif.set_index("time")
    assert cif.loc[1, "cif_a"] == pytest.approx(0.25)
    assert cif.loc[2, "cif_o"] == pytest.approx(0.75 / 3)
    assert cif.loc[3, "cif_a"] == pytest.approx(0.25 + 0.5)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 15), st.sampled_from(["aligned", "opposed", "censored"])),
        min_size=1,
        max_size=25,
    )
)
def test_incidence_plus_survival_is_one(spells):
    durations = [d for d, _ in spells]
    causes = [c for _, c in spells]
    km = kaplan_meier(durations, [c != "censored" for c in causes]).set_index("time")
    cif = cumulative_incidence(durations, causes, censored="censored").set_index("time")
    total = cif.filter(like="cif_").sum(axis=1)
    np.testing.assert_allclose(total + km["survival"], 1.0, atol=1e-12)


def test_neutral_spells_by_hand(panel_from):
    spells = neutral_spells(panel_from({"X": "NNAANNN", "Y": "ONNO", "Z": "AAAA"}))
    assert spells.to_dict(orient="records") == [
        {
            "country": "X",
            "start": 2000,
            "end": 2001,
            "duration": 2,
            "ended": True,
            "next_status": "aligned",
        },
        {
            "country": "X",
            "start": 2004,
            "end": 2006,
            "duration": 3,
            "ended": False,
            "next_status": "",
        },
        {
            "country": "Y",
            "start": 2001,
            "end": 2002,
            "duration": 2,
            "ended": True,
            "next_status": "opposed",
        },
    ]
