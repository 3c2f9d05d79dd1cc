"""ICEWS reader: the real samples, country names, the 2017 quirks."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from dyadwatch.cameo import cameo_table
from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import ingest
from dyadwatch.sources.countries import ICEWS_NAME_OVERRIDES, name_to_iso3
from dyadwatch.store import open_store


@pytest.fixture
def store():
    with open_store(":memory:") as s:
        yield s


def _v(value):
    """A frame value with pandas' missing markers as None."""
    return None if value is None or pd.isna(value) else value


def _records(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_real_tab_sample(shared_data, store):
    path = shared_data / "icews_samples" / "events.2018.sample.tab"
    records = _records(path)
    summary = ingest("icews", [path], store=store)
    assert (summary.read, summary.accepted, summary.quarantined) == (len(records), len(records), 0)
    t = store.events()
    events = t.filter(t.source == "icews").to_pandas().set_index("event_id")
    events["date"] = events["date"].map(lambda d: d.date() if hasattr(d, "date") else d)
    table = cameo_table()
    for rec in records[:400]:
        e = events.loc[f"{rec['Event ID']}_{rec['Event Date']}"]
        assert e["date"] == dt.date.fromisoformat(rec["Event Date"])
        assert e["cameo"] == rec["CAMEO Code"]
        assert e["goldstein"] == pytest.approx(table.at[rec["CAMEO Code"], "goldstein_icews"])
        assert float(rec["Intensity"]) == pytest.approx(e["goldstein"])  # ICEWS's own scale
        assert e["weight"] == 1.0
        assert e["actor1_detail"] == rec["Source Name"]
        expected = name_to_iso3(rec["Source Country"])
        given = rec["Source Country"] if rec["Source Country"] != "NA" else None
        assert _v(e["actor1"]) == (expected or given)


def test_cleaned_csv_sample_reads_too(shared_data, store):
    path = shared_data / "icews_samples" / "icews_sample.csv"
    with path.open(encoding="utf-8", newline="") as f:
        n = sum(1 for _ in csv.DictReader(f))
    summary = ingest("icews", [path], store=store)
    assert summary.read == n and summary.accepted + summary.duplicates == n


def test_both_samples_share_event_keys(shared_data, store):
    folder = shared_data / "icews_samples"
    first = ingest("icews", [folder / "events.2018.sample.tab"], store=store)
    second = ingest("icews", [folder / "icews_sample.csv"], store=store)
    assert first.accepted == first.read
    assert second.duplicates_by_rule["event_id"] == first.accepted  # the .tab rows are in the .csv


def test_country_names_map_to_iso3():
    assert name_to_iso3("Russian Federation") == "RUS"
    assert name_to_iso3("United States") == "USA"
    assert name_to_iso3("Occupied Palestinian Territory") == "PSE"
    assert name_to_iso3("Democratic Republic of Congo") == "COD"
    assert name_to_iso3("Nowhere Land") is None
    for name, code in ICEWS_NAME_OVERRIDES.items():
        assert len(code) == 3 and name_to_iso3(name) == code


def test_real_sample_countries_resolve(shared_data):
    records = _records(shared_data / "icews_samples" / "events.2018.sample.tab")
    names = {r["Source Country"] for r in records} | {r["Target Country"] for r in records}
    names.discard("NA")
    unresolved = sorted(n for n in names if name_to_iso3(n) is None)
    assert unresolved == []


QUIRK_HEADER = (
    "Event ID\tEvent Date\tSource Name\tSource Sectors\tSource Country\tEvent Text\tIntensity\t"
    "Target Name\tTarget Sectors\tTarget Country\tStory ID\tSentence Number\tPublisher"
)


def test_2017_quirks_us_dates_and_no_cameo_column(tmp_path, store):
    lines = [
        QUIRK_HEADER,
        "1\t3/7/2017\tGovernment (Russia)\tGov\tRussian Federation\tConsult\t1\t"
        "Government (United States)\tGov\tUnited States\t9\t1\tReuters",
        "2\t12/31/2017\tUSSR\t\tSoviet Union\tMake statement\t0\tX\t\tUkraine\t9\t2\tTASS",
        "3\t2/30/2017\tA\t\tFrance\tConsult\t1\tB\t\tGermany\t9\t3\tAFP",
        "4\t3/8/2017\tA\t\tFrance\tNot an event text\t1\tB\t\tGermany\t9\t4\tAFP",
    ]
    path = tmp_path / "Events.2017.20201006.tab"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary = ingest("icews", [path], store=store)
    assert (summary.read, summary.accepted, summary.quarantined) == (4, 2, 2)
    t = store.events()
    events = t.filter(t.source == "icews").to_pandas().set_index("event_id")
    events["date"] = events["date"].map(lambda d: d.date() if hasattr(d, "date") else d)
    first = events.loc["1_2017-03-07"]
    assert (first["actor1"], first["actor2"], first["cameo"]) == ("RUS", "USA", "040")
    assert "cameo_from_event_text" in list(first["flags"])
    assert events.loc["2_2017-12-31", "actor1"] == "SUN"  # after 1991: kept as the USSR code
    reasons = summary.quarantine_reasons
    assert any("date" in r for r in reasons) and any("CAMEO" in r for r in reasons)


def test_header_without_needed_columns_is_refused(tmp_path, store):
    path = tmp_path / "bad.tab"
    path.write_text("Event ID\tSomething\n1\t2\n", encoding="utf-8")
    with pytest.raises(DyadwatchError, match="Event Date"):
        ingest("icews", [path], store=store)
