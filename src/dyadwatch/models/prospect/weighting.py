"""Probability weighting functions: TK1992's and Prelec's.

Both map [0, 1] onto [0, 1] with w(0) = 0 and w(1) = 1 and, for curvature below 1, the inverse-S
shape that overweights small probabilities and underweights large ones [TK1992; Prelec1998].
The TK92 form stops being increasing for curvature below about 0.279 [Ingersoll2008];
:data:`TK92_MIN_GAMMA` is that bound and :class:`~dyadwatch.models.prospect.CPT` refuses a
smaller one.

References:
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory: cumulative
        representation of uncertainty. Journal of Risk and Uncertainty 5(4), 297-323.
    [Prelec1998] Prelec, D. (1998). The probability weighting function. Econometrica 66(3),
        497-527.
    [Ingersoll2008] Ingersoll, J. (2008). Non-monotonicity of the Tversky-Kahneman
        probability-weighting function: a cautionary note. European Financial Management 14(3),
        385-390.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["TK92_MIN_GAMMA", "WEIGHTINGS", "prelec_weight", "tk92_weight"]

#: Below this curvature the TK92 weighting function is not increasing [Ingersoll2008].
TK92_MIN_GAMMA = 0.279


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


#: The weighting functions by the name :class:`~dyadwatch.models.prospect.CPT` accepts.
WEIGHTINGS: dict[str, Callable[[np.ndarray | float, float], np.ndarray]] = {
    "tk92": tk92_weight,
    "prelec": prelec_weight,
}
