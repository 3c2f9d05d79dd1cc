"""The ACH engine: score a claim's evidence matrix, test its sensitivity, draw a conclusion.

Heuer's Analysis of Competing Hypotheses [Heuer1999, ch. 8] applied to a claim: every piece
of evidence is rated against every hypothesis, and the hypothesis with the *least* evidence
against it is the most likely (scores: :mod:`.scoring`).

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
every hypothesis ties). A one-item lead is therefore always ``low``: one piece of evidence is
all that stands between the leader and a tie.

References:
    [Heuer1999] Heuer, R. J. (1999). Psychology of Intelligence Analysis, ch. 8 "Analysis of
        Competing Hypotheses". CIA Center for the Study of Intelligence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.threats.evidence import (
    DEFAULT_HYPOTHESES,
    INCONSISTENCY_POINTS,
    RATINGS,
    Claim,
    Evidence,
)
from dyadwatch.models.threats.scoring import TOL, diagnosticity, inconsistency_scores, rank_tiers

__all__ = ["ACH", "assess_claim", "claim_matrix"]


class ACH:
    """Analysis of Competing Hypotheses with PARC inconsistency scoring [Heuer1999].

    An estimator in the scikit-learn sense: the constructor stores its arguments unchanged,
    :meth:`fit` scores a claim and returns the engine, and what it learns ends in ``_``. It
    draws no random numbers.

    Args:
        hypotheses: the hypotheses (default real, perceived, contrived). When the claim
            passed to :meth:`fit` carries its own hypotheses, those are used.
        gap_thresholds: ``(t1, t2)`` in weighted inconsistency units: a score gap below t1
            is low confidence, from t1 to below t2 moderate, t2 and above high (see the
            module docstring for the full rule, including the fragility cap).

    Attributes:
        hypotheses_: the hypotheses scored.
        scores_: ``{hypothesis: inconsistency score}``.
        tiers_: hypotheses grouped by equal score, most likely first.
        ranking_: hypotheses most to least likely (ties in given order).
        diagnosticity_: ``{evidence id: diagnosticity}``.
        sensitivity_: one record per dropped item: ``dropped``, ``scores``, ``ranking``,
            ``ranking_changed``, ``top_changed``.
        conclusion_: ``most_likely``, ``confidence``, ``gap``, ``robust``,
            ``critical_evidence``, ``text``.
    """

    def __init__(
        self,
        hypotheses: Sequence[str] | None = None,
        *,
        gap_thresholds: tuple[float, float] = (1.0, 3.0),
    ) -> None:
        self.hypotheses = hypotheses
        self.gap_thresholds = gap_thresholds

    def fit(self, claim: Claim | Sequence[Evidence]) -> ACH:
        """Score a claim (or a bare list of evidence) and run the sensitivity analysis.

        Returns:
            The engine itself.
        """
        if isinstance(claim, Claim):
            hypotheses = tuple(claim.hypotheses)
            evidence = tuple(claim.evidence)
        else:
            hypotheses = tuple(self.hypotheses or DEFAULT_HYPOTHESES)
            evidence = tuple(claim)
        _check_matrix(hypotheses, evidence)
        t1, t2 = self.gap_thresholds
        if not (0 <= t1 <= t2):
            raise DyadwatchError(
                f"gap thresholds must satisfy 0 <= t1 <= t2, got {self.gap_thresholds}",
                fix="pass gap_thresholds=(1.0, 3.0) or similar",
            )
        self.hypotheses_ = hypotheses
        self.scores_ = inconsistency_scores(evidence, hypotheses)
        self.tiers_ = rank_tiers(self.scores_, hypotheses)
        self.ranking_ = [h for tier in self.tiers_ for h in tier]
        self.diagnosticity_ = {e.id: diagnosticity(e, hypotheses) for e in evidence}
        self.sensitivity_ = [self._drop(evidence, i, hypotheses) for i in range(len(evidence))]
        self.conclusion_ = self._conclude()
        return self

    def _drop(
        self, evidence: tuple[Evidence, ...], i: int, hypotheses: tuple[str, ...]
    ) -> dict[str, Any]:
        """Rescore without item ``i``: the sensitivity record."""
        rest = evidence[:i] + evidence[i + 1 :]
        scores = inconsistency_scores(rest, hypotheses)
        tiers = rank_tiers(scores, hypotheses)
        return {
            "dropped": evidence[i].id,
            "scores": scores,
            "ranking": [h for tier in tiers for h in tier],
            "ranking_changed": _tiers_key(tiers) != _tiers_key(self.tiers_),
            "top_changed": set(tiers[0]) != set(self.tiers_[0]),
        }

    def _confidence(self, gap: float, robust: bool) -> str:
        t1, t2 = self.gap_thresholds
        if gap >= t2 - TOL:
            confidence = "high"
        elif gap >= t1 - TOL:
            confidence = "moderate"
        else:
            confidence = "low"
        return confidence if robust else "low"

    def _conclude(self) -> dict[str, Any]:
        top = self.tiers_[0]
        critical = [s["dropped"] for s in self.sensitivity_ if s["top_changed"]]
        robust = not critical
        gap = (
            0.0 if len(self.tiers_) == 1 else self.scores_[self.tiers_[1][0]] - self.scores_[top[0]]
        )
        if len(top) > 1:
            confidence = "none"
            text = (
                f"undecided between {' and '.join(top)} "
                f"(equal inconsistency {_num(self.scores_[top[0]])})"
            )
        else:
            confidence = self._confidence(gap, robust)
            runner = self.tiers_[1]
            text = (
                f"{top[0]} is the least inconsistent hypothesis "
                f"(score {_num(self.scores_[top[0]])} against {_num(self.scores_[runner[0]])} "
                f"for {' / '.join(runner)}; gap {_num(gap)}): {confidence} confidence"
            )
            if not robust:
                text += f"; dropping {', '.join(critical)} would change the conclusion"
        return {
            "most_likely": list(top),
            "confidence": confidence,
            "gap": gap,
            "robust": robust,
            "critical_evidence": critical,
            "text": text,
        }

    def result(self) -> dict[str, Any]:
        """The assessment as plain data (what the command line prints as JSON)."""
        return {
            "hypotheses": list(self.hypotheses_),
            "ranking": list(self.ranking_),
            "tiers": [list(t) for t in self.tiers_],
            "scores": dict(self.scores_),
            "diagnosticity": dict(self.diagnosticity_),
            "sensitivity": list(self.sensitivity_),
            "conclusion": dict(self.conclusion_),
        }


def assess_claim(claim: Claim, *, gap_thresholds: tuple[float, float] = (1.0, 3.0)) -> ACH:
    """Fit :class:`ACH` on one claim and return the fitted engine."""
    return ACH(gap_thresholds=gap_thresholds).fit(claim)


def claim_matrix(claim: Claim, ach: ACH | None = None) -> pd.DataFrame:
    """The evidence matrix of a claim as a frame: id, weight, one column per hypothesis,
    diagnosticity, text (and kind/citation/rationale when present)."""
    ach = ach or assess_claim(claim)
    rows = []
    for e in claim.evidence:
        row: dict[str, Any] = {"id": e.id, "weight": e.weight}
        row.update({h: e.ratings[h] for h in claim.hypotheses})
        row["diagnosticity"] = ach.diagnosticity_[e.id]
        row["text"] = e.text
        if e.kind:
            row["kind"] = e.kind
        if e.citation:
            row["citation"] = e.citation
        if e.rationale:
            row["rationale"] = e.rationale
        rows.append(row)
    return pd.DataFrame(rows)


def _tiers_key(tiers: list[list[str]]) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(t) for t in tiers)


def _num(x: float) -> str:
    return f"{x:g}"


def _check_matrix(hypotheses: Sequence[str], evidence: Sequence[Evidence]) -> None:
    """Validate a matrix built in Python (files are validated with line numbers on load)."""
    if len(hypotheses) < 2 or len(set(hypotheses)) != len(hypotheses):
        raise DyadwatchError(
            f"need at least two distinct hypotheses, got {list(hypotheses)}",
            fix="name each competing hypothesis once",
        )
    if not evidence:
        raise DyadwatchError("no evidence to assess", fix="add at least one evidence item")
    seen: set[str] = set()
    for item in evidence:
        if item.id in seen:
            raise DyadwatchError(
                f"duplicate evidence id '{item.id}'",
                where=f"evidence '{item.id}'",
                fix="give every evidence item its own id",
            )
        seen.add(item.id)
        _check_item(item, hypotheses)


def _check_item(item: Evidence, hypotheses: Sequence[str]) -> None:
    where = f"evidence '{item.id}'"
    missing = [h for h in hypotheses if h not in item.ratings]
    if missing:
        raise DyadwatchError(
            f"no rating for hypothesis '{missing[0]}'",
            where=where,
            fix=f"rate every hypothesis: {', '.join(hypotheses)}",
        )
    extra = [h for h in item.ratings if h not in hypotheses]
    if extra:
        raise DyadwatchError(
            f"rating for unknown hypothesis '{extra[0]}'",
            where=where,
            fix=f"the hypotheses are: {', '.join(hypotheses)}",
        )
    for h, r in item.ratings.items():
        if r not in INCONSISTENCY_POINTS:
            raise DyadwatchError(
                f"unknown rating '{r}' for hypothesis '{h}'",
                where=where,
                fix=f"use one of {', '.join(RATINGS)}",
            )
    w = item.weight
    if not (isinstance(w, (int, float)) and math.isfinite(w) and w > 0):
        raise DyadwatchError(
            f"weight must be a positive number, got {w!r}",
            where=where,
            fix="use e.g. weight: 0.5",
        )
