"""Freshness: each source's range and the age of its newest record."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.freshness import STALE_DAYS, freshness_line, freshness_table, today


def _events():
    return pd.DataFrame(
        {
            "source": ["chronology", "chronology", "gdelt2"],
            "date": [dt.date(2020, 1, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 5)],
        }
    )


def test_table_and_line():
    as_of = dt.date(2026, 12, 6)
    table = freshness_table(_events(), as_of)
    assert table["source"].tolist() == ["chronology", "gdelt2"]  # oldest newest-event first
    assert table["age_days"].tolist() == [6, 1] and not table["stale"].any()
    line = freshness_line(table, as_of)
    assert line.startswith("Data as of 2026-12-06: chronology 2020-01-01 to 2026-11-30")
    assert "Warning" not in line
    late = freshness_line(table, as_of + dt.timedelta(days=STALE_DAYS + 5))
    assert "Warning: the newest event is 36 days old" in late and "dyadwatch update" in late
    assert "the stage" not in freshness_line(table, dt.date(2027, 6, 1), stage=False)


def test_empty_and_today(monkeypatch):
    assert freshness_line(freshness_table(_events().iloc[0:0])).endswith("no events.")
    monkeypatch.setenv("DYADWATCH_TODAY", "2030-01-02")
    assert today() == dt.date(2030, 1, 2)
    monkeypatch.setenv("DYADWATCH_TODAY", "soon")
    with pytest.raises(DyadwatchError, match="DYADWATCH_TODAY"):
        today()
