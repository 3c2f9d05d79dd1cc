"""How long neutrality lasts: Kaplan-Meier survival of neutral spells, with competing ends.

:class:`NeutralitySurvival`: Kaplan-Meier estimate of how long a neutral spell lasts
[KM1958], Greenwood standard errors with log(-log) intervals, and the Aalen-Johansen
cumulative incidence of ending ``aligned`` versus ``opposed`` (competing risks [KP2002]).
Spells still neutral in the last year are right-censored. Spells that began before 1991
(Finland, Poland) are counted from 1991: the left truncation is ignored and stated.

Computed with numpy; ``lifelines`` is not a dependency (the estimators are a few lines each,
and the tests check them against hand-computed tables).

References:
    [KM1958] Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete
        observations. Journal of the American Statistical Association 53(282), 457-481.
    [KP2002] Kalbfleisch, J. D. & Prentice, R. L. (2002). The Statistical Analysis of Failure
        Time Data, 2nd ed. Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from dyadwatch.errors import DyadwatchError

__all__ = ["NeutralitySurvival", "cumulative_incidence", "kaplan_meier", "neutral_spells"]


def neutral_spells(panel: pd.DataFrame) -> pd.DataFrame:
    """Maximal runs of ``neutral`` per country: start, end, duration, ended, next status.

    A run that reaches the country's last year is right-censored (``ended=False``,
    ``next_status`` empty).
    """
    rows = []
    for country, group in panel.sort_values(["country", "year"]).groupby("country", sort=False):
        years = group["year"].to_numpy()
        status = group["status"].to_numpy()
        k = 0
        while k < len(group):
            if status[k] != "neutral":
                k += 1
                continue
            j = k
            while j + 1 < len(group) and status[j + 1] == "neutral":
                j += 1
            ended = j + 1 < len(group)
            rows.append(
                {
                    "country": country,
                    "start": int(years[k]),
                    "end": int(years[j]),
                    "duration": int(years[j] - years[k] + 1),
                    "ended": bool(ended),
                    "next_status": str(status[j + 1]) if ended else "",
                }
            )
            k = j + 1
    return pd.DataFrame(
        rows, columns=["country", "start", "end", "duration", "ended", "next_status"]
    )


def kaplan_meier(
    durations: Sequence[float], events: Sequence[bool], *, alpha: float = 0.05
) -> pd.DataFrame:
    """Kaplan-Meier survival estimate with Greenwood errors and log(-log) intervals.

    Args:
        durations: time to event or censoring (> 0).
        events: True where the spell ended (event), False where censored. Censorings at an
            event time are counted at risk at that time (the usual convention).
        alpha: 1 - confidence level of the pointwise interval.

    Returns:
        One row per distinct time: time, at_risk, events, censored, survival, se, lower, upper.
    """
    t = np.asarray(durations, dtype=float)
    d = np.asarray(events, dtype=bool)
    if t.shape != d.shape or t.size == 0:
        raise DyadwatchError("durations and events must be non-empty and of equal length")
    if np.any(~np.isfinite(t)) or np.any(t <= 0):
        raise DyadwatchError("durations must be positive and finite")
    z = stats.norm.ppf(1 - alpha / 2)
    rows = []
    surv, green = 1.0, 0.0
    for time in np.unique(t):
        at_risk = int(np.sum(t >= time))
        n_event = int(np.sum((t == time) & d))
        n_cens = int(np.sum((t == time) & ~d))
        if n_event:
            surv *= 1.0 - n_event / at_risk
            if at_risk > n_event:
                green += n_event / (at_risk * (at_risk - n_event))
            else:
                green = np.inf
        se = surv * np.sqrt(green) if np.isfinite(green) else np.nan
        if 0.0 < surv < 1.0 and np.isfinite(green):
            spread = z * np.sqrt(green) / abs(np.log(surv))
            lower = surv ** np.exp(spread)
            upper = surv ** np.exp(-spread)
        else:
            lower = upper = surv
        rows.append(
            {
                "time": time,
                "at_risk": at_risk,
                "events": n_event,
                "censored": n_cens,
                "survival": surv,
                "se": se,
                "lower": lower,
                "upper": upper,
            }
        )
    return pd.DataFrame(rows)


def cumulative_incidence(
    durations: Sequence[float], causes: Sequence[str], *, censored: str = ""
) -> pd.DataFrame:
    """Aalen-Johansen cumulative incidence for competing risks.

    ``CIF_k(t) = sum_{t_j <= t} S(t_j-) * d_kj / n_j`` with S the all-cause Kaplan-Meier.

    Args:
        durations: time to the end of the spell or to censoring.
        causes: the cause for each spell (e.g. ``aligned``/``opposed``) or ``censored``.
        censored: the label meaning "still at risk at the end".

    Returns:
        One row per distinct time with a ``cif_<cause>`` column per cause.
    """
    t = np.asarray(durations, dtype=float)
    c = np.asarray(causes, dtype=object)
    kinds = sorted({str(x) for x in c if x != censored})
    rows, surv = [], 1.0
    cif = dict.fromkeys(kinds, 0.0)
    for time in np.unique(t):
        at_risk = int(np.sum(t >= time))
        here = c[t == time]
        total = 0
        for k in kinds:
            n_k = int(np.sum(here == k))
            cif[k] += surv * n_k / at_risk
            total += n_k
        surv *= 1.0 - total / at_risk
        rows.append({"time": time, "at_risk": at_risk, **{f"cif_{k}": v for k, v in cif.items()}})
    return pd.DataFrame(rows)


class NeutralitySurvival:
    """How long neutrality lasts: Kaplan-Meier over neutral spells, with competing ends.

    Args:
        alpha: 1 - confidence level of the Kaplan-Meier interval.

    Attributes:
        spells_: neutral spells (see :func:`neutral_spells`).
        table_: Kaplan-Meier table (see :func:`kaplan_meier`).
        incidence_: cumulative incidence of ending aligned or opposed.
        median_: median duration of neutrality in years (None when survival stays above 0.5).
        ends_: counts of how spells ended (aligned, opposed, censored).
    """

    def __init__(self, *, alpha: float = 0.05) -> None:
        self.alpha = alpha

    def fit(self, panel: pd.DataFrame) -> NeutralitySurvival:
        """Estimate from a country-year panel with a ``status`` column."""
        spells = neutral_spells(panel)
        if spells.empty:
            raise DyadwatchError("no neutral spells in the panel", fix="check the coding rule")
        self.spells_ = spells
        self.table_ = kaplan_meier(spells["duration"], spells["ended"], alpha=self.alpha)
        causes = np.where(spells["ended"], spells["next_status"], "censored")
        self.incidence_ = cumulative_incidence(spells["duration"], causes, censored="censored")
        below = self.table_[self.table_["survival"] <= 0.5]
        self.median_ = float(below["time"].iloc[0]) if len(below) else None
        self.ends_ = {
            "aligned": int((causes == "aligned").sum()),
            "opposed": int((causes == "opposed").sum()),
            "censored": int((causes == "censored").sum()),
        }
        return self
