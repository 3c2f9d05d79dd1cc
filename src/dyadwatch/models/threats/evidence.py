"""The records of an ACH assessment: a claim, its hypotheses, its rated evidence.

Ratings (one per evidence item and hypothesis) follow Heuer [Heuer1999, ch. 8] and the PARC
ACH software [PARC2010]:

    ``CC`` very consistent, ``C`` consistent, ``N`` neutral, ``I`` inconsistent,
    ``II`` very inconsistent, ``NA`` not applicable.

The default hypotheses are Peter Zwack's three readings of a threat the Kremlin names
[Zwack]: *real*, *perceived* and *contrived*.

References:
    [Heuer1999] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8 "Analysis of
        Competing Hypotheses". CIA Center for the Study of Intelligence.
    [PARC2010] Palo Alto Research Center (2010). ACH 2.0.5 software and user manual.
    [Zwack] Zwack, P., quoted in the essay: threats to Russia are "real, perceived, and
        contrived".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = [
    "DEFAULT_HYPOTHESES",
    "EVIDENCE_KINDS",
    "INCONSISTENCY_POINTS",
    "RATINGS",
    "Claim",
    "Evidence",
]

DEFAULT_HYPOTHESES: tuple[str, ...] = ("real", "perceived", "contrived")
RATINGS: tuple[str, ...] = ("CC", "C", "N", "I", "II", "NA")
#: points of each rating in the inconsistency score [PARC2010]
INCONSISTENCY_POINTS: dict[str, int] = {"CC": 0, "C": 0, "N": 0, "I": 1, "II": 2, "NA": 0}
EVIDENCE_KINDS: tuple[str, ...] = (
    "military_change",
    "consistency",
    "costly_action",
    "domestic_timing",
    "verification",
)


@dataclass(frozen=True)
class Evidence:
    """One evidence item of an ACH matrix (a record, not an estimator).

    Attributes:
        id: unique within its claim.
        text: what the evidence is.
        ratings: hypothesis -> rating (one of :data:`RATINGS`).
        weight: credibility x relevance (default 1).
        kind: one of :data:`EVIDENCE_KINDS` (register items), or None.
        citation: ``Publisher, "Title", date`` of the source.
        rationale: why the ratings are what they are (an analytic judgement).
    """

    id: str
    text: str
    ratings: Mapping[str, str]
    weight: float = 1.0
    kind: str | None = None
    citation: str | None = None
    rationale: str | None = None


@dataclass(frozen=True)
class Claim:
    """A threat claim with its evidence matrix (a record, not an estimator).

    Attributes:
        claim: the claim, paraphrased.
        evidence: the rated evidence items.
        hypotheses: the competing hypotheses (default real, perceived, contrived).
        id: register id (``YYYY-MM-DD-slug``) or None for a user file.
        date: when the claim was made.
        claimant: who made it.
        topic: register topic.
        citation: source of the claim.
        url: link to the source, where there is one.
        extra: other register fields (``date_precision``, ``title``, ``note``).
    """

    claim: str
    evidence: tuple[Evidence, ...]
    hypotheses: tuple[str, ...] = DEFAULT_HYPOTHESES
    id: str | None = None
    date: date | None = None
    claimant: str | None = None
    topic: str | None = None
    citation: str | None = None
    url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
