"""The stages of the cycle: change points on the relations index, each segment labelled.

The essay names the cycle *euphoria → pragmatism → disillusionment → crisis → reset* (after
Keir Giles of Chatham House) [Essay]. :func:`detect_stages` finds it in two steps on a series
(and, for a sparse source, the events behind it):

1. **Turning points**: mean-shift change points (:class:`~dyadwatch.cycle.detect.StageDetector`,
   exact optimal partitioning, see :mod:`dyadwatch.cycle.changepoints`), with a minimum stage
   length ``min_size`` (default: three months).
2. **Labels**: each segment labelled by its level, trend and jump
   (:mod:`dyadwatch.cycle.labels`).

The chronology events nearest each turning point are its explanation
(:func:`~dyadwatch.cycle.explain.turning_point_events`); a Gaussian HMM runs beside as a second
method (:mod:`dyadwatch.cycle.hmm`). This module is the stage method's public face: it
re-exports the pieces so ``from dyadwatch.cycle.stages import StageDetector`` keeps working.

References:
    [Essay] "What We Get Wrong About Russia" (the essay this project implements), quoting
    Keir Giles (Chatham House) on the stages of US-Russian relations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from dyadwatch.cycle.detect import (
    MIN_EVENTS,
    StageDetector,
    check_length,
    group_observations,
    observation_positions,
    segments_from,
)
from dyadwatch.cycle.explain import turning_point_events
from dyadwatch.cycle.labels import StageLabeller
from dyadwatch.cycle.segments import STAGES, Segment, freq_name, segments_frame
from dyadwatch.display import Result
from dyadwatch.errors import DyadwatchError

__all__ = [
    "STAGES",
    "MIN_EVENTS",
    "Segment",
    "StageLabeller",
    "StageDetector",
    "StagesResult",
    "detect_stages",
    "segments_frame",
    "segments_from",
    "group_observations",
    "observation_positions",
    "check_length",
    "turning_point_events",
]


@dataclass
class StagesResult(Result):
    """Stages of one series, with the second method's view and the agreement between them.

    Attributes:
        series: the index the stages were found on.
        segments: labelled segments, oldest first.
        detector: the fitted :class:`StageDetector`.
        hmm: the fitted Gaussian HMM comparison (None when not run).
        agreement: boundary and label agreement between the two methods.
        notes: method notes and caveats for the output.
        index: the :class:`~dyadwatch.measures.index.RelationsIndex` the series came from.
        events: events used to explain turning points.
    """

    series: pd.Series
    segments: list[Segment]
    detector: StageDetector
    hmm: Any = None
    agreement: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    index: Any = None
    events: pd.DataFrame | None = None

    @property
    def freq(self) -> str:
        """``month``, ``quarter``, ``year`` or ``week``."""
        return freq_name(self.series.index[0])

    def turning_points(self) -> list[pd.Period]:
        """First period of every segment after the first."""
        return [s.start for s in self.segments[1:]]

    def to_frame(self) -> pd.DataFrame:
        """One row per segment (stage, start, end, confidence, level, trend, jump, ...)."""
        return segments_frame(self.segments)

    def title(self) -> str:
        return f"Stages ({len(self.segments)} segments, {len(self.segments) - 1} turning points)"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the ``segments`` list, the penalty, the agreement and the notes."""
        return {
            "segments": [s.to_dict() for s in self.segments],
            "penalty": self.detector.penalty_,
            "cv": self.detector.cv_.to_dict() if getattr(self.detector, "cv_", None) else None,
            "min_size": self.detector.min_size_,
            "agreement": self.agreement,
            "notes": self.notes,
        }


def detect_stages(
    series: pd.Series,
    observations: pd.DataFrame | None = None,
    *,
    events: pd.DataFrame | None = None,
    penalty: float | str = "hq",
    min_size: int | None = None,
    solver: str = "exact",
    compare_hmm: bool = True,
    seed: int | None = 0,
    notes: list[str] | None = None,
    index: Any = None,
) -> StagesResult:
    """The stages of a series (a pure function: data in, stages out).

    Args:
        series: the index (or any series) with a PeriodIndex.
        observations: for a sparse source, the events behind the series (``date``,
            ``goldstein``, ``weight``): then the event is the unit of the change points.
        events: events that explain the turning points (None: no explanations).
        penalty, min_size, solver: the change points (see :class:`StageDetector`).
        compare_hmm: also fit the Gaussian HMM and report the agreement.
        seed: seed of the cross-validated penalty and of the HMM.
        notes: notes on the series to put first (e.g. how the index was made).
        index: the relations index the series came from (kept on the result).

    Raises:
        DyadwatchError: a series with missing values, too short, or too few events.

    Example:
        >>> import numpy as np, pandas as pd
        >>> periods = pd.period_range("2000-01", periods=48, freq="M")
        >>> series = pd.Series(np.r_[np.full(24, 2.0), np.full(24, -2.0)], index=periods)
        >>> result = detect_stages(series, compare_hmm=False)
        >>> [str(p) for p in result.turning_points()]
        ['2002-01']
    """
    if series.isna().any():
        raise DyadwatchError("the series has missing values", fix="fill or drop them first")
    notes = list(notes or [])
    detector = StageDetector(penalty=penalty, min_size=min_size, solver=solver, seed=seed)
    detector.fit(series, observations)
    segments = detector.segments_
    if events is not None:
        turning_point_events(segments, events)
    notes.extend(_method_notes(detector, series, penalty))
    result = StagesResult(series, segments, detector, notes=notes, index=index, events=events)
    if compare_hmm:
        _compare_hmm(result, seed)
    return result


def _method_notes(detector: StageDetector, series: pd.Series, penalty) -> list[str]:
    freq = freq_name(series.index[0])
    unit = (
        f"the {detector.n_obs_} events' Goldstein scores (sparse source: the event is the unit)"
        if detector.unit_ == "event"
        else f"the {len(series)} {freq}ly values"
    )
    criterion = penalty if isinstance(penalty, str) else "given"
    notes = [
        f"Turning points: mean-shift change points on {unit}, exact optimal partitioning "
        f"(jump=1, at least {detector.min_size_} {freq}s per stage), {criterion} penalty "
        f"{detector.penalty_:.3g} per break (noise sd {detector.sigma_:.3g}); 'strong' turning "
        "points also survive the BIC penalty. Stages labelled by level, trend and jump rules "
        "(see dyadwatch.cycle.labels)."
    ]
    if detector.cv_ is not None:
        cv = detector.cv_
        notes.append(
            f"cv penalty: {cv.chosen:.2g} times the HQ penalty, the largest within one standard "
            f"error of the best held-out error ({cv.best:.2g} times; 5-fold cross-validation, "
            f"2 repeats, multiples {cv.multiples[0]:.2g} to {cv.multiples[-1]:.2g})."
        )
    return notes


def _compare_hmm(result: StagesResult, seed: int | None) -> None:
    """Fit the Gaussian HMM beside the change points; store it and the agreement."""
    from dyadwatch.cycle.hmm import HMMStages, agreement, monthly_labels

    series, segments = result.series, result.segments
    hmm = HMMStages(seed=seed).fit(series)
    result.hmm = hmm
    result.agreement = agreement(segments, hmm.segments_, tolerance_months=3)
    theirs = monthly_labels(hmm.segments_)
    for seg in segments:
        ours = pd.period_range(seg.start, seg.end, freq=seg.start.freq)
        seg.hmm_agreement = float((theirs.reindex(ours) == seg.stage).mean())
    a = result.agreement
    result.notes.append(
        f"Second method: Gaussian HMM with {hmm.n_states_} states (BIC); stage labels agree "
        f"in {a['label_agreement']:.0%} of {result.freq}s (kappa {a['label_kappa']:.2f}); "
        f"{a['matched_boundaries']} of {a['boundaries']} turning points within ±3 months of "
        "an HMM switch."
    )
