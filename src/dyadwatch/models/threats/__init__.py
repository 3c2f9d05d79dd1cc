"""Threat claims as competing hypotheses: an ACH engine and the shipped threat register.

Peter Zwack sorts the threats the Kremlin names into *real*, *perceived* and *contrived*; the
essay's recommendation is to tell the last two apart. This package applies Heuer's Analysis of
Competing Hypotheses [Heuer1999, ch. 8] to a claim: every piece of evidence is rated against
every hypothesis, and the hypothesis with the *least* evidence against it is the most likely.

Ratings (one per evidence item and hypothesis):

    ``CC`` very consistent, ``C`` consistent, ``N`` neutral, ``I`` inconsistent,
    ``II`` very inconsistent, ``NA`` not applicable.

Scoring (the inconsistency score of PARC ACH 2.0 [PARC2010]):

    score(h) = sum_e  w_e * points(r_eh),   points: I = 1, II = 2, every other rating = 0,

with the evidence weight ``w_e = credibility_e * relevance_e`` (each 1 by default, or one
``weight`` given directly). Lower is more likely; consistent evidence does not add support,
because evidence consistent with a hypothesis is usually consistent with others too (Heuer's
central point: work by refutation). ``NA`` scores 0, like ``C``.

The package, one idea a module: :mod:`.evidence` (the records and the rating scale),
:mod:`.scoring` (scores, tiers, diagnosticity), :mod:`.ach` (the engine: sensitivity and
conclusion), :mod:`.claims` (claim files), :mod:`.register` (the shipped register). Figures
are in :mod:`dyadwatch.plots.threats`, the report sections in
:mod:`dyadwatch.report.sections.threats`.

Ranking: hypotheses sorted by score, ties kept together in *tiers* (scores equal within
1e-9); the flat ``ranking`` list breaks ties by the order the hypotheses were given in.

Diagnosticity of an evidence item (this module's definition):

    diag(e) = w_e * (max_h points(r_eh) - min_h points(r_eh)),  over hypotheses rated not NA,

so it lies in ``[0, 2 w_e]``. An item that no hypothesis finds inconsistent (only CC, C, N)
has diagnosticity 0: it cannot change any score difference, which is exactly Heuer's "evidence
consistent with all hypotheses has no diagnostic value". An item rated for fewer than two
hypotheses has diagnosticity 0.

Sensitivity [Heuer1999, step 6]: each item is dropped in turn and the matrix rescored. The
ranking *changes* when the tiers change (any pair of hypotheses changes order or ties or
un-ties); the *top changes* when the set of hypotheses in the first tier changes. Items whose
removal changes the top are the conclusion's *critical evidence*: the ones to double-check.

Conclusion and confidence (this module's rule, documented and testable):

* the most likely hypotheses are the first tier; if it holds more than one hypothesis the
  conclusion is "undecided" and the confidence is ``none``;
* otherwise ``gap`` = score of the second tier minus score of the first, in weighted
  inconsistency units (one unit = one full-weight ``I``), and with thresholds
  ``gap_thresholds = (t1, t2)`` (default ``(1, 3)``): ``gap < t1`` gives ``low``,
  ``t1 <= gap < t2`` ``moderate``, ``gap >= t2`` ``high``;
* if dropping any single item changes the top (the conclusion is fragile), the confidence is
  capped at ``low``.

For an undecided conclusion ``gap`` is the tied leaders' margin over the next tier (0 when
every hypothesis ties).

A one-item lead is therefore always ``low``: one piece of evidence is all that stands between
the leader and a tie.

The shipped register (``dyadwatch/data/threats/register.yaml``) holds threat claims made by
the Russian leadership 1993-2025, each with cited evidence rated against the three
hypotheses. The ratings are analytic judgements, with a rationale per rating row; the
citations are to real documents. :func:`assess_register` runs the engine on every claim.

References:
    [Heuer1999] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8 "Analysis of
        Competing Hypotheses". CIA Center for the Study of Intelligence.
    [PARC2010] Palo Alto Research Center (2010). ACH 2.0.5 software and user manual; the
        "inconsistency score" counts I as 1 and II as 2, weighted by credibility and relevance.
    [Zwack] Zwack, P., quoted in the essay: threats to Russia are "real, perceived, and
        contrived".
"""

from __future__ import annotations

from dyadwatch.models.threats.ach import ACH, assess_claim, claim_matrix
from dyadwatch.models.threats.claims import load_claim, parse_claim
from dyadwatch.models.threats.evidence import (
    DEFAULT_HYPOTHESES,
    EVIDENCE_KINDS,
    INCONSISTENCY_POINTS,
    RATINGS,
    Claim,
    Evidence,
)
from dyadwatch.models.threats.register import (
    CITATION_RE,
    Register,
    assess_register,
    load_register,
)
from dyadwatch.models.threats.scoring import diagnosticity, inconsistency_scores, rank_tiers

__all__ = [
    "ACH",
    "CITATION_RE",
    "DEFAULT_HYPOTHESES",
    "EVIDENCE_KINDS",
    "INCONSISTENCY_POINTS",
    "RATINGS",
    "Claim",
    "Evidence",
    "Register",
    "assess_claim",
    "assess_register",
    "claim_matrix",
    "diagnosticity",
    "inconsistency_scores",
    "load_claim",
    "load_register",
    "parse_claim",
    "rank_tiers",
]
