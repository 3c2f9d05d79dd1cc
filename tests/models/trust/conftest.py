"""Fixtures for the norm-trust tests: synthetic ledgers built by code."""

from __future__ import annotations

import pytest

from dyadwatch.models.trust import validate_ledger

CITE = 'Test Publisher, "Synthetic event", 2000-01-01'


def _synthetic(events: list[tuple[int, str, str]]) -> object:
    """A validated ledger from (year, act, actor) triples; ids are made unique."""
    rows = []
    for k, (year, act, actor) in enumerate(events):
        day = f"{year}-01-{(k % 28) + 1:02d}"
        rows.append(
            {
                "event_id": f"{day}-synthetic-{k}",
                "date": day,
                "date_precision": "day",
                "actor": actor,
                "norm": "Test norm",
                "act": act,
                "description": "Synthetic event.",
                "citation": CITE,
                "moscow_view": "",
                "moscow_view_citation": "",
                "coding_note": "",
                "tags": "",
            }
        )
    return validate_ledger(rows, source="synthetic")


@pytest.fixture(scope="session")
def synthetic():
    """``synthetic(events)``: a validated ledger from (year, act, actor) triples."""
    return _synthetic
