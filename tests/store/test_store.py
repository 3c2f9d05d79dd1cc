"""The store: idempotent, atomic loads."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import conform
from dyadwatch.store import open_store


def _events(n, source="chronology", start=0):
    rows = [
        {
            "event_id": f"e{i}",
            "source": source,
            "date": dt.date(2000, 1, 1) + dt.timedelta(days=i),
            "actor1": "USA",
            "actor2": "RUS",
            "cameo": "036",
            "goldstein": 4.0,
            "quad_class": 1,
        }
        for i in range(start, start + n)
    ]
    return conform(pd.DataFrame(rows))


def test_store_is_created_on_first_use(tmp_path):
    path = tmp_path / "deep" / "folder" / "s.duckdb"
    with open_store(path) as store:
        assert store.count() == 0
    assert path.exists()


def test_loading_twice_adds_nothing(tmp_db):
    with open_store(tmp_db) as store:
        first = store.load(_events(10))
        second = store.load(_events(10))
        overlap = store.load(_events(10, start=5))
        assert (first.added, second.added) == (10, 0)
        assert second.already_present == 10
        assert (overlap.added, overlap.already_present) == (5, 5)
        assert store.count() == 15
    with open_store(tmp_db) as store:  # persisted
        assert store.count() == 15


def test_same_id_in_another_source_is_another_event(tmp_db):
    with open_store(tmp_db) as store:
        store.load(_events(3))
        store.load(_events(3, source="icews"))
        assert store.count() == 6
        assert store.sources() == ["chronology", "icews"]


def test_interrupted_load_leaves_previous_state(tmp_db, monkeypatch):
    with open_store(tmp_db) as store:
        store.load(_events(4))
        raw = store.raw
        calls = {"n": 0}
        real_execute = raw.execute

        class Interrupting:
            def __getattr__(self, name):
                return getattr(raw, name)

            def execute(self, sql, *args):
                if sql.startswith("INSERT INTO") and "loads" in sql:
                    calls["n"] += 1
                    raise KeyboardInterrupt  # the user pressed Ctrl-C mid-load
                return real_execute(sql, *args)

        monkeypatch.setattr(type(store), "raw", property(lambda self: Interrupting()))
        with pytest.raises(KeyboardInterrupt):
            store.load(_events(10, start=100))
        monkeypatch.undo()
        assert calls["n"] == 1
        assert store.count() == 4


def test_replace_source_swaps_rows_atomically(tmp_db):
    with open_store(tmp_db) as store:
        store.load(_events(5))
        store.replace_source(_events(2, start=50), source="chronology", fingerprint="abc")
        assert store.count() == 2
        assert store.has_load("chronology", "abc")
        assert not store.has_load("chronology", "other")


def test_unusable_paths_give_clear_errors(tmp_path):
    with pytest.raises(DyadwatchError, match="is a directory"):
        open_store(tmp_path)
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_text("this is not a database")
    with pytest.raises(DyadwatchError, match="cannot open the store"):
        open_store(bad)
    with pytest.raises(DyadwatchError, match="store not found"):
        open_store(tmp_path / "missing.duckdb", read_only=True)
