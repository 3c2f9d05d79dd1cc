"""Explicit-duration semi-Markov inference: forward–backward and Viterbi in log space.

hmmlearn's models are first-order Markov chains, whose state durations are geometric and
cannot be given their own distribution; an explicit-duration (semi-Markov) chain needs the
segment recursions of Guédon (2003) and Yu (2010), written here in NumPy. Each recursion loops
over months once and is vectorised over durations and states, O(T·D·K) work.

The last segment is right-censored (it may go on past the data): it is weighted by the survival
function ``P(D >= d)`` rather than the pmf.

References:
    Guédon, Y. (2003). Estimating hidden semi-Markov chains from discrete sequences. Journal of
    Computational and Graphical Statistics 12(3), 604–639.
    Yu, S.-Z. (2010). Hidden semi-Markov models. Artificial Intelligence 174(2), 215–243.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Posterior", "forward_backward", "segment_loglik", "viterbi"]

NEG = -np.inf


def logsumexp(a: np.ndarray, axis: int = 0) -> np.ndarray:
    """Log-sum-exp along an axis, -inf where every term is -inf (faster than scipy's here:
    array methods and a masked log instead of ``np.errstate``, called ~40 000 times a fit)."""
    m = a.max(axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    s = np.exp(a - m).sum(axis=axis)
    return np.log(s, out=np.full(s.shape, NEG), where=s > 0) + m.squeeze(axis=axis)


def _by_end(we: np.ndarray) -> np.ndarray:
    """``G[t, d-1, k] = WE[t-d+1, d-1, k]``: segments indexed by their last month (-inf if none)."""
    T, D, K = we.shape
    t0 = np.arange(T)[:, None] - np.arange(D)[None, :]
    g = np.full((T, D, K), NEG)
    ok = t0 >= 0
    g[ok] = we[t0[ok], np.broadcast_to(np.arange(D), t0.shape)[ok]]
    return g


def segment_loglik(logb: np.ndarray, max_dur: int) -> np.ndarray:
    """``E[t, d-1, k]``: log emission of a segment of state k over months t..t+d-1 (-inf past T)."""
    T, K = logb.shape
    c = np.vstack([np.zeros((1, K)), np.cumsum(logb, axis=0)])
    t = np.arange(T)[:, None]
    end = t + np.arange(1, max_dur + 1)[None, :]
    ok = end <= T
    e = np.full((T, max_dur, K), NEG)
    e[ok] = c[end[ok]] - c[np.broadcast_to(t, end.shape)[ok]]
    return e


def _weights(logp: np.ndarray, logs: np.ndarray, T: int) -> np.ndarray:
    """``W[t, d-1, k]``: log pmf of duration d, or log survival where the segment ends at T."""
    D = logp.shape[0]
    w = np.broadcast_to(logp[None], (T, D, logp.shape[1])).copy()
    t = np.arange(T)[:, None]
    last = (t + np.arange(1, D + 1)[None, :]) == T
    w[last] = np.broadcast_to(logs[None], w.shape)[last]
    return w


@dataclass
class Posterior:
    """Results of the forward–backward pass."""

    loglik: float
    occupancy: np.ndarray  # T x K posterior P(state k at t)
    starts: np.ndarray  # T x K posterior P(segment of k starts at t)
    durations: np.ndarray  # D x K expected number of segments of each length
    transitions: np.ndarray  # K x K expected transitions
    initial: np.ndarray  # K


def forward(logb, logpi, logA, logp, logs):
    """Forward pass; returns (loglik, log alpha_end, log alpha_start, E, W)."""
    T, K = logb.shape
    D = logp.shape[0]
    E = segment_loglik(logb, D)
    W = _weights(logp, logs, T)
    a_end = np.full((T, K), NEG)
    a_start = np.full((T, K), NEG)
    a_start[0] = logpi
    G = _by_end(W + E)
    for t in range(T):
        if t > 0:
            a_start[t] = logsumexp(a_end[t - 1][:, None] + logA, axis=0)
        n = min(t + 1, D)  # segments ending at t started at t - d + 1, d = 1..n
        a_end[t] = logsumexp(a_start[t - n + 1 : t + 1][::-1] + G[t, :n], axis=0)
    return float(logsumexp(a_end[T - 1])), a_end, a_start, E, W


def forward_backward(logb, logpi, logA, logp, logs) -> Posterior:
    """Posterior occupancies, segment starts, duration and transition counts."""
    T, K = logb.shape
    D = logp.shape[0]
    ll, a_end, a_start, E, W = forward(logb, logpi, logA, logp, logs)
    WE = W + E
    b_end = np.full((T, K), NEG)
    b_start = np.full((T, K), NEG)
    dd = np.arange(D)
    for t in range(T - 1, -1, -1):
        b_end[t] = 0.0 if t == T - 1 else logsumexp(logA + b_start[t + 1][None, :], axis=1)
        n = min(T - t, D)
        b_start[t] = logsumexp(WE[t, :n] + b_end[t : t + n], axis=0)
    # segment posterior xi[t0, d-1, k]
    end_idx = np.minimum(np.arange(T)[:, None] + dd[None, :], T - 1)
    xi = a_start[:, None, :] + WE + b_end[end_idx] - ll
    xi = np.exp(np.where(np.isfinite(xi), xi, NEG))
    starts = xi.sum(axis=1)
    diff = np.zeros((T + 1, K))
    diff[:T] += starts
    stop = np.arange(T)[:, None] + dd[None, :] + 1
    stop = np.minimum(stop, T).ravel()
    for k in range(K):
        diff[:, k] -= np.bincount(stop, weights=xi[:, :, k].ravel(), minlength=T + 1)
    occ = np.clip(np.cumsum(diff, axis=0)[:T], 0.0, 1.0)
    trans = (
        np.exp(logsumexp(a_end[:-1, :, None] + logA[None] + b_start[1:, None, :] - ll, axis=0))
        if T > 1
        else np.zeros((K, K))
    )
    return Posterior(ll, occ, starts, xi.sum(axis=0), trans, starts[0])


def viterbi(logb, logpi, logA, logp, logs) -> np.ndarray:
    """The most probable state path (one state per month)."""
    T, K = logb.shape
    D = logp.shape[0]
    E = segment_loglik(logb, D)
    W = _weights(logp, logs, T)
    v_end = np.full((T, K), NEG)
    v_start = np.full((T, K), NEG)
    prev = np.zeros((T, K), dtype=int)  # best previous state for a segment starting at t
    dur = np.zeros((T, K), dtype=int)  # best duration of a segment ending at t
    v_start[0] = logpi
    G = _by_end(W + E)
    for t in range(T):
        if t > 0:
            s = v_end[t - 1][:, None] + logA
            prev[t] = np.argmax(s, axis=0)
            v_start[t] = s[prev[t], np.arange(K)]
        n = min(t + 1, D)
        terms = v_start[t - n + 1 : t + 1][::-1] + G[t, :n]
        best = np.argmax(terms, axis=0)
        dur[t] = best + 1
        v_end[t] = terms[best, np.arange(K)]
    path = np.empty(T, dtype=int)
    t, k = T - 1, int(np.argmax(v_end[T - 1]))
    while t >= 0:
        d = dur[t, k]
        path[t - d + 1 : t + 1] = k
        t0 = t - d + 1
        if t0 == 0:
            break
        k, t = int(prev[t0, k]), t0 - 1
    return path
