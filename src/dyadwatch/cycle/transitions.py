"""What comes next: the empirical stage-transition matrix and stage durations, with uncertainty.

Consecutive segments with the same label are merged into *spells*. From the spells:

* **Next stage.** The counts ``c_ij`` of spells of stage ``i`` followed by stage ``j`` (``j != i``)
  get a symmetric Dirichlet prior ``alpha`` (default 0.5, Jeffreys) over the four other stages;
  the forecast is the posterior mean ``(c_ij + alpha) / (n_i + 4 alpha)`` with a central
  credible interval from its Beta marginal [Gel2013, ch. 3]. With a handful of cycles these
  intervals are wide, and the output says so.
* **When.** With a few spells per stage, a constant hazard (exponential spell length) is all the
  data can support. The monthly exit rate ``lambda_i`` of stage ``i`` gets a Gamma prior
  pooled over all stages (shape 1, rate = the mean length of all completed spells) and is
  updated with stage ``i``'s completed spells ``k_i`` and months spent ``T_i`` (the ongoing spell
  counts as censored exposure). The predictive remaining time is then Lomax (Pareto II):
  ``P(R > r) = (b / (b + r))^a`` with ``a = 1 + k_i``, ``b = mean + T_i``, so that
  ``P(turning point within h months) = 1 - (b / (b + h))^a``, the expected remaining time is
  ``b / (a - 1)`` (infinite when ``a <= 1``) and its quantiles are ``b((1 - q)^(-1/a) - 1)``.
  Being memoryless, the forecast does not depend on how long the current spell has lasted.

References:
    [Gel2013] Gelman, A. et al. (2013). Bayesian Data Analysis, 3rd ed. CRC Press.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.cycle.quantiles import beta_quantile, gamma_quantile
from dyadwatch.cycle.stages import STAGES, Segment

__all__ = ["spells", "TransitionModel", "Forecast"]


def spells(segments: list[Segment]) -> pd.DataFrame:
    """Merge consecutive same-stage segments: columns ``stage, start, end, months, completed``.

    The last spell is ongoing (``completed`` False).
    """
    rows: list[dict[str, Any]] = []
    for seg in segments:
        if rows and rows[-1]["stage"] == seg.stage:
            rows[-1]["end"] = seg.end
            rows[-1]["months"] += seg.months
            rows[-1]["segments"] += 1
        else:
            rows.append(
                {
                    "stage": seg.stage,
                    "start": seg.start,
                    "end": seg.end,
                    "months": seg.months,
                    "segments": 1,
                }
            )
    frame = pd.DataFrame(rows, columns=["stage", "start", "end", "months", "segments"])
    frame["completed"] = True
    if len(frame):
        frame.loc[frame.index[-1], "completed"] = False
    return frame


@dataclass
class Forecast:
    """A forecast from the current stage.

    Attributes:
        stage: the current stage.
        horizon: months ahead.
        p_turn: probability of a turning point within ``horizon`` months.
        p_turn_interval: central credible interval of that probability.
        next_stage: probability of each next stage, given a turning point.
        next_stage_interval: credible interval of each.
        within_horizon: probability of each outcome within ``horizon`` (``"none"`` = no turn).
        expected_months: expected remaining months in the stage (``inf`` when undefined).
        months_interval: central interval of the remaining months.
        completed_spells: how many finished spells of this stage the estimate rests on.
        past_lengths: their lengths in months.
    """

    stage: str
    horizon: int
    p_turn: float
    p_turn_interval: tuple[float, float]
    next_stage: dict[str, float]
    next_stage_interval: dict[str, tuple[float, float]]
    within_horizon: dict[str, float]
    expected_months: float
    months_interval: tuple[float, float]
    completed_spells: int
    past_lengths: list[int]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "horizon_months": self.horizon,
            "p_turning_point": round(self.p_turn, 3),
            "p_turning_point_interval": [round(x, 3) for x in self.p_turn_interval],
            "next_stage": {k: round(v, 3) for k, v in self.next_stage.items()},
            "next_stage_interval": {
                k: [round(x, 3) for x in v] for k, v in self.next_stage_interval.items()
            },
            "within_horizon": {k: round(v, 3) for k, v in self.within_horizon.items()},
            "expected_months": None
            if not np.isfinite(self.expected_months)
            else round(self.expected_months, 1),
            "months_interval": [
                None if not np.isfinite(x) else round(x, 1) for x in self.months_interval
            ],
            "completed_spells": self.completed_spells,
            "past_lengths": self.past_lengths,
        }


class TransitionModel:
    """Dirichlet-smoothed transition matrix and Gamma-exponential stage durations.

    Args:
        alpha: Dirichlet pseudo-count per possible next stage.
        level: coverage of the intervals.

    Attributes:
        counts_: transition counts (DataFrame, from-stage rows, to-stage columns).
        probs_: posterior mean transition probabilities (zero diagonal).
        exposure_: months spent in each stage; ``exits_``: completed spells per stage.
        prior_mean_months_: the pooled prior mean spell length.
        lengths_: completed spell lengths per stage.

    Example:
        >>> from dyadwatch.cycle.stages import Segment
        >>> import pandas as pd
        >>> seq = ["euphoria", "crisis", "reset", "crisis", "reset"]
        >>> P = lambda s: pd.Period(s, "M")
        >>> segs = [
        ...     Segment(P(f"{2000 + 2 * i}-01"), P(f"{2001 + 2 * i}-12"), s, 1.0, 0.0, 0.0, None)
        ...     for i, s in enumerate(seq)
        ... ]
        >>> model = TransitionModel().fit(spells(segs))
        >>> float(model.probs_.loc["crisis", "reset"])  # (2 + 0.5) / (2 + 4 * 0.5)
        0.625
    """

    def __init__(self, *, alpha: float = 0.5, level: float = 0.9) -> None:
        self.alpha = alpha
        self.level = level

    def fit(self, spell_frame: pd.DataFrame) -> TransitionModel:
        index = {s: i for i, s in enumerate(STAGES)}
        seq = [index[s] for s in spell_frame["stage"]]
        months = spell_frame["months"].to_numpy(dtype=float)
        completed = spell_frame["completed"].to_numpy(dtype=bool)
        counts = np.zeros((len(STAGES), len(STAGES)))
        for a, b in zip(seq[:-1], seq[1:], strict=False):
            counts[a, b] += 1
        rows = counts + self.alpha
        np.fill_diagonal(rows, 0.0)
        self._counts = counts
        self.counts_ = pd.DataFrame(counts, index=list(STAGES), columns=list(STAGES))
        self.probs_ = pd.DataFrame(
            rows / rows.sum(axis=1, keepdims=True), index=list(STAGES), columns=list(STAGES)
        )
        seq_arr = np.array(seq)
        self.lengths_ = {
            s: [int(m) for m in months[(seq_arr == i) & completed]] for s, i in index.items()
        }
        self.exits_ = {s: len(v) for s, v in self.lengths_.items()}
        self.exposure_ = {s: float(months[seq_arr == i].sum()) for s, i in index.items()}
        self.prior_mean_months_ = float(months[completed].mean()) if completed.any() else 24.0
        return self

    def _gamma(self, stage: str) -> tuple[float, float]:
        shape = 1.0 + self.exits_[stage]
        rate = self.prior_mean_months_ + self.exposure_[stage]
        return shape, rate

    def forecast(self, stage: str, horizon: int = 6) -> Forecast:
        """The forecast from ``stage`` over ``horizon`` months."""
        a, b = self._gamma(stage)
        p_turn = 1.0 - (b / (b + horizon)) ** a
        lo_q, hi_q = (1 - self.level) / 2, 1 - (1 - self.level) / 2
        # interval of p_turn = 1 - exp(-h lambda) from the Gamma posterior of lambda
        lam_lo, lam_hi = gamma_quantile(a, lo_q) / b, gamma_quantile(a, hi_q) / b
        p_interval = (1 - np.exp(-horizon * lam_lo), 1 - np.exp(-horizon * lam_hi))
        row = self._counts[STAGES.index(stage)] + self.alpha
        row[STAGES.index(stage)] = 0.0
        total = row.sum()
        nxt, nxt_int = {}, {}
        for j, s in enumerate(STAGES):
            if s == stage:
                continue
            nxt[s] = float(row[j] / total)
            nxt_int[s] = (
                beta_quantile(float(row[j]), float(total - row[j]), lo_q),
                beta_quantile(float(row[j]), float(total - row[j]), hi_q),
            )
        within = {"none": 1.0 - p_turn, **{s: p_turn * p for s, p in nxt.items()}}
        expected = b / (a - 1.0) if a > 1.0 else float("inf")

        def quantile(q: float) -> float:
            return float(b * ((1.0 - q) ** (-1.0 / a) - 1.0))

        return Forecast(
            stage=stage,
            horizon=horizon,
            p_turn=float(p_turn),
            p_turn_interval=(float(p_interval[0]), float(p_interval[1])),
            next_stage=nxt,
            next_stage_interval=nxt_int,
            within_horizon=within,
            expected_months=float(expected),
            months_interval=(quantile(lo_q), quantile(hi_q)),
            completed_spells=self.exits_[stage],
            past_lengths=self.lengths_[stage],
        )
