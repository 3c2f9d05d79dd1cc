"""The DuckDB SQL read path gives what the ibis expressions give, on the same store."""

from __future__ import annotations

import datetime as dt
import importlib

import pandas as pd
import pytest

from dyadwatch import events_sql
from dyadwatch.dyads import parse_dyad
from dyadwatch.ingest import ingest
from dyadwatch.sources.chronology import ensure_chronology
from dyadwatch.sources.normalise import daily_totals
from dyadwatch.sources.synthetic import write_gdelt1_daily_files
from dyadwatch.store import open_store

events = importlib.import_module("dyadwatch.queries")  # the name is also the function dw.events


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("sql")
    with open_store(root / "s.duckdb") as s:
        ensure_chronology(s)
        files = write_gdelt1_daily_files(root / "g", 4000, days=3, seed=5, zipped=False)
        ingest("gdelt1", files, store=s)
        yield s


def _both(monkeypatch, call):
    fast = call()
    with monkeypatch.context() as m:
        m.setattr(events_sql, "available", lambda store: False)
        slow = call()
    return fast, slow


CASES = [
    dict(),
    dict(directed=True),
    dict(start=dt.date(2008, 1, 1), end=dt.date(2014, 12, 31)),
    dict(sources=["gdelt1"]),
]


@pytest.mark.parametrize("kwargs", CASES)
@pytest.mark.parametrize("dyad", ["USA-RUS", "RUS-USA", "USA-CHN"])
def test_dyad_events_agree(store, monkeypatch, dyad, kwargs):
    fast, slow = _both(monkeypatch, lambda: events.dyad_events(store, parse_dyad(dyad), **kwargs))
    assert len(fast) > 0 or dyad == "USA-CHN"
    pd.testing.assert_frame_equal(fast, slow)


def test_dyad_events_with_tags_agree(store, monkeypatch):
    call = lambda: events.dyad_events(store, parse_dyad("USA-RUS"), tags=["structural"])  # noqa: E731
    fast, slow = _both(monkeypatch, call)
    assert len(fast) > 10
    pd.testing.assert_frame_equal(fast, slow)


@pytest.mark.parametrize("freq", ["week", "month", "quarter", "year"])
@pytest.mark.parametrize("kwargs", CASES)
def test_period_stats_agree(store, monkeypatch, freq, kwargs):
    call = lambda: events.dyad_period_stats(store, parse_dyad("USA-RUS"), freq, **kwargs)  # noqa: E731
    fast, slow = _both(monkeypatch, call)
    assert len(fast) > 0
    pd.testing.assert_frame_equal(fast, slow, check_exact=False, rtol=1e-12)


def test_source_ranges_and_totals_agree(store, monkeypatch):
    dyad = parse_dyad("USA-RUS")
    fast, slow = _both(monkeypatch, lambda: events.dyad_source_ranges(store, dyad))
    assert list(fast["source"]) == ["chronology", "gdelt1"]
    pd.testing.assert_frame_equal(fast, slow)
    fast, slow = _both(monkeypatch, lambda: events.source_totals(store, ["gdelt1"], "month"))
    pd.testing.assert_series_equal(fast, slow)
    fast, slow = _both(monkeypatch, lambda: daily_totals(store, "gdelt1"))
    assert fast["total"].sum() == 4000
    pd.testing.assert_frame_equal(fast, slow)


def test_a_reading_command_does_not_import_ibis(tmp_path):
    import subprocess
    import sys

    code = (
        "import sys; from dyadwatch.study import Study; s = Study('USA-RUS', db=sys.argv[1]); "
        "s.now; print('ibis' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "fresh.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


ARROW_CASES = [
    dict(),
    dict(directed=True),
    dict(start=dt.date(2008, 1, 1), end=dt.date(2014, 12, 31)),
]


@pytest.mark.parametrize("kwargs", ARROW_CASES)
@pytest.mark.parametrize("dyad", ["USA-RUS", "RUS-USA"])
def test_dyad_events_arrow_is_dyad_events_without_pandas(store, monkeypatch, dyad, kwargs):
    """The same rows, in the same order, on both read paths (the dashboard's events pages)."""
    pair = parse_dyad(dyad)
    fast, slow = _both(monkeypatch, lambda: events.dyad_events_arrow(store, pair, **kwargs))
    frame = events.dyad_events(store, pair, **kwargs)
    assert fast.num_rows == slow.num_rows == len(frame) > 0
    for table in (fast, slow):
        assert table.column("event_id").to_pylist() == frame["event_id"].tolist()
        assert table.column("source").to_pylist() == frame["source"].tolist()
        assert table.column("goldstein").to_pylist() == frame["goldstein"].tolist()


def test_dyad_events_arrow_checks_the_range(store):
    from dyadwatch.errors import DyadwatchError

    with pytest.raises(DyadwatchError, match="after the end"):
        events.dyad_events_arrow(
            store, parse_dyad("USA-RUS"), start=dt.date(2020, 1, 1), end=dt.date(2010, 1, 1)
        )
