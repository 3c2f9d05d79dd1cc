"""The structure inputs follow the study's pair, not US–Russia whatever the dyad."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from dyadwatch.claims.structure.park import park_covariates
from dyadwatch.errors import DyadwatchError
from dyadwatch.study import Study


def _nmc() -> pd.DataFrame:
    # a synthetic NMC layout (ccode, year, cinc) for the USA (2), China (710), Russia (365)
    years = list(range(2000, 2005))
    rows = [(2, y, 0.14) for y in years] + [(710, y, 0.20 + 0.01 * i) for i, y in enumerate(years)]
    rows += [(365, y, 0.04) for y in years]
    return pd.DataFrame(rows, columns=["ccode", "year", "cinc"])


def test_inputs_and_capability_ratio_are_the_pairs():
    study = Study("USA-CHN")
    assert set(study.structure_inputs()["ideal_distance"]["pair"]) == {"USA-CHN"}
    notes: list[str] = []
    ratio = study._structure_series("capability", None, _nmc(), notes)
    assert ratio.iloc[0] == pytest.approx(0.14 / 0.20) and ratio.iloc[-1] == pytest.approx(
        0.14 / 0.24
    )
    assert notes == ["capability: USA/CHN CINC ratio, 2000–2004."]
    cov = park_covariates(_nmc(), None, dyad="USA-CHN")
    assert cov["log_cinc_ratio"].loc[2000] == pytest.approx(math.log(0.14 / 0.20))
    usa_rus = park_covariates(_nmc(), None)["log_cinc_ratio"].loc[2000]
    assert usa_rus == pytest.approx(math.log(0.14 / 0.04))


def test_leaders_of_members_the_register_covers():
    notes: list[str] = []
    both, first = Study("USA-RUS")._leaders(notes)
    assert notes == [] and set(first) < set(both)
    only, _ = Study("USA-CHN")._leaders(notes)
    assert set(only) == set(first) and notes == [
        "leaders: transitions of USA only (CHN not covered)."
    ]
    with pytest.raises(DyadwatchError, match="no leaders of"):
        Study("CHN-IND")._leaders()
