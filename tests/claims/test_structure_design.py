"""The well-posed test: native frequency, whole-term permutations, held-out comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.claims.structure import (
    heldout_compare,
    permuted_blocks,
    robustness_table,
    rotation_test,
)
from dyadwatch.claims.structure import (
    test_measure as run_measure,
)
from dyadwatch.claims.structure.blocks import run_lengths
from dyadwatch.claims.structure.calendar import term_labels, window_periods
from dyadwatch.claims.structure.hypotheses import personality_design, structure_design
from dyadwatch.sources.structural_events import structural_events

TRANS = [
    "1993-01-20",
    "1999-12-31",
    "2001-01-20",
    "2008-05-07",
    "2009-01-20",
    "2012-05-07",
    "2017-01-20",
]
US = ["1993-01-20", "2001-01-20", "2009-01-20", "2017-01-20"]


def test_block_permutation_keeps_terms_whole_and_does_not_wrap():
    labels = np.repeat([0, 1, 2, 3], [2, 7, 1, 5])
    rng = np.random.default_rng(1)
    for _ in range(50):
        out = permuted_blocks(labels, rng)
        assert sorted(run_lengths(out)) == [1, 2, 5, 7]
        assert len(np.unique(out)) == 4  # every term one contiguous block


def test_yearly_series_is_tested_per_year():
    years = pd.period_range("1992", "2019", freq="Y")
    res = rotation_test(["2008"], ["2008-08-08"], start=years[0], end=years[-1], window=0, freq="Y")
    assert res.n_rotations == 28 and res.observed == 1
    assert res.share_near == pytest.approx(1 / 28) and res.p_min == pytest.approx(1 / 28)
    assert window_periods(3, "Y") == 0 and window_periods(3, "M") == 3


def test_terms_labelled_by_who_held_office_mid_year():
    years = pd.period_range("1998", "2001", freq="Y")
    labels = term_labels(years, TRANS)
    # Putin took office on 1999-12-31: 1999 is still Yeltsin's year, 2000 is Putin's.
    assert labels[1] == labels[0] and labels[2] != labels[1]


def _series(kind: str, seed: int) -> pd.Series:
    years = pd.period_range("1992", "2019", freq="Y")
    rng = np.random.default_rng(seed)
    if kind == "personality":
        level = np.random.default_rng(99).normal(0, 2, 10)[term_labels(years, TRANS)]
    else:
        x, _ = structure_design(years, ["2004-03-29", "2014-03-18"], US)
        level = x @ np.r_[0, 0, 2.0, 2.5, 0.0]
    return pd.Series(level + rng.normal(0, 0.3, len(years)), index=years)


@pytest.mark.parametrize("kind", ["structure", "personality"])
def test_heldout_prefers_the_true_model(kind):
    y = _series(kind, 3)
    designs = {
        "structure": structure_design(y.index, ["2004-03-29", "2014-03-18"], US),
        "personality": personality_design(y.index, TRANS),
    }
    res = heldout_compare(y.to_numpy(), designs, "Y")
    assert (res.difference > 0) == (kind == "personality")
    assert res.n_folds == 28 and res.block == 1


def test_measure_verdicts_follow_the_data():
    events = ["2004-03-29", "2014-03-18"]
    common = dict(transitions=TRANS, us_transitions=US, structural_events=events, n_perm=199)
    st = run_measure(_series("structure", 5), ["2004", "2014"], name="s", **common)
    pe = run_measure(_series("personality", 5), ["2001", "2009"], name="p", **common)
    assert st.verdict == "structure", st.text
    assert pe.verdict == "personality", pe.text
    table = robustness_table([st, pe])
    assert list(table["verdict"]) == ["structure", "personality"]


def test_register_ids_resolve_with_citations():
    reg = structural_events()
    assert len(reg) == 10 and reg["citation"].str.len().min() > 0
    assert {"2008-08-08", "2014-03-18", "2022-02-24"} <= set(reg["date"].astype(str))
    assert (reg["kind"] == "enlargement").sum() == 7
