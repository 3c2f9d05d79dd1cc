"""The stage model: an explicit-duration hidden semi-Markov chain on level and slope.

Each state emits the month's standardised level and slope as independent Gaussians; each has a
duration distribution (negative binomial or Poisson on ``d - 1``, truncated at ``max_dur``,
fitted by moments to the expected segment lengths); segments change by a transition matrix with
no self-loops whose structural zeros encode the cycle. Fitted by EM (Baum–Welch for segments,
see :mod:`~dyadwatch.cycle.hsmm.inference`); EM keeps structural zeros at zero.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats
from scipy.optimize import linear_sum_assignment

from dyadwatch.cycle.hsmm.inference import forward, forward_backward, viterbi
from dyadwatch.stagenames import STAGES

__all__ = ["ORDERED", "PROTOTYPES", "SemiMarkovStages", "features", "structure"]

# the essay's order with its returns: each stage to the next, shocks into crisis from any
# stage, crisis -> reset, reset -> euphoria or pragmatism
ORDERED = {
    "euphoria": ("pragmatism", "crisis"),
    "pragmatism": ("disillusionment", "crisis"),
    "disillusionment": ("crisis",),
    "crisis": ("reset",),
    "reset": ("euphoria", "pragmatism", "crisis"),
}
# (level, slope) in standard units: where each stage starts EM, and how unordered states
# are named after fitting (nearest prototype, one-to-one)
PROTOTYPES = {
    "euphoria": (1.2, 0.0),
    "pragmatism": (0.3, 0.0),
    "disillusionment": (0.3, -0.8),
    "crisis": (-1.2, 0.0),
    "reset": (-0.6, 0.8),
}
VAR_FLOOR = 0.01


def features(level: pd.Series) -> pd.DataFrame:
    """Standardised level and slope (month-on-month change of the level) of a monthly series."""
    y = level.astype(float)
    slope = y.diff().bfill()
    z = lambda s: (s - s.mean()) / (s.std() if s.std() > 0 else 1.0)  # noqa: E731
    return pd.DataFrame({"level": z(y), "slope": z(slope)}, index=level.index)


def structure(kind: str, k: int) -> np.ndarray:
    """Allowed transitions (K x K booleans): ``ordered`` (the essay's) or ``full``."""
    if kind == "ordered":
        allowed = np.zeros((5, 5), dtype=bool)
        for a, bs in ORDERED.items():
            for b in bs:
                allowed[STAGES.index(a), STAGES.index(b)] = True
        return allowed
    return ~np.eye(k, dtype=bool)


class SemiMarkovStages:
    """An HSMM of stages.

    Args:
        kind: ``ordered`` (the five stages in the essay's order) or ``full`` (any state to any).
        n_states: states (5 for ``ordered``).
        max_dur: longest segment in months.
        family: duration family, ``nbinom`` or ``poisson``.
        n_iter, tol: EM limits (after 6 iterations from each of 3 starts: the prototypes
            scaled by 1.0, 0.6 and 1.5; the start with the best likelihood is run on).
    """

    def __init__(
        self, kind="ordered", n_states=5, max_dur=120, family="nbinom", n_iter=40, tol=1e-3
    ):
        self.kind, self.k = kind, (5 if kind == "ordered" else n_states)
        self.max_dur, self.family, self.n_iter, self.tol = max_dur, family, n_iter, tol
        self.starts, self.n_probe = (1.0, 0.6, 1.5), 6

    # ---- parameters -------------------------------------------------------------------------
    def _init(self, x: np.ndarray, spread: float = 1.0) -> None:
        k = self.k
        if self.kind == "ordered" or k == 5:
            proto = np.array([PROTOTYPES[s] for s in STAGES]) * spread
        else:
            q = np.quantile(x[:, 0], (np.arange(k) + 0.5) / k)[::-1]
            proto = np.column_stack([q, np.zeros(k)])
        self.mu = proto.astype(float).copy()
        self.var = np.full((k, 2), 0.5)
        self.allowed = structure(self.kind, k)
        A = self.allowed / self.allowed.sum(axis=1, keepdims=True)
        self.A = A
        self.pi = np.full(k, 1.0 / k)
        T = len(x)
        m = max(2.0, min(T / (2 * k), self.max_dur / 2))
        self.dur = np.tile(self._pmf(m, m * 2)[:, None], (1, k))

    def _pmf(self, mean: float, var: float) -> np.ndarray:
        d = np.arange(self.max_dur)  # d - 1
        m = max(mean - 1.0, 1e-3)
        v = max(var, 1e-3)
        if self.family == "nbinom" and v > m * 1.01:
            p = m / v
            r = m * p / (1 - p)
            pmf = stats.nbinom.pmf(d, r, p)
        else:
            pmf = stats.poisson.pmf(d, m)
        pmf = pmf + 1e-300
        return pmf / pmf.sum()

    def _logs(self):
        with np.errstate(divide="ignore"):
            logp = np.log(self.dur)
            surv = np.cumsum(self.dur[::-1], axis=0)[::-1]
            return np.log(self.pi), np.log(self.A), logp, np.log(np.clip(surv, 1e-300, None))

    def log_emission(self, x: np.ndarray) -> np.ndarray:
        """T x K log density of the (level, slope) rows under each state."""
        diff = x[:, None, :] - self.mu[None]
        return -0.5 * (np.log(2 * np.pi * self.var)[None] + diff**2 / self.var[None]).sum(axis=2)

    def n_params(self) -> int:
        """Free parameters (for AIC/BIC)."""
        k = self.k
        trans = int(self.allowed.sum()) - k
        return 4 * k + trans + (k - 1) + k * (2 if self.family == "nbinom" else 1)

    # ---- fitting ----------------------------------------------------------------------------
    def fit(self, x: np.ndarray) -> SemiMarkovStages:
        """EM on a (T x 2) array of standardised level and slope."""
        x = np.asarray(x, float)
        # EM finds local optima: a short run from each of a few starts, the best one goes on
        best = None
        for spread in self.starts:
            self._init(x, spread)
            ll = self._em(x, self.n_probe)
            if best is None or ll > best[0]:
                best = (ll, self._state())
        self._restore(best[1])
        self._em(x, self.n_iter)
        self.loglik_ = self.loglik(x)
        return self

    def _state(self) -> tuple:
        return tuple(np.copy(a) for a in (self.mu, self.var, self.A, self.pi, self.dur))

    def _restore(self, s: tuple) -> None:
        self.mu, self.var, self.A, self.pi, self.dur = (np.copy(a) for a in s)

    def _em(self, x: np.ndarray, n_iter: int) -> float:
        last = -np.inf
        for _ in range(n_iter):
            post = forward_backward(self.log_emission(x), *self._logs())
            self._m_step(x, post)
            if post.loglik - last < self.tol:
                break
            last = post.loglik
        return last

    def _m_step(self, x: np.ndarray, post) -> None:
        g = post.occupancy + 1e-12
        w = g / g.sum(axis=0)
        self.mu = w.T @ x
        self.var = np.maximum(
            np.einsum("tk,tkj->kj", w, (x[:, None, :] - self.mu[None]) ** 2), VAR_FLOOR
        )
        tr = post.transitions * self.allowed + 1e-3 * self.allowed
        self.A = tr / tr.sum(axis=1, keepdims=True)
        self.pi = (post.initial + 1e-3) / (post.initial + 1e-3).sum()
        d = np.arange(1, self.max_dur + 1)
        for k in range(self.k):
            c = post.durations[:, k] + 1e-9
            mean = (c * d).sum() / c.sum()
            var = (c * (d - mean) ** 2).sum() / c.sum()
            self.dur[:, k] = self._pmf(max(mean, 1.5), var + 1.0)

    def loglik(self, x: np.ndarray) -> float:
        """Log-likelihood of a (T x 2) array under the fitted parameters."""
        return forward(self.log_emission(np.asarray(x, float)), *self._logs())[0]

    def posterior(self, x: np.ndarray):
        """The forward–backward :class:`~dyadwatch.cycle.hsmm.inference.Posterior`."""
        return forward_backward(self.log_emission(np.asarray(x, float)), *self._logs())

    def path(self, x: np.ndarray) -> np.ndarray:
        """The Viterbi state path."""
        return viterbi(self.log_emission(np.asarray(x, float)), *self._logs())

    def names(self) -> list[str]:
        """Stage name of each state: fixed for ``ordered``, nearest prototype otherwise."""
        if self.kind == "ordered":
            return list(STAGES)
        proto = np.array([PROTOTYPES[s] for s in STAGES])
        cost = ((self.mu[:, None, :] - proto[None]) ** 2).sum(axis=2)
        rows, cols = linear_sum_assignment(cost)
        out = [""] * self.k
        for r, c in zip(rows, cols, strict=True):
            out[r] = STAGES[c]
        return out

    def mean_durations(self) -> np.ndarray:
        """Mean segment length of each state in months."""
        return (np.arange(1, self.max_dur + 1)[:, None] * self.dur).sum(axis=0)
