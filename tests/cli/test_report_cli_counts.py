"""`dyadwatch report` on the command line opens the store once and builds the index once.

Counted at the lowest level, so no import path escapes the count: every DuckDB connection
(``duckdb.connect``), every :class:`~dyadwatch.store.Store` made, and every call of the two
index builders (``build_index`` from events, ``build_index_from_sums`` from the engine's sums;
one build runs a dense probe pass and the index pass, which counts as one build). Issue 12,
acceptance: "a test shows `dyadwatch report` opens the store once and builds the index once".
"""

from __future__ import annotations

import duckdb
import pytest

import dyadwatch.measures.index as index_module
from dyadwatch.cli import main
from dyadwatch.store.core import Store


@pytest.fixture
def counts(monkeypatch):
    found = {"connect": 0, "store": 0, "index": 0}
    real_connect, real_init = duckdb.connect, Store.__init__

    def connect(*a, **k):
        found["connect"] += 1
        return real_connect(*a, **k)

    def init(self, *a, **k):
        found["store"] += 1
        real_init(self, *a, **k)

    def counted(real):
        def build(*a, **k):
            found["index"] += 1
            return real(*a, **k)

        return build

    monkeypatch.setattr(duckdb, "connect", connect)
    monkeypatch.setattr(Store, "__init__", init)
    for name in ("build_index", "build_index_from_sums"):
        monkeypatch.setattr(index_module, name, counted(getattr(index_module, name)))
    return found


def test_the_report_command_opens_the_store_once_and_builds_the_index_once(
    tmp_db, tmp_path, counts, capsys
):
    out = tmp_path / "r.html"
    assert main(["report", "--db", str(tmp_db), "--out", str(out)]) == 0
    assert out.stat().st_size > 100_000 and "wrote" in capsys.readouterr().out
    assert counts == {"connect": 1, "store": 1, "index": 1}


def test_the_counts_see_a_second_open_and_a_second_build(tmp_db, counts):
    from dyadwatch.study import Study

    for _ in range(2):
        with Study("USA-RUS", db=tmp_db) as study:
            study.index  # noqa: B018
    assert counts == {"connect": 2, "store": 2, "index": 2}
