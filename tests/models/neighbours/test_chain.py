"""The alignment chain: transition matrix, classes and stationary distribution by hand."""

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
    chain_structure,
    stationary_distribution,
    transition_counts,
)


def matrix(values) -> pd.DataFrame:
    return pd.DataFrame(values, index=list(STATUSES), columns=list(STATUSES), dtype=float)


def test_transition_counts_and_matrix_by_hand(panel_from):
    HAND = panel_from({"AAA": "NNAA", "BBB": "NOON"})
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


def test_state_never_left_in_data_is_treated_as_absorbing(panel_from):
    chain = AlignmentChain().fit(panel_from({"X": "NNAA", "Y": "NNN"}))
    assert chain.unobserved_ == ["opposed"]
    assert chain.matrix_.loc["opposed", "opposed"] == 1.0
    assert "treated as absorbing" in chain.stationary_.note
    with pytest.raises(DyadwatchError):
        AlignmentChain(unobserved="error").fit(panel_from({"X": "NNA"}))


def test_transition_counts_reject_gaps(panel_from):
    gappy = panel_from({"X": "NN"}).assign(year=[2000, 2002])
    with pytest.raises(DyadwatchError, match="gap"):
        transition_counts(gappy)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="ANO", min_size=2, max_size=12), min_size=1, max_size=6))
def test_matrix_rows_are_stochastic_and_stationary_is_invariant(panel_from, seqs):
    panel = panel_from({f"C{k}": s for k, s in enumerate(seqs)})
    chain = AlignmentChain().fit(panel)
    assert int(chain.counts_.to_numpy().sum()) == sum(len(s) - 1 for s in seqs)
    np.testing.assert_allclose(chain.matrix_.sum(axis=1), 1.0)
    p = chain.matrix_.to_numpy()
    for dist in chain.stationary_.by_closed_class:
        pi = np.array([dist[s] for s in STATUSES])
        assert pi.sum() == pytest.approx(1.0)
        np.testing.assert_allclose(pi @ p, pi, atol=1e-9)
