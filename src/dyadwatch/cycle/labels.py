"""Stage labels for the segments of a series: level, trend and jump rules.

Each segment is described by its *level* (mean of the index), its *trend* (least-squares slope,
per year) and the *jump* into it (its level minus the previous segment's), all measured in
units of the index's robust spread ``s = (q90 - q10) / 2.563`` around its median ``m``. The
rules, read off the essay's account of each stage [Essay]:

* **reset** — a sharp rise (jump ≥ ``sharp`` s) from a previous segment that was not high: the
  post-9/11 and 2009 resets both came after a low. A reset is an opening, not a state: the
  essay's resets had "a short shelf life" (about two years), so beyond ``reset_months`` the
  reset score fades (``exp(-(months - reset_months) / reset_months)``) and the stretch is scored
  as the plateau it became;
* **crisis** — a low level (≤ m - ``level_cut`` s) not reached by a sharp rise;
* **disillusionment** — not low, and declining: the index falls by at least ``decline`` s within
  the segment (beyond one standard error of the fitted trend), short of a crisis;
* **euphoria** — a high plateau (≥ m + ``level_cut`` s), not declining and not entered by a
  sharp fall;
* **pragmatism** — a middling, stable stretch: neither high nor low, not declining (a rising
  trend halves the score).

Each rule is a product of soft (logistic, width ``softness`` s) memberships, so a segment gets a
score for every stage; the scores are normalised to sum to one, the label is the largest and its
share is the segment's ``confidence`` (0.2 = no better than chance among five). Labels use no
order of stages: the cycle is a claim to test, not an assumption. (Mean-shift segments are flat,
so a disillusionment label needs a segment with a real within-segment decline; the ordered
semi-Markov model, which reads level and slope month by month, can represent it directly.)

References:
    [Essay] "What We Get Wrong About Russia" (the essay this project implements).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from dyadwatch.cycle.segments import STAGES

__all__ = ["StageLabeller", "segment_features"]

_Q_TO_SD = 2.5631031310892007  # q90 - q10 of a standard normal


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


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
            feats_k = segment_features(grouped[start:end], x[start:end], sigma, y[start:end])
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


def segment_features(grouped: np.ndarray, x: np.ndarray, sigma: float, values: np.ndarray) -> dict:
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
