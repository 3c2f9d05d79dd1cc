"""A second method beside the change points: a Gaussian hidden Markov model of the index.

The index is modelled as a Markov chain of hidden regimes, each with its own Gaussian mean and
variance [Ham1989; Rab1989]; the number of regimes (2 to ``max_states``) is chosen by BIC and
the most likely regime path comes from the Viterbi algorithm (``hmmlearn``). Runs of one regime
become segments, and the segments are labelled with the same stage rules as the change points,
so that the two methods can be compared month by month (:func:`agreement`).

References:
    [Ham1989] Hamilton, J. D. (1989). A new approach to the economic analysis of nonstationary
    time series and the business cycle. Econometrica 57(2), 357–384.
    [Rab1989] Rabiner, L. R. (1989). A tutorial on hidden Markov models and selected
    applications in speech recognition. Proceedings of the IEEE 77(2), 257–286.
"""

from __future__ import annotations

import logging
import math
import warnings
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.cycle.detect import segments_from
from dyadwatch.cycle.labels import StageLabeller
from dyadwatch.cycle.segments import STAGES, Segment, periods_per_year

__all__ = ["HMMStages", "agreement", "monthly_labels", "cohen_kappa"]


class HMMStages:
    """Gaussian HMM regimes of a series, labelled as stages.

    Args:
        n_states: number of hidden regimes, or ``"bic"`` to choose among 2..``max_states``.
        max_states: largest number tried under ``"bic"``.
        n_iter: EM iterations.
        n_init: EM restarts (different seeds); the best likelihood wins.
        seed: seed of the first restart.

    Attributes:
        n_states_: regimes used.
        model_: the fitted ``hmmlearn.hmm.GaussianHMM``.
        states_: Viterbi regime per period.
        bic_: BIC per number of regimes tried.
        bkps_: breakpoints where the regime changes (last = length).
        segments_: labelled segments.
    """

    def __init__(
        self,
        *,
        n_states: int | str = "bic",
        max_states: int = 4,
        n_iter: int = 100,
        n_init: int = 3,
        seed: int | None = 0,
    ) -> None:
        self.n_states = n_states
        self.max_states = max_states
        self.n_iter = n_iter
        self.n_init = n_init
        self.seed = seed

    def fit(self, series: pd.Series) -> HMMStages:
        from hmmlearn.hmm import GaussianHMM

        values = series.to_numpy(dtype=float)
        centre, scale = float(np.median(values)), float(values.std()) or 1.0
        x = ((values - centre) / scale)[:, None]
        n = len(x)
        candidates = (
            range(2, self.max_states + 1) if self.n_states == "bic" else [int(self.n_states)]
        )
        rng = np.random.default_rng(self.seed)
        best, self.bic_ = None, {}
        logging.getLogger("hmmlearn").setLevel(logging.ERROR)
        for k in candidates:
            fitted, loglik = None, -math.inf
            for _ in range(self.n_init):
                model = GaussianHMM(
                    n_components=k,
                    covariance_type="diag",
                    n_iter=self.n_iter,
                    random_state=int(rng.integers(0, 2**31 - 1)),
                    min_covar=1e-3,
                    init_params="st",
                )
                # means at jittered quantiles of the data (k-means init is slow and no better
                # on one dimension); variances: the data's, shared
                probs = (np.arange(k) + 0.5) / k + rng.uniform(-0.5, 0.5, k) / (2 * k)
                model.means_ = np.sort(np.quantile(x[:, 0], np.clip(probs, 0, 1)))[:, None]
                model.covars_ = np.full((k, 1), max(float(x.var()) / k, 1e-2))
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    try:
                        model.fit(x)
                        ll = model.score(x)
                    except (ValueError, np.linalg.LinAlgError):
                        continue
                if ll > loglik:
                    fitted, loglik = model, ll
            if fitted is None:
                continue
            params = (k - 1) + k * (k - 1) + 2 * k
            self.bic_[k] = -2 * loglik + params * math.log(n)
            if best is None or self.bic_[k] < self.bic_[best[0]]:
                best = (k, fitted)
        if best is None:
            raise RuntimeError("the HMM could not be fitted to this series")
        self.n_states_, self.model_ = best
        self.states_ = self.model_.predict(x)
        change = np.flatnonzero(np.diff(self.states_)) + 1
        self.bkps_ = [int(c) for c in change] + [n]
        labeller = StageLabeller().fit(
            values, self.bkps_, periods_per_year=periods_per_year(series.index)
        )
        self.segments_ = segments_from(series.index, self.bkps_, labeller)
        return self


def monthly_labels(segments: list[Segment]) -> pd.Series:
    """The stage of every period covered by the segments."""
    labels = {}
    for seg in segments:
        for p in pd.period_range(seg.start, seg.end, freq=seg.start.freq):
            labels[p] = seg.stage
    return pd.Series(labels)


def cohen_kappa(a, b, categories=STAGES) -> float:
    """Cohen's kappa between two label sequences [Coh1960]; NaN when chance agreement is 1.

    References:
        [Coh1960] Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational
        and Psychological Measurement 20(1), 37–46.
    """
    a, b = np.asarray(a), np.asarray(b)
    if len(a) == 0:
        return float("nan")
    observed = float(np.mean(a == b))
    expected = sum(float(np.mean(a == c)) * float(np.mean(b == c)) for c in categories)
    if expected >= 1.0:
        return float("nan")
    return (observed - expected) / (1.0 - expected)


def _months(a: pd.Period, b: pd.Period) -> int:
    sa, sb = a.start_time, b.start_time
    return abs((sb.year - sa.year) * 12 + sb.month - sa.month)


def agreement(
    segments: list[Segment], other: list[Segment], *, tolerance_months: int = 3
) -> dict[str, Any]:
    """How far two segmentations agree.

    Returns:
        ``boundaries`` (turning points of the first), ``other_boundaries``,
        ``matched_boundaries`` (first's turning points with one of the other's within
        ``tolerance_months``), ``label_agreement`` (share of periods with the same stage),
        ``label_kappa`` (Cohen's kappa of those labels), and ``agreeing_periods``: the runs of
        periods where both say the same stage, as ``[start, end, stage]``.
    """
    ours = [s.start for s in segments[1:]]
    theirs = [s.start for s in other[1:]]
    matched = sum(any(_months(p, q) <= tolerance_months for q in theirs) for p in ours)
    a, b = monthly_labels(segments), monthly_labels(other)
    common = a.index.intersection(b.index)
    a, b = a.loc[common], b.loc[common]
    same = (a == b).to_numpy()
    runs, start = [], None
    for i, period in enumerate(common):
        if same[i] and start is None:
            start = i
        if start is not None and (
            i == len(common) - 1 or not same[i + 1] or a.iloc[i + 1] != a.iloc[i]
        ):
            if same[i]:
                runs.append([str(common[start]), str(period), a.iloc[i]])
            start = None
    return {
        "boundaries": len(ours),
        "other_boundaries": len(theirs),
        "matched_boundaries": int(matched),
        "label_agreement": float(same.mean()) if len(same) else float("nan"),
        "label_kappa": cohen_kappa(a.to_numpy(), b.to_numpy()),
        "agreeing_periods": runs,
    }
