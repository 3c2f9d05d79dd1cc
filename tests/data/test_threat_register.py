"""Integrity of the shipped threat register and NATO event dates."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dyadwatch.models.spiral import load_nato_events
from dyadwatch.models.threats import (
    CITATION_RE,
    DEFAULT_HYPOTHESES,
    EVIDENCE_KINDS,
    INCONSISTENCY_POINTS,
    load_register,
)

ID_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.fixture(scope="module")
def register():
    return load_register()


def citation_date_ok(citation: str) -> bool:
    m = re.search(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", citation)
    if not m:
        return False
    y = int(m.group(1))
    mo = int(m.group(2) or 1)
    d = int(m.group(3) or 1)
    try:
        when = date(y, mo, d)
    except ValueError:
        return False
    return date(1990, 1, 1) <= when <= date(2025, 12, 31)


def test_at_least_thirty_claims_with_unique_ids(register):
    ids = [c.id for c in register.claims]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)


def test_ids_and_dates(register):
    for c in register.claims:
        m = ID_RE.match(c.id)
        assert m, c.id
        assert isinstance(c.date, date), c.id
        assert m.group(1) == c.date.isoformat(), c.id
        assert date(1993, 1, 1) <= c.date <= date(2025, 12, 31), c.id


def test_every_claim_and_item_is_cited(register):
    for c in register.claims:
        assert c.citation and CITATION_RE.match(c.citation), (c.id, c.citation)
        assert citation_date_ok(c.citation), (c.id, c.citation)
        assert c.claimant and c.claim and c.topic, c.id
        for e in c.evidence:
            assert e.citation and CITATION_RE.match(e.citation), (c.id, e.id, e.citation)
            assert citation_date_ok(e.citation), (c.id, e.id, e.citation)


def test_evidence_items_rated_and_explained(register):
    for c in register.claims:
        assert tuple(c.hypotheses) == DEFAULT_HYPOTHESES, c.id
        assert len(c.evidence) >= 3, c.id
        assert len({e.id for e in c.evidence}) == len(c.evidence), c.id
        for e in c.evidence:
            assert set(e.ratings) == set(DEFAULT_HYPOTHESES), (c.id, e.id)
            assert set(e.ratings.values()) <= set(INCONSISTENCY_POINTS), (c.id, e.id)
            assert e.kind in EVIDENCE_KINDS, (c.id, e.id)
            assert e.rationale and len(e.rationale) > 20, (c.id, e.id)
            assert e.text and len(e.text) > 20, (c.id, e.id)
            assert 0 < e.weight <= 1, (c.id, e.id)


def test_ratings_declared_as_analytic_judgements(register):
    note = register.meta["note"].lower()
    assert "analytic judgement" in note and "rationale" in note
    assert set(register.meta["hypotheses"]) == set(DEFAULT_HYPOTHESES)


def test_every_source_is_used_and_cited(register):
    used = set()
    for c in register.claims:
        used.add(c.citation)
        used.update(e.citation for e in c.evidence)
    for key, entry in register.sources.items():
        assert CITATION_RE.match(entry["citation"]), key
        assert entry["citation"] in used, f"source '{key}' is never used"


def test_topics_the_issue_asks_for(register):
    ids = " ".join(c.id for c in register.claims)
    topics = {c.topic for c in register.claims}
    assert {
        "nato_enlargement",
        "missile_defence",
        "colour_revolution",
        "kosovo",
        "libya",
        "baltic_deployments",
    } <= topics
    for word in ("biolabs", "dirty-bomb", "kosovo", "libya"):
        assert word in ids, word
    years = {c.date.year for c in register.claims}
    assert min(years) == 1993 and max(years) == 2025
    # every evidence kind the issue lists is used somewhere
    kinds = {e.kind for c in register.claims for e in c.evidence}
    assert kinds == set(EVIDENCE_KINDS)


def test_nato_events_file():
    events = load_nato_events()
    assert events["event_id"].is_unique
    assert set(events["kind"]) == {"enlargement", "deployment"}
    enl = events[events["kind"] == "enlargement"]
    assert sorted(pd.to_datetime(enl["date"]).dt.year) == [1999, 2004, 2009, 2017, 2020, 2023, 2024]
    assert enl["members_joined"].sum() == 16
    assert (enl["new_members_bordering_russia"] <= enl["members_joined"]).all()
    dep_years = set(pd.to_datetime(events.loc[events["kind"] == "deployment", "date"]).dt.year)
    assert {2014, 2016, 2022} <= dep_years
    for row in events.itertuples(index=False):
        assert CITATION_RE.match(row.citation), row.event_id
        assert citation_date_ok(row.citation), row.event_id
        assert row.event_id.startswith(row.date.isoformat()), row.event_id
