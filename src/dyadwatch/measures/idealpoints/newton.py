"""Block Newton steps for the dynamic ordered-probit ideal-point model (posterior mode).

The log posterior is

    sum_v log P(vote_v | beta_j theta_k, cuts_j)                       (ordered probit)
    - sum_i [theta_i,first^2 / (2 s0^2) + sum_t (theta_i,t - theta_i,t-1)^2 / (2 sigma^2)]
    - sum_j [beta_j^2 / (2 s_beta^2) + sum_c cut_jc^2 / (2 s_cut^2)]

(Martin & Quinn 2002 for the random walk; Bailey, Strezhnev & Voeten 2017 for the ordinal,
bridged version). Given the items it is concave in the positions and separates by country,
with a tridiagonal Hessian (the random walk): one banded solve moves every country at once.
Given the positions it is concave in each item's (beta, cuts) [Pra1981] and separates by item:
a 3 x 3 solve per item. Each step backtracks (halving) for the countries or items whose
objective would fall, so the objective never decreases.

References:
    Martin, A. D., Quinn, K. M. (2002). Dynamic ideal point estimation via Markov chain Monte
    Carlo for the U.S. Supreme Court, 1953–1999. Political Analysis 10(2), 134–153.
    Bailey, M. A., Strezhnev, A., Voeten, E. (2017). Estimating dynamic state preferences
    from United Nations voting data. Journal of Conflict Resolution 61(2), 430–456.
    [Pra1981] Pratt, J. W. (1981). Concavity of the log likelihood. JASA 76(373), 103–106.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import solveh_banded

from dyadwatch.measures.idealpoints.layout import Layout
from dyadwatch.measures.idealpoints.ordinal import derivatives, log_prob

__all__ = [
    "Params",
    "Priors",
    "bounds",
    "log_posterior",
    "theta_step",
    "item_step",
    "rescale",
    "theta_sd",
]

_HALVINGS = 12


@dataclass
class Params:
    """Positions (one a state), discriminations and cuts (two an item; one-cut items use the
    first)."""

    theta: np.ndarray
    beta: np.ndarray
    cuts: np.ndarray

    def copy(self) -> Params:
        return Params(self.theta.copy(), self.beta.copy(), self.cuts.copy())


@dataclass(frozen=True)
class Priors:
    """Prior scales: ``s0`` first position, ``sigma`` random-walk step, ``s_beta``, ``s_cut``."""

    s0: float
    sigma: float
    s_beta: float
    s_cut: float


def bounds(lay: Layout, cuts: np.ndarray, eta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``a = L - eta`` and ``b = U - eta`` of each vote's band."""
    c0, c1 = cuts[lay.item, 0], cuts[lay.item, 1]
    low = np.where(lay.lo == 0, c0, np.where(lay.lo == 1, c1, -np.inf))
    high = np.where(lay.hi == 0, c0, np.where(lay.hi == 1, c1, np.inf))
    return low - eta, high - eta


def _vote_logp(lay: Layout, p: Params) -> np.ndarray:
    eta = p.beta[lay.item] * p.theta[lay.state]
    return log_prob(*bounds(lay, p.cuts, eta))


def _walk_logp(lay: Layout, theta: np.ndarray, pri: Priors) -> np.ndarray:
    step = np.diff(theta, prepend=0.0)
    return np.where(lay.linked, -0.5 * step**2 / pri.sigma**2, -0.5 * theta**2 / pri.s0**2)


def _item_logprior(lay: Layout, p: Params, pri: Priors) -> np.ndarray:
    cut2 = np.where(lay.two_cuts, p.cuts[:, 1] ** 2, 0.0)
    return -0.5 * (p.beta**2 / pri.s_beta**2 + (p.cuts[:, 0] ** 2 + cut2) / pri.s_cut**2)


def log_posterior(lay: Layout, p: Params, pri: Priors) -> float:
    """The log posterior (up to a constant)."""
    return float(
        _vote_logp(lay, p).sum()
        + _walk_logp(lay, p.theta, pri).sum()
        + _item_logprior(lay, p, pri).sum()
    )


def _walk_matrix(lay: Layout, pri: Priors) -> tuple[np.ndarray, np.ndarray]:
    """Diagonal and super-diagonal of the random walk's precision matrix."""
    linked = lay.linked.astype(float)
    nxt = np.append(linked[1:], 0.0)
    diag = (linked + nxt) / pri.sigma**2 + (1.0 - linked) / pri.s0**2
    return diag, -linked[1:] / pri.sigma**2


def _theta_system(lay: Layout, p: Params, pri: Priors) -> tuple[np.ndarray, np.ndarray]:
    """Gradient and the banded negative Hessian of the log posterior in the positions."""
    beta_v = p.beta[lay.item]
    d = derivatives(*bounds(lay, p.cuts, beta_v * p.theta[lay.state]))
    grad = np.bincount(lay.state, beta_v * d.eta, minlength=lay.n_states)
    curv = np.bincount(lay.state, beta_v**2 * d.eta2, minlength=lay.n_states)
    diag, off = _walk_matrix(lay, pri)
    theta = p.theta
    linked = lay.linked
    walk = np.where(linked, (theta - np.roll(theta, 1)) / pri.sigma**2, theta / pri.s0**2)
    walk_next = np.append(np.where(linked[1:], walk[1:], 0.0), 0.0)
    grad = grad - walk + walk_next
    ab = np.zeros((2, lay.n_states))
    ab[0, 1:] = off
    ab[1] = diag - curv
    return grad, ab


def _by_group(values: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(group, values, minlength=n)


def theta_step(lay: Layout, p: Params, pri: Priors, vote_country: np.ndarray) -> Params:
    """One Newton step in the positions of every country, with per-country backtracking."""
    grad, ab = _theta_system(lay, p, pri)
    delta = solveh_banded(ab, grad, lower=False)
    n_c = int(lay.state_country.max()) + 1

    def objective(theta: np.ndarray) -> np.ndarray:
        q = Params(theta, p.beta, p.cuts)
        return _by_group(_vote_logp(lay, q), vote_country, n_c) + _by_group(
            _walk_logp(lay, theta, pri), lay.state_country, n_c
        )

    before = objective(p.theta)
    scale = np.ones(n_c)
    for _ in range(_HALVINGS):
        theta = p.theta + scale[lay.state_country] * delta
        worse = objective(theta) < before - 1e-12 * np.abs(before)
        if not worse.any():
            break
        scale[worse] *= 0.5
    else:
        scale[worse] = 0.0
        theta = p.theta + scale[lay.state_country] * delta
    return Params(theta, p.beta, p.cuts)


def _item_system(lay: Layout, p: Params, pri: Priors) -> tuple[np.ndarray, np.ndarray]:
    """Gradient (J, 3) and negative Hessian (J, 3, 3) in (beta, cut 0, cut 1) of each item."""
    n = lay.n_items
    th = p.theta[lay.state]
    d = derivatives(*bounds(lay, p.cuts, p.beta[lay.item] * th))
    lo = [lay.lo == 0, lay.lo == 1]
    hi = [lay.hi == 0, lay.hi == 1]
    g = np.zeros((n, 3))
    h = np.zeros((n, 3, 3))
    g[:, 0] = _by_group(th * d.eta, lay.item, n) - p.beta / pri.s_beta**2
    h[:, 0, 0] = _by_group(th**2 * d.eta2, lay.item, n) - 1.0 / pri.s_beta**2
    for c in (0, 1):
        g[:, 1 + c] = _by_group(lo[c] * d.la + hi[c] * d.lb, lay.item, n) - p.cuts[:, c] / (
            pri.s_cut**2
        )
        h[:, 1 + c, 1 + c] = _by_group(lo[c] * d.laa + hi[c] * d.lbb, lay.item, n) - 1.0 / (
            pri.s_cut**2
        )
        cross = -th * (lo[c] * (d.laa + d.lab) + hi[c] * (d.lab + d.lbb))
        h[:, 0, 1 + c] = h[:, 1 + c, 0] = _by_group(cross, lay.item, n)
    h[:, 1, 2] = h[:, 2, 1] = _by_group(lo[0] * hi[1] * d.lab, lay.item, n)
    one = ~lay.two_cuts  # one-cut items: the second cut is not a parameter
    g[one, 2] = 0.0
    h[one, 2, :] = h[one, :, 2] = 0.0
    h[one, 2, 2] = -1.0
    return g, -h


def item_step(lay: Layout, p: Params, pri: Priors) -> Params:
    """One Newton step in every item's (beta, cuts), with per-item backtracking."""
    g, m = _item_system(lay, p, pri)
    delta = np.linalg.solve(m, g[..., None])[..., 0]
    n = lay.n_items

    def objective(q: Params) -> np.ndarray:
        return _by_group(_vote_logp(lay, q), lay.item, n) + _item_logprior(lay, q, pri)

    before = objective(p)
    scale = np.ones(n)
    for _ in range(_HALVINGS):
        q = Params(p.theta, p.beta + scale * delta[:, 0], p.cuts + scale[:, None] * delta[:, 1:])
        worse = objective(q) < before - 1e-12 * np.abs(before)
        if not worse.any():
            break
        scale[worse] *= 0.5
    else:
        scale[worse] = 0.0
        q = Params(p.theta, p.beta + scale * delta[:, 0], p.cuts + scale[:, None] * delta[:, 1:])
    return q


def rescale(lay: Layout, p: Params, pri: Priors) -> Params:
    """The best scale and location along the likelihood's flat directions, in closed form.

    ``theta -> k theta, beta -> beta / k`` and ``theta -> theta + c, cuts -> cuts + beta c`` leave
    every vote's probability unchanged; only the priors move, so the best ``k`` and ``c`` are
    exact: ``k^4 = Q_beta / Q_theta`` (the quadratic forms of the priors) and ``c`` minimises
    a quadratic. Alternating Newton steps crawl along these ridges; this jumps to their top.
    """
    walk = -_walk_logp(lay, p.theta, pri).sum()
    spread = 0.5 * float(np.sum(p.beta**2)) / pri.s_beta**2
    k = (spread / walk) ** 0.25 if walk > 0 and spread > 0 else 1.0
    theta, beta = p.theta * k, p.beta / k
    first = ~lay.linked
    used = np.column_stack([np.ones(lay.n_items), lay.two_cuts.astype(float)])
    num = (
        theta[first].sum() / pri.s0**2 + float(np.sum(beta[:, None] * p.cuts * used)) / pri.s_cut**2
    )
    den = first.sum() / pri.s0**2 + float(np.sum(beta[:, None] ** 2 * used)) / pri.s_cut**2
    c = -num / den
    return Params(theta + c, beta, p.cuts + beta[:, None] * c)


def theta_sd(lay: Layout, p: Params, pri: Priors) -> np.ndarray:
    """Posterior sd of each position from the curvature at the mode, items held at their
    estimates (a Laplace approximation of the positions' conditional posterior)."""
    _, ab = _theta_system(lay, p, pri)
    sd = np.empty(lay.n_states)
    starts = np.flatnonzero(~lay.linked)
    ends = np.append(starts[1:], lay.n_states)
    for s, e in zip(starts, ends, strict=True):
        if e - s == 1:  # a country with one session: the curvature alone
            sd[s] = 1.0 / np.sqrt(ab[1, s])
            continue
        block = ab[:, s:e].copy()
        block[0, 0] = 0.0
        inv = solveh_banded(block, np.eye(e - s), lower=False)
        sd[s:e] = np.sqrt(np.diag(inv))
    return sd
