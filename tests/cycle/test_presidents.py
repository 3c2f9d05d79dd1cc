"""Per-administration table: stages per term, the reset, its peak and half-life by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from dyadwatch.cycle.presidents import administrations
from dyadwatch.cycle.stages import Segment, StagesResult


def _result():
    index = pd.period_range("2005-01", "2016-12", freq="M")
    values = pd.Series(-4.0, index=index)
    climb = [1.0, 2.0, 3.0, 4.0, 5.0, 4.0, 3.0, 2.0, 1.0, 0.0]  # 2009-03 .. 2009-12
    values.loc["2009-03":"2009-12"] = climb
    values.loc["2010-01":"2010-12"] = 0.0
    P = lambda s: pd.Period(s, "M")  # noqa: E731
    segments = [
        Segment(P("2005-01"), P("2009-02"), "crisis", 0.9, -4.0, 0.0, None),
        Segment(P("2009-03"), P("2010-12"), "reset", 0.8, 1.0, 0.0, 5.0),
        Segment(P("2011-01"), P("2016-12"), "crisis", 0.9, -4.0, 0.0, -5.0),
    ]
    return StagesResult(series=values, segments=segments, detector=None)


def test_reset_peak_and_half_life_by_hand():
    table = administrations(_result()).set_index(["country", "president"])
    obama = table.loc[("USA", "Barack Obama")]
    assert obama["reset_date"] == "2009-03"
    assert obama["peak"] == 5.0 and obama["peak_date"] == "2009-07"
    assert obama["pre_reset_level"] == -4.0
    # half way from -4 to 5 is 0.5, first reached in 2009-12: five months after the peak
    assert obama["half_life_months"] == 5.0
    # the term starts 2009-01-20: two crisis months, the reset, then crisis to the data end
    assert obama["stages"] == "crisis (2 mo) > reset (22 mo) > crisis (72 mo)"
    bush = table.loc[("USA", "George W. Bush")]
    assert bush["stages"] == "crisis (49 mo)"
    assert pd.isna(bush["reset_date"])


def test_medvedev_shares_the_reset():
    table = administrations(_result()).set_index(["country", "president"])
    assert table.loc[("RUS", "Dmitry Medvedev"), "reset_date"] == "2009-03"
    assert table.loc[("RUS", "Dmitry Medvedev"), "half_life_months"] == pytest.approx(5.0)


def test_a_stage_is_credited_to_the_president_under_whom_it_began():
    from dyadwatch.cycle.presidents import attribute_stages

    segs = pd.DataFrame(
        {"start": ["2024-08", "2025-02"], "end": ["2026-03", "2025-06"], "stage": ["reset"] * 2}
    )
    out = attribute_stages(segs)
    assert out["credited_to"].tolist() == ["Joe Biden", "Donald Trump (second term)"]
    # Biden held office on 1 Aug 2024 .. 1 Jan 2025 (6 months); Trump from Feb 2025
    assert out["overlap"][0] == "Joe Biden: 6 months; Donald Trump (second term): 14 months"
    assert out["spans_transition"].tolist() == [True, False]
