"""Prospect theory: cumulative (1992) and original (1979), with an expected-utility baseline.

A *prospect* is a sequence of ``(outcome, probability)`` pairs whose probabilities sum to 1.
Outcomes are measured in any unit; the model codes them as gains or losses relative to a
reference point ``reference`` before valuing them.

Cumulative prospect theory [TK1992] values a prospect as

    V = sum_i pi_i * v(x_i - r),

with the value function ``v(x) = x**alpha`` for gains and ``v(x) = -lam * (-x)**beta`` for
losses, and rank-dependent *decision weights* ``pi_i``: for a gain, the weighted probability of
getting at least ``x_i`` minus the weighted probability of getting strictly more; for a loss, the
same from the bottom up (the weighted probability of getting ``x_i`` or worse minus that of
getting strictly worse). Gains are weighted with ``w+`` (parameter gamma), losses with ``w-``
(parameter delta). Two weighting functions are available: the TK92 form

    w(p) = p**g / (p**g + (1 - p)**g) ** (1 / g)

and Prelec's one-parameter form ``w(p) = exp(-(-ln p) ** g)`` [Prelec1998].

The original, separable form [KT1979] weights each probability on its own, ``pi_i = w(p_i)``,
after the editing step that combines identical outcomes; for a strictly positive or strictly
negative two-outcome prospect it uses KT1979's equation (2), ``V = v(y) + pi(p) (v(x) - v(y))``
(the riskless component ``y`` is segregated).

Validation (tests/models/test_prospect.py): TK1992's own parameter estimates reproduce the
identities V(100) ~ V(200, .71) ~ 57 and V(-100) ~ V(-200, .64) ~ -129; Birnbaum's CPT calculator
example gives V = 0.5672; and :func:`replicate` sets the engine's choices beside the majority
choices of KT1979 Problems 1-4, 11-12 and the Asian-disease problem [TK1981].

Where a model misses a published majority, :func:`replicate` says so and the tests name the
miss; nothing is tuned to make it go away. The TK1992 median parameters reproduce all eight
majorities, and so do Birnbaum's set and the Prelec and separable variants. The misses are
instructive:

* expected value misses the certainty effect (Problems 1 and 3) and is exactly indifferent in
  Problems 11-12 and both Asian-disease frames, whose options were built to have equal
  expected values;
* a concave value function without probability weighting (gamma = delta = 1) still misses
  Problems 1 and 3: in Problem 1 the margin is 0.2% of the certainty equivalent, a near-tie,
  because the Allais pattern comes from overweighting the last .01 of certainty, not from
  curvature;
* a linear value function with weighting misses the gain frame of the Asian disease by 0.8%,
  again a near-tie: there risk aversion for gains comes from the curvature of v;
* CARA expected utility cannot produce the reflection effect (risk seeking for losses), so it
  misses Problems 2, 4, 12 and the loss frame;
* with the reference point at initial wealth instead of after the bonus, Problems 11 and 12
  are the same choice over final states, so no reference-independent reading can match both
  majorities: the isolation effect is a statement about the reference point.

References:
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
    [TK1981] Tversky, A. & Kahneman, D. (1981). The framing of decisions and the psychology of
        choice. Science 211(4481), 453-458.
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory: cumulative
        representation of uncertainty. Journal of Risk and Uncertainty 5(4), 297-323.
    [Prelec1998] Prelec, D. (1998). The probability weighting function. Econometrica 66(3),
        497-527.
    [Ingersoll2008] Ingersoll, J. (2008). Non-monotonicity of the Tversky-Kahneman
        probability-weighting function: a cautionary note. European Financial Management 14(3),
        385-390.
    [Birnbaum] Birnbaum, M. H. Cumulative prospect theory calculator (online), example with
        alpha .8, beta .9, gamma .6, delta .7, lambda 2.25.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError

__all__ = [
    "CPT",
    "ExpectedUtility",
    "ExpectedValue",
    "InvalidProspectError",
    "PUBLISHED_CHOICES",
    "PreferenceModel",
    "Prospect",
    "PublishedChoice",
    "check_prospect",
    "prelec_weight",
    "replicate",
    "tk92_weight",
]

Prospect = Sequence[tuple[float, float]]
Choice = Literal["A", "B"]

#: Probabilities must sum to 1 within this tolerance.
PROB_TOL = 1e-6
#: Below this curvature the TK92 weighting function is not increasing [Ingersoll2008].
TK92_MIN_GAMMA = 0.279


class InvalidProspectError(DyadwatchError, ValueError):
    """A prospect or a model parameter is not valid (bad probabilities, NaN, ...)."""


# --------------------------------------------------------------------------------------------
# Probability weighting and value functions
# --------------------------------------------------------------------------------------------


def tk92_weight(p: np.ndarray | float, gamma: float) -> np.ndarray:
    """TK1992 probability weighting ``w(p) = p^g / (p^g + (1-p)^g)^(1/g)``.

    Args:
        p: probabilities in [0, 1] (any shape).
        gamma: curvature; 1 is linear. TK1992 estimate .61 for gains and .69 for losses.

    Returns:
        The weighted probabilities, same shape as ``p``; w(0) = 0 and w(1) = 1 exactly.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    pg = p**gamma
    qg = (1.0 - p) ** gamma
    return pg / (pg + qg) ** (1.0 / gamma)


def prelec_weight(p: np.ndarray | float, gamma: float) -> np.ndarray:
    """Prelec's one-parameter weighting ``w(p) = exp(-(-ln p)^g)`` [Prelec1998].

    Args:
        p: probabilities in [0, 1] (any shape).
        gamma: curvature in (0, 1] for the usual inverse-S shape; 1 is linear.

    Returns:
        The weighted probabilities; w(0) = 0, w(1) = 1, and the fixed point is 1/e.
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    with np.errstate(divide="ignore"):
        out = np.exp(-((-np.log(p)) ** gamma))
    return np.where(p <= 0.0, 0.0, out)


_WEIGHTINGS = {"tk92": tk92_weight, "prelec": prelec_weight}


def check_prospect(prospect: Prospect, *, name: str = "prospect") -> tuple[np.ndarray, np.ndarray]:
    """Validate a prospect and return its outcomes and probabilities as arrays.

    Args:
        prospect: ``(outcome, probability)`` pairs.
        name: what to call it in error messages.

    Returns:
        ``(outcomes, probabilities)`` as float arrays.

    Raises:
        InvalidProspectError: empty, malformed pairs, NaN or infinite values, negative
            probabilities, or probabilities that do not sum to 1.
    """
    try:
        pairs = [(float(x), float(p)) for x, p in prospect]
    except (TypeError, ValueError) as exc:
        raise InvalidProspectError(
            f"{name} must be a sequence of (outcome, probability) pairs of numbers",
            where=repr(prospect)[:80],
            fix="write it as [(outcome, probability), ...]",
        ) from exc
    if not pairs:
        raise InvalidProspectError(
            f"{name} is empty", fix="give at least one (outcome, probability) pair"
        )
    x = np.array([a for a, _ in pairs], dtype=float)
    p = np.array([b for _, b in pairs], dtype=float)
    for i, (xi, pi) in enumerate(pairs):
        if not math.isfinite(xi):
            raise InvalidProspectError(
                f"{name} has a non-finite outcome {xi}", where=f"pair {i}", fix="use finite numbers"
            )
        if not math.isfinite(pi):
            raise InvalidProspectError(
                f"{name} has a non-finite probability {pi}",
                where=f"pair {i}",
                fix="use probabilities in [0, 1]",
            )
        if pi < 0.0 or pi > 1.0:
            raise InvalidProspectError(
                f"{name} has probability {pi} outside [0, 1]",
                where=f"pair {i}",
                fix="use probabilities in [0, 1]",
            )
    total = float(p.sum())
    if abs(total - 1.0) > PROB_TOL:
        raise InvalidProspectError(
            f"{name} probabilities sum to {total:.6g}, not 1",
            where=repr(prospect)[:80],
            fix="make the probabilities add up to 1 (include the 'nothing happens' outcome)",
        )
    return x, p


def _check_probability_rows(probs: np.ndarray, m: int) -> np.ndarray:
    probs = np.atleast_2d(np.asarray(probs, dtype=float))
    if probs.shape[-1] != m:
        raise InvalidProspectError(
            f"probability rows have {probs.shape[-1]} columns for {m} outcomes",
            fix="give one probability per outcome",
        )
    if not np.all(np.isfinite(probs)):
        raise InvalidProspectError("probabilities contain NaN or infinity", fix="fix the inputs")
    if np.any(probs < -PROB_TOL) or np.any(probs > 1 + PROB_TOL):
        raise InvalidProspectError("probabilities outside [0, 1]", fix="fix the inputs")
    sums = probs.sum(axis=-1)
    if np.any(np.abs(sums - 1.0) > PROB_TOL):
        bad = int(np.argmax(np.abs(sums - 1.0)))
        raise InvalidProspectError(
            f"probability row {bad} sums to {sums[bad]:.6g}, not 1",
            fix="make every row add up to 1",
        )
    return probs


def _combine(x: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """KT1979 editing: combine identical outcomes. Returns unique x, summed p, inverse index."""
    ux, inv = np.unique(x, return_inverse=True)
    up = np.bincount(inv, weights=p, minlength=len(ux))
    return ux, up, inv


# --------------------------------------------------------------------------------------------
# Preference models
# --------------------------------------------------------------------------------------------


@runtime_checkable
class PreferenceModel(Protocol):
    """What the escalation model and the games need from a decision maker."""

    reference: float

    def utility(self, x: np.ndarray | float) -> np.ndarray: ...

    def value(self, prospect: Prospect) -> float: ...

    def value_many(self, outcomes: np.ndarray, probs: np.ndarray) -> np.ndarray: ...

    def weights(self, prospect: Prospect) -> np.ndarray: ...

    def certainty_equivalent(self, prospect: Prospect) -> float: ...

    def inverse_utility(self, u: np.ndarray | float) -> np.ndarray: ...

    def choose(self, a: Prospect, b: Prospect) -> Choice: ...


class _Chooser:
    """Shared methods: certainty equivalents and binary choice from ``value``."""

    reference: float

    def value(self, prospect: Prospect) -> float:  # pragma: no cover - overridden
        raise NotImplementedError

    def inverse_utility(self, u: np.ndarray | float) -> np.ndarray:  # pragma: no cover
        raise NotImplementedError

    def certainty_equivalent(self, prospect: Prospect) -> float:
        """The sure outcome the model values exactly as much as ``prospect``."""
        return float(self.inverse_utility(self.value(prospect)))

    def choose(self, a: Prospect, b: Prospect) -> Choice:
        """``"A"`` if the model values ``a`` at least as highly as ``b``, else ``"B"``.

        Exact ties go to ``"A"``; use :meth:`margin` to see how close a choice is.
        """
        return "A" if self.value(a) >= self.value(b) else "B"

    def margin(self, a: Prospect, b: Prospect) -> float:
        """Certainty equivalent of ``a`` minus that of ``b`` (outcome units)."""
        return self.certainty_equivalent(a) - self.certainty_equivalent(b)


class CPT(_Chooser):
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
        if self.weighting not in _WEIGHTINGS:
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
        fn = _WEIGHTINGS[self.weighting]
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
        ux, up, inv = _combine(x, p)
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
        probs = _check_probability_rows(probs, len(x))
        if self.form == "separable":
            return np.array([self._separable_value(x, row)[0] for row in probs])
        pi = self._cumulative_weights(x, probs)
        return pi @ self.utility(x)


class ExpectedUtility(_Chooser):
    """Expected utility with constant absolute risk aversion; the baseline to CPT.

    ``u(x) = (1 - exp(-a (x - r))) / a``, and ``u(x) = x - r`` when ``a = 0`` (expected value).
    Decision weights are the probabilities themselves. CARA utility is defined for losses as
    well as gains, so the baseline takes the same prospects as :class:`CPT`.

    Args:
        risk_aversion: the Arrow-Pratt coefficient a (per outcome unit); 0 for risk neutrality,
            negative for risk seeking.
        reference: where outcomes are measured from (it does not change choices).
    """

    def __init__(self, risk_aversion: float = 0.0, reference: float = 0.0) -> None:
        self.risk_aversion = risk_aversion
        self.reference = reference

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(risk_aversion={self.risk_aversion}, reference={self.reference})"
        )

    def _check_params(self) -> None:
        if not math.isfinite(float(self.risk_aversion)):
            raise InvalidProspectError("risk_aversion must be finite", fix="set a number")
        if not math.isfinite(float(self.reference)):
            raise InvalidProspectError("reference point must be finite", fix="set a number")

    def utility(self, x: np.ndarray | float) -> np.ndarray:
        """The utility of ``x`` (measured from the reference point)."""
        z = np.asarray(x, dtype=float) - self.reference
        a = float(self.risk_aversion)
        if a == 0.0:
            return z
        return -np.expm1(-a * z) / a

    def inverse_utility(self, u: np.ndarray | float) -> np.ndarray:
        """The sure outcome with utility ``u``."""
        u = np.asarray(u, dtype=float)
        a = float(self.risk_aversion)
        if a == 0.0:
            return u + self.reference
        return -np.log1p(-a * u) / a + self.reference

    def weights(self, prospect: Prospect) -> np.ndarray:
        """Decision weights: the probabilities."""
        return check_prospect(prospect)[1]

    def value(self, prospect: Prospect) -> float:
        """Expected utility."""
        self._check_params()
        x, p = check_prospect(prospect)
        return float(np.dot(p, self.utility(x)))

    def value_many(self, outcomes: np.ndarray, probs: np.ndarray) -> np.ndarray:
        """Expected utilities of many prospects over the same outcomes."""
        self._check_params()
        x = np.asarray(outcomes, dtype=float)
        probs = _check_probability_rows(probs, len(x))
        return probs @ self.utility(x)


class ExpectedValue(ExpectedUtility):
    """Expected value: risk-neutral expected utility (``risk_aversion = 0``)."""

    def __init__(self, reference: float = 0.0) -> None:
        super().__init__(risk_aversion=0.0, reference=reference)

    def __repr__(self) -> str:
        return f"ExpectedValue(reference={self.reference})"


# --------------------------------------------------------------------------------------------
# Published experiments
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedChoice:
    """A published choice problem and its majority.

    Attributes:
        key: short identifier (``"KT1979-P1"``).
        source: citation.
        a, b: the two prospects as offered (after the problem's framing: outcomes are the
            changes the subjects were asked to evaluate).
        majority: ``"A"`` or ``"B"``, the option most subjects chose.
        percent: share of subjects choosing the majority option.
        n: number of subjects.
        label_a, label_b: the option names used in the paper.
        note: how the problem is framed.
    """

    key: str
    source: str
    a: tuple[tuple[float, float], ...]
    b: tuple[tuple[float, float], ...]
    majority: Choice
    percent: int
    n: int
    label_a: str
    label_b: str
    note: str = ""


_KT79 = "Kahneman & Tversky (1979), Econometrica 47(2)"
_TK81 = "Tversky & Kahneman (1981), Science 211(4481)"

#: KT1979 Problems 1-4 and 11-12, and the Asian-disease problem of TK1981, with the published
#: majorities. Outcomes in Israeli pounds (KT1979) or lives (TK1981).
PUBLISHED_CHOICES: tuple[PublishedChoice, ...] = (
    PublishedChoice(
        "KT1979-P1",
        _KT79 + ", Problem 1",
        ((2500, 0.33), (2400, 0.66), (0, 0.01)),
        ((2400, 1.0),),
        "B",
        82,
        72,
        "A",
        "B",
        "certainty effect (Allais common consequence)",
    ),
    PublishedChoice(
        "KT1979-P2",
        _KT79 + ", Problem 2",
        ((2500, 0.33), (0, 0.67)),
        ((2400, 0.34), (0, 0.66)),
        "A",
        83,
        72,
        "C",
        "D",
        "Problem 1 with the common .66 chance of 2400 removed",
    ),
    PublishedChoice(
        "KT1979-P3",
        _KT79 + ", Problem 3",
        ((4000, 0.80), (0, 0.20)),
        ((3000, 1.0),),
        "B",
        80,
        95,
        "A",
        "B",
        "certainty effect (common ratio)",
    ),
    PublishedChoice(
        "KT1979-P4",
        _KT79 + ", Problem 4",
        ((4000, 0.20), (0, 0.80)),
        ((3000, 0.25), (0, 0.75)),
        "A",
        65,
        95,
        "C",
        "D",
        "Problem 3 with probabilities divided by 4",
    ),
    PublishedChoice(
        "KT1979-P11",
        _KT79 + ", Problem 11",
        ((1000, 0.5), (0, 0.5)),
        ((500, 1.0),),
        "B",
        84,
        70,
        "A",
        "B",
        "given 1000 first; outcomes are changes from there (isolation effect)",
    ),
    PublishedChoice(
        "KT1979-P12",
        _KT79 + ", Problem 12",
        ((-1000, 0.5), (0, 0.5)),
        ((-500, 1.0),),
        "A",
        69,
        68,
        "C",
        "D",
        "given 2000 first; outcomes are changes from there (isolation effect)",
    ),
    PublishedChoice(
        "TK1981-asian-gain",
        _TK81 + ", Problem 1 (Asian disease, lives saved)",
        ((200, 1.0),),
        ((600, 1 / 3), (0, 2 / 3)),
        "A",
        72,
        152,
        "Program A",
        "Program B",
        "gain frame: reference point is 600 expected deaths, outcomes are lives saved",
    ),
    PublishedChoice(
        "TK1981-asian-loss",
        _TK81 + ", Problem 2 (Asian disease, deaths)",
        ((-400, 1.0),),
        ((0, 1 / 3), (-600, 2 / 3)),
        "B",
        78,
        155,
        "Program C",
        "Program D",
        "loss frame: reference point is no deaths, outcomes are lives lost",
    ),
)


def replicate(
    model: PreferenceModel | None = None,
    problems: Sequence[PublishedChoice] = PUBLISHED_CHOICES,
    *,
    tie_tol: float = 1e-9,
) -> pd.DataFrame:
    """Set a model's choices beside the published majorities.

    Args:
        model: any preference model; default ``CPT()`` with the TK1992 median parameters.
        problems: the published problems (default :data:`PUBLISHED_CHOICES`).
        tie_tol: relative certainty-equivalent difference below which the model is called
            indifferent.

    Returns:
        One row per problem: ``problem, source, option_a, option_b, published_choice,
        published_percent, n, model_choice, ce_a, ce_b, margin_pct, reproduced``. ``margin_pct``
        is the certainty-equivalent difference (A minus B) as a percentage of the larger
        absolute certainty equivalent: a small margin is a near-tie.
    """
    model = CPT() if model is None else model
    rows = []
    for prob in problems:
        ce_a = model.certainty_equivalent(prob.a)
        ce_b = model.certainty_equivalent(prob.b)
        scale = max(abs(ce_a), abs(ce_b), 1e-12)
        margin = (ce_a - ce_b) / scale
        choice = "indifferent" if abs(margin) <= tie_tol else ("A" if margin > 0 else "B")
        label = {"A": prob.label_a, "B": prob.label_b, "indifferent": "indifferent"}
        rows.append(
            {
                "problem": prob.key,
                "source": prob.source,
                "option_a": f"{prob.label_a}: {_fmt(prob.a)}",
                "option_b": f"{prob.label_b}: {_fmt(prob.b)}",
                "published_choice": label[prob.majority],
                "published_percent": prob.percent,
                "n": prob.n,
                "model_choice": label[choice],
                "ce_a": ce_a,
                "ce_b": ce_b,
                "margin_pct": 100.0 * margin,
                "reproduced": choice == prob.majority,
            }
        )
    return pd.DataFrame(rows)


def _fmt(prospect: Sequence[tuple[float, float]]) -> str:
    parts = []
    for x, p in prospect:
        if p == 0:
            continue
        ps = (
            "1"
            if p == 1
            else (
                f"{p:.2f}".rstrip("0")
                if p != 1 / 3 and p != 2 / 3
                else ("1/3" if p == 1 / 3 else "2/3")
            )
        )
        parts.append(f"{x:g} w.p. {ps}")
    return "; ".join(parts)
