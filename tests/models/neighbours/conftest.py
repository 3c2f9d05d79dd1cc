"""Fixtures for the neighbours tests: country-year panels written as letters."""

from __future__ import annotations

import pandas as pd
import pytest


def _panel_from(sequences: dict[str, str], start: int = 2000) -> pd.DataFrame:
    """Country -> letters (A aligned, N neutral, O opposed), one letter per year."""
    names = {"A": "aligned", "N": "neutral", "O": "opposed"}
    rows = [
        {"country": c, "year": start + k, "status": names[x]}
        for c, seq in sequences.items()
        for k, x in enumerate(seq)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="session")
def panel_from():
    """``panel_from({"X": "NNAA"})``: a panel from one string of status letters a country."""
    return _panel_from
