"""POLECAT reader: header-driven across releases, PLOVER types mapped to CAMEO roots."""

from __future__ import annotations

import pytest

from dyadwatch.cameo import cameo_table
from dyadwatch.ingest import ingest
from dyadwatch.sources.polecat import PLOVER_TO_CAMEO
from dyadwatch.sources.synthetic import polecat_rows, write_polecat_file
from dyadwatch.store import open_store


@pytest.fixture
def store():
    with open_store(":memory:") as s:
        yield s


@pytest.mark.parametrize("header", ["title", "snake"])
def test_both_header_spellings(tmp_path, store, header):
    rows = polecat_rows(60, seed=4)
    path = write_polecat_file(tmp_path / "ngecEvents.2023.txt", rows, header=header)
    summary = ingest("polecat", [path], store=store)
    assert (summary.read, summary.accepted) == (60, 60)
    t = store.events()
    events = t.filter(t.source == "polecat").to_pandas().set_index("event_id")
    table = cameo_table()
    for row in rows:
        e = events.loc[row[0]]
        code = PLOVER_TO_CAMEO[row[2]]
        assert (e["actor1"], e["actor2"], e["cameo"]) == (row[8], row[11], code)
        assert e["goldstein"] == table.at[code, "goldstein_icews"]
        assert e["description"] == f"PLOVER:{row[2]}"


def test_headline_quirk_and_unknown_type(tmp_path, store):
    rows = polecat_rows(5, seed=5)
    rows[0][2] = "CRIME"  # a PLOVER type with no CAMEO counterpart
    path = write_polecat_file(tmp_path / "q.txt", rows, headline_quirk=True)
    summary = ingest("polecat", [path], store=store)
    assert (summary.read, summary.accepted, summary.quarantined) == (5, 4, 1)
    assert list(summary.quarantine_reasons) == ["PLOVER event type with no CAMEO counterpart"]


def test_crosswalk_codes_exist():
    table = cameo_table()
    for code in PLOVER_TO_CAMEO.values():
        assert code in table.index and not table.loc[code].isna()["goldstein_icews"]
