"""Volume normalisation: GDELT normfiles and the store's own totals."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dyadwatch.cli import main
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import ingest
from dyadwatch.sources.normalise import (
    daily_totals,
    normalise,
    read_normfile,
    register_normfile,
    totals,
)
from dyadwatch.sources.synthetic import gdelt1_rows, write_tsv
from dyadwatch.store import open_store


def test_read_daily_and_monthly_normfiles(tmp_path):
    daily = tmp_path / "daily.csv"
    daily.write_text("19790101,100\n19790102,50\n\n19790201,7\n")
    frame = read_normfile(daily)
    assert frame.to_dict("list") == {
        "date": [dt.date(1979, 1, 1), dt.date(1979, 1, 2), dt.date(1979, 2, 1)],
        "total": [100, 50, 7],
    }
    monthly = tmp_path / "monthly.csv"
    monthly.write_text("197901,150\n197902,7\n")
    assert read_normfile(monthly)["total"].tolist() == [150, 7]
    bad = tmp_path / "bad.csv"
    bad.write_text("19790101,100\n1979-01-02;5\n")
    with pytest.raises(DyadwatchError, match="line 2"):
        read_normfile(bad)


def test_store_totals_and_normalisation(tmp_path):
    table = gdelt1_rows(500, dt.date(2016, 3, 1), seed=41)
    rows = table.to_pylist()
    with open_store(tmp_path / "n.duckdb") as store:
        ingest("gdelt1", [write_tsv(table, tmp_path / "n.CSV")], store=store)
        daily = daily_totals(store, "gdelt1")
        assert int(daily["total"].sum()) == 500
        by_day = daily.set_index("date")["total"]
        assert by_day[dt.date(2016, 3, 1)] == sum(r["SQLDATE"] == "20160301" for r in rows)
        monthly = totals(store, "gdelt1", freq="month")
        counts = pd.DataFrame({"date": [dt.date(2016, 3, 1)], "events": [5]})
        out = normalise(counts, daily, freq="month")
        march = monthly.set_index("date").loc[dt.date(2016, 3, 1), "total"]
        assert out.loc[0, "per_million"] == pytest.approx(5 / march * 1e6)
        # a registered normfile takes over
        norm = tmp_path / "daily.csv"
        norm.write_text("20160301,1000\n20160302,3000\n")
        register_normfile(store, norm, source="gdelt1")
        assert daily_totals(store, "gdelt1")["total"].tolist() == [1000, 3000]
        out = normalise(counts, daily_totals(store, "gdelt1"), freq="month")
        assert out.loc[0, "per_million"] == pytest.approx(5 / 4000 * 1e6)


def test_cli_totals(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    norm = tmp_path / "daily.csv"
    norm.write_text("20160301,1000\n20160401,3000\n")
    assert main(["data", "normfile", str(norm), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["data", "totals", "--freq", "month", "--db", str(db), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "date,total",
        "2016-03-01,1000",
        "2016-04-01,3000",
    ]
