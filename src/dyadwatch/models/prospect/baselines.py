"""Expected-utility baselines to prospect theory: CARA expected utility and expected value.

Constant absolute risk aversion ``u(z) = (1 - exp(-a z)) / a`` (Arrow 1965; Pratt 1964), with
``u(z) = z`` at ``a = 0`` (expected value, the risk-neutral benchmark). Decision weights are
the probabilities themselves. CARA utility is defined for losses as well as gains, so these
models take the same prospects as :class:`~dyadwatch.models.prospect.CPT`; unlike CPT they
cannot produce the reflection effect [KT1979], which is why they are the baselines.

References:
    [Pratt1964] Pratt, J. W. (1964). Risk aversion in the small and in the large.
        Econometrica 32(1/2), 122-136.
    [Arrow1965] Arrow, K. J. (1965). Aspects of the Theory of Risk-Bearing. Yrjö Jahnsson
        Foundation, Helsinki.
    [KT1979] Kahneman, D. & Tversky, A. (1979). Prospect theory: an analysis of decision under
        risk. Econometrica 47(2), 263-291.
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
)

__all__ = ["ExpectedUtility", "ExpectedValue"]


class ExpectedUtility(Chooser):
    """Expected utility with constant absolute risk aversion; the baseline to CPT.

    ``u(x) = (1 - exp(-a (x - r))) / a``, and ``u(x) = x - r`` when ``a = 0`` (expected value).
    Decision weights are the probabilities themselves. CARA utility is defined for losses as
    well as gains, so the baseline takes the same prospects as
    :class:`~dyadwatch.models.prospect.CPT`.

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
        probs = check_probability_rows(probs, len(x))
        return probs @ self.utility(x)


class ExpectedValue(ExpectedUtility):
    """Expected value: risk-neutral expected utility (``risk_aversion = 0``).

    Args:
        reference: where outcomes are measured from (it does not change choices).
    """

    #: Risk neutral by definition: a constant of the class, not a parameter.
    risk_aversion = 0.0

    def __init__(self, reference: float = 0.0) -> None:
        self.reference = reference

    def __repr__(self) -> str:
        return f"ExpectedValue(reference={self.reference})"
