"""Streams of the fused measure: splitting events, monthly summaries, source and UNGA streams."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.fused import (
    Stream,
    event_stream,
    monthly_summary,
    source_streams,
    split_events,
    third_party_streams,
    unga_stream,
)


def _events(rows):
    frame = pd.DataFrame(rows, columns=["date", "actor1", "actor2", "goldstein"])
    frame["date"] = pd.to_datetime(frame["date"])
    frame["weight"] = 1.0
    frame["source"] = "chronology"
    return frame


def test_split_events_sorts_every_row_once():
    ev = _events(
        [
            ("2008-08-01", "USA", "RUS", -2.0),
            ("2008-08-02", "RUS", "USA", -4.0),
            ("2008-08-08", "RUS", "GEO", -10.0),
            ("1999-03-24", "NATO", "SRB", -10.0),
            ("2008-08-19", "NATO", "RUS", -4.0),
            ("2011-12-10", "RUS", "RUS", -6.5),
            ("2011-03-17", "UN", "LBY", -9.5),
        ]
    )
    split = split_events(ev, ("USA", "RUS"))
    counts = split.counts()
    assert counts == {"direct": 2, "allied": 1, "USA-third": 1, "RUS-third": 1, "other": 2}
    assert sum(counts.values()) == len(ev)
    assert split.third_party["USA"]["actor2"].tolist() == ["SRB"]
    directed = split_events(ev, ("USA", "RUS"), directed=True, allies={})
    assert len(directed.direct) == 1
    assert directed.counts()["allied"] == 0  # without allies NATO is a third party of Russia
    assert directed.counts()["RUS-third"] == 2
    assert sum(directed.counts().values()) == len(ev)


def test_split_events_rejects_bad_pairs_and_frames():
    ev = _events([("2008-08-01", "USA", "RUS", -2.0)])
    with pytest.raises(DyadwatchError, match="two different actors"):
        split_events(ev, ("USA", "USA"))
    with pytest.raises(DyadwatchError, match="lack column"):
        split_events(ev.drop(columns="actor2"), ("USA", "RUS"))


def test_monthly_summary_by_hand():
    ev = _events(
        [
            ("2000-01-05", "USA", "RUS", 2.0),
            ("2000-01-20", "USA", "RUS", 4.0),
            ("2000-03-01", "USA", "RUS", -1.0),
        ]
    )
    s = monthly_summary(ev)
    assert list(s.index.astype(str)) == ["2000-01", "2000-03"]  # empty months are not rows
    assert s.loc[pd.Period("2000-01", "M"), "value"] == pytest.approx(3.0)
    assert s.loc[pd.Period("2000-01", "M"), "n"] == pytest.approx(2.0)
    assert s.loc[pd.Period("2000-01", "M"), "ss"] == pytest.approx(2.0)  # (2-3)^2 + (4-3)^2
    assert s.loc[pd.Period("2000-01", "M"), "var"] == pytest.approx(1.0)  # 2 / 1 / 2
    assert np.isnan(s.loc[pd.Period("2000-03", "M"), "var"])


def test_weighted_summary_uses_the_effective_count():
    ev = _events([("2000-01-05", "A", "B", 0.0), ("2000-01-06", "A", "B", 3.0)])
    ev["weight"] = [1.0, 2.0]
    s = monthly_summary(ev).iloc[0]
    assert s["value"] == pytest.approx(2.0)
    assert s["n"] == pytest.approx(9.0 / 5.0)  # (1 + 2)^2 / (1 + 4)


def test_event_and_third_party_streams():
    rows = [("2000-01-05", "USA", "RUS", 1.0)] * 3 + [("2001-02-01", "RUS", "UKR", -9.0)] * 12
    split = split_events(_events(rows), ("USA", "RUS"))
    ref = event_stream(split.direct)
    assert ref.reference and ref.kind == "events" and ref.n_events == 3
    others = third_party_streams(split, min_events=10)
    assert [s.name for s in others] == ["RUS-third"]
    assert not others[0].reference
    assert third_party_streams(split, min_events=13) == []


def test_source_streams_one_per_machine_source():
    months = pd.date_range("2000-01-01", periods=30, freq="MS")
    frame = pd.DataFrame(
        {
            "date": list(months) * 2,
            "goldstein": np.r_[np.zeros(30), np.ones(30)],
            "weight": 1.0,
            "source": ["icews"] * 30 + ["chronology"] * 30,
            "actor1": "USA",
            "actor2": "RUS",
        }
    )
    streams = source_streams(frame)
    assert [s.name for s in streams] == ["icews"]
    assert streams[0].kind == "series" and len(streams[0].frame) == 30
    assert source_streams(frame, min_months=31) == []


def test_unga_stream_and_its_errors():
    frame = pd.DataFrame({"year": [1993, 1992], "kappa": [0.1, 0.2], "agreement": [0.3, 0.4]})
    s = unga_stream(frame)
    assert s.kind == "yearly" and list(s.frame["value"]) == [0.2, 0.1]
    assert unga_stream(frame, column="agreement").frame["value"].iloc[0] == 0.4
    with pytest.raises(DyadwatchError, match="needs columns"):
        unga_stream(frame.drop(columns="kappa"))


def test_stream_checks_its_kind_and_index():
    with pytest.raises(ValueError):
        Stream("x", "daily", pd.DataFrame(index=pd.PeriodIndex([], freq="M")))
    with pytest.raises(TypeError):
        Stream("x", "series", pd.DataFrame({"value": [1.0]}))
