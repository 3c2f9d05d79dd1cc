"""The index from sums: the engine's GROUP BY gives the events path's numbers, and the
analytic interval is the Poisson bootstrap's limit (agreement and coverage on generated data)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from dyadwatch.dyads import parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.freshness import freshness_table, ranges_freshness
from dyadwatch.measures.index import (
    build_index,
    build_index_from_sums,
    index_from_events,
    index_from_sums,
)
from dyadwatch.measures.index_stats import decayed, ratio_interval
from dyadwatch.queries import dyad_events, dyad_period_stats, dyad_source_ranges
from dyadwatch.schema import conform
from dyadwatch.store import open_store
from dyadwatch.study import Study

COLUMNS = [
    "events",
    "weight",
    "goldstein",
    "net_coop",
    "verbal_coop",
    "material_conflict",
    "goldstein_lo",
    "goldstein_hi",
    "net_coop_lo",
    "net_coop_hi",
]


def _events(n: int, seed: int, sources=("gdelt2",), months: int = 6) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    quad = rng.integers(1, 5, n)
    score = np.where(quad <= 2, rng.uniform(0, 8, n), rng.uniform(-10, 0, n)).round(1)
    return pd.DataFrame(
        {
            "event_id": [f"e{i}" for i in range(n)],
            "source": rng.choice(list(sources), n),
            "date": [
                dt.date(2019, 1 + int(m), 1 + int(d))
                for m, d in zip(rng.integers(0, months, n), rng.integers(0, 28, n), strict=True)
            ],
            "actor1": np.where(rng.random(n) < 0.5, "USA", "RUS"),
            "goldstein": score,
            "quad_class": quad,
            "weight": rng.integers(1, 6, n).astype(float),
        }
    ).assign(actor2=lambda f: np.where(f["actor1"] == "USA", "RUS", "USA"), cameo="042")


def _sums(events: pd.DataFrame, freq: str) -> pd.DataFrame:
    """The engine's sums computed by pandas (an independent reference)."""
    code = {"month": "M", "week": "W", "quarter": "Q", "year": "Y"}[freq]
    e = events.assign(
        period=pd.PeriodIndex(pd.to_datetime(events["date"]), freq=code).start_time,
        c=np.where(events["quad_class"] <= 2, 1.0, -1.0),
    )
    w, g = e["weight"], e["goldstein"]
    e = e.assign(
        n=1,
        w=w,
        wg=w * g,
        wc=w * e["c"],
        w2=w * w,
        w2g=w * w * g,
        w2g2=w * w * g * g,
        w2c=w * w * e["c"],
        **{f"wq{k}": w * (e["quad_class"] == k) for k in range(1, 5)},
    )
    cols = ["n", "w", "wg", "wc", "w2", "w2g", "w2g2", "w2c", "wq1", "wq2", "wq3", "wq4"]
    return e.groupby(["period", "source"], as_index=False)[cols].sum()


@pytest.mark.parametrize("freq", ["week", "month", "quarter"])
@pytest.mark.parametrize("sources", [("gdelt2",), ("gdelt2", "icews")])
def test_sums_give_the_events_numbers(freq, sources):
    events = _events(500, 1, sources)
    balanced = len(sources) > 1
    a = index_from_events(events, freq=freq, source_balanced=balanced, interval="analytic")
    b = index_from_sums(_sums(events, freq), freq=freq, source_balanced=balanced)
    assert len(a) == len(b)
    for col in COLUMNS:
        np.testing.assert_allclose(a[col], b[col], equal_nan=True, err_msg=col)


def test_analytic_interval_is_the_bootstrap_limit():
    events = _events(3000, 2, months=3)  # about 1,000 events a month
    a = index_from_events(events, interval="analytic")
    b = index_from_events(events, interval="bootstrap", n_boot=2000, seed=3)
    width = (b["goldstein_hi"] - b["goldstein_lo"]).to_numpy()
    for col in ("goldstein_lo", "goldstein_hi", "net_coop_lo", "net_coop_hi"):
        scale = width if col.startswith("goldstein") else b["net_coop_hi"] - b["net_coop_lo"]
        assert np.all(np.abs(a[col] - b[col]) < 0.1 * scale), col


def test_analytic_interval_covers_the_true_mean():
    rng = np.random.default_rng(7)
    hits = 0
    trials = 400
    for _ in range(trials):
        w = rng.integers(1, 6, 80).astype(float)
        g = rng.normal(1.0, 3.0, 80)
        lo, hi = ratio_interval(
            np.array([w.sum()]),
            np.array([(w * g).sum()]),
            np.array([(w * w).sum()]),
            np.array([(w * w * g).sum()]),
            np.array([(w * w * g * g).sum()]),
            ci=0.9,
            bounds=(-10, 10),
        )
        hits += bool(lo[0] <= 1.0 <= hi[0])
    assert 0.85 <= hits / trials <= 0.95


def test_impact_interval_agrees_with_the_bootstrap():
    events = _events(400, 4, months=12)
    a = index_from_events(events, sparse=True, interval="analytic")
    b = index_from_events(events, sparse=True, interval="bootstrap", n_boot=1000, seed=1)
    width = (b["impact_hi"] - b["impact_lo"]).to_numpy()
    assert np.all(np.abs(a["impact_lo"] - b["impact_lo"]) < 0.15 * width)
    assert np.all(np.abs(a["impact_hi"] - b["impact_hi"]) < 0.15 * width)


def test_decayed_sums():
    np.testing.assert_allclose(decayed(np.array([1.0, 0.0, 2.0]), 0.5), [1.0, 0.5, 2.25])
    assert decayed(np.ones((3, 4)), 0.5).shape == (3, 4)


def test_interval_choices():
    events = _events(50, 5)
    assert index_from_events(events, n_boot=0)["goldstein_lo"].isna().all()
    assert index_from_events(events, interval="none")["goldstein_lo"].isna().all()
    with pytest.raises(DyadwatchError, match="unknown interval method"):
        index_from_events(events, interval="jackknife")
    with pytest.raises(DyadwatchError, match="needs the events"):
        index_from_sums(_sums(events, "month"), interval="bootstrap")


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "sums.duckdb")
    s.load(conform(_events(800, 6, ("gdelt2", "icews"))))
    yield s
    s.close()


@pytest.mark.parametrize("freq", ["week", "month", "year"])
def test_the_engine_computes_the_sums(store, freq):
    dyad = parse_dyad("USA-RUS")
    events = dyad_events(store, dyad, sources=["gdelt2"])
    sums = dyad_period_stats(store, dyad, freq, sources=["gdelt2"])
    a = build_index(events, dyad="USA-RUS", freq=freq)
    b = build_index_from_sums(sums, dyad="USA-RUS", freq=freq)
    assert b.events is None and a.sparse == b.sparse
    for col in COLUMNS:
        np.testing.assert_allclose(a.frame[col], b.frame[col], equal_nan=True, err_msg=col)
    directed = dyad_period_stats(store, dyad, freq, sources=["gdelt2"], directed=True)
    assert 0 < directed["n"].sum() < sums["n"].sum()


def test_source_ranges_give_the_freshness_table(store):
    dyad = parse_dyad("USA-RUS")
    today = dt.date(2020, 1, 1)
    a = freshness_table(dyad_events(store, dyad), today)
    b = ranges_freshness(dyad_source_ranges(store, dyad), today)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_a_study_of_a_machine_source_uses_the_engine(tmp_path, store):
    db = store.path if hasattr(store, "path") else tmp_path / "sums.duckdb"
    store.close()
    with Study("USA-RUS", db=db, source="gdelt2") as study:
        idx = study.index
        assert idx.events is None
        assert "all_events" not in study.__dict__  # no event reached Python
        assert study.freshness["source"].tolist()
        assert any("delta-method" in note for note in idx.notes)
        assert len(study.stages.segments) >= 1  # the stages query the events they explain
