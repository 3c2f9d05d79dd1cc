"""The country-year panel: spells expanded by hand, and the shipped table end to end."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours import (
    AlignmentChain,
    NeutralitySurvival,
    alignment_panel,
    expand_spells,
)


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
