"""The same import and monthly dyad aggregation on DuckDB and on Spark (local mode)."""

from __future__ import annotations

import datetime as dt
import os

import pandas as pd
import pytest

from dyadwatch.ingest import dyad_monthly, ingest
from dyadwatch.sources.synthetic import gdelt1_rows, write_gdelt1_daily_files
from dyadwatch.store import open_store

pyspark = pytest.importorskip("pyspark", reason="pip install 'dyadwatch[spark]'")


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("DYADWATCH_SPARK_PARTITIONS", "2")
    from dyadwatch.store import spark_backend

    backend = spark_backend("local[2]", config={"spark.driver.memory": "1g"})
    backend._session.sparkContext.setLogLevel("ERROR")
    yield backend
    backend._session.stop()


def _normal(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["month"] = pd.to_datetime(frame["month"]).dt.strftime("%Y-%m")
    frame["events"] = frame["events"].astype("int64")
    return frame.sort_values("month").reset_index(drop=True)


@pytest.mark.slow
def test_duckdb_and_spark_agree(tmp_path, spark):
    files = write_gdelt1_daily_files(tmp_path / "in", 4000, days=4, seed=31, zipped=True)
    bad = tmp_path / "in" / "bad.CSV"
    rows = gdelt1_rows(3, dt.date(2016, 1, 9), seed=32, first_id=10**9).to_pylist()
    rows[0]["SQLDATE"] = "20160231"
    rows[1]["EventCode"] = "999"
    bad.write_text("\n".join("\t".join(v or "" for v in r.values()) for r in rows) + "\n")
    files.append(bad)

    with open_store(tmp_path / "duck.duckdb") as duck_store:
        duck = ingest("gdelt1", files, store=duck_store, engine="duckdb")
        expected = _normal(dyad_monthly(duck_store.events(), "USA", "RUS").to_pandas())
        duck_total = duck_store.count("gdelt1")

    with open_store(tmp_path / "spark.duckdb") as spark_store:
        sp = ingest("gdelt1", files, store=spark_store, engine="spark", spark=spark)
        root = spark_store.parquet_root / "source=gdelt1"
        df = spark._session.read.parquet(str(root))
        df.createOrReplaceTempView("spark_events")
        on_spark = _normal(dyad_monthly(spark.table("spark_events"), "USA", "RUS").to_pandas())
        spark_total = spark_store.count("gdelt1")

    assert (sp.read, sp.accepted, sp.quarantined) == (duck.read, duck.accepted, duck.quarantined)
    assert (duck.read, duck.quarantined) == (4003, 2)
    assert sp.quarantine_reasons == duck.quarantine_reasons
    assert spark_total == duck_total == 4001
    pd.testing.assert_frame_equal(on_spark, expected, check_dtype=False, rtol=1e-9)
    assert len(expected) > 3


@pytest.mark.slow
def test_min_confidence_agrees_on_both_engines(tmp_path, spark):
    from dyadwatch.ingest import DedupPolicy
    from dyadwatch.sources.synthetic import gdelt2_mentions_rows, gdelt2_rows, write_tsv

    events = gdelt2_rows(300, dt.date(2016, 7, 28), seed=33)
    ids = events.column("GLOBALEVENTID").to_pylist()
    mentions = gdelt2_mentions_rows(events, {ids[0]: [], ids[1]: [20, 40]}, seed=34)
    events_path = write_tsv(events, tmp_path / "20160728151500.export.CSV")
    mentions_path = write_tsv(mentions, tmp_path / "20160728151500.mentions.CSV")
    policy = DedupPolicy(min_confidence=60)
    results = {}
    for engine in ("duckdb", "spark"):
        with open_store(tmp_path / f"{engine}.duckdb") as store:
            s = ingest(
                "gdelt2",
                [events_path],
                store=store,
                engine=engine,
                policy=policy,
                mentions=[mentions_path],
                spark=spark if engine == "spark" else None,
            )
            t = store.events()
            stored = set(store.arrow(t.select("event_id"))["event_id"].to_pylist())
            results[engine] = (s.read, s.accepted, s.duplicates_by_rule, s.mentions, stored)
    assert results["duckdb"] == results["spark"]
    read, accepted, by_rule, info, stored = results["duckdb"]
    assert read == 300 and accepted == len(stored) and by_rule["no_mentions"] == 1
    assert ids[0] not in stored and ids[1] not in stored
    assert info == {"files": 1, "rows": mentions.num_rows, "events": 299}
