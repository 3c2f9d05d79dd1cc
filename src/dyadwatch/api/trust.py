"""Norm trust: Moscow's belief, by year, that the West keeps to norms, and how to restore it.

The estimator and functions of :mod:`dyadwatch.models.trust` (a Beta posterior with
forgetting and asymmetric weighting, learned from the cited norm ledger), gathered for the
front ends. ``ACTS``, ``SIDES`` and ``LEDGER_COLUMNS`` are the ledger's acts, sides and
columns.

``LEDGER_FIRST_YEAR`` and ``LEDGER_LAST_YEAR`` bound the ledger's years; ``NEGATIVE_ACTS``
are the acts that count against trust.
"""

from __future__ import annotations

from dyadwatch.models.trust import (
    ACTS,
    LEDGER_COLUMNS,
    LEDGER_FIRST_YEAR,
    LEDGER_LAST_YEAR,
    NEGATIVE_ACTS,
    SIDES,
    NormTrust,
    check_weights,
    load_ledger,
    recovery_table,
    trust_by_year,
)

__all__ = [
    "NormTrust",
    "load_ledger",
    "recovery_table",
    "check_weights",
    "ACTS",
    "SIDES",
    "LEDGER_COLUMNS",
    "LEDGER_FIRST_YEAR",
    "LEDGER_LAST_YEAR",
    "NEGATIVE_ACTS",
    "trust_by_year",
]
