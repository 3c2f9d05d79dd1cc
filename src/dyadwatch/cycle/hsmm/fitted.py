"""A fitted stage model of one monthly series: stage probabilities, path, turning points."""

from __future__ import annotations

import numpy as np
import pandas as pd

from dyadwatch.cycle.hsmm.model import SemiMarkovStages, features
from dyadwatch.errors import DyadwatchError
from dyadwatch.stagenames import STAGES

__all__ = ["StageModel", "fit"]


class StageModel:
    """The ordered HSMM fitted to a series (see :func:`fit`)."""

    def __init__(self, hsmm: SemiMarkovStages, x: pd.DataFrame) -> None:
        self.hsmm, self.x = hsmm, x
        self.post = hsmm.posterior(x.to_numpy())
        self.names = hsmm.names()

    def stage_probabilities(self) -> pd.DataFrame:
        """Posterior P(stage) per month (rows sum to 1; columns the five stages)."""
        df = pd.DataFrame(self.post.occupancy, index=self.x.index, columns=self.names)
        df = df.T.groupby(level=0).sum().T
        return df.reindex(columns=list(STAGES), fill_value=0.0)

    def path(self) -> pd.Series:
        """The most probable (Viterbi) stage of each month."""
        p = self.hsmm.path(self.x.to_numpy())
        return pd.Series([self.names[i] for i in p], index=self.x.index, name="stage")

    def segments(self) -> pd.DataFrame:
        """Runs of the Viterbi path: start, end, stage, months, mean posterior of its stage."""
        path, probs = self.path(), self.stage_probabilities()
        run = (path != path.shift()).cumsum()
        rows = []
        for _, s in path.groupby(run):
            rows.append(
                {
                    "start": s.index[0],
                    "end": s.index[-1],
                    "stage": s.iloc[0],
                    "months": len(s),
                    "probability": float(probs.loc[s.index, s.iloc[0]].mean()),
                }
            )
        return pd.DataFrame(rows)

    def turning_points(self, ci: float = 0.9) -> pd.DataFrame:
        """Each change of the Viterbi path with an interval from the posterior of a change.

        The posterior probability that a new segment starts in month t (any stage) is spread
        over the months between the neighbouring changes; the interval holds the central ``ci``
        of that mass.
        """
        segs = self.segments()
        start = self.post.starts.sum(axis=1)
        start[0] = 0.0
        idx = self.x.index
        pos = [idx.get_loc(s) for s in segs["start"].iloc[1:]]
        rows = []
        for i, p in enumerate(pos):
            lo = (pos[i - 1] + p) // 2 + 1 if i > 0 else 1
            hi = (p + pos[i + 1]) // 2 if i + 1 < len(pos) else len(idx) - 1
            w = start[lo : hi + 1]
            c = np.cumsum(w) / w.sum() if w.sum() > 0 else np.linspace(0, 1, len(w))
            a = lo + int(np.searchsorted(c, (1 - ci) / 2))
            b = lo + min(int(np.searchsorted(c, 1 - (1 - ci) / 2)), len(w) - 1)
            rows.append(
                {
                    "month": idx[p],
                    "from": segs["stage"].iloc[i],
                    "to": segs["stage"].iloc[i + 1],
                    "lo": idx[a],
                    "hi": idx[b],
                    "p_change": min(1.0, float(w.sum())),
                }
            )
        return pd.DataFrame(rows, columns=["month", "from", "to", "lo", "hi", "p_change"])

    def predict_stages(self, h: int) -> pd.Series:
        """Stage distribution ``h`` months after the last month.

        Semi-Markov propagation from the last month's posterior: the current segment's elapsed
        length is taken from the posterior of segment starts, its remaining length from the
        duration distribution, and later segments by the transition matrix and durations.
        """
        if h < 0:
            raise DyadwatchError("the horizon must be 0 or more", where="h", fix="pass h >= 0")
        m = self.hsmm
        T, K = self.post.occupancy.shape
        D = m.max_dur
        # joint P(state k, elapsed e) at the last month: segments started at T-e
        st = np.zeros((D, K))
        for e in range(1, min(T, D) + 1):
            st[e - 1] = self.post.starts[T - e]
        st = st / st.sum() if st.sum() > 0 else np.full((D, K), 1 / (D * K))
        surv = np.cumsum(m.durations_[::-1], axis=0)[::-1]  # P(D >= d)
        for _ in range(h):
            nxt = np.zeros_like(st)
            with np.errstate(invalid="ignore", divide="ignore"):
                cont = np.where(surv[:-1] > 0, surv[1:] / surv[:-1], 0.0)  # P(D > e | D >= e)
            cont = np.vstack([cont, np.zeros((1, K))])
            nxt[1:] = (st * cont)[:-1]
            ending = (st * (1 - cont)).sum(axis=0)
            nxt[0] = ending @ m.transmat_
            st = nxt / nxt.sum()
        p = pd.Series(st.sum(axis=0), index=self.names)
        return p.groupby(level=0).sum().reindex(list(STAGES), fill_value=0.0)


def fit(
    series: pd.Series, *, max_dur: int = 120, family: str = "nbinom", n_iter: int = 30
) -> StageModel:
    """Fit the ordered five-stage HSMM to a monthly level series (e.g. the fused smoothed mean)."""
    s = pd.Series(series).dropna()
    if len(s) < 24:
        raise DyadwatchError(
            f"the series has {len(s)} months; the stage model needs 24 or more",
            where="series",
            fix="pass a longer series",
        )
    x = features(s)
    return StageModel(
        SemiMarkovStages("ordered", max_dur=max_dur, family=family, n_iter=n_iter).fit(
            x.to_numpy()
        ),
        x,
    )
