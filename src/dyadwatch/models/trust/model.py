"""The norm-trust model: a Beta belief, updated yearly with forgetting and a cynic's discount.

Model [JI2002]_ [Kydd2005]_. The observer (Moscow) holds a Beta belief about the probability
``p`` that the observed side (the West) keeps to norms. Each calendar year ``t`` it discounts
old evidence by the forgetting factor ``lambda`` (Jøsang & Ismail's "longevity factor") and adds
the new year's evidence::

    r_t = lambda * r_{t-1} + a * w_c * C_t          # compliance, discounted by the cynic
    s_t = lambda * s_{t-1} + sum_k w_k * N_{k,t}     # violations, evasions, withdrawals
    p | ledger ~ Beta(alpha0 + r_t, beta0 + s_t)

``C_t`` counts compliance events and ``N_{k,t}`` negative events of kind ``k`` in year ``t``.
``a`` (asymmetry, ``0 <= a <= 1``) is the cynic's discount on good news: a neutral Bayesian has
``a = 1``; a cynic who reads compliance as cheap talk has ``a < 1`` while violations keep full
weight. This is a reduced form of Kydd's argument that a security seeker's trust is hard to
build and easy to destroy because cooperative moves are partly discounted as cheap signals.
With ``lambda = 1`` and ``a = 1`` the posterior is the textbook Beta-Bernoulli update:
``Beta(1, 1)`` plus 7 compliance and 3 violation events gives mean ``8 / 12 = 0.667``.

Weights by act (defaults, ``DEFAULT_WEIGHTS``): violation 1.0, evasion 0.5, withdrawal 0.5.
Lawful withdrawals (ABM 2002, INF 2019, Open Skies 2020) and evasions keep to the letter of the
law but erode institutions; they count as half a violation unless the user says otherwise.

The counterfactual (:meth:`NormTrust.recovery`): from the belief at the end of the ledger, how
many years of consistent compliance (``rate`` events a year, no violations) it takes for the
posterior mean to reach a target. With forgetting the belief converges to
``(alpha0 + R) / (alpha0 + beta0 + R)`` with ``R = rate * a * w_c / (1 - lambda)``; a target
above that limit is never reached, which is the formal version of "a cynic cannot be
reassured". The projection is a method of the fitted model because it starts from the fitted
state (``r_``, ``s_``) and uses the same update.

References:
    .. [JI2002] Audun Jøsang and Roslan Ismail, "The Beta Reputation System", Proceedings of the
       15th Bled Electronic Commerce Conference, 2002 (Beta posterior, forgetting factor).
    .. [Kydd2005] Andrew H. Kydd, *Trust and Mistrust in International Relations*, Princeton
       University Press, 2005 (trust as a belief updated on costly and cheap signals).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, NamedTuple

import pandas as pd
from scipy import stats

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.trust.ledger import ACTS, DEFAULT_WEIGHTS, NEGATIVE_ACTS, SIDES, load_ledger

__all__ = ["NormTrust", "check_unit", "check_weights", "trust_by_year"]


def check_unit(name: str, value: float, *, low: float = 0.0, open_low: bool = False) -> float:
    """``value`` as a float in ``[low, 1]`` (or ``(low, 1]``); errors name parameter ``name``.

    Raises:
        DyadwatchError: not a number, NaN, or outside the interval.
    """
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise DyadwatchError(
            f"{name} must be a number, got {value!r}", where="{" + name + "}"
        ) from None
    bad_low = value <= low if open_low else value < low
    if math.isnan(value) or bad_low or value > 1.0:
        interval = f"({low:g}, 1]" if open_low else f"[{low:g}, 1]"
        raise DyadwatchError(
            f"{name} must be in {interval}, got {value:g}",
            where="{" + name + "}",
            fix="pass a number between 0 and 1",
        )
    return value


def check_weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    """:data:`DEFAULT_WEIGHTS` updated by ``weights``; every act known, every weight >= 0.

    Raises:
        DyadwatchError: an unknown act, or a weight that is negative, NaN or infinite.
    """
    out = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in ACTS:
            raise DyadwatchError(
                f"unknown act in weights: {key!r}", where="{weights}", fix=f"use {ACTS}"
            )
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (number >= 0 and math.isfinite(number)):
            raise DyadwatchError(
                f"weight for {key} must be >= 0, got {value!r}",
                where="{weights}",
                fix="give every act a finite weight of 0 or more",
            )
        out[key] = number
    return out


class _Checked(NamedTuple):
    """The parameters after checking (``fit`` stores them as ``checked_params_``)."""

    forgetting: float
    asymmetry: float
    alpha0: float
    beta0: float
    weights: dict[str, float]


def _check_prior(prior: Any) -> tuple[float, float]:
    try:
        alpha0, beta0 = (float(x) for x in prior)
    except (TypeError, ValueError):
        raise DyadwatchError(
            f"prior must be two numbers, got {prior!r}", where="{prior}", fix="pass e.g. (1, 1)"
        ) from None
    if not (alpha0 > 0 and beta0 > 0) or math.isinf(alpha0) or math.isinf(beta0):
        raise DyadwatchError(
            f"prior parameters must be positive, got ({alpha0:g}, {beta0:g})",
            where="{prior}",
            fix="pass two positive numbers, e.g. 1 1",
        )
    return alpha0, beta0


def _mean(alpha0: float, beta0: float, r: float, s: float) -> float:
    return (alpha0 + r) / (alpha0 + beta0 + r + s)


class NormTrust:
    """Beta-Bernoulli norm-trust with forgetting and asymmetry [JI2002]_ [Kydd2005]_.

    Parameters map to the module docstring: ``forgetting`` is lambda, ``asymmetry`` is ``a``,
    ``prior`` is ``(alpha0, beta0)``. The model is deterministic (no ``seed``).

    Args:
        forgetting: lambda in [0, 1]; 1 keeps all evidence, 0 keeps only the current year.
        asymmetry: a in [0, 1]; the weight of compliance evidence relative to violations.
        prior: (alpha0, beta0), both > 0; Beta(1, 1) is uniform.
        weights: weight per act (``compliance``, ``violation``, ``evasion``, ``withdrawal``);
            missing keys take :data:`DEFAULT_WEIGHTS`.
        observed: whose acts the observer learns from: ``west`` (Moscow's belief about the
            West, the default) or ``russia`` (the mirror: a Western belief about Russia).
        credible: mass of the equal-tailed credible interval (default 0.90).
        start: first year of the yearly grid (default: the ledger's first year).
        end: last year of the yearly grid (default: the ledger's last year).

    Attributes:
        posterior_: one row per year: year, compliance, negative (weighted evidence added that
            year), r, s, alpha, beta, mean, lower, upper, events (event ids).
        r_, s_: discounted positive and negative evidence at the last year.
        mean_: posterior mean at the last year.
        checked_params_: the parameters as checked and used (forgetting, asymmetry, alpha0,
            beta0, weights with defaults filled in).
    """

    def __init__(
        self,
        *,
        forgetting: float = 1.0,
        asymmetry: float = 1.0,
        prior: tuple[float, float] = (1.0, 1.0),
        weights: Mapping[str, float] | None = None,
        observed: str = "west",
        credible: float = 0.90,
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        self.forgetting = forgetting
        self.asymmetry = asymmetry
        self.prior = prior
        self.weights = weights
        self.observed = observed
        self.credible = credible
        self.start = start
        self.end = end

    # -- parameters --------------------------------------------------------------------------
    def _checked(self) -> _Checked:
        lam = check_unit("forgetting", self.forgetting)
        a = check_unit("asymmetry", self.asymmetry)
        cred = check_unit("credible", self.credible, open_low=True)
        if cred >= 1.0:
            raise DyadwatchError(
                "credible must be below 1", where="{credible}", fix="pass e.g. 0.9"
            )
        alpha0, beta0 = _check_prior(self.prior)
        if self.observed not in SIDES:
            raise DyadwatchError(
                f"observed must be west or russia, got {self.observed!r}",
                where="{observed}",
                fix="pass west or russia",
            )
        return _Checked(lam, a, alpha0, beta0, check_weights(self.weights))

    def _years(self, ledger: pd.DataFrame) -> range:
        for col in ("year", "act", "side", "event_id"):
            if col not in ledger.columns:
                raise DyadwatchError(f"ledger frame lacks column {col!r}", fix="use load_ledger")
        if ledger.empty and (self.start is None or self.end is None):
            raise DyadwatchError(
                "the ledger has no events, so it has no years",
                fix="give {start} and {end}, or a ledger with events",
            )
        start = self.start if self.start is not None else int(ledger["year"].min())
        end = self.end if self.end is not None else int(ledger["year"].max())
        if end < start:
            raise DyadwatchError(
                f"end year {end} is before start year {start}",
                where="{start}",
                fix="swap {start} and {end}",
            )
        return range(start, end + 1)

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, ledger: pd.DataFrame) -> NormTrust:
        """Run the yearly update over a validated ledger (see :func:`load_ledger`).

        Args:
            ledger: frame with at least ``year``, ``act``, ``side`` and ``event_id``.

        Returns:
            self, with ``posterior_``, ``r_``, ``s_``, ``mean_`` and ``checked_params_`` set.
        """
        p = self._checked()
        years = self._years(ledger)
        rows = ledger[ledger["side"] == self.observed]
        r = s = 0.0
        out: list[dict[str, Any]] = []
        tail = (1.0 - self.credible) / 2.0
        for year in years:
            this = rows[rows["year"] == year]
            n_comp = int((this["act"] == "compliance").sum())
            positive = p.asymmetry * p.weights["compliance"] * n_comp
            negative = sum(p.weights[k] * int((this["act"] == k).sum()) for k in NEGATIVE_ACTS)
            r = p.forgetting * r + positive
            s = p.forgetting * s + float(negative)
            alpha, beta = p.alpha0 + r, p.beta0 + s
            out.append(
                {
                    "year": year,
                    "compliance": n_comp,
                    "negative": int(this["act"].isin(NEGATIVE_ACTS).sum()),
                    "r": r,
                    "s": s,
                    "alpha": alpha,
                    "beta": beta,
                    "mean": alpha / (alpha + beta),
                    "lower": float(stats.beta.ppf(tail, alpha, beta)),
                    "upper": float(stats.beta.ppf(1.0 - tail, alpha, beta)),
                    "events": list(this["event_id"]),
                }
            )
        self.posterior_ = pd.DataFrame(out)
        self.r_, self.s_ = r, s
        self.mean_ = _mean(p.alpha0, p.beta0, r, s)
        self.checked_params_ = p
        return self

    # -- counterfactual ----------------------------------------------------------------------
    def _require_fit(self) -> _Checked:
        if not hasattr(self, "posterior_"):
            raise DyadwatchError("NormTrust is not fitted", fix="call fit(ledger) first")
        return self.checked_params_

    def long_run_mean(self, rate: float = 1.0) -> float:
        """Posterior mean after unending consistent compliance at ``rate`` events a year."""
        p = self._require_fit()
        gain = rate * p.asymmetry * p.weights["compliance"]
        if gain <= 0:
            return self.mean_ if p.forgetting >= 1.0 else p.alpha0 / (p.alpha0 + p.beta0)
        if p.forgetting >= 1.0:
            return 1.0
        big_r = gain / (1.0 - p.forgetting)
        return (p.alpha0 + big_r) / (p.alpha0 + p.beta0 + big_r)

    def recovery_path(self, rate: float = 1.0, years: int = 50) -> pd.DataFrame:
        """Posterior after ``n = 0..years`` further years of consistent compliance.

        Args:
            rate: compliance events per year (>= 0), no violations.
            years: horizon.

        Returns:
            Frame with ``n``, ``r``, ``s``, ``mean``.
        """
        p = self._require_fit()
        rate = float(rate)
        if not (rate >= 0 and math.isfinite(rate)):
            raise DyadwatchError(
                f"rate must be >= 0, got {rate:g}", where="{rate}", fix="pass e.g. 1"
            )
        gain = rate * p.asymmetry * p.weights["compliance"]
        r, s = self.r_, self.s_
        rows = [{"n": 0, "r": r, "s": s, "mean": _mean(p.alpha0, p.beta0, r, s)}]
        for n in range(1, int(years) + 1):
            r = p.forgetting * r + gain
            s = p.forgetting * s
            rows.append({"n": n, "r": r, "s": s, "mean": _mean(p.alpha0, p.beta0, r, s)})
        return pd.DataFrame(rows)

    def recovery(self, target: float, rate: float = 1.0, max_years: int = 1000) -> int | None:
        """Years of consistent compliance until the posterior mean reaches ``target``.

        Args:
            target: belief level in (0, 1).
            rate: compliance events per year (>= 0), with no violations.
            max_years: give up after this many years.

        Returns:
            The smallest ``n >= 0`` with mean >= target, or None when the target lies at or
            above the long-run limit (or is not reached within ``max_years``).
        """
        target = check_unit("target", target, open_low=True)
        path = self.recovery_path(rate=rate, years=max_years)
        if path["mean"].iloc[0] >= target:
            return 0
        # The path is monotone between the current mean and the long-run limit (a Moebius
        # function of lambda**n), so a target at or above the limit is never reached.
        if self.checked_params_.forgetting < 1.0 and target >= self.long_run_mean(rate):
            return None
        hit = path.index[path["mean"] >= target]
        return int(path.loc[hit[0], "n"]) if len(hit) else None


def trust_by_year(ledger: pd.DataFrame | None = None, **params: Any) -> pd.DataFrame:
    """Posterior mean and credible interval per year (see :class:`NormTrust` for params)."""
    ledger = load_ledger() if ledger is None else ledger
    return NormTrust(**params).fit(ledger).posterior_
