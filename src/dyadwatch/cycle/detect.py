"""Turning points on a periodic series, then stage labels: the change-point stage detector.

Mean-shift change points on the index (:class:`~dyadwatch.cycle.changepoints.ChangePoints`,
exact optimal partitioning with a Hannan–Quinn, BIC, AIC or cross-validated penalty), with a
minimum stage length ``min_size`` (default: three months), then each segment labelled by
:class:`~dyadwatch.cycle.labels.StageLabeller`. For a sparse source (the curated chronology) the
unit of observation is the event, not the period: see :meth:`StageDetector.fit`.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from dyadwatch.cycle.changepoints import ChangePoints
from dyadwatch.cycle.labels import StageLabeller
from dyadwatch.cycle.segments import STAGES, Segment, freq_name, periods_per_year
from dyadwatch.errors import DyadwatchError

__all__ = [
    "MIN_EVENTS",
    "StageDetector",
    "group_observations",
    "observation_positions",
    "check_length",
    "segments_from",
]

#: Fewest events a stage may rest on, for a sparse source.
MIN_EVENTS = 3


class StageDetector:
    """Turning points on a periodic series, then stage labels.

    Args:
        penalty: ``"hq"`` (default), ``"bic"``, ``"aic"``, ``"cv"`` (the multiple of the HQ
            penalty chosen by cross-validation) or a positive number (see
            :mod:`dyadwatch.cycle.changepoints`).
        min_size: shortest stage, in periods (default: three months' worth, at least two).
        solver: ``"exact"`` or ``"pelt"`` (ruptures, jump=1).
        labeller: a :class:`StageLabeller` to copy (default rules).
        support: also run the BIC penalty and mark turning points that survive it as strong.
        seed: seed of the cross-validation folds (``penalty="cv"``).

    Attributes:
        bkps_: breakpoints (positions; last = length).
        penalty_: the penalty value used.
        segments_: the labelled :class:`Segment` list.
        cv_: the :class:`~dyadwatch.cycle.changepoints.CVResult` when ``penalty="cv"``.
        changepoints_: the fitted :class:`~dyadwatch.cycle.changepoints.ChangePoints` (to re-run
            the segmentation at other penalties).
        labeller_: the fitted copy of the labeller.
        unit_: ``"event"`` (sparse source) or ``"period"``.
        sigma_, n_obs_, min_size_: the noise sd, observations and minimum stage length used.
    """

    def __init__(
        self,
        *,
        penalty: float | str = "hq",
        min_size: int | None = None,
        solver: str = "exact",
        labeller: StageLabeller | None = None,
        support: bool = True,
        seed: int | None = 0,
    ) -> None:
        self.penalty = penalty
        self.min_size = min_size
        self.solver = solver
        self.labeller = labeller
        self.support = support
        self.seed = seed

    def fit(self, series: pd.Series, observations: pd.DataFrame | None = None) -> StageDetector:
        """Detect and label.

        Args:
            series: the index, with a monthly/quarterly/yearly/weekly PeriodIndex; the stages are
                labelled on it.
            observations: for a sparse source, the events behind it (``date``, ``goldstein``,
                ``weight``). Then the unit of observation is the event: the cost of a segment is
                the squared deviation of its events' scores from their mean, breaks fall between
                periods, the noise sd is estimated from consecutive events and ``n`` in the BIC
                is the number of events. Without them, the unit is the period.
        """
        if not isinstance(series.index, pd.PeriodIndex):
            raise TypeError("series must have a PeriodIndex")
        values = series.to_numpy(dtype=float)
        periods = series.index
        per_year = periods_per_year(periods)
        self.min_size_ = self.min_size or max(2, int(round(3 * per_year / 12)))
        check_length(
            len(values), self.min_size_, freq_name(periods[0]) if len(periods) else "month"
        )
        detector, grouped = self._changepoints(values, periods, observations)
        penalty = self._penalty(detector, values, periods, observations)
        self.bkps_ = detector.predict(penalty)
        self.changepoints_ = detector
        self.penalty_ = detector.penalty_
        self.sigma_ = detector.sigma_
        self.n_obs_ = detector.n_obs_
        # turning points that also survive the more conservative BIC are "strongly supported"
        if self.support and penalty != "bic":
            self.strong_bkps_ = detector.predict("bic")
            detector.penalty_ = self.penalty_
        else:
            self.strong_bkps_ = list(self.bkps_)
        labeller = copy.deepcopy(self.labeller) if self.labeller is not None else StageLabeller()
        labeller.fit(
            values, self.bkps_, periods_per_year=per_year, grouped=grouped, sigma=self.sigma_
        )
        self.labeller_ = labeller
        self.segments_ = segments_from(periods, self.bkps_, labeller)
        if self.support:
            self._mark_support(periods, per_year)
        return self

    def _changepoints(self, values, periods, observations):
        """The fitted change-point model: events as the unit (sparse) or periods."""
        if observations is None:
            self.unit_ = "period"
            fitted = ChangePoints(solver=self.solver, min_size=self.min_size_).fit(values)
            return fitted, None
        grouped, sigma, n_obs, counts = group_observations(observations, periods, with_counts=True)
        if n_obs < 4 * MIN_EVENTS:
            raise DyadwatchError(
                f"only {n_obs} events: too few to find stages (need at least {4 * MIN_EVENTS})",
                where="{dyad}/{source}",
                fix="use a source with more events for this pair (GDELT, ICEWS)",
            )
        detector = ChangePoints(
            model="grouped_l2", solver="exact", min_size=self.min_size_, min_obs=MIN_EVENTS
        )
        detector.fit(np.column_stack([grouped, counts]), sigma=sigma, n_obs=n_obs)
        self.unit_ = "event"
        return detector, grouped

    def _penalty(self, detector, values, periods, observations) -> float | str:
        """The penalty to predict with; for ``cv``, the cross-validated multiple of HQ."""
        from dyadwatch.cycle.changepoints import cross_validate_penalty, parse_penalty

        penalty = parse_penalty(self.penalty)
        self.cv_ = None
        if penalty != "cv":
            return penalty
        if observations is not None:
            pos, obs_values, _ = observation_positions(observations, periods)
        else:
            pos, obs_values = np.arange(len(values)), values
        self.cv_ = cross_validate_penalty(
            pos,
            obs_values,
            len(periods),
            base_penalty=detector.penalty("hq"),
            min_size=self.min_size_,
            min_obs=MIN_EVENTS if observations is not None else 1,
            seed=self.seed,
        )
        return detector.penalty("hq") * self.cv_.chosen

    def _mark_support(self, periods: pd.PeriodIndex, per_year: float) -> None:
        tolerance = max(1, int(round(3 * per_year / 12)))
        strong = [periods[b] for b in self.strong_bkps_[:-1]]
        for seg in self.segments_[1:]:
            near = any(abs((seg.start - p).n) <= tolerance for p in strong)
            seg.support = "strong" if near else "moderate"


def group_observations(
    observations: pd.DataFrame, periods: pd.PeriodIndex, *, with_counts: bool = False
):
    """Per-period ``weight, weighted sum, weighted sum of squares`` of event scores.

    Returns:
        ``(grouped, sigma, n_obs)``: the (n_periods, 3) array, the robust noise sd of the scores
        (MAD of differences between consecutive events, over 0.6745 * sqrt(2)) and the number
        of events inside ``periods``; with ``with_counts``, also the events per period.
    """
    from dyadwatch.cycle.changepoints import noise_sd

    pos, g, w = observation_positions(observations, periods)
    grouped = np.column_stack(
        [
            np.bincount(pos, weights=w, minlength=len(periods)),
            np.bincount(pos, weights=w * g, minlength=len(periods)),
            np.bincount(pos, weights=w * g * g, minlength=len(periods)),
        ]
    )
    sigma = noise_sd(g) if len(g) >= 3 else float(np.std(g)) if len(g) else 1.0
    if with_counts:
        counts = np.bincount(pos, minlength=len(periods)).astype(float)
        return grouped, sigma, int(len(g)), counts
    return grouped, sigma, int(len(g))


def observation_positions(
    observations: pd.DataFrame, periods: pd.PeriodIndex
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Period position, Goldstein score and weight of each scored event inside ``periods``."""
    obs = observations.loc[observations["goldstein"].notna()].sort_values("date", kind="stable")
    idx = pd.PeriodIndex(pd.to_datetime(obs["date"]), freq=periods.freq)
    pos = (idx.asi8 - periods[0].ordinal).astype(int)
    inside = (pos >= 0) & (pos < len(periods))
    g = obs["goldstein"].to_numpy(dtype=float)[inside]
    w = (
        obs["weight"].fillna(1.0).to_numpy(dtype=float)[inside]
        if "weight" in obs.columns
        else np.ones(len(g))
    )
    return pos[inside], g, w


def check_length(n: int, min_size: int, freq: str) -> None:
    """A series must hold at least two minimal stages.

    Raises:
        DyadwatchError: too short for ``freq``.
    """
    if n < 2 * min_size:
        raise DyadwatchError(
            f"the series has {n} {freq} periods, too few to find stages (need at least "
            f"{2 * min_size})",
            where="{freq}",
            fix="use a finer {freq} or a longer {start}/{end} range",
        )


def segments_from(
    periods: pd.PeriodIndex, bkps: list[int], labeller: StageLabeller
) -> list[Segment]:
    """Segments from breakpoints and a fitted labeller."""
    out, start = [], 0
    feats = labeller.features_.to_dict(orient="records")
    scores = labeller.scores_.to_dict(orient="records")
    for k, end in enumerate(bkps):
        jump = feats[k]["jump"]
        out.append(
            Segment(
                start=periods[start],
                end=periods[end - 1],
                stage=labeller.labels_[k],
                confidence=float(labeller.confidence_[k]),
                level=float(feats[k]["level"]),
                trend=float(feats[k]["trend"]),
                jump=None if pd.isna(jump) else float(jump),
                scores={s: float(scores[k][s]) for s in STAGES},
            )
        )
        start = end
    return out
