"""``DynamicIRT``: dynamic one-dimensional ideal points from ordinal roll-call votes.

The model [BSV2017, after MQ2002]: country ``i`` in session ``t`` has a position
``theta_it``; on item ``j`` its latent utility is ``beta_j theta_it + e``, ``e ~ N(0, 1)``, and
it votes no, abstain or yes as the utility falls below the first cut, between the cuts or
above the second (ordered probit; items with only two observed categories have one cut).
Positions follow a random walk, ``theta_it ~ N(theta_i,t-1, sigma^2)``, from
``theta_i,first ~ N(0, s0^2)``; items that recur across sessions share (beta, cuts), which
bridges the sessions. Priors ``beta ~ N(0, s_beta^2)`` and ``cut ~ N(0, s_cut^2)``.

Estimation: the posterior mode by alternating exact Newton steps (:mod:`.newton`): positions
given items (concave, tridiagonal: one banded solve), items given positions (concave, 3 x 3 per
item). This is the joint-mode counterpart of the variational EM of Imai, Lo & Olmsted (2016)
(``emIRT::dynIRT`` and ``ordIRT``): both replace MCMC by a deterministic climb; Newton on the
observed-data posterior needs no data augmentation (the full 1946–2019 fit: 280 iterations,
about 3 minutes on 2 cores, ``benchmarks/idealpoints.py``; no EM was run to compare). No
Python package fits this model (``py-irt`` and ``girth`` fit static IRT; NumPyro/PyMC
variational inference was not tried: its mean-field variances are as optimistic as emIRT's),
so it is written here in NumPy/SciPy.

Uncertainty: ``sd_`` is the Laplace approximation of each position's posterior sd given the
items (the inverse of the positions' Hessian at the mode, exact for the tridiagonal random
walk). It ignores the items' own uncertainty; ``benchmarks/idealpoints.py`` measures its
coverage on simulated votes, and ``docs/idealpoints.md`` reports it.

References:
    [BSV2017] Bailey, M. A., Strezhnev, A., Voeten, E. (2017). Estimating dynamic state
    preferences from United Nations voting data. Journal of Conflict Resolution 61(2), 430–456.
    [MQ2002] Martin, A. D., Quinn, K. M. (2002). Dynamic ideal point estimation via Markov
    chain Monte Carlo for the U.S. Supreme Court, 1953–1999. Political Analysis 10(2), 134–153.
    [ILO2016] Imai, K., Lo, J., Olmsted, J. (2016). Fast estimation of ideal points with
    massive data. American Political Science Review 110(4), 631–656.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtri

from dyadwatch.errors import DyadwatchError
from dyadwatch.measures.idealpoints.layout import Layout, layout
from dyadwatch.measures.idealpoints.newton import (
    Params,
    Priors,
    item_step,
    log_posterior,
    rescale,
    theta_sd,
    theta_step,
)
from dyadwatch.measures.idealpoints.rollcalls import RollCalls

__all__ = ["DynamicIRT"]


def _static_start(rc: RollCalls) -> np.ndarray:
    """Each country's score on the first principal component of its centred votes."""
    n_c = len(rc.countries)
    sums = np.zeros((n_c, rc.n_items))
    counts = np.zeros((n_c, rc.n_items))
    np.add.at(sums, (rc.country, rc.item), rc.vote.astype(float) - 1.0)
    np.add.at(counts, (rc.country, rc.item), 1.0)
    mean = np.divide(sums, counts, out=np.zeros_like(sums), where=counts > 0)
    col = mean.sum(axis=0) / np.maximum((counts > 0).sum(axis=0), 1)
    centred = np.where(counts > 0, mean - col, 0.0)
    u, s, _ = np.linalg.svd(centred, full_matrices=False)
    score = u[:, 0] * s[0]
    return (score - score.mean()) / (score.std() or 1.0)


def _item_start(lay: Layout, vote: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Small discriminations and cuts at the normal quantiles of each item's vote shares."""
    n = lay.n_items
    counts = np.zeros((n, 3))
    np.add.at(counts, (lay.item, vote), 1.0)
    share = counts / counts.sum(axis=1, keepdims=True)
    order = np.where(counts > 0, share, 0.0)
    cum = np.cumsum(order, axis=1)
    first = np.where(counts[:, 0] > 0, cum[:, 0], cum[:, 1])
    cuts = np.column_stack([first, cum[:, 1]])
    cuts = ndtri(np.clip(cuts, 0.02, 0.98))
    cuts[:, 1] = np.where(lay.two_cuts, np.maximum(cuts[:, 1], cuts[:, 0] + 0.1), cuts[:, 0] + 1)
    return np.full(n, 0.1), cuts


class DynamicIRT:
    """Dynamic ordinal ideal points by posterior-mode Newton steps (see the module docstring).

    Args:
        evolution_sd: random-walk sd per session (sigma).
        start_sd: prior sd of each country's first position (s0); sets the scale.
        discrimination_sd: prior sd of each item's discrimination (s_beta).
        cut_sd: prior sd of each cut (s_cut).
        max_iter: most alternating steps.
        tol: stop when the log posterior rises by less than ``tol`` (relative) in a step.
        jitter: sd of the seeded noise added to the starting positions.
        positive: country whose mean position is made positive (the sign is otherwise
            arbitrary); None: the first country.
        seed: random seed of the starting noise (same seed, same result).

    Attributes:
        theta_, sd_: position and posterior sd of each state.
        state_country_, state_session_: country and session index of each state.
        votes_: votes cast in each state.
        beta_, cuts_: item parameters.
        log_posterior_, n_iter_, converged_: fit diagnostics.
    """

    def __init__(
        self,
        *,
        evolution_sd: float = 0.2,
        start_sd: float = 1.0,
        discrimination_sd: float = 2.5,
        cut_sd: float = 5.0,
        max_iter: int = 2000,
        tol: float = 1e-9,
        jitter: float = 0.5,
        positive: str | None = None,
        seed: int | None = 0,
    ) -> None:
        self.evolution_sd = evolution_sd
        self.start_sd = start_sd
        self.discrimination_sd = discrimination_sd
        self.cut_sd = cut_sd
        self.max_iter = max_iter
        self.tol = tol
        self.jitter = jitter
        self.positive = positive
        self.seed = seed

    def _priors(self) -> Priors:
        for name in ("evolution_sd", "start_sd", "discrimination_sd", "cut_sd"):
            if not getattr(self, name) > 0:
                raise DyadwatchError(f"{name} must be positive, got {getattr(self, name)!r}")
        return Priors(self.start_sd, self.evolution_sd, self.discrimination_sd, self.cut_sd)

    def _start(self, rc: RollCalls, lay: Layout) -> Params:
        rng = np.random.default_rng(self.seed)
        theta = _static_start(rc)[lay.state_country]
        theta = theta + rng.normal(0.0, self.jitter, lay.n_states)
        beta, cuts = _item_start(lay, rc.vote)
        return Params(theta, beta, cuts)

    def fit(self, rollcalls: RollCalls) -> DynamicIRT:
        """Fit the model to ``rollcalls``; returns ``self``.

        Raises:
            DyadwatchError: no informative votes, or a prior scale that is not positive.
        """
        pri = self._priors()
        if len(rollcalls) == 0:
            raise DyadwatchError(
                "no informative roll calls to scale", where="{data}", fix="widen the sessions"
            )
        lay = layout(rollcalls)
        vote_country = lay.state_country[lay.state]
        p = self._start(rollcalls, lay)
        for _ in range(5):  # items to the starting positions first
            p = item_step(lay, p, pri)
        value, converged, n_iter = log_posterior(lay, p, pri), False, 0
        while n_iter < self.max_iter and not converged:
            p = rescale(lay, item_step(lay, theta_step(lay, p, pri, vote_country), pri), pri)
            new = log_posterior(lay, p, pri)
            converged = new - value <= self.tol * abs(new)
            value, n_iter = new, n_iter + 1
        p = self._orient(rollcalls, lay, p)
        self._store(rollcalls, lay, p, pri, value, n_iter, converged)
        return self

    def _orient(self, rc: RollCalls, lay: Layout, p: Params) -> Params:
        target = 0
        if self.positive is not None and self.positive in rc.countries:
            target = rc.countries.index(self.positive)
        if p.theta[lay.state_country == target].mean() < 0:
            return Params(-p.theta, -p.beta, p.cuts)
        return p

    def _store(self, rc, lay, p, pri, value, it, converged) -> None:
        self.theta_ = p.theta
        self.sd_ = theta_sd(lay, p, pri)
        self.beta_ = p.beta
        self.cuts_ = np.where(lay.two_cuts[:, None], p.cuts, np.column_stack([p.cuts[:, 0]] * 2))
        self.state_country_ = lay.state_country
        self.state_session_ = lay.state_session
        self.votes_ = lay.votes_per_state
        self.log_posterior_ = value
        self.n_iter_ = it
        self.converged_ = converged
        self.countries_ = rc.countries
        self.sessions_ = rc.sessions

    def frame(self) -> pd.DataFrame:
        """One row a state: ``country``, ``session``, ``position``, ``sd``, ``votes``."""
        return pd.DataFrame(
            {
                "country": np.asarray(self.countries_, dtype=object)[self.state_country_],
                "session": np.asarray(self.sessions_)[self.state_session_],
                "position": self.theta_,
                "sd": self.sd_,
                "votes": self.votes_,
            }
        )
