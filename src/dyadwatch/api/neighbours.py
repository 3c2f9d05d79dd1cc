"""Security demand: the yearly alignment of Russia's neighbours, its transitions and the
survival of neutrality.

The estimators and functions of :mod:`dyadwatch.models.neighbours`, gathered for the front
ends, with one thin function of its own, :func:`panel`. ``COUNTRIES`` are the neighbours'
ISO3 codes.

``FIRST_YEAR`` and ``LAST_YEAR`` bound the panel's years; ``STATUSES`` are the alignment
statuses (aligned, neutral, opposed).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dyadwatch.models.neighbours import (
    COUNTRIES,
    FIRST_YEAR,
    LAST_YEAR,
    STATUSES,
    AlignmentChain,
    NeutralitySurvival,
    alignment_panel,
    load_coercive_acts,
    load_spells,
)

__all__ = [
    "panel",
    "alignment_panel",
    "load_spells",
    "AlignmentChain",
    "NeutralitySurvival",
    "load_coercive_acts",
    "COUNTRIES",
    "FIRST_YEAR",
    "LAST_YEAR",
    "STATUSES",
]


def panel(rule: str = "default", spells: str | Path | None = None) -> pd.DataFrame:
    """Alignment (aligned / neutral / opposed) of each neighbour per year under a coding rule.

    Args:
        rule: ``default`` (EU ties count as opposed) or ``military`` (NATO and war only).
        spells: an alignment spells CSV (default: the shipped, cited table).
    """
    return alignment_panel(rule, load_spells(spells) if spells is not None else None)
