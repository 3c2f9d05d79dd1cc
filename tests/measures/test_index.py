"""The relations index: hand-computed periods, DuckDB as the reference, sparse impact, errors."""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pandas as pd
import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.index import index_from_events
from dyadwatch.queries import source_totals
from dyadwatch.schema import conform
from dyadwatch.store import open_store
from dyadwatch.study import Study


def relations_index(dyad, *, store, source="chronology", freq="month", n_boot=200, totals=None):
    """The index as the Study builds it (``totals`` replaces the store's counts)."""
    study = Study(dyad, store=store, source=source, freq=freq, n_boot=n_boot)
    if totals is not None:
        from dyadwatch.measures.index import period_totals

        study.totals = period_totals(totals, freq)
    return study.index


def _events(rows, source="gdelt2"):
    frame = pd.DataFrame(rows, columns=["date", "goldstein", "quad_class", "weight"])
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["source"] = source
    return frame


HAND = _events(
    [
        ("2020-01-05", 4.0, 1, 1.0),
        ("2020-01-20", -2.0, 3, 3.0),
        ("2020-03-02", 7.0, 2, 2.0),
        ("2020-03-09", -10.0, 4, 2.0),
    ]
)


def test_periods_by_hand():
    frame = index_from_events(HAND, freq="month", n_boot=0)
    assert frame["period"].tolist() == ["2020-01", "2020-02", "2020-03"]
    jan, feb, mar = (frame.iloc[i] for i in range(3))
    assert jan["events"] == 2 and jan["weight"] == 4.0
    assert jan["goldstein"] == pytest.approx((4 * 1 - 2 * 3) / 4)
    assert jan["net_coop"] == pytest.approx((1 - 3) / 4)
    assert jan["verbal_coop"] == pytest.approx(0.25) and jan["verbal_conflict"] == pytest.approx(
        0.75
    )
    assert feb["empty"] and feb["events"] == 0 and np.isnan(feb["goldstein"])
    assert mar["goldstein"] == pytest.approx(-1.5)
    assert mar[
        ["verbal_coop", "material_coop", "verbal_conflict", "material_conflict"]
    ].tolist() == [
        0,
        0.5,
        0,
        0.5,
    ]


def test_explicit_range_keeps_empty_periods():
    frame = index_from_events(HAND, freq="quarter", start="2019-07-01", end="2020-12-31", n_boot=0)
    assert frame["period"].tolist() == [
        "2019-Q3",
        "2019-Q4",
        "2020-Q1",
        "2020-Q2",
        "2020-Q3",
        "2020-Q4",
    ]
    assert frame["empty"].tolist() == [True, True, False, True, True, True]


def test_weighted_mean_matches_duckdb_sql():
    rng = np.random.default_rng(3)
    n = 400
    dates = pd.Timestamp("2015-01-01") + pd.to_timedelta(rng.integers(0, 900, n), unit="D")
    frame = _events(
        list(
            zip(
                dates.strftime("%Y-%m-%d"),
                rng.choice([-10, -5, -2, 1, 3.4, 7], n),
                rng.integers(1, 5, n),
                rng.integers(1, 20, n).astype(float),
                strict=True,
            )
        )
    )
    ours = index_from_events(frame, freq="month", n_boot=0).set_index("period")
    con = duckdb.connect()
    con.register("ev", frame)
    ref = (
        con.execute(
            """SELECT strftime(date_trunc('month', date), '%Y-%m') AS period, count(*) AS n,
                  sum(weight * goldstein) / sum(weight) AS g,
                  sum(CASE WHEN quad_class <= 2 THEN weight ELSE -weight END) / sum(weight) AS net
           FROM ev GROUP BY 1 ORDER BY 1"""
        )
        .df()
        .set_index("period")
    )
    assert np.allclose(ours.loc[ref.index, "goldstein"], ref["g"])
    assert np.allclose(ours.loc[ref.index, "net_coop"], ref["net"])
    assert (ours.loc[ref.index, "events"] == ref["n"]).all()


def test_event_impact_decays_by_hand():
    events = _events(
        [("2020-01-10", 4.0, 1, 1.0), ("2020-03-10", -2.0, 3, 1.0)], source="chronology"
    )
    frame = index_from_events(events, sparse=True, half_life=1.0, n_boot=0)
    assert frame["impact"].tolist()[:2] == [4.0, 4.0]  # kept through the empty month
    assert frame["evidence"].tolist()[:2] == [1.0, 0.5]
    assert frame["impact"].iloc[2] == pytest.approx((4 * 0.25 - 2) / 1.25)
    assert frame["value"].equals(frame["impact"])


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(0)
    rows = [
        (f"2020-{m:02d}-{d:02d}", float(rng.normal(m - 6, 3)), 1, 1.0)
        for m in range(1, 13)
        for d in range(1, 21)
    ]
    events = _events(rows)
    a = index_from_events(events, n_boot=100, seed=4)
    b = index_from_events(events, n_boot=100, seed=4)
    pd.testing.assert_frame_equal(a, b)
    assert (a["goldstein_lo"] <= a["goldstein"]).all() and (
        a["goldstein"] <= a["goldstein_hi"]
    ).all()
    # width close to the normal-theory interval of a mean of 20 values with sd 3
    width = (a["goldstein_hi"] - a["goldstein_lo"]).mean()
    assert width == pytest.approx(2 * 1.645 * 3 / np.sqrt(20), rel=0.35)


def test_sources_balanced():
    events = pd.concat(
        [
            _events([("2020-01-05", 8.0, 2, 1.0)], source="icews"),
            _events([("2020-01-06", -2.0, 3, 5.0)] * 3, source="gdelt2"),
        ]
    )
    frame = index_from_events(events, source_balanced=True, n_boot=0)
    assert frame["goldstein"].iloc[0] == pytest.approx((8 - 2) / 2)


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "idx.duckdb")
    rows = []
    for i in range(60):
        day = dt.date(2018, 1 + i % 12, 1 + i % 28)
        a1, a2 = ("USA", "RUS") if i % 5 else ("FRA", "DEU")
        rows.append(
            {
                "event_id": f"g{i}",
                "source": "gdelt2",
                "date": day,
                "actor1": a1,
                "actor2": a2,
                "cameo": "042" if i % 2 else "112",
                "goldstein": 1.9 if i % 2 else -2.0,
                "quad_class": 1 if i % 2 else 3,
                "weight": 1.0,
            }
        )
    s.load(conform(pd.DataFrame(rows)))
    yield s
    s.close()


def test_source_totals_and_volume(store):
    totals = source_totals(store, ["gdelt2"], "month")
    assert totals.sum() == 60 and len(totals) == 12
    idx = relations_index("USA-RUS", source="gdelt2", store=store, n_boot=0)
    assert not idx.sparse and idx.value_column == "goldstein"
    jan = idx.frame.iloc[0]
    assert jan["volume"] == pytest.approx(1000 * jan["events"] / totals.iloc[0])
    assert any("per 1,000 events" in note for note in idx.notes)


def test_errors(store):
    with pytest.raises(DyadwatchError, match="no events for USA-CHN"):
        relations_index("USA-CHN", source="gdelt2", store=store)
    with pytest.raises(DyadwatchError, match="unknown actor code"):
        relations_index("USA-XXX", store=store)
    with pytest.raises(DyadwatchError, match="unknown source"):
        relations_index("USA-RUS", source="twitter", store=store)
    with pytest.raises(DyadwatchError, match="unknown frequency"):
        index_from_events(HAND, freq="fortnight")


def test_week_needs_day_precise_dates(tmp_path):
    with open_store(tmp_path / "c.duckdb") as s:
        frame = pd.DataFrame(
            [
                {
                    "event_id": "c1",
                    "source": "chronology",
                    "date": dt.date(2001, 6, 1),
                    "actor1": "USA",
                    "actor2": "RUS",
                    "cameo": "036",
                    "goldstein": 4.0,
                    "quad_class": 1,
                    "flags": ["date_month_precision"],
                }
            ]
        )
        s.load(conform(frame))
        with pytest.raises(DyadwatchError, match="freq week needs day-precise dates"):
            relations_index("USA-RUS", freq="week", store=s)
        assert relations_index("USA-RUS", freq="month", store=s, n_boot=0).sparse


def test_daily_totals_can_replace_the_store_counts(store):
    days = pd.date_range("2018-01-01", "2018-12-31", freq="D")
    daily = pd.Series(100.0, index=days)
    idx = relations_index("USA-RUS", source="gdelt2", store=store, n_boot=0, totals=daily)
    jan = idx.frame.iloc[0]
    assert jan["volume"] == pytest.approx(1000 * jan["events"] / 3100)


def test_dense_index_is_normalised_by_a_registered_normfile(tmp_path):
    """GDELT volume: dyad events per 1,000 of GDELT's published totals when registered."""
    import datetime as dt

    from dyadwatch.ingest import ingest
    from dyadwatch.sources.normalise import daily_totals, register_normfile
    from dyadwatch.sources.synthetic import gdelt1_rows, write_tsv
    from dyadwatch.store import open_store

    table = gdelt1_rows(3000, dt.date(2016, 3, 1), seed=7)
    with open_store(tmp_path / "g.duckdb") as store:
        ingest("gdelt1", [write_tsv(table, tmp_path / "g.CSV")], store=store)
        own = relations_index("USA-RUS", freq="month", source="gdelt1", n_boot=0, store=store)
        row = own.frame.dropna(subset=["volume"]).iloc[0]
        month = pd.Period(row["period_start"], freq="M")
        daily = daily_totals(store, "gdelt1")  # the store's own count of every gdelt1 event
        own_total = daily[[pd.Period(d, freq="M") == month for d in daily["date"]]]["total"].sum()
        assert row["volume"] == pytest.approx(1000 * row["events"] / own_total, rel=1e-9)
        norm = tmp_path / "norm.csv"
        first = month.start_time
        norm.write_text(f"{first:%Y%m%d},1000000\n")
        register_normfile(store, norm, source="gdelt1")
        published = relations_index("USA-RUS", freq="month", source="gdelt1", n_boot=0, store=store)
        prow = published.frame.dropna(subset=["volume"]).iloc[0]
        assert prow["volume"] == pytest.approx(1000 * prow["events"] / 1_000_000, rel=1e-9)
