"""The ordered-probit likelihood of one vote and its derivatives, vectorised over votes.

A vote falls in a band of a latent utility ``z = eta + e``, ``e ~ N(0, 1)``: below the first cut
(no), between the cuts (abstain) or above the second (yes). With ``a = L - eta`` and
``b = U - eta`` for the band's lower and upper bounds ``L < U`` (``-inf``/``+inf`` at the ends),

    P = Phi(b) - Phi(a),

the ordered probit of McKelvey & Zavoina (1975). Its log is concave in ``(eta, L, U)``
[Pra1981], which is what makes the Newton steps of :mod:`.model` safe. Probabilities are formed
on whichever tail is accurate, in logs (``scipy.special.log_ndtr``), so votes far from a cut
neither underflow nor lose digits.

References:
    McKelvey, R. D., Zavoina, W. (1975). A statistical model for the analysis of ordinal
    level dependent variables. Journal of Mathematical Sociology 4(1), 103–120.
    [Pra1981] Pratt, J. W. (1981). Concavity of the log likelihood. Journal of the American
    Statistical Association 76(373), 103–106.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import log_ndtr

__all__ = ["BandDerivatives", "log_prob", "derivatives"]

_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


def _log_phi(x: np.ndarray) -> np.ndarray:
    return -0.5 * x * x - _LOG_SQRT_2PI


def log_prob(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``log(Phi(b) - Phi(a))`` for ``a < b`` (either may be infinite), accurately.

    Args:
        a: lower bounds minus the linear predictor (``-inf`` for the lowest category).
        b: upper bounds minus the linear predictor (``+inf`` for the highest category).
    """
    out = np.empty(np.shape(a), dtype=float)
    upper = a > 0  # both bounds in the upper tail: use the survival function
    lo, hi = np.where(upper, -b, a), np.where(upper, -a, b)
    log_hi, log_lo = log_ndtr(hi), log_ndtr(lo)
    with np.errstate(divide="ignore", invalid="ignore"):
        out[:] = log_hi + np.log1p(-np.exp(np.minimum(log_lo - log_hi, 0.0)))
    return np.where(np.isfinite(out), out, -745.0)


@dataclass
class BandDerivatives:
    """First and second derivatives of ``log P`` with respect to ``a`` and ``b``."""

    logp: np.ndarray
    la: np.ndarray
    lb: np.ndarray
    laa: np.ndarray
    lbb: np.ndarray
    lab: np.ndarray

    @property
    def eta(self) -> np.ndarray:
        """d log P / d eta (``a`` and ``b`` both fall as ``eta`` rises)."""
        return -(self.la + self.lb)

    @property
    def eta2(self) -> np.ndarray:
        """d^2 log P / d eta^2 (never positive)."""
        return self.laa + 2.0 * self.lab + self.lbb


def derivatives(a: np.ndarray, b: np.ndarray) -> BandDerivatives:
    """``log P`` and its derivatives in ``a`` and ``b``: with ``r_a = phi(a)/P`` and
    ``r_b = phi(b)/P``, ``l_a = -r_a``, ``l_b = r_b``, ``l_aa = a r_a - r_a^2``,
    ``l_bb = -b r_b - r_b^2``, ``l_ab = r_a r_b``; infinite bounds contribute nothing."""
    logp = log_prob(a, b)
    fa, fb = np.isfinite(a), np.isfinite(b)
    with np.errstate(over="ignore", invalid="ignore"):
        ra = np.where(fa, np.exp(_log_phi(np.where(fa, a, 0.0)) - logp), 0.0)
        rb = np.where(fb, np.exp(_log_phi(np.where(fb, b, 0.0)) - logp), 0.0)
    a0, b0 = np.where(fa, a, 0.0), np.where(fb, b, 0.0)
    return BandDerivatives(
        logp=logp,
        la=-ra,
        lb=rb,
        laa=a0 * ra - ra * ra,
        lbb=-b0 * rb - rb * rb,
        lab=ra * rb,
    )
