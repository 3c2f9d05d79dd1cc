"""The prospect-theory decision maker: cumulative [TK1992] or separable [KT1979].

Value function ``v(z) = z**alpha`` for gains and ``-lam * (-z)**beta`` for losses, with
``z = x - reference``; decision weights rank-dependent (cumulative, TK1992 section 1) or one
weight a probability after combining identical outcomes (separable, KT1979, with its
equation (2) for strictly positive or strictly negative two-outcome prospects). Default
parameters are TK1992's median estimates (alpha = beta = .88, lambda = 2.25, gamma = .61,
delta = .69). See :mod:`dyadwatch.models.prospect` for the formulas and the validation.

The value function is a method of :class:`CPT` (``utility``) rather than a module of its own:
it is four lines and only meaningful with the model's parameters and reference point.

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory: cumulative
        representation of uncertainty. Journal of Risk and Uncertainty 5(4), 297-323.
    [Prelec1998] Prelec, D. (1998). The probability weighting function. Econometrica 66(3),
        497-527.
    [Ingersoll2008] Ingersoll, J. (2008). Non-monotonicity of the Tversky-Kahneman
        probability-weighting function. European Financial Management 14(3), 385-390.
"""

from __future__ import annotations

import math

import numpy as np

from dyadwatch.models.prospect.preference import Chooser
from dyadwatch.models.prospect.prospects import (
    InvalidProspectError,
    Prospect,
    check_probability_rows,
    check_prospect,
    combine,
)
from dyadwatch.models.prospect.weighting import TK92_MIN_GAMMA, WEIGHTINGS

__all__ = ["CPT"]


class CPT(Chooser):
    """Cumulative prospect theory [TK1992] (or the original 1979 form [KT1979]).

    Args:
        alpha: curvature of the value function for gains (TK1992 median .88).
        beta: curvature for losses (.88).
        lam: loss aversion lambda (2.25).
        gamma: probability-weighting parameter for gains (.61).
        delta: probability-weighting parameter for losses (.69).
        weighting: ``"tk92"`` or ``"prelec"`` [Prelec1998].
        form: ``"cumulative"`` (rank-dependent, TK1992) or ``"separable"`` (KT1979).
        reference: the reference point r; outcomes are coded as gains or losses ``x - r``.

    Example:
        >>> CPT().choose([(4000, 0.8), (0, 0.2)], [(3000, 1.0)])  # KT1979 Problem 3
        'B'
    """

    def __init__(
        self,
        alpha: float = 0.88,
        beta: float = 0.88,
        lam: float = 2.25,
        gamma: float = 0.61,
        delta: float = 0.69,
        weighting: str = "tk92",
        form: str = "cumulative",
        reference: float = 0.0,
    ) -> None:
        self.alpha = alpha
        self.beta = beta
        self.lam = lam
        self.gamma = gamma
        self.delta = delta
        self.weighting = weighting
        self.form = form
        self.reference = reference

    def __repr__(self) -> str:
        return (
            f"CPT(alpha={self.alpha}, beta={self.beta}, lam={self.lam}, gamma={self.gamma}, "
            f"delta={self.delta}, weighting={self.weighting!r}, form={self.form!r}, "
            f"reference={self.reference})"
        )

    # -- parameters -----------------------------------------------------------------------
    def _check_params(self) -> None:
        for name in ("alpha", "beta", "lam", "gamma", "delta"):
            val = getattr(self, name)
            if not (isinstance(val, (int, float)) and math.isfinite(val) and val > 0):
                raise InvalidProspectError(
                    f"CPT parameter {name}={val!r} must be a positive number",
                    fix=f"set {name} > 0",
                )
        if self.weighting not in WEIGHTINGS:
            raise InvalidProspectError(
                f"unknown weighting {self.weighting!r}", fix="use 'tk92' or 'prelec'"
            )
        if self.form not in ("cumulative", "separable"):
            raise InvalidProspectError(
                f"unknown form {self.form!r}", fix="use 'cumulative' or 'separable'"
            )
        if self.weighting == "tk92":
            for name in ("gamma", "delta"):
                if getattr(self, name) < TK92_MIN_GAMMA:
                    raise InvalidProspectError(
                        f"{name}={getattr(self, name)} makes the TK92 weighting function "
                        "non-monotone (Ingersoll 2008)",
                        fix=f"use {name} >= {TK92_MIN_GAMMA} or weighting='prelec'",
                    )
        if not math.isfinite(float(self.reference)):
            raise InvalidProspectError("reference point must be finite", fix="set a number")

    # -- building blocks --------------------------------------------------------------------
    def weight(self, p: np.ndarray | float, domain: str = "gain") -> np.ndarray:
        """The probability weighting function ``w+`` (``domain="gain"``) or ``w-``."""
        fn = WEIGHTINGS[self.weighting]
        return fn(p, self.gamma if domain == "gain" else self.delta)

    def utility(self, x: np.ndarray | float) -> np.ndarray:
        """The value function v applied to ``x - reference``."""
        z = np.asarray(x, dtype=float) - self.reference
        gains = np.abs(np.maximum(z, 0.0)) ** self.alpha
        losses = -self.lam * np.abs(np.minimum(z, 0.0)) ** self.beta
        return np.where(z >= 0, gains, losses)

    def inverse_utility(self, u: np.ndarray | float) -> np.ndarray:
        """The outcome whose value is ``u`` (inverse of :meth:`utility`)."""
        u = np.asarray(u, dtype=float)
        pos = np.maximum(u, 0.0) ** (1.0 / self.alpha)
        neg = -((np.maximum(-u, 0.0) / self.lam) ** (1.0 / self.beta))
        return np.where(u >= 0, pos, neg) + self.reference

    # -- decision weights -------------------------------------------------------------------
    def _cumulative_weights(self, x: np.ndarray, probs: np.ndarray) -> np.ndarray:
        """Rank-dependent decision weights, one row per probability row (columns follow x)."""
        z = x - self.reference
        order = np.argsort(-z, kind="stable")  # best first
        zs = z[order]
        ps = probs[:, order]
        gain = zs >= 0
        pi = np.zeros_like(ps)
        if gain.any():
            g = ps[:, gain]  # gains, best first
            cum = np.cumsum(g, axis=1)
            wcum = self.weight(np.minimum(cum, 1.0), "gain")
            pi[:, gain] = np.diff(wcum, axis=1, prepend=0.0)
        if (~gain).any():
            lo = ps[:, ~gain][:, ::-1]  # losses, worst first
            cum = np.cumsum(lo, axis=1)
            wcum = self.weight(np.minimum(cum, 1.0), "loss")
            pi[:, ~gain] = np.diff(wcum, axis=1, prepend=0.0)[:, ::-1]
        out = np.empty_like(pi)
        out[:, order] = pi
        return out

    def _separable_value(self, x: np.ndarray, p: np.ndarray) -> tuple[float, np.ndarray]:
        """KT1979 value of one prospect and the weights aligned with ``x``."""
        ux, up, inv = combine(x, p)
        keep = up > 0
        ux, up_k = ux[keep], up[keep]
        z = ux - self.reference
        w = np.where(z >= 0, self.weight(up_k, "gain"), self.weight(up_k, "loss"))
        v = self.utility(ux)
        strict = np.all(z > 0) or np.all(z < 0)
        if strict and len(ux) == 2:
            # KT1979 eq. (2): segregate the riskless component y (the outcome nearer r).
            near = int(np.argmin(np.abs(z)))
            far = 1 - near
            value = v[near] + w[far] * (v[far] - v[near])
            w = np.zeros(2)
            w[far] = self.weight(up_k[far], "gain" if z[far] > 0 else "loss")
            w[near] = 1.0 - w[far]
        elif strict and len(ux) == 1:
            value = float(v[0])
            w = np.ones(1)
        else:
            value = float(np.dot(w, v))
        # map back to the input order, splitting merged weights in proportion to probability
        full = np.zeros(len(up))
        full[keep] = w
        share = np.divide(p, up[inv], out=np.zeros_like(p), where=up[inv] > 0)
        return float(value), full[inv] * share

    # -- public API -------------------------------------------------------------------------
    def weights(self, prospect: Prospect) -> np.ndarray:
        """Decision weights pi_i, aligned with the input pairs.

        Identical outcomes share their combined weight in proportion to their probabilities;
        zero-probability outcomes get weight 0. In the cumulative form the weights of the gains
        sum to ``w+(P(gain))`` and those of the losses to ``w-(P(loss))``, so the total need not
        be 1.
        """
        self._check_params()
        x, p = check_prospect(prospect)
        if self.form == "separable":
            return self._separable_value(x, p)[1]
        return self._cumulative_weights(x, p[None, :])[0]

    def value(self, prospect: Prospect) -> float:
        """The prospect's value V (in value-function units)."""
        self._check_params()
        x, p = check_prospect(prospect)
        if self.form == "separable":
            return self._separable_value(x, p)[0]
        return float(self.value_many(x, p[None, :])[0])

    def value_many(self, outcomes: np.ndarray, probs: np.ndarray) -> np.ndarray:
        """Values of many prospects over the same outcomes (vectorised).

        Args:
            outcomes: shape ``(m,)``, the possible outcomes.
            probs: shape ``(n, m)``, one probability row per prospect (rows sum to 1).

        Returns:
            Shape ``(n,)``: the value of each row.
        """
        self._check_params()
        x = np.asarray(outcomes, dtype=float)
        if x.ndim != 1 or not np.all(np.isfinite(x)):
            raise InvalidProspectError("outcomes must be a finite 1-D array", fix="fix the inputs")
        probs = check_probability_rows(probs, len(x))
        if self.form == "separable":
            return np.array([self._separable_value(x, row)[0] for row in probs])
        pi = self._cumulative_weights(x, probs)
        return pi @ self.utility(x)
