"""How long consistent compliance takes to restore trust, across degrees of cynicism.

For each asymmetry ``a`` the norm-trust model (:class:`~dyadwatch.models.trust.NormTrust`,
[JI2002]_ [Kydd2005]_) is refitted on the ledger, because the cynic also discounted past
compliance, and then run forward with ``rate`` compliance events a year and no violations
(:meth:`~dyadwatch.models.trust.NormTrust.recovery`). With forgetting, a target above the
long-run limit is never reached; the table says so with an empty ``years_needed``.

References:
    .. [JI2002] Audun Jøsang and Roslan Ismail, "The Beta Reputation System", Proceedings of the
       15th Bled Electronic Commerce Conference, 2002.
    .. [Kydd2005] Andrew H. Kydd, *Trust and Mistrust in International Relations*, Princeton
       University Press, 2005.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.trust.ledger import load_ledger
from dyadwatch.models.trust.model import NormTrust, check_unit

__all__ = ["recovery_table"]


def recovery_table(
    ledger: pd.DataFrame | None = None,
    *,
    target: float = 0.5,
    asymmetries: Sequence[float] = (1.0, 0.75, 0.5, 0.25, 0.1),
    rate: float = 1.0,
    max_years: int = 1000,
    **params: Any,
) -> pd.DataFrame:
    """How long consistent compliance takes to restore trust, for a range of asymmetries.

    Args:
        ledger: validated ledger (default: the shipped one).
        target: belief level to reach, in (0, 1).
        asymmetries: values of ``a`` to tabulate, each in [0, 1].
        rate: compliance events per year.
        max_years: horizon for the search (at least 1).
        **params: other :class:`NormTrust` parameters (forgetting, prior, weights, ...).

    Returns:
        Frame: asymmetry, mean_now, years_needed (nullable Int64), reached_in (calendar year),
        long_run_mean.

    Raises:
        DyadwatchError: a bad target, asymmetry, rate or horizon, or a bad model parameter.
    """
    ledger = load_ledger() if ledger is None else ledger
    check_unit("target", target, open_low=True)
    if not asymmetries:
        raise DyadwatchError(
            "no asymmetries given", where="{asymmetries}", fix="pass e.g. 1,0.75,0.5,0.25"
        )
    values = [check_unit("asymmetries", a) for a in asymmetries]
    if int(max_years) < 1:
        raise DyadwatchError(
            f"max_years must be at least 1, got {max_years}", where="{max_years}", fix="pass 100"
        )
    rows = []
    for a in values:
        model = NormTrust(asymmetry=a, **params).fit(ledger)
        years = model.recovery(target, rate=rate, max_years=max_years)
        last = int(model.posterior_["year"].iloc[-1])
        rows.append(
            {
                "asymmetry": float(a),
                "mean_now": model.mean_,
                "years_needed": years,
                "reached_in": None if years is None else last + years,
                "long_run_mean": model.long_run_mean(rate),
            }
        )
    frame = pd.DataFrame(rows)
    frame["years_needed"] = frame["years_needed"].astype("Int64")
    frame["reached_in"] = frame["reached_in"].astype("Int64")
    return frame
