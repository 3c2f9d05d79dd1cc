"""GDELT 1.0/2.0 readers: the real sample rows (both 1.0 layouts) and 2.0 fixtures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dyadwatch.cameo import cameo_table
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import ingest
from dyadwatch.sources.gdelt import GDELT1_COLUMNS, GDELT2_COLUMNS, mentions_confidence
from dyadwatch.sources.synthetic import gdelt1_rows, gdelt2_rows, write_tsv
from dyadwatch.store import open_store


@pytest.fixture
def store():
    with open_store(":memory:") as s:
        yield s


def _v(value):
    """A frame value with pandas' missing markers as None."""
    return None if value is None or (not isinstance(value, list) and pd.isna(value)) else value


def _rows(path):
    return [line.rstrip("\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()]


def _by_id(store, source):
    t = store.events()
    frame = t.filter(t.source == source).to_pandas()
    frame["date"] = frame["date"].map(lambda d: d.date() if hasattr(d, "date") else d)
    return frame.set_index("event_id")


def test_layouts_have_published_widths():
    assert len(GDELT1_COLUMNS) == 58 and GDELT1_COLUMNS[-1] == "SOURCEURL"
    assert len(GDELT2_COLUMNS) == 61 and GDELT2_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    assert GDELT1_COLUMNS[7] == "Actor1CountryCode" and GDELT1_COLUMNS[26] == "EventCode"


def test_real_sample_both_layouts(shared_data, store):
    path = shared_data / "gdelt_samples" / "gdelt1_events_sample.tsv"
    rows = _rows(path)
    widths = {len(r) for r in rows}
    assert widths == {57, 58}
    summary = ingest("gdelt1", [path], store=store)
    assert (summary.read, summary.accepted, summary.quarantined) == (len(rows), len(rows), 0)
    events = _by_id(store, "gdelt1")
    table = cameo_table()
    for raw in rows:
        e = events.loc[raw[0]]
        assert e["date"] == dt.datetime.strptime(raw[1], "%Y%m%d").date()
        assert _v(e["actor1"]) == (raw[7] or None) and _v(e["actor2"]) == (raw[17] or None)
        assert _v(e["actor1_detail"]) == (raw[5] or None)
        assert e["cameo"] == raw[26]
        assert e["goldstein"] == pytest.approx(table.at[raw[26], "goldstein_gdelt"])
        assert e["quad_class"] == int(raw[29])
        assert e["is_root_event"] == (raw[25] == "1")
        assert (e["num_mentions"], e["num_sources"], e["num_articles"]) == tuple(
            int(x) for x in raw[31:34]
        )
        assert e["weight"] == float(raw[33])
        assert e["avg_tone"] == pytest.approx(float(raw[34]))
        assert _v(e["url"]) == (raw[57] if len(raw) == 58 else None)


def test_actor_codes_never_come_from_geo_columns(shared_data, store):
    path = shared_data / "gdelt_samples" / "gdelt1_events_sample.tsv"
    ingest("gdelt1", [path], store=store)
    events = _by_id(store, "gdelt1")
    # a row whose actor has no country code but whose geography is Moscow (FIPS RS)
    for raw in _rows(path):
        if not raw[7] and raw[37] == "RS":
            assert _v(events.loc[raw[0], "actor1"]) is None
            break
    else:
        pytest.fail("the sample should hold such a row")
    assert "RS" not in set(events["actor1"].dropna()) | set(events["actor2"].dropna())


def test_ussr_before_1992_becomes_russia_with_flag(tmp_path, store):
    table = gdelt1_rows(3, dt.date(1985, 6, 1), seed=1, url=False).to_pylist()
    table[0]["SQLDATE"], table[0]["Actor1CountryCode"] = "19850601", "USR"
    table[1]["SQLDATE"], table[1]["Actor2CountryCode"] = "19850601", "SUN"
    table[2]["SQLDATE"], table[2]["Actor1CountryCode"] = "19850601", "ZZZ"
    import pyarrow as pa

    path = write_tsv(pa.Table.from_pylist(table), tmp_path / "1985.csv")
    ingest("gdelt1", [path], store=store)
    events = _by_id(store, "gdelt1")
    first, second, third = (events.loc[r["GLOBALEVENTID"]] for r in table)
    assert first["actor1"] == "RUS" and "actor1_ussr" in list(first["flags"])
    assert second["actor2"] == "RUS" and "actor2_ussr" in list(second["flags"])
    assert third["actor1"] == "ZZZ"  # unknown codes are kept as given


def test_ussr_code_after_1991_is_kept(tmp_path, store):
    import pyarrow as pa

    rows = gdelt1_rows(1, dt.date(1995, 1, 1), seed=2).to_pylist()
    rows[0]["SQLDATE"], rows[0]["Actor1CountryCode"] = "19950101", "USR"
    ingest("gdelt1", [write_tsv(pa.Table.from_pylist(rows), tmp_path / "a.csv")], store=store)
    e = _by_id(store, "gdelt1").iloc[0]
    assert e["actor1"] == "USR" and list(e["flags"]) == []


def test_gdelt2_fixture_61_columns(tmp_path, store):
    table = gdelt2_rows(200, dt.date(2016, 7, 28), seed=3)
    path = write_tsv(table, tmp_path / "20160728151500.export.CSV")
    summary = ingest("gdelt2", [path], store=store)
    assert (summary.read, summary.accepted) == (200, 200)
    events = _by_id(store, "gdelt2")
    row = table.slice(7, 1).to_pylist()[0]
    e = events.loc[row["GLOBALEVENTID"]]
    assert _v(e["actor1"]) == (row["Actor1CountryCode"] or None)
    assert e["cameo"] == row["EventCode"] and e["url"] == row["SOURCEURL"]
    assert e["num_articles"] == int(row["NumArticles"])


def test_gdelt1_layout_rejects_gdelt2_rows(tmp_path, store):
    """A whole GDELT 2.0 file is refused up front (issue 16); stray 2.0 rows are quarantined."""
    path = write_tsv(gdelt2_rows(5, dt.date(2016, 7, 28)), tmp_path / "x.CSV")
    with pytest.raises(DyadwatchError, match="looks like a GDELT 2.0 event file"):
        ingest("gdelt1", [path], store=store)
    g1 = gdelt1_rows(8, dt.date(2016, 7, 28), seed=4).to_pylist()
    g2 = gdelt2_rows(2, dt.date(2016, 7, 28), first_id=100).to_pylist()
    lines = ["\t".join(v or "" for v in r.values()) for r in g1 + g2]
    mixed = tmp_path / "mixed.CSV"
    mixed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest("gdelt1", [mixed], store=store)
    assert (summary.accepted, summary.quarantined) == (8, 2)
    assert "more than 58" in next(iter(summary.quarantine_reasons))


def test_mentions_confidence_takes_the_maximum():
    import ibis

    rows = [
        ["42", "x", "x", "1", "s", "u", "1", "0", "0", "0", "1", "30", "1", "0", "", ""],
        ["42", "x", "x", "1", "s", "u", "1", "0", "0", "0", "1", "80", "1", "0", "", ""],
        ["7", "x", "x", "1", "s", "u", "1", "0", "0", "0", "1", "oops", "1", "0", "", ""],
    ]
    raw = ibis.memtable({f"c{i + 1}": [r[i] for r in rows] for i in range(16)})
    out = mentions_confidence(raw).to_pandas().set_index("event_id")
    assert out.loc["42", "max_confidence"] == 80 and out.loc["42", "mentions"] == 2
    assert "7" not in out.index
