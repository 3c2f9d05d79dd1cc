"""ACH scoring: inconsistency scores, tiers of equal score, diagnosticity (pure functions).

Scoring (the inconsistency score of PARC ACH 2.0 [PARC2010]):

    score(h) = sum_e  w_e * points(r_eh),   points: I = 1, II = 2, every other rating = 0,

with the evidence weight ``w_e = credibility_e * relevance_e`` (each 1 by default, or one
``weight`` given directly). Lower is more likely; consistent evidence does not add support,
because evidence consistent with a hypothesis is usually consistent with others too (Heuer's
central point: work by refutation [Heuer1999]). ``NA`` scores 0, like ``C``.

Ranking: hypotheses sorted by score, ties kept together in *tiers* (scores equal within
1e-9).

Diagnosticity of an evidence item (this module's definition):

    diag(e) = w_e * (max_h points(r_eh) - min_h points(r_eh)),  over hypotheses rated not NA,

so it lies in ``[0, 2 w_e]``. An item that no hypothesis finds inconsistent (only CC, C, N)
has diagnosticity 0: it cannot change any score difference, which is exactly Heuer's "evidence
consistent with all hypotheses has no diagnostic value". An item rated for fewer than two
hypotheses has diagnosticity 0.

References:
    [Heuer1999] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8 "Analysis of
        Competing Hypotheses". CIA Center for the Study of Intelligence.
    [PARC2010] Palo Alto Research Center (2010). ACH 2.0.5 software and user manual; the
        "inconsistency score" counts I as 1 and II as 2, weighted by credibility and relevance.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from dyadwatch.models.threats.evidence import INCONSISTENCY_POINTS, Evidence

__all__ = ["TOL", "diagnosticity", "inconsistency_scores", "rank_tiers"]

#: scores closer than this tie
TOL = 1e-9


def inconsistency_scores(
    evidence: Iterable[Evidence], hypotheses: Sequence[str]
) -> dict[str, float]:
    """Weighted inconsistency score per hypothesis (lower is more likely) [PARC2010].

    Args:
        evidence: rated evidence items.
        hypotheses: the hypotheses to score, in order.

    Returns:
        ``{hypothesis: sum of weight x points}`` with I = 1 and II = 2 points.
    """
    scores = {h: 0.0 for h in hypotheses}
    for item in evidence:
        for h in hypotheses:
            scores[h] += item.weight * INCONSISTENCY_POINTS[item.ratings[h]]
    return scores


def rank_tiers(scores: Mapping[str, float], hypotheses: Sequence[str]) -> list[list[str]]:
    """Hypotheses grouped into tiers of equal score, most likely (lowest score) first.

    Within a tier the hypotheses keep the order of ``hypotheses``.
    """
    order = sorted(hypotheses, key=lambda h: (scores[h], hypotheses.index(h)))
    tiers: list[list[str]] = []
    for h in order:
        if tiers and math.isclose(scores[h], scores[tiers[-1][0]], rel_tol=0.0, abs_tol=TOL):
            tiers[-1].append(h)
        else:
            tiers.append([h])
    return tiers


def diagnosticity(item: Evidence, hypotheses: Sequence[str]) -> float:
    """Diagnosticity of one item: weight x spread of its inconsistency points.

    The spread is taken over the hypotheses the item is rated for (not ``NA``); an item no
    hypothesis finds inconsistent, or rated for fewer than two hypotheses, has none.
    """
    points = [INCONSISTENCY_POINTS[item.ratings[h]] for h in hypotheses if item.ratings[h] != "NA"]
    if len(points) < 2:
        return 0.0
    return item.weight * (max(points) - min(points))
