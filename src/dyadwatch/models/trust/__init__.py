"""Norm trust: Moscow's belief that the West keeps to international law, norms and institutions.

The essay's fourth misjudgement is Russian *cynicism*: every time a Western state operates
outside the law, ignores a norm or evades an institution, the Kremlin's view that the West
puts no more stock in rules than Russia does is confirmed. This package turns that claim into
a small, explicit learning model over a shipped, cited ledger of compliance and violation
events (``dyadwatch/data/norms/ledger.csv``; coding rules in the README beside it).

One idea a module:

* :mod:`.ledger`: the ledger's columns and codes, reading a file and checking every row;
* :mod:`.model`: :class:`NormTrust`, the Beta-Bernoulli belief with forgetting and a cynic's
  discount [JI2002]_ [Kydd2005]_, and its projection under continued compliance;
* :mod:`.recovery`: the years of compliance needed to restore trust, by degree of cynicism.

Figures are in :mod:`dyadwatch.plots.trust`, the report section in
:mod:`dyadwatch.report.sections.trust`.

References:
    .. [JI2002] Audun Jøsang and Roslan Ismail, "The Beta Reputation System", Proceedings of the
       15th Bled Electronic Commerce Conference, 2002 (Beta posterior, forgetting factor).
    .. [Kydd2005] Andrew H. Kydd, *Trust and Mistrust in International Relations*, Princeton
       University Press, 2005 (trust as a belief updated on costly and cheap signals).
"""

from __future__ import annotations

from dyadwatch.models.trust.ledger import (
    ACTS,
    CITATION_RE,
    DEFAULT_WEIGHTS,
    EVENT_ID_RE,
    LEDGER_COLUMNS,
    LEDGER_FIRST_YEAR,
    LEDGER_LAST_YEAR,
    NEGATIVE_ACTS,
    PRECISIONS,
    REQUIRED_TEXT,
    RUSSIA_ACTORS,
    SIDES,
    WESTERN_ACTORS,
    load_ledger,
    validate_ledger,
)
from dyadwatch.models.trust.model import NormTrust, check_unit, check_weights, trust_by_year
from dyadwatch.models.trust.recovery import recovery_table

__all__ = [
    "ACTS",
    "CITATION_RE",
    "DEFAULT_WEIGHTS",
    "EVENT_ID_RE",
    "LEDGER_COLUMNS",
    "LEDGER_FIRST_YEAR",
    "LEDGER_LAST_YEAR",
    "NEGATIVE_ACTS",
    "NormTrust",
    "PRECISIONS",
    "REQUIRED_TEXT",
    "RUSSIA_ACTORS",
    "SIDES",
    "WESTERN_ACTORS",
    "check_unit",
    "check_weights",
    "load_ledger",
    "recovery_table",
    "trust_by_year",
    "validate_ledger",
]
