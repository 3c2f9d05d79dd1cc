"""Neighbours model: transition matrix, stationary distribution and Kaplan-Meier by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours import (
    STATUSES,
    AlignmentChain,
    NeutralitySurvival,
    alignment_panel,
    chain_structure,
    cumulative_incidence,
    expand_spells,
    kaplan_meier,
    neutral_spells,
    report_sections,
    stationary_distribution,
    transition_counts,
)


def panel_from(sequences: dict[str, str], start: int = 2000) -> pd.DataFrame:
    """Country -> letters (A aligned, N neutral, O opposed), one letter per year."""
    names = {"A": "aligned", "N": "neutral", "O": "opposed"}
    rows = [
        {"country": c, "year": start + k, "status": names[x]}
        for c, seq in sequences.items()
        for k, x in enumerate(seq)
    ]
    return pd.DataFrame(rows)


def matrix(values) -> pd.DataFrame:
    return pd.DataFrame(values, index=list(STATUSES), columns=list(STATUSES), dtype=float)


HAND = panel_from({"AAA": "NNAA", "BBB": "NOON"})


def test_transition_counts_and_matrix_by_hand():
    counts = transition_counts(HAND)
    expected = matrix([[1, 0, 0], [1, 1, 1], [0, 1, 1]]).astype("int64")
    pd.testing.assert_frame_equal(counts, expected, check_names=False)
    chain = AlignmentChain().fit(HAND)
    np.testing.assert_allclose(
        chain.matrix_.to_numpy(), [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3], [0, 0.5, 0.5]]
    )
    assert chain.structure_["absorbing"] == ["aligned"]
    assert chain.structure_["closed"] == [["aligned"]]
    assert not chain.structure_["irreducible"]
    result = chain.stationary_
    assert result.distribution == pytest.approx({"aligned": 1.0, "neutral": 0.0, "opposed": 0.0})
    assert "reducible" in result.note and "unique" in result.note and "Absorbing" in result.note


def test_stationary_distribution_of_irreducible_chain_by_hand():
    # pi_A * 0.1 = pi_N * 0.2 and pi_O * 0.1 = pi_N * 0.2  ->  pi = (0.4, 0.2, 0.4)
    p = matrix([[0.9, 0.1, 0.0], [0.2, 0.6, 0.2], [0.0, 0.1, 0.9]])
    result = stationary_distribution(p)
    assert result.irreducible
    assert result.distribution == pytest.approx({"aligned": 0.4, "neutral": 0.2, "opposed": 0.4})
    assert "irreducible" in result.note


def test_two_closed_classes_have_no_unique_stationary_distribution():
    p = matrix([[1.0, 0.0, 0.0], [0.5, 0.0, 0.5], [0.0, 0.0, 1.0]])
    structure = chain_structure(p)
    assert sorted(map(tuple, structure["closed"])) == [("aligned",), ("opposed",)]
    assert structure["absorbing"] == ["aligned", "opposed"]
    result = stationary_distribution(p)
    assert result.distribution is None
    assert len(result.by_closed_class) == 2
    assert "no unique" in result.note


def test_state_never_left_in_data_is_treated_as_absorbing():
    chain = AlignmentChain().fit(panel_from({"X": "NNAA", "Y": "NNN"}))
    assert chain.unobserved_ == ["opposed"]
    assert chain.matrix_.loc["opposed", "opposed"] == 1.0
    assert "treated as absorbing" in chain.stationary_.note
    with pytest.raises(DyadwatchError):
        AlignmentChain(unobserved="error").fit(panel_from({"X": "NNA"}))


def test_transition_counts_reject_gaps():
    gappy = panel_from({"X": "NN"}).assign(year=[2000, 2002])
    with pytest.raises(DyadwatchError, match="gap"):
        transition_counts(gappy)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="ANO", min_size=2, max_size=12), min_size=1, max_size=6))
def test_matrix_rows_are_stochastic_and_stationary_is_invariant(seqs):
    panel = panel_from({f"C{k}": s for k, s in enumerate(seqs)})
    chain = AlignmentChain().fit(panel)
    assert int(chain.counts_.to_numpy().sum()) == sum(len(s) - 1 for s in seqs)
    np.testing.assert_allclose(chain.matrix_.sum(axis=1), 1.0)
    p = chain.matrix_.to_numpy()
    for dist in chain.stationary_.by_closed_class:
        pi = np.array([dist[s] for s in STATUSES])
        assert pi.sum() == pytest.approx(1.0)
        np.testing.assert_allclose(pi @ p, pi, atol=1e-9)


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


def test_neutral_spells_by_hand():
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


def test_expand_spells_by_hand():
    spells = pd.DataFrame(
        [
            {
                "country": "X",
                "start_year": 2000,
                "end_year": 2001,
                "status": "neutral",
                "status_military": "neutral",
                "basis": "b1",
                "citation": "c1",
            },
            {
                "country": "X",
                "start_year": 2002,
                "end_year": 2002,
                "status": "opposed",
                "status_military": "neutral",
                "basis": "b2",
                "citation": "c2",
            },
        ]
    )
    panel = expand_spells(spells)
    assert list(panel["year"]) == [2000, 2001, 2002]
    assert list(panel["status"]) == ["neutral", "neutral", "opposed"]
    assert list(panel["status_military"]) == ["neutral"] * 3


def test_shipped_data_chain_and_survival():
    panel = alignment_panel()
    chain = AlignmentChain().fit(panel)
    assert int(chain.counts_.to_numpy().sum()) == 16 * 34
    survival = NeutralitySurvival().fit(panel)
    ends = survival.ends_
    assert sum(ends.values()) == len(survival.spells_)
    assert ends["censored"] == int((~survival.spells_["ended"]).sum())
    table = survival.table_
    assert (table["survival"].diff().dropna() <= 1e-12).all()
    assert survival.median_ is None or survival.median_ in set(table["time"])
    with pytest.raises(DyadwatchError):
        alignment_panel("lenient")


def test_report_section_builds_with_captions():
    sections = report_sections()
    assert len(sections) == 1
    section = sections[0]
    assert len(section.figures) >= 2
    heat = section.figures[0].figure
    assert heat.data[0].type == "heatmap"
    assert len(heat.data[0].y) == 16 and len(heat.data[0].x) == 35
    for fig in section.figures:
        assert "alignment_spells.csv" in fig.caption
    assert "Markov" in section.figures[1].caption
    assert "neutral spells" in section.summary
