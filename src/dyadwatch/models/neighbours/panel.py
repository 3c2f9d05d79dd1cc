"""The country-year panel: one status per neighbour and year, under a coding rule.

:func:`expand_spells` turns spells (:mod:`.spells`) into one row per country-year;
:func:`alignment_panel` picks the status column of a coding rule (``default``: EU membership
or application counts as opposed; ``military``: only NATO and Russian military action count).
"""

from __future__ import annotations

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.neighbours.coding import COUNTRIES
from dyadwatch.models.neighbours.spells import load_spells

__all__ = ["RULES", "alignment_panel", "expand_spells"]

#: coding rule -> the spells column that holds its status
RULES = {"default": "status", "military": "status_military"}
_PANEL_COLUMNS = ["country", "year", "status", "status_military", "basis", "citation"]


def expand_spells(spells: pd.DataFrame) -> pd.DataFrame:
    """One row per country-year from spells (``country, year, status, status_military, ...``)."""
    rows = [
        {
            "country": rec.country,
            "year": year,
            "status": rec.status,
            "status_military": rec.status_military,
            "basis": rec.basis,
            "citation": rec.citation,
        }
        for rec in spells.itertuples(index=False)
        for year in range(int(rec.start_year), int(rec.end_year) + 1)
    ]
    frame = pd.DataFrame(rows, columns=_PANEL_COLUMNS)
    return frame.sort_values(["country", "year"]).reset_index(drop=True)


def _column_for(rule: str) -> str:
    if rule not in RULES:
        raise DyadwatchError(
            f"unknown coding rule {rule!r}", where="{rule}", fix="use default or military"
        )
    return RULES[rule]


def alignment_panel(rule: str = "default", spells: pd.DataFrame | None = None) -> pd.DataFrame:
    """Country-year alignment under a coding rule: ``country, name, year, status, basis, citation``.

    Args:
        rule: ``default`` (EU membership or application counts as opposed) or ``military``
            (only NATO and Russian military action count).
        spells: validated spells (default: the shipped table).
    """
    column = _column_for(rule)
    spells = load_spells() if spells is None else spells
    panel = expand_spells(spells)
    panel["status"] = panel[column]
    panel.insert(1, "name", panel["country"].map(COUNTRIES).fillna(panel["country"]))
    return panel[["country", "name", "year", "status", "basis", "citation"]]
