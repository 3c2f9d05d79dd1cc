"""Integrity of the shipped norm ledger and of its validation."""

from __future__ import annotations

import csv
import re

import pytest

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.trust import (
    ACTS,
    CITATION_RE,
    LEDGER_COLUMNS,
    load_ledger,
    validate_ledger,
)


@pytest.fixture(scope="module")
def ledger():
    return load_ledger()


def test_size_range_and_sides(ledger):
    assert len(ledger) >= 40
    assert ledger["year"].between(1991, 2025).all()
    assert ledger["event_id"].is_unique
    assert set(ledger["act"]) <= set(ACTS)
    counts = ledger["side"].value_counts()
    assert counts["west"] >= 15 and counts["russia"] >= 15
    for side in ("west", "russia"):
        acts = set(ledger.loc[ledger["side"] == side, "act"])
        assert {"compliance", "violation", "withdrawal"} <= acts


def test_every_row_and_every_moscow_view_is_cited(ledger):
    assert ledger["citation"].map(lambda c: bool(CITATION_RE.match(c))).all()
    viewed = ledger[ledger["moscow_view"] != ""]
    assert len(viewed) >= 8
    assert viewed["moscow_view_citation"].map(lambda c: bool(CITATION_RE.match(c))).all()
    assert (ledger.loc[ledger["moscow_view"] == "", "moscow_view_citation"] == "").all()


def test_ids_start_with_their_dates_and_precisions_are_consistent(ledger):
    for row in ledger.itertuples():
        assert row.event_id.startswith(row.date)
        if row.date_precision != "day":
            assert row.date.endswith("-01")


@pytest.mark.parametrize(
    ("pattern", "year", "act", "side"),
    [
        ("kosovo-air-campaign", 1999, "violation", "west"),
        ("abm-withdrawal", 2002, "withdrawal", "west"),
        ("iraq-invasion", 2003, "violation", "west"),
        ("libya-beyond-mandate", 2011, "evasion", "west"),
        ("inf-withdrawal", 2019, "withdrawal", "west"),
        ("usa-open-skies-withdrawal", 2020, "withdrawal", "west"),
        ("reciprocal-tariffs", 2025, "violation", "west"),
        ("usa-start-final-reductions", 2001, "compliance", "west"),
        ("afghanistan-article-51", 2001, "compliance", "west"),
        ("ifor-un-mandate", 1995, "compliance", "west"),
        ("west-jcpoa-res-2231", 2015, "compliance", "west"),
        ("usa-new-start-extension", 2021, "compliance", "west"),
        ("usa-cwc-destruction-complete", 2023, "compliance", "west"),
        ("rus-cwc-destruction-complete", 2017, "compliance", "russia"),
        ("crimea-annexation", 2014, "violation", "russia"),
        ("inf-violation-finding", 2014, "violation", "russia"),
        ("invasion-of-ukraine", 2022, "violation", "russia"),
    ],
)
def test_required_events_are_present_and_coded(ledger, pattern, year, act, side):
    hits = ledger[ledger["event_id"].str.contains(pattern)]
    assert len(hits) == 1, pattern
    row = hits.iloc[0]
    assert (row["year"], row["act"], row["side"]) == (year, act, side)


def test_abm_coding_rule_is_explained(ledger):
    abm = ledger[ledger["event_id"].str.contains("abm-withdrawal")].iloc[0]
    assert "Article XV" in abm["coding_note"]
    assert abm["moscow_view"] and "2018" in abm["moscow_view_citation"]


def test_shipped_file_has_the_documented_header():
    from dyadwatch.models.trust.ledger import _ledger_resource

    with _ledger_resource().open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == LEDGER_COLUMNS


GOOD = {
    "event_id": "2000-01-05-test-event",
    "date": "2000-01-05",
    "date_precision": "day",
    "actor": "USA",
    "norm": "UN Charter",
    "act": "violation",
    "description": "A test event.",
    "citation": 'Publisher, "A title", 2000-01-05',
    "moscow_view": "",
    "moscow_view_citation": "",
    "coding_note": "",
    "tags": "norm_violation",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"act": "bribery"}, "unknown act"),
        ({"date": "2000-13-01", "event_id": "2000-13-01-x"}, "bad date"),
        ({"date": "1989-01-05", "event_id": "1989-01-05-x"}, "outside 1991-2025"),
        ({"date_precision": "month"}, "not the 1st"),
        ({"date_precision": "week"}, "bad date_precision"),
        ({"actor": "USA;RUS"}, "mixes Russian and Western"),
        ({"actor": "CHN"}, "unknown actor"),
        ({"citation": ""}, "citation missing"),
        ({"citation": "Some website"}, "citation missing or malformed"),
        ({"moscow_view": "They said so."}, "filled together"),
        ({"event_id": "test-event"}, "bad event_id"),
        ({"event_id": "2000-01-06-test-event"}, "does not start with its date"),
        ({"description": ""}, "empty description"),
    ],
)
def test_validation_names_line_and_column(change, message):
    rows = [dict(GOOD, event_id="2000-01-05-first"), {**GOOD, **change}]
    with pytest.raises(DyadwatchError, match=re.escape(message)) as info:
        validate_ledger(rows, source="x.csv")
    assert "x.csv, line 3" in str(info.value)


def test_duplicate_ids_are_rejected():
    with pytest.raises(DyadwatchError, match="duplicate event_id"):
        validate_ledger([GOOD, GOOD], source="x.csv")


def test_load_ledger_reports_missing_file_and_column(tmp_path):
    with pytest.raises(DyadwatchError, match="not found"):
        load_ledger(tmp_path / "nope.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id,date\n2000-01-01-x,2000-01-01\n", encoding="utf-8")
    with pytest.raises(DyadwatchError, match="no column"):
        load_ledger(bad)
