"""The stages of the cycle: change points on the relations index, each segment labelled.

The essay names the cycle *euphoria → pragmatism → disillusionment → crisis → reset* (after
Keir Giles of Chatham House) [Essay]. dyadwatch finds it in two steps:

1. **Turning points**: mean-shift change points on the index (:class:`ChangePoints`, exact
   optimal partitioning with the BIC penalty; see :mod:`dyadwatch.cycle.changepoints`), with a
   minimum stage length ``min_size`` (default: three months).
2. **Labels**: each segment is described by its *level* (mean of the index), its *trend* (least-
   squares slope, per year) and the *jump* into it (its level minus the previous segment's), all
   measured in units of the index's robust spread ``s = (q90 - q10) / 2.563`` around its median
   ``m``. The rules, read off the essay's account of each stage:

   * **reset** — a sharp rise (jump ≥ ``sharp`` s) from a previous segment that was not high:
     the post-9/11 and 2009 resets both came after a low. A reset is an opening, not a state:
     the essay's resets had "a short shelf life" (about two years), so beyond ``reset_months``
     the reset score fades (``exp(-(months - reset_months) / reset_months)``) and the stretch is
     scored as the plateau it became;
   * **crisis** — a low level (≤ m - ``level_cut`` s) not reached by a sharp rise: Kosovo 1999,
     Georgia 2008, Crimea 2014 and 2022 are sharp falls to a low, and the "icy" years after them
     stay low;
   * **disillusionment** — not low, and declining: the index falls by at least ``decline`` s
     within the segment (beyond one standard error of the fitted trend), short of a crisis —
     the "storm clouds" of 2011;
   * **euphoria** — a high plateau (≥ m + ``level_cut`` s), not declining and not entered by a
     sharp fall;
   * **pragmatism** — a middling, stable stretch: neither high nor low, not declining (a
     rising trend halves the score). A step down from euphoria to a stable middle is
     pragmatism, not disillusionment: the essay's disillusionment is a slide, not a level.

   Each rule is a product of soft (logistic, width ``softness`` s) memberships, so a segment gets
   a score for every stage; the scores are normalised to sum to one, the label is the largest
   and its share is the segment's ``confidence`` (0.2 = no better than chance among five).
   Labels use no order of stages: the cycle is a claim to test, not an assumption.

The chronology events nearest each turning point (within ``window`` months, ranked by how
strongly their Goldstein score points in the direction of the jump) are its explanation.

References:
    [Essay] "What We Get Wrong About Russia" (the essay this project implements), quoting
    Keir Giles (Chatham House) on the stages of US-Russian relations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.cycle.changepoints import ChangePoints
from dyadwatch.errors import DyadwatchError

__all__ = [
    "STAGES",
    "Segment",
    "StageLabeller",
    "StageDetector",
    "StagesResult",
    "stages",
    "read_series_csv",
    "segments_frame",
]

STAGES = ("euphoria", "pragmatism", "disillusionment", "crisis", "reset")
#: Fewest events a stage may rest on, for a sparse source.
MIN_EVENTS = 3
_Q_TO_SD = 2.5631031310892007  # q90 - q10 of a standard normal


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


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
        if _freq_name(self.start) == "week":
            return int(round(((self.end - self.start).n + 1) * 12 / 52.1775))
        return _months_between(self.start, self.end) + _months_per(self.start)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``{start, end, stage, confidence, level, trend, jump, ...}``."""
        return {
            "start": _label(self.start),
            "end": _label(self.end),
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


def _label(period: pd.Period) -> str:
    from dyadwatch.measures.index import period_label

    return period_label(period, _freq_name(period))


def _freq_name(period: pd.Period) -> str:
    code = period.freqstr.upper()
    if code.startswith("M"):
        return "month"
    if code.startswith("Q"):
        return "quarter"
    if code.startswith(("Y", "A")):
        return "year"
    return "week"


def _months_per(period: pd.Period) -> int:
    return {"month": 1, "quarter": 3, "year": 12, "week": 0}[_freq_name(period)]


def _months_between(a: pd.Period, b: pd.Period) -> int:
    sa, sb = a.start_time, b.start_time
    return (sb.year - sa.year) * 12 + (sb.month - sa.month)


class StageLabeller:
    """Rule-based stage labels for the segments of a series (see the module docstring).

    Args:
        level_cut: distance from the median, in robust spreads, beyond which a level is high/low.
        sharp: jump, in spreads, that makes a rise (reset) or fall sharp.
        decline: fall within a segment, or step down into it, that makes a decline.
        softness: width of the logistic memberships, in spreads.
        reset_months: months after which a segment entered by a sharp rise stops reading as a
            reset.

    Attributes:
        features_: per segment ``level, trend, jump, z_level, z_jump, z_change``.
        scores_: per segment, the normalised score of each stage.
        labels_: the winning stage per segment.
        confidence_: its score.
        centre_, spread_: the median and robust spread of the series.
    """

    def __init__(
        self,
        *,
        level_cut: float = 0.5,
        sharp: float = 1.0,
        decline: float = 0.5,
        softness: float = 0.25,
        reset_months: float = 24.0,
    ) -> None:
        self.level_cut = level_cut
        self.sharp = sharp
        self.decline = decline
        self.softness = softness
        self.reset_months = reset_months

    def fit(
        self,
        values,
        bkps: list[int],
        *,
        periods_per_year: float = 12.0,
        grouped: np.ndarray | None = None,
        sigma: float | None = None,
    ) -> StageLabeller:
        """Label the segments ``values[b_{k-1}:b_k]``.

        Args:
            values: the index; its median and robust spread are the yardsticks.
            bkps: breakpoints (last = len(values)).
            periods_per_year: to express trends per year.
            grouped: per-period ``weight, sum, sum of squares`` of the observations behind the
                index (a sparse source's events); level and trend then come from them.
                Default: each value is one observation.
            sigma: noise sd of one observation (default: from first differences of ``values``).
        """
        from dyadwatch.cycle.changepoints import noise_sd

        y = np.asarray(values, dtype=float)
        self.centre_ = float(np.median(y))
        q10, q90 = np.quantile(y, [0.1, 0.9])
        spread = (q90 - q10) / _Q_TO_SD
        if not spread > 0:
            spread = float(y.std()) or 1.0
        self.spread_ = float(spread)
        if grouped is None:
            grouped = np.column_stack([np.ones_like(y), y, y * y])
        sigma = noise_sd(y) if sigma is None else float(sigma)
        x = np.arange(len(y), dtype=float)
        rows, start = [], 0
        for end in bkps:
            feats_k = _segment_features(grouped[start:end], x[start:end], sigma, y[start:end])
            feats_k["months"] = (end - start) * 12.0 / periods_per_year
            rows.append(feats_k)
            start = end
        feats = pd.DataFrame(rows)
        feats["trend"] = feats["slope"] * periods_per_year
        feats["jump"] = feats["level"].diff()
        feats["z_level"] = (feats["level"] - self.centre_) / self.spread_
        feats["z_jump"] = feats["jump"] / self.spread_
        # only the part of the within-segment change beyond one standard error counts
        shrunk = np.sign(feats["change"]) * np.maximum(
            0.0, feats["change"].abs() - feats["se_change"]
        )
        feats["z_change"] = shrunk / self.spread_
        self.features_ = feats
        records = feats.to_dict(orient="records")
        scores = [self._scores(records, k) for k in range(len(records))]
        self.scores_ = pd.DataFrame(scores, columns=list(STAGES))
        self.labels_ = [max(s, key=s.get) for s in scores]
        self.confidence_ = [s[label] for s, label in zip(scores, self.labels_, strict=True)]
        return self

    def _scores(self, feats: list[dict], k: int) -> dict[str, float]:
        t = self.softness
        zl = feats[k]["z_level"]
        zj = feats[k]["z_jump"] if k > 0 else 0.0
        zc = feats[k]["z_change"]
        zl_prev = feats[k - 1]["z_level"] if k > 0 else 0.0
        high = _sigmoid((zl - self.level_cut) / t)
        low = _sigmoid((-self.level_cut - zl) / t)
        mid = max(0.0, 1.0 - high - low)
        high_prev = _sigmoid((zl_prev - self.level_cut) / t) if k > 0 else 0.0
        rise = _sigmoid((zj - self.sharp) / t)
        fall = _sigmoid((-self.sharp - zj) / t)
        declining = _sigmoid((-self.decline - zc) / t)
        rising = _sigmoid((zc - self.decline) / t)
        raw = {
            "euphoria": high * (1.0 - declining) * (1.0 - fall),
            "pragmatism": mid * (1.0 - declining) * (1.0 - rising * 0.5),
            "disillusionment": (1.0 - low) * (1.0 - rise) * declining,
            "crisis": low * (1.0 - rise),
            "reset": rise
            * (1.0 - high_prev)
            * math.exp(-max(0.0, feats[k]["months"] - self.reset_months) / self.reset_months),
        }
        floor = 1e-3
        total = sum(raw.values()) + floor * len(raw)
        return {key: (value + floor) / total for key, value in raw.items()}


class StageDetector:
    """Turning points on a periodic series, then stage labels.

    Args:
        penalty: ``"hq"`` (default), ``"bic"``, ``"aic"``, ``"cv"`` (the multiple of the HQ
            penalty chosen by cross-validation) or a number (see
            :mod:`dyadwatch.cycle.changepoints`).
        min_size: shortest stage, in periods (default: three months' worth, at least two).
        solver: ``"exact"`` or ``"pelt"`` (ruptures, jump=1).
        labeller: a :class:`StageLabeller` (default rules).
        support: also run the BIC penalty and mark turning points that survive it as strong.

    Attributes:
        bkps_: breakpoints (positions; last = length).
        penalty_: the penalty value used.
        segments_: the labelled :class:`Segment` list.
        cv_: the :class:`~dyadwatch.cycle.changepoints.CVResult` when ``penalty="cv"``.
        changepoints_: the fitted :class:`~dyadwatch.cycle.changepoints.ChangePoints` (to re-run
            the segmentation at other penalties).
    """

    def __init__(
        self,
        *,
        penalty: float | str = "hq",
        min_size: int | None = None,
        solver: str = "exact",
        labeller: StageLabeller | None = None,
        support: bool = True,
    ) -> None:
        self.penalty = penalty
        self.min_size = min_size
        self.solver = solver
        self.labeller = labeller
        self.support = support

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
        per_year = _periods_per_year(periods)
        min_size = self.min_size or max(2, int(round(3 * per_year / 12)))
        self.min_size_ = min_size
        check_length(len(values), min_size, _freq_name(periods[0]) if len(periods) else "month")
        if observations is not None:
            grouped, sigma, n_obs, counts = group_observations(
                observations, periods, with_counts=True
            )
            if n_obs < 4 * MIN_EVENTS:
                raise DyadwatchError(
                    f"only {n_obs} events: too few to find stages (need at least {4 * MIN_EVENTS})",
                    where="--dyad/--source",
                    fix="use a source with more events for this pair (GDELT, ICEWS)",
                )
            detector = ChangePoints(
                model="grouped_l2", solver="exact", min_size=min_size, min_obs=MIN_EVENTS
            )
            detector.fit(np.column_stack([grouped, counts]), sigma=sigma, n_obs=n_obs)
            self.unit_ = "event"
        else:
            detector = ChangePoints(solver=self.solver, min_size=min_size).fit(values)
            self.unit_ = "period"
        self.cv_ = None
        penalty = self.penalty
        if penalty == "cv":
            from dyadwatch.cycle.changepoints import cross_validate_penalty

            if observations is not None:
                pos, obs_values, _ = observation_positions(observations, periods)
            else:
                pos, obs_values = np.arange(len(values)), values
            self.cv_ = cross_validate_penalty(
                pos,
                obs_values,
                len(periods),
                base_penalty=detector.penalty("hq"),
                min_size=min_size,
                min_obs=MIN_EVENTS if observations is not None else 1,
                seed=0,
            )
            penalty = detector.penalty("hq") * self.cv_.chosen
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
        labeller = self.labeller or StageLabeller()
        labeller.fit(
            values,
            self.bkps_,
            periods_per_year=per_year,
            grouped=grouped if observations is not None else None,
            sigma=self.sigma_,
        )
        self.labeller_ = labeller
        self.segments_ = segments_from(periods, self.bkps_, labeller)
        tolerance = max(1, int(round(3 * per_year / 12)))
        strong = [periods[b] for b in self.strong_bkps_[:-1]]
        for seg in self.segments_[1:] if self.support else []:
            seg.support = (
                "strong" if any(abs((seg.start - p).n) <= tolerance for p in strong) else "moderate"
            )
        return self


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


def _segment_features(grouped: np.ndarray, x: np.ndarray, sigma: float, values: np.ndarray) -> dict:
    """Level, slope, total change and its standard error from grouped observations.

    Weighted least squares of the observations on time (the period position), from the
    per-period sums; a segment with no observations takes the mean of ``values``.
    """
    w, s = grouped[:, 0], grouped[:, 1]
    total = w.sum()
    if total <= 0:
        return {"level": float(values.mean()), "slope": 0.0, "change": 0.0, "se_change": 0.0}
    level = float(s.sum() / total)
    xbar = float((w * x).sum() / total)
    sxx = float((w * (x - xbar) ** 2).sum())
    if sxx <= 0 or (w > 0).sum() < 3:
        return {"level": level, "slope": 0.0, "change": 0.0, "se_change": 0.0}
    slope = float(((x - xbar) * s).sum() / sxx)
    span = float(x[-1] - x[0])
    return {
        "level": level,
        "slope": slope,
        "change": slope * span,
        "se_change": sigma / math.sqrt(sxx) * span,
    }


def check_length(n: int, min_size: int, freq: str) -> None:
    """A series must hold at least two minimal stages.

    Raises:
        DyadwatchError: too short for ``freq``.
    """
    if n < 2 * min_size:
        raise DyadwatchError(
            f"the series has {n} {freq} periods, too few to find stages (need at least "
            f"{2 * min_size})",
            where="--freq",
            fix="use a finer --freq or a longer --from/--to range",
        )


def _periods_per_year(periods: pd.PeriodIndex) -> float:
    if not len(periods):
        return 12.0
    return {"month": 12.0, "quarter": 4.0, "year": 1.0, "week": 52.1775}[_freq_name(periods[0])]


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


def turning_point_events(
    segments: list[Segment], events: pd.DataFrame | None, *, window: int = 2, top: int = 5
) -> None:
    """Attach to each segment after the first the events within ``window`` months of its start.

    Only events whose Goldstein score points the way of the jump are kept (conflictual ones for
    a fall, cooperative ones for a rise; all of them when none does); they are ranked by how
    strongly they point that way, then by closeness in time. Modifies the segments in place.
    """
    if events is None or events.empty:
        return
    dates = pd.to_datetime(events["date"])
    for seg in segments[1:]:
        centre = seg.start.start_time
        lo = centre - pd.DateOffset(months=window)
        hi = seg.start.end_time + pd.DateOffset(months=window)
        near = events.loc[(dates >= lo) & (dates <= hi)].copy()
        if near.empty:
            continue
        direction = 1.0 if (seg.jump or 0.0) >= 0 else -1.0
        pointing = near[near["goldstein"].astype(float) * direction > 0]
        near = pointing if len(pointing) else near
        near["_rank"] = -direction * near["goldstein"].astype(float)
        near["_dist"] = (pd.to_datetime(near["date"]) - centre).abs()
        near = near.sort_values(["_rank", "_dist"]).head(top)
        seg.turning_point_events = [
            {
                "date": str(pd.Timestamp(r["date"]).date()),
                "event_id": r.get("event_id"),
                "actors": f"{r.get('actor1')}->{r.get('actor2')}",
                "cameo": r.get("cameo"),
                "goldstein": None if pd.isna(r["goldstein"]) else float(r["goldstein"]),
                "description": r.get("description"),
                "citation": r.get("citation"),
            }
            for _, r in near.sort_values("date").iterrows()
        ]


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


def read_series_csv(path: str | Path, freq: str = "month") -> pd.Series:
    """Read a ``period,value`` CSV (header row) into a series at ``freq``.

    Raises:
        DyadwatchError: missing file or columns, a non-numeric value or malformed period (with
            the line), duplicate periods, or gaps.
    """
    import csv

    from dyadwatch.measures.index import FREQS, check_freq, parse_period

    check_freq(freq)
    path = Path(path)
    try:
        handle = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DyadwatchError(f"cannot read {path}: {exc.strerror}", where="--series") from None
    with handle:
        reader = csv.reader(handle)
        try:
            header = [h.strip().lower() for h in next(reader)]
        except StopIteration:
            raise DyadwatchError(
                f"{path} is empty", where="--series", fix="write period,value rows"
            ) from None
        if header[:2] != ["period", "value"]:
            raise DyadwatchError(
                f"{path} must start with the header 'period,value', got {','.join(header)!r}",
                where=f"{path}, line 1",
                fix="name the columns period,value",
            )
        periods, values = [], []
        for line_no, row in enumerate(reader, start=2):
            if not row or all(not c.strip() for c in row):
                continue
            if len(row) < 2:
                raise DyadwatchError(
                    "expected two fields", where=f"{path}, line {line_no}", fix="write period,value"
                )
            period = parse_period(row[0], freq, where=f"{path}, line {line_no}, column period")
            try:
                value = float(row[1])
            except ValueError:
                value = float("nan")
            if not math.isfinite(value):
                raise DyadwatchError(
                    f"value {row[1]!r} is not a number",
                    where=f"{path}, line {line_no}, column value",
                    fix="write a decimal number such as -1.25",
                )
            periods.append(period)
            values.append(value)
    if not periods:
        raise DyadwatchError(f"{path} has no data rows", where="--series")
    series = pd.Series(values, index=pd.PeriodIndex(periods, freq=FREQS[freq]), name="value")
    dup = series.index.duplicated()
    if dup.any():
        raise DyadwatchError(
            f"period {series.index[dup][0]} appears twice in {path}",
            where="--series",
            fix=f"give one value per {freq}, or pass the --freq of the file",
        )
    series = series.sort_index()
    full = pd.period_range(series.index[0], series.index[-1], freq=FREQS[freq])
    if len(full) != len(series):
        missing = full.difference(series.index)
        raise DyadwatchError(
            f"{len(missing)} {freq}s missing in {path}, first {missing[0]}",
            where="--series",
            fix=f"give a value for every {freq} (or use a coarser --freq)",
        )
    return series


@dataclass
class StagesResult:
    """Stages of one series, with the second method's view and the agreement between them.

    Attributes:
        series: the index the stages were found on.
        segments: labelled segments, oldest first.
        detector: the fitted :class:`StageDetector`.
        hmm: the fitted Gaussian HMM comparison (None when not run).
        agreement: boundary and label agreement between the two methods.
        notes: method notes and caveats for the output.
        index: the :class:`~dyadwatch.measures.index.RelationsIndex` when built from the store.
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
        return _freq_name(self.series.index[0])

    def turning_points(self) -> list[pd.Period]:
        """First period of every segment after the first."""
        return [s.start for s in self.segments[1:]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "segments": [s.to_dict() for s in self.segments],
            "penalty": self.detector.penalty_,
            "cv": self.detector.cv_.to_dict() if getattr(self.detector, "cv_", None) else None,
            "min_size": self.detector.min_size_,
            "agreement": self.agreement,
            "notes": self.notes,
        }


def stages(
    dyad: str = "USA-RUS",
    *,
    freq: str = "month",
    source: str = "chronology",
    series: pd.Series | None = None,
    series_file: str | Path | None = None,
    directed: bool = False,
    start: str | None = None,
    end: str | None = None,
    half_life: float | None = None,
    penalty: float | str = "hq",
    min_size: int | None = None,
    solver: str = "exact",
    compare_hmm: bool = True,
    explain: bool = True,
    seed: int | None = 0,
    db: str | Path | None = None,
) -> StagesResult:
    """The stages of a dyad's relations index (or of a series you bring).

    Args:
        dyad: actor pair; also whose chronology events explain the turning points.
        freq, source, directed, start, end, half_life: the index (see
            :func:`dyadwatch.measures.index.relations_index`).
        series: a ready series (PeriodIndex) instead of the index.
        series_file: a ``period,value`` CSV instead of the index.
        penalty, min_size, solver: change-point detection.
        compare_hmm: also fit the Gaussian HMM and report agreement.
        explain: attach the chronology events at each turning point.
        seed: seed of the HMM.

    Example:
        >>> result = stages("USA-RUS")  # doctest: +SKIP
        >>> [(s.start.strftime("%Y-%m"), s.stage) for s in result.segments]  # doctest: +SKIP
    """
    from dyadwatch.measures.index import DEFAULT_HALF_LIFE, check_freq, relations_index

    check_freq(freq)
    notes: list[str] = []
    index = None
    events = None
    if series_file is not None:
        series = read_series_csv(series_file, freq)
        notes.append(f"Series read from {series_file} ({len(series)} {freq}s).")
    if series is None:
        index = relations_index(
            dyad,
            freq=freq,
            source=source,
            directed=directed,
            start=start,
            end=end,
            half_life=half_life or DEFAULT_HALF_LIFE,
            n_boot=0,
            db=db,
        )
        series = index.series
        notes.extend(index.notes)
        events = index.events
    elif explain:
        events = _chronology_events(dyad, db)
    if series.isna().any():
        raise DyadwatchError("the series has missing values", fix="fill or drop them first")
    observations = index.events if index is not None and index.sparse else None
    detector = StageDetector(penalty=penalty, min_size=min_size, solver=solver).fit(
        series, observations
    )
    segments = detector.segments_
    if explain:
        turning_point_events(segments, events)
    unit = (
        f"the {detector.n_obs_} events' Goldstein scores (sparse source: the event is the unit)"
        if detector.unit_ == "event"
        else f"the {len(series)} {freq}ly values"
    )
    criterion = penalty if isinstance(penalty, str) else "given"
    notes.append(
        f"Turning points: mean-shift change points on {unit}, exact optimal partitioning "
        f"(jump=1, at least {detector.min_size_} {freq}s per stage), {criterion} penalty "
        f"{detector.penalty_:.3g} per break (noise sd {detector.sigma_:.3g}); 'strong' turning "
        "points also survive the BIC penalty. Stages labelled by level, trend and jump rules "
        "(see dyadwatch.cycle.stages)."
    )
    if detector.cv_ is not None:
        cv = detector.cv_
        notes.append(
            f"cv penalty: {cv.chosen:.2g} times the HQ penalty, the largest within one standard "
            f"error of the best held-out error ({cv.best:.2g} times; 5-fold cross-validation, "
            f"2 repeats, multiples {cv.multiples[0]:.2g} to {cv.multiples[-1]:.2g})."
        )
    result = StagesResult(series, segments, detector, notes=notes, index=index, events=events)
    if compare_hmm:
        from dyadwatch.cycle.hmm import HMMStages, agreement, monthly_labels

        hmm = HMMStages(seed=seed).fit(series)
        result.hmm = hmm
        result.agreement = agreement(segments, hmm.segments_, tolerance_months=3)
        theirs = monthly_labels(hmm.segments_)
        for seg in segments:
            ours = pd.period_range(seg.start, seg.end, freq=seg.start.freq)
            seg.hmm_agreement = float((theirs.reindex(ours) == seg.stage).mean())
        a = result.agreement
        notes.append(
            f"Second method: Gaussian HMM with {hmm.n_states_} states (BIC); stage labels agree "
            f"in {a['label_agreement']:.0%} of {freq}s (kappa {a['label_kappa']:.2f}); "
            f"{a['matched_boundaries']} of {a['boundaries']} turning points within ±3 months of "
            f"an HMM switch."
        )
    return result


def _chronology_events(dyad: str, db) -> pd.DataFrame | None:
    try:
        from dyadwatch.api import events

        return events(dyad, sources=["chronology"], db=db)
    except DyadwatchError:
        return None
