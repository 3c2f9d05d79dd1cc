"""Integrity of the shipped neighbours alignment table and coercive-acts table."""

from __future__ import annotations

import re

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours import (
    CITATION_RE,
    COUNTRIES,
    STATUSES,
    alignment_panel,
    expand_spells,
    load_coercive_acts,
    load_spells,
    validate_spells,
)


@pytest.fixture(scope="module")
def spells():
    return load_spells()


def test_every_country_covers_1991_2025_once(spells):
    panel = expand_spells(spells)
    assert set(panel["country"]) == set(COUNTRIES)
    assert len(panel) == 16 * 35
    assert not panel.duplicated(["country", "year"]).any()
    for _, group in panel.groupby("country"):
        assert list(group["year"]) == list(range(1991, 2026))


def test_values_and_citations(spells):
    assert set(spells["status"]) <= set(STATUSES)
    assert set(spells["status_military"]) <= set(STATUSES)
    assert spells["citation"].map(lambda c: bool(CITATION_RE.match(c))).all()
    assert (spells["basis"].str.len() > 20).all()
    assert set(spells["status"]) == set(STATUSES)


@pytest.mark.parametrize(
    ("country", "year", "status"),
    [
        ("UKR", 2005, "neutral"),
        ("UKR", 2008, "opposed"),
        ("UKR", 2012, "neutral"),
        ("UKR", 2014, "opposed"),
        ("BLR", 2000, "aligned"),
        ("MDA", 1992, "opposed"),
        ("MDA", 2010, "neutral"),
        ("GEO", 1995, "aligned"),
        ("GEO", 2008, "opposed"),
        ("ARM", 2024, "aligned"),
        ("AZE", 2010, "neutral"),
        ("UZB", 2008, "aligned"),
        ("UZB", 2012, "neutral"),
        ("TKM", 2020, "neutral"),
        ("FIN", 2023, "opposed"),
        ("POL", 1999, "opposed"),
    ],
)
def test_documented_codings(country, year, status):
    panel = alignment_panel()
    row = panel[(panel["country"] == country) & (panel["year"] == year)]
    assert row["status"].item() == status


def test_rules_differ_exactly_where_the_readme_says(spells):
    panel = expand_spells(spells)
    diff = panel[panel["status"] != panel["status_military"]]
    got = {(c, y) for c, y in zip(diff["country"], diff["year"], strict=True)}
    expected = (
        {("FIN", y) for y in range(1992, 2022)}
        | {("POL", y) for y in range(1994, 1997)}
        | {(c, y) for c in ("EST", "LVA") for y in range(1995, 1999)}
        | {("MDA", y) for y in range(2022, 2026)}
    )
    assert got == expected
    assert (diff["status"] == "opposed").all() and (diff["status_military"] == "neutral").all()


ROW = {
    "country": "XXX",
    "start_year": "1991",
    "end_year": "2025",
    "status": "neutral",
    "status_military": "neutral",
    "basis": "A test spell covering all years.",
    "citation": 'Publisher, "Title", 2000-01-01',
}


def check(rows):
    return validate_spells(rows, source="s.csv", required=["XXX"])


def test_a_valid_minimal_table_passes():
    assert len(check([ROW])) == 1


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{**ROW, "end_year": "2000"}, {**ROW, "start_year": "2000"}], "overlaps"),
        ([{**ROW, "end_year": "2000"}, {**ROW, "start_year": "2002"}], "no spell covers 2001"),
        ([{**ROW, "end_year": "2024"}], "not 2025"),
        ([{**ROW, "start_year": "1992"}], "no spell covers 1991"),
        ([{**ROW, "status": "vassal"}], "bad status"),
        ([{**ROW, "status_military": ""}], "bad status_military"),
        ([{**ROW, "citation": "a web page"}], "citation"),
        ([{**ROW, "basis": ""}], "empty basis"),
        ([{**ROW, "country": "Ukraine"}], "bad country code"),
        ([{**ROW, "start_year": "1990"}], "outside 1991-2025"),
        ([{**ROW, "start_year": "2010", "end_year": "2000"}], "after end_year"),
        ([{**ROW, "end_year": "soon"}], "bad end_year"),
    ],
)
def test_bad_tables_are_rejected(rows, message):
    with pytest.raises(DyadwatchError, match=re.escape(message)):
        check(rows)


def test_missing_country_is_rejected():
    with pytest.raises(DyadwatchError, match="no spells for UKR"):
        validate_spells([ROW], source="s.csv", required=["XXX", "UKR"])


def test_coercive_acts_are_cited_and_cover_the_key_cases():
    acts = load_coercive_acts()
    assert acts["act_id"].is_unique
    assert set(acts["country"]) <= set(COUNTRIES)
    assert acts["citation"].map(lambda c: bool(CITATION_RE.match(c))).all()
    assert acts["year"].between(1991, 2025).all()
    keys = {(c, y) for c, y in zip(acts["country"], acts["year"], strict=True)}
    for key in [
        ("MDA", 1992),
        ("UKR", 2006),
        ("EST", 2007),
        ("GEO", 2008),
        ("UKR", 2009),
        ("UKR", 2014),
        ("UKR", 2022),
    ]:
        assert key in keys, key
    # every coded military action year in the table has a coercive act behind it
    assert ("MDA", 1992) in keys and ("GEO", 2008) in keys
