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
    """An HSMM of stages (scikit-learn estimator contract: ``fit`` returns ``self``, what it
    learns ends in ``_``).

    Args:
        kind: ``ordered`` (the five stages in the essay's order) or ``full`` (any state to any).
        n_states: states of a ``full`` model (an ``ordered`` one always has 5).
        max_dur: longest segment in months.
        family: duration family, ``nbinom`` or ``poisson``.
        n_iter, tol: EM limits for the run from the best start.
        starts: EM starts, the prototypes scaled by each of these; ``n_probe`` EM iterations
            from each, and the start with the best likelihood is run on.
        n_probe: EM iterations of each start.

    Attributes:
        n_states_: number of states.
        means_, vars_: per state the (level, slope) emission means and variances (K x 2).
        allowed_: allowed transitions (K x K booleans, :func:`structure`).
        transmat_: transition matrix between segments (no self-loops).
        startprob_: initial state distribution.
        durations_: duration pmf, ``max_dur`` x K (row ``d - 1``: duration ``d`` months).
        loglik_: log-likelihood of the training data at the fitted parameters.
    """

    def __init__(
        self,
        kind: str = "ordered",
        n_states: int = 5,
        max_dur: int = 120,
        family: str = "nbinom",
        n_iter: int = 40,
        tol: float = 1e-3,
        starts: tuple[float, ...] = (1.0, 0.6, 1.5),
        n_probe: int = 6,
    ) -> None:
        self.kind = kind
        self.n_states = n_states
        self.max_dur = max_dur
        self.family = family
        self.n_iter = n_iter
        self.tol = tol
        self.starts = starts
        self.n_probe = n_probe

    # ---- parameters -------------------------------------------------------------------------
    def _init(self, x: np.ndarray, spread: float = 1.0) -> None:
        k = self.n_states_
        if self.kind == "ordered" or k == 5:
            proto = np.array([PROTOTYPES[s] for s in STAGES]) * spread
        else:
            q = np.quantile(x[:, 0], (np.arange(k) + 0.5) / k)[::-1]
            proto = np.column_stack([q, np.zeros(k)])
        self.means_ = proto.astype(float).copy()
        self.vars_ = np.full((k, 2), 0.5)
        self.allowed_ = structure(self.kind, k)
        self.transmat_ = self.allowed_ / self.allowed_.sum(axis=1, keepdims=True)
        self.startprob_ = np.full(k, 1.0 / k)
        T = len(x)
        m = max(2.0, min(T / (2 * k), self.max_dur / 2))
        self.durations_ = np.tile(self._pmf(m, m * 2)[:, None], (1, k))

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
            logp = np.log(self.durations_)
            surv = np.cumsum(self.durations_[::-1], axis=0)[::-1]
            return (
                np.log(self.startprob_),
                np.log(self.transmat_),
                logp,
                np.log(np.clip(surv, 1e-300, None)),
            )

    def log_emission(self, x: np.ndarray) -> np.ndarray:
        """T x K log density of the (level, slope) rows under each state."""
        diff = x[:, None, :] - self.means_[None]
        var = self.vars_[None]
        return -0.5 * (np.log(2 * np.pi * var) + diff**2 / var).sum(axis=2)

    def n_params(self) -> int:
        """Free parameters (for AIC/BIC)."""
        k = self.n_states_
        trans = int(self.allowed_.sum()) - k
        return 4 * k + trans + (k - 1) + k * (2 if self.family == "nbinom" else 1)

    # ---- fitting ----------------------------------------------------------------------------
    def fit(self, x: np.ndarray) -> SemiMarkovStages:
        """EM on a (T x 2) array of standardised level and slope."""
        x = np.asarray(x, float)
        self.n_states_ = 5 if self.kind == "ordered" else int(self.n_states)
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

    _LEARNED = ("means_", "vars_", "transmat_", "startprob_", "durations_")

    def _state(self) -> tuple:
        return tuple(np.copy(getattr(self, a)) for a in self._LEARNED)

    def _restore(self, s: tuple) -> None:
        for a, v in zip(self._LEARNED, s, strict=True):
            setattr(self, a, np.copy(v))

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
        self.means_ = w.T @ x
        self.vars_ = np.maximum(
            np.einsum("tk,tkj->kj", w, (x[:, None, :] - self.means_[None]) ** 2), VAR_FLOOR
        )
        tr = post.transitions * self.allowed_ + 1e-3 * self.allowed_
        self.transmat_ = tr / tr.sum(axis=1, keepdims=True)
        self.startprob_ = (post.initial + 1e-3) / (post.initial + 1e-3).sum()
        d = np.arange(1, self.max_dur + 1)
        for k in range(self.n_states_):
            c = post.durations[:, k] + 1e-9
            mean = (c * d).sum() / c.sum()
            var = (c * (d - mean) ** 2).sum() / c.sum()
            self.durations_[:, k] = self._pmf(max(mean, 1.5), var + 1.0)

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
        cost = ((self.means_[:, None, :] - proto[None]) ** 2).sum(axis=2)
        rows, cols = linear_sum_assignment(cost)
        out = [""] * self.n_states_
        for r, c in zip(rows, cols, strict=True):
            out[r] = STAGES[c]
        return out

    def mean_durations(self) -> np.ndarray:
        """Mean segment length of each state in months."""
        return (np.arange(1, self.max_dur + 1)[:, None] * self.durations_).sum(axis=0)
