"""Reading chronology files: rejects are kept with file, line and reason."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.chronology import CHRONOLOGY_COLUMNS, LAST_DATE, read_chronology
from dyadwatch.store import open_store

HEADER = ",".join(CHRONOLOGY_COLUMNS)


def _write(tmp_path, *lines, header=HEADER):
    path = tmp_path / "mine.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


GOOD = (
    "2008-08-08-war,2008-08-08,day,RUS,GEO,Russian armed forces,,190,"
    "Russian forces entered Georgia.,"
    '"Council of the EU, ""IIFFMCG Report"", 2009-09-30",,war;structural'
)


def test_good_rows_get_derived_scores(tmp_path):
    result = read_chronology([_write(tmp_path, GOOD)])
    assert result.rejects.empty
    row = result.events.iloc[0]
    assert (row["goldstein"], row["quad_class"], list(row["tags"])) == (
        -10.0,
        4,
        ["war", "structural"],
    )


def test_bad_rows_are_kept_with_reasons(tmp_path):
    lines = [
        GOOD,
        GOOD.replace("2008-08-08-war,2008-08-08", "x1,2008-02-30"),  # impossible date
        GOOD.replace("2008-08-08-war", "x2").replace(",190,", ",999,"),  # unknown code
        GOOD.replace("2008-08-08-war", "x3").replace("RUS,GEO", "RUS,ZZZ"),  # unknown actor
        GOOD.replace("2008-08-08-war", "x4").replace("war;structural", "war;rumour"),  # bad tag
        GOOD.replace("2008-08-08-war", "x5").replace(",day,", ",week,"),
        GOOD.replace("2008-08-08-war", "x6") + ",extra",
        GOOD.replace("2008-08-08-war", "x7").replace(
            '"Council of the EU, ""IIFFMCG Report"", 2009-09-30"', ""
        ),
        GOOD.replace("2008-08-08-war,2008-08-08", "x8,2030-01-01"),
    ]
    result = read_chronology([_write(tmp_path, *lines)])
    assert len(result.events) == 1
    reasons = dict(zip(result.rejects["line"], result.rejects["reason"], strict=True))
    assert reasons[3] == "not a YYYY-MM-DD date"
    assert reasons[4] == "unknown CAMEO code"
    assert reasons[5].startswith("not an ISO 3166-1")
    assert reasons[6] == "unknown tag"
    assert reasons[7] == "must be day or month"
    assert reasons[8] == "more fields than the header"
    assert reasons[9] == "required value is empty"
    assert reasons[10].startswith("date outside")
    assert result.read == 9 == len(lines)
    assert set(result.rejects["file"]) == {str(tmp_path / "mine.csv")}


def test_rows_up_to_the_last_checked_day_are_accepted(tmp_path):
    recent = GOOD.replace("2008-08-08-war,2008-08-08", "2026-03-12-x,2026-03-12")
    late = (LAST_DATE + dt.timedelta(days=1)).isoformat()
    after = GOOD.replace("2008-08-08-war,2008-08-08", f"{late}-x,{late}")
    result = read_chronology([_write(tmp_path, recent, after)])
    assert list(result.events["event_id"]) == ["2026-03-12-x"]
    assert list(result.rejects["line"]) == [3]
    assert result.rejects.iloc[0]["reason"].startswith("date outside")
    # a caller can still narrow the window, as the reader did before the 2025-2026 rows
    narrow = read_chronology([_write(tmp_path, recent)], max_date=dt.date(2025, 11, 1))
    assert narrow.events.empty and list(narrow.rejects["line"]) == [2]


def test_missing_columns_are_refused_with_the_file(tmp_path):
    path = _write(tmp_path, "a,b", header="event_id,date")
    with pytest.raises(DyadwatchError, match="lacks columns") as info:
        read_chronology([path])
    assert "mine.csv, line 1" in str(info.value)


def test_ensure_chronology_is_idempotent(tmp_db, monkeypatch):
    import dyadwatch.sources.chronology as chron

    with open_store(tmp_db) as store:
        chron.ensure_chronology(store)
        n = store.count("chronology")
        chron.ensure_chronology(store)
        assert store.count("chronology") == n == len(chron.chronology())
        monkeypatch.setattr(chron, "fingerprint", lambda: "changed")
        chron.ensure_chronology(store)  # a new package version replaces, never duplicates
        assert store.count("chronology") == n
