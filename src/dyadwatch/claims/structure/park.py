"""Park's design: leader fixed effects against structural covariates and breaks, out of sample.

Park (2010) asked whether US presidents' use of force changes with each presidency or breaks
at a few structural moments, by comparing change-point models whose breaks sit at the
presidencies with models whose breaks are free or sit elsewhere. The same question here, on
the relations measure at the covariates' frequency (yearly means, so nothing yearly is
repeated into months):

* **leaders** — one level per administration (US and Russian leader pair) and a trend: the
  leader fixed-effects model (:func:`.hypotheses.personality_design`);
* **structure** — a constant, a trend, the US/Russia capability ratio (log CINC ratio, COW
  NMC), the US–Russia ideal-point distance in the UN General Assembly, a lasting step at each
  structural event of the register (the change points, dated in advance), and the decaying
  honeymoon after a new US president that the essay predicts
  (:func:`.hypotheses.structure_design` plus the covariates).

The models are compared by held-out log predictive density, twice: h-block cross-validation
(:func:`.heldout.heldout_compare`) and a rolling origin, each year predicted from the years
before it only (:func:`.heldout.rolling_compare`); in-sample R² and BIC are shown but do not
decide. The verdict: **structure** (or **leaders**) when the h-block difference favours it by
more than two standard errors and the rolling-origin difference has the same sign (the
forecasting check does not contradict it; with one forecast a year its standard error is wide),
**undecided** otherwise.

References:
    Park, J. H. (2010). Structural change in U.S. presidents' use of force. American Journal of
    Political Science 54(3), 766–782.
    Singer, J. D., Bremer, S. & Stuckey, J. (1972). Capability distribution, uncertainty, and
    major power war, 1820–1965; COW National Material Capabilities v6 (Greig & Enterline 2021).
    Bailey, M. A., Strezhnev, A. & Voeten, E. (2017). Estimating dynamic state preferences from
    United Nations voting data. Journal of Conflict Resolution 61(2), 430–456.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from dyadwatch.claims.structure.heldout import HeldOutResult, heldout_compare, rolling_compare
from dyadwatch.claims.structure.hypotheses import personality_design, structure_design
from dyadwatch.errors import DyadwatchError

__all__ = ["ParkComparison", "park_comparison", "park_covariates", "PARK_VERDICTS"]

PARK_VERDICTS = ("structure", "leaders", "undecided")


@dataclass
class ParkComparison:
    """Both models' held-out and in-sample fit on one yearly series, and the verdict."""

    start: str
    end: str
    n: int
    covariates: list[str]
    breaks: list[str]
    blocked: HeldOutResult
    rolling: HeldOutResult
    verdict: str
    text: str

    def to_dict(self) -> dict:
        return asdict(self)

    def table(self) -> pd.DataFrame:
        """One row a model: parameters, in-sample R² and BIC, held-out log density both ways."""
        rows = []
        for key, label in (("personality", "leaders"), ("structure", "structure")):
            rows.append(
                {
                    "model": label,
                    "parameters": self.blocked.n_params[key],
                    "r2": round(self.blocked.r2[key], 3),
                    "bic": round(self.blocked.bic[key], 1),
                    "lpd_blocked": round(self.blocked.lpd[key], 3),
                    "lpd_rolling": round(self.rolling.lpd[key], 3),
                }
            )
        return pd.DataFrame(rows)


def _yearly(series: pd.Series) -> pd.Series:
    y = pd.Series(series, dtype=float).dropna()
    if not isinstance(y.index, pd.PeriodIndex):
        raise DyadwatchError("the relations measure needs a PeriodIndex", where="{series}")
    return y.groupby(y.index.year).mean()


def _side(difference: float, se: float) -> str:
    if abs(difference) <= 2 * se:
        return "undecided"
    return "leaders" if difference > 0 else "structure"


def _verdict(blocked: HeldOutResult, rolling: HeldOutResult) -> str:
    side = _side(blocked.difference, blocked.se)
    if side == "undecided" or np.sign(rolling.difference) != np.sign(blocked.difference):
        return "undecided"
    return side


def _text(res: ParkComparison) -> str:
    b, r = res.blocked, res.rolling
    return (
        f"Park (2010) design, {res.start}–{res.end} ({res.n} years): leader fixed effects "
        f"({b.n_params['personality']} parameters, in-sample R² {b.r2['personality']:.2f}) against "
        f"structure ({', '.join(res.covariates)}, {len(res.breaks)} breaks at structural events; "
        f"{b.n_params['structure']} parameters, R² {b.r2['structure']:.2f}). Held-out log density "
        f"per year, leaders minus structure: {b.difference:+.3f} (se {b.se:.3f}) by h-block "
        f"cross-validation, {r.difference:+.3f} (se {r.se:.3f}) with a rolling origin over "
        f"{r.n_folds} years. Verdict: {res.verdict}."
    )


def park_covariates(
    capabilities: pd.DataFrame | None,
    ideal_distance: pd.DataFrame | None,
    *,
    dyad: str = "USA-RUS",
) -> pd.DataFrame:
    """Yearly structural covariates: ``log_cinc_ratio`` (the pair's CINC ratio, first over
    second, from a COW NMC table) and ``ideal_distance`` (a ``year, distance`` frame),
    whichever are given, indexed by year.

    Raises:
        DyadwatchError: neither is given, or the table lacks one side of ``dyad``.
    """
    from dyadwatch.sources.capabilities import dyad_capabilities

    cols = {}
    if capabilities is not None:
        ratio = dyad_capabilities(capabilities, dyad).set_index("year")["log_ratio"]
        cols["log_cinc_ratio"] = ratio.astype(float)
    if ideal_distance is not None:
        cols["ideal_distance"] = ideal_distance.set_index("year")["distance"].astype(float)
    if not cols:
        raise DyadwatchError(
            "the Park comparison needs a structural covariate",
            where="{covariates}",
            fix="give a COW NMC table or an ideal-point distance",
        )
    out = pd.DataFrame(cols).dropna(how="all")
    out.index = out.index.astype(int)
    return out.sort_index()


def park_comparison(
    series: pd.Series,
    covariates: pd.DataFrame,
    *,
    transitions: Sequence,
    us_transitions: Sequence,
    structural_events: Sequence,
    min_train: int = 10,
) -> ParkComparison:
    """Leader fixed effects against structural covariates and breaks (module docstring).

    Args:
        series: the relations measure (monthly, quarterly or yearly PeriodIndex); yearly means
            are used.
        covariates: yearly structural covariates indexed by year (e.g. ``log_cinc_ratio``,
            ``ideal_distance``); the years where the series and every covariate exist are used.
        transitions: leader changes of both countries (start of each administration).
        us_transitions: US inaugurations (the honeymoon).
        structural_events: dates of the register's structural events (the breaks).
        min_train: years in the rolling origin's first training set.

    Raises:
        DyadwatchError: fewer than ``min_train + 2`` common years.
    """
    y = _yearly(series)
    cov = covariates.copy()
    cov.index = cov.index.astype(int)
    data = pd.concat([y.rename("y"), cov], axis=1, join="inner").dropna()
    if len(data) < min_train + 2:
        raise DyadwatchError(
            f"Park comparison needs at least {min_train + 2} years with the measure and every "
            f"covariate, got {len(data)}",
            where="{covariates}",
        )
    index = pd.PeriodIndex([pd.Period(str(int(t)), freq="Y") for t in data.index])
    xs, names = structure_design(index, structural_events, us_transitions)
    z = data[list(cov.columns)].to_numpy(float)
    z = (z - z.mean(axis=0)) / np.where(z.std(axis=0) > 0, z.std(axis=0), 1.0)
    designs = {
        "structure": (np.column_stack([xs, z]), names + list(cov.columns)),
        "personality": personality_design(index, transitions),
    }
    yv = data["y"].to_numpy(float)
    blocked = heldout_compare(yv, designs, "Y")
    rolling = rolling_compare(yv, designs, min_train=min_train)
    res = ParkComparison(
        start=str(index[0]),
        end=str(index[-1]),
        n=len(index),
        covariates=list(cov.columns),
        breaks=[n.removeprefix("step_") for n in names if n.startswith("step_")],
        blocked=blocked,
        rolling=rolling,
        verdict=_verdict(blocked, rolling),
        text="",
    )
    res.text = _text(res)
    return res
