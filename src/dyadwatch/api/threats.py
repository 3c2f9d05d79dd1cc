"""Threat claims: the register assessed with ACH, an analyst's discernment, and the spiral.

The functions of :mod:`dyadwatch.models.threats` (Heuer's Analysis of Competing Hypotheses),
:mod:`dyadwatch.models.discernment` (signal detection: d', criterion c; Green & Swets 1966) and
:mod:`dyadwatch.models.spiral` (the NATO-enlargement security spiral; Jervis 1976), gathered
for the front ends, with two thin functions of their own: :func:`discernment` and
:func:`compare_spiral`.

``DEFAULT_HYPOTHESES`` are the three hypotheses (real, perceived, contrived) and
``INCONSISTENCY_POINTS`` the ACH points of each inconsistency rating.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import pandas as pd

from dyadwatch.models.spiral import (
    SecuritySpiral,
    load_nato_events,
)
from dyadwatch.models.threats import (
    DEFAULT_HYPOTHESES,
    INCONSISTENCY_POINTS,
    assess_claim,
    assess_register,
    claim_matrix,
    load_claim,
    load_register,
    parse_claim,
)

__all__ = [
    "assess_register",
    "assess_claim",
    "claim_matrix",
    "load_register",
    "load_claim",
    "discernment",
    "SecuritySpiral",
    "compare_spiral",
    "DEFAULT_HYPOTHESES",
    "INCONSISTENCY_POINTS",
    "parse_claim",
    "load_nato_events",
]


def discernment(
    path: str | Path,
    *,
    cost_miscalculation: float = 1.0,
    cost_concession: float = 1.0,
    correction: Literal["loglinear", "none"] = "loglinear",
) -> dict[str, Any]:
    """Score an analyst's classifications (a ``claim_id,classification`` CSV) against the
    register: d', criterion c and expected costs
    (:func:`dyadwatch.models.discernment.score_against_register`).

    A missing, binary, non-UTF-8 or empty file is one clear error line before the CSV reader.

    Args:
        path: the classifications CSV.
        cost_miscalculation: cost of treating a genuinely held threat as contrived.
        cost_concession: cost of treating a contrived threat as genuinely held.
        correction: ``loglinear`` (Hautus 1995) or ``none`` (raw rates).
    """
    from dyadwatch.models.discernment import score_against_register
    from dyadwatch.sources.yamlfile import read_text

    read_text(path, empty_fix="start it with the header: claim_id,classification")
    return score_against_register(
        path,
        cost_miscalculation=cost_miscalculation,
        cost_concession=cost_concession,
        correction=correction,
    )


def compare_spiral(**params: Any) -> pd.DataFrame:
    """The spiral's trajectories with and without perception (``perception`` 0), stacked with
    a ``scenario`` column (:func:`dyadwatch.models.spiral.compare`); ``params`` are those of
    :class:`SecuritySpiral`."""
    from dyadwatch.models.spiral import compare

    return compare(**params)
