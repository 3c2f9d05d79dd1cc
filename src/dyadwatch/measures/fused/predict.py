"""Predictive distributions of the fused measure's state beyond the last month.

The ``h``-step prediction of a linear Gaussian state-space model is Gaussian with mean
``T^h a_T`` and variance ``T^h P_T T^h' + sum_j T^j R Q R' T^j'`` [DK2012, sec. 4.11]: for the
local level, the last filtered level with variance ``P_T + h sigma_eta^2``. With
``parameters=True`` the uncertainty of the estimated parameters is added as in the fit's bands:
the mean is the MLE's prediction, the variance the average over the parameters' sigma points of
their prediction variance plus the squared deviation of their mean [Ham1986].

References:
    [DK2012] Durbin, J., Koopman, S. J. (2012). Time Series Analysis by State Space Methods,
    2nd ed. Oxford University Press.
    [Ham1986] Hamilton, J. D. (1986). A standard error for the estimated state vector of a
    state-space model. Journal of Econometrics 33(3), 387–397.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["state_forecast", "propagate"]


def propagate(model, params, state: np.ndarray, cov: np.ndarray, horizons: Sequence[int]):
    """``{h: (mean, variance)}`` of the level ``h`` steps after a filtered ``state``/``cov``."""
    model.update(params)
    trans = model.ssm["transition"]
    trans = trans[:, :, -1] if trans.ndim == 3 else trans
    rqr = model.ssm["selection"] @ model.ssm["state_cov"] @ model.ssm["selection"].T
    lvl = model.slots["level"]
    a, p = np.asarray(state, float).copy(), np.asarray(cov, float).copy()
    out, wanted = {}, {int(h) for h in horizons}
    for h in range(1, max(wanted) + 1):
        a = trans @ a
        p = trans @ p @ trans.T + rqr
        if h in wanted:
            out[h] = (float(a[lvl]), float(p[lvl, lvl]))
    return out


def state_forecast(fit, horizons: Sequence[int] = (1, 3, 6, 12), *, parameters: bool = True):
    """The fused measure's predictive distribution ``h`` months after its last month.

    Args:
        fit: a fitted :class:`~dyadwatch.measures.fused.measure.FusedMeasure`.
        horizons: months ahead (positive integers).
        parameters: add the parameter uncertainty (when the fit has sigma points).

    Returns:
        A frame indexed by ``horizon`` with ``period``, ``mean``, ``sd`` (state units: the
        reference stream's) and ``sd_state`` (without parameter uncertainty).
    """
    horizons = [int(h) for h in horizons]
    if not horizons or min(horizons) < 1:
        raise ValueError("horizons must be positive integers")
    model = fit.model_
    centre, scale = fit.scale_
    states = fit.final_states_
    best = propagate(model, *states[0], horizons)
    mean = np.array([best[h][0] for h in horizons])
    var = np.array([best[h][1] for h in horizons])
    total = var
    if parameters and len(states) > 1:
        spread = []
        for params, state, cov in states[1:]:
            got = propagate(model, params, state, cov, horizons)
            spread.append(
                [got[h][1] + (got[h][0] - m) ** 2 for h, m in zip(horizons, mean, strict=True)]
            )
        total = np.mean(spread, axis=0)
    model.update(fit.params_internal_)
    last = fit.periods_[-1]
    return pd.DataFrame(
        {
            "period": [last + h for h in horizons],
            "mean": centre + scale * mean,
            "sd": scale * np.sqrt(np.maximum(total, 0.0)),
            "sd_state": scale * np.sqrt(var),
        },
        index=pd.Index(horizons, name="horizon"),
    )
