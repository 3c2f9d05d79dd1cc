"""Stages and segments: the five stage names, one labelled stretch of a series, period helpers.

The essay names the cycle *euphoria → pragmatism → disillusionment → crisis → reset* (after
Keir Giles of Chatham House) [Essay]. A :class:`Segment` is one stretch of a periodic series
with the stage it was labelled and the numbers behind the label; every stage method (change
points, the Gaussian HMM, the ordered semi-Markov model) produces segments, so that their
outputs share one shape.

References:
    [Essay] "What We Get Wrong About Russia" (the essay this project implements), quoting
    Keir Giles (Chatham House) on the stages of US-Russian relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dyadwatch.periods import period_label
from dyadwatch.stagenames import STAGES

__all__ = [
    "STAGES",
    "Segment",
    "segments_frame",
    "freq_name",
    "periods_per_year",
    "period_text",
    "months_per",
    "months_between",
]


@dataclass
class Segment:
    """One stage: ``start`` and ``end`` are the first and last period (inclusive)."""

    start: pd.Period
    end: pd.Period
    stage: str
    confidence: float
    level: float
    trend: float
    jump: float | None
    scores: dict[str, float] = field(default_factory=dict)
    turning_point_events: list[dict[str, Any]] = field(default_factory=list)
    support: str | None = None
    hmm_agreement: float | None = None

    @property
    def months(self) -> int:
        """Length in months (weeks are converted at 52.18 a year)."""
        if freq_name(self.start) == "week":
            return int(round(((self.end - self.start).n + 1) * 12 / 52.1775))
        return months_between(self.start, self.end) + months_per(self.start)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{start, end, stage, confidence, level, trend, jump, ...}``."""
        return {
            "start": period_text(self.start),
            "end": period_text(self.end),
            "stage": self.stage,
            "confidence": round(self.confidence, 3),
            "level": round(self.level, 3),
            "trend": round(self.trend, 3),
            "jump": None if self.jump is None else round(self.jump, 3),
            "months": self.months,
            "support": self.support,
            "hmm_agreement": None if self.hmm_agreement is None else round(self.hmm_agreement, 3),
            "scores": {k: round(v, 3) for k, v in self.scores.items()},
            "turning_point_events": self.turning_point_events,
        }


def period_text(period: pd.Period) -> str:
    """The period's label at its own frequency (``2014-03``, ``2014-Q1``, ``2014``)."""
    return period_label(period, freq_name(period))


def freq_name(period: pd.Period) -> str:
    """``month``, ``quarter``, ``year`` or ``week`` from a period's frequency."""
    code = period.freqstr.upper()
    if code.startswith("M"):
        return "month"
    if code.startswith("Q"):
        return "quarter"
    if code.startswith(("Y", "A")):
        return "year"
    return "week"


def months_per(period: pd.Period) -> int:
    """Whole months in one period (0 for a week)."""
    return {"month": 1, "quarter": 3, "year": 12, "week": 0}[freq_name(period)]


def months_between(a: pd.Period, b: pd.Period) -> int:
    """Calendar months from the start of ``a`` to the start of ``b``."""
    sa, sb = a.start_time, b.start_time
    return (sb.year - sa.year) * 12 + (sb.month - sa.month)


def periods_per_year(periods: pd.PeriodIndex) -> float:
    """Periods in a year at the frequency of ``periods`` (12 when empty)."""
    if not len(periods):
        return 12.0
    return {"month": 12.0, "quarter": 4.0, "year": 1.0, "week": 52.1775}[freq_name(periods[0])]


def segments_frame(segments: list[Segment]) -> pd.DataFrame:
    """A table of segments (for table/CSV output)."""
    rows = []
    for seg in segments:
        d = seg.to_dict()
        d["turning_point_events"] = "; ".join(
            f"{e['date']} {e['description']}" for e in seg.turning_point_events
        )
        d.pop("scores")
        rows.append(d)
    return pd.DataFrame(
        rows,
        columns=[
            "start",
            "end",
            "stage",
            "confidence",
            "level",
            "trend",
            "jump",
            "months",
            "support",
            "hmm_agreement",
            "turning_point_events",
        ],
    )
