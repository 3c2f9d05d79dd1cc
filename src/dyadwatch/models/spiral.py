"""The NATO-enlargement paradox as a two-actor security spiral.

The essay's paradox: until 2014 NATO's enlargement was institutional, not military, so it did
not threaten Russia; but Moscow *perceived* it as a threat and acted (2008, 2014, 2022), and
those actions led NATO to move real forces east (Wales 2014, Warsaw 2016, Brussels and Madrid
2022), which made the threat real. Jervis's spiral model [Jervis1976, ch. 3; Jervis1978] is
the mechanism: each side's defensive measures read as offensive intent to the other.

The model is a deliberately small yearly difference system. Symbols and defaults are
**modelling assumptions**, chosen for legibility, not estimated from data; only the dates and
sizes of the enlargement rounds come from data (``dyadwatch/data/threats/nato_events.csv``,
each row cited).

For year ``t``, with ``e_t`` the institutional enlargement that year,
``e_t = members_joined + border_weight * new_members_bordering_russia``:

    M_t = memory * M_{t-1} + perception * e_t             (threat read into enlargement)
    D_t = persistence * D_{t-1} + response * A_{t-1}      (NATO forward posture = real threat)
    P_t = D_t + M_t                                       (Russia's perceived threat)
    A_t = max(0, aggressiveness * (P_t - threshold) + noise * eps_t)   (Russian action)

* ``perception`` (pi): threat Russia reads into one member-equivalent of enlargement. With
  ``perception = 0`` Russia sees only real forces, ``M = 0`` throughout, and since NATO starts
  with no forward posture (``D_1991 = 0``) nothing ever moves: **no spiral**. This is the
  counterfactual "without the perception".
* ``memory`` (mu): yearly persistence of the perceived excess threat (default 1: new members
  stay members, so the threat read into their accession does not fade by itself).
* ``threshold`` (theta): perceived threat Russia tolerates before acting.
* ``aggressiveness`` (alpha): Russian action per unit of perceived threat above threshold.
* ``response`` (beta): NATO forward posture added next year per unit of Russian action.
* ``persistence`` (delta): yearly persistence of NATO's forward posture.
* ``noise`` (sigma) and ``seed``: optional Gaussian shocks to Russian action; the model owns
  its generator (``numpy.random.default_rng(seed)``), so a seed reproduces a run.

Above the threshold the real threat obeys ``D_{t+1} = (delta + alpha beta) D_t + ...``; with
``delta + alpha * beta >= 1`` the spiral is explosive, below 1 it settles (defaults: 0.9).

**Units.** Threats (``M``, ``D``, ``P``) are in *threat units*: one member-equivalent of
enlargement read at ``perception = 1`` adds one unit, and the ``threshold`` above which Russia
acts (default 3) is on the same scale. It is the model's scale, not a measurement: what can be
read from it is a threat's size relative to the threshold and to the counterfactual.
Russian action ``A`` is on its own scale: ``aggressiveness`` times the perceived threat above
the threshold; ``response`` turns it into threat units of NATO posture.

``nato_response="observed"`` replaces the endogenous NATO equation by the observed deployment
decisions of the events file (each adds ``deployment_step`` to ``D``, which then decays at
``persistence``): it shows what Russia's perception adds to the threat it sees once real
deployments began.

References:
    [Jervis1976] Jervis, R. (1976). Perception and Misperception in International Politics.
        Princeton University Press, ch. 3.
    [Jervis1978] Jervis, R. (1978). Cooperation under the security dilemma. World Politics
        30(2), 167-214.
"""

from __future__ import annotations

import math
from importlib import resources
from typing import Any, Literal

import numpy as np
import pandas as pd

from dyadwatch.errors import PARAMETERS, DyadwatchError

__all__ = ["SecuritySpiral", "compare", "load_nato_events"]

EVENT_COLUMNS = [
    "event_id",
    "date",
    "kind",
    "members_joined",
    "new_members_bordering_russia",
    "description",
    "citation",
    "url",
]


def load_nato_events() -> pd.DataFrame:
    """The cited NATO enlargement rounds and deployment decisions shipped with dyadwatch."""
    ref = resources.files("dyadwatch.data").joinpath("threats", "nato_events.csv")
    with ref.open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False)
    missing = [c for c in EVENT_COLUMNS if c not in frame.columns]
    if missing:
        raise DyadwatchError(
            f"nato_events.csv lacks columns {missing}",
            where="dyadwatch/data/threats/nato_events.csv",
        )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").dt.date
    for col in ("members_joined", "new_members_bordering_russia"):
        frame[col] = pd.to_numeric(frame[col].replace("", np.nan)).astype("Int64")
    return frame


class SecuritySpiral:
    """Two-actor security spiral driven by the real enlargement dates [Jervis1978].

    An estimator in the scikit-learn sense: the constructor stores its arguments unchanged,
    :meth:`fit` (on an events frame, default the shipped one) simulates and returns the model,
    what it learns ends in ``_``, and the same ``seed`` gives the same run.

    Args:
        perception: threat read into one member-equivalent of enlargement (pi).
        border_weight: extra member-equivalents for a new member bordering Russia.
        memory: yearly persistence of the perceived excess threat (mu), in [0, 1].
        threshold: perceived threat tolerated before Russia acts (theta).
        aggressiveness: Russian action per unit of perceived threat above threshold (alpha).
        response: NATO posture added per unit of Russian action, one year later (beta).
        persistence: yearly persistence of NATO's forward posture (delta), in [0, 1].
        nato_response: ``"endogenous"`` (NATO answers Russian action) or ``"observed"`` (NATO
            posture follows the observed deployment decisions).
        deployment_step: posture added by each observed deployment decision.
        start, end: first and last simulated year.
        noise: standard deviation of shocks to Russian action (0 = deterministic).
        seed: seed of the model's random generator.

    Attributes:
        trajectory_: one row per year: ``year, enlargement, misperception, real_threat,
            perceived_threat, russian_action, nato_events``.
        summary_: first year of Russian action and of NATO forward posture, end-year levels.
    """

    def __init__(
        self,
        *,
        perception: float = 0.5,
        border_weight: float = 1.0,
        memory: float = 1.0,
        threshold: float = 3.0,
        aggressiveness: float = 0.5,
        response: float = 0.2,
        persistence: float = 0.8,
        nato_response: Literal["endogenous", "observed"] = "endogenous",
        deployment_step: float = 1.0,
        start: int = 1991,
        end: int = 2025,
        noise: float = 0.0,
        seed: int | None = None,
    ) -> None:
        self.perception = perception
        self.border_weight = border_weight
        self.memory = memory
        self.threshold = threshold
        self.aggressiveness = aggressiveness
        self.response = response
        self.persistence = persistence
        self.nato_response = nato_response
        self.deployment_step = deployment_step
        self.start = start
        self.end = end
        self.noise = noise
        self.seed = seed

    def _check(self) -> None:
        nonneg = (
            "perception",
            "border_weight",
            "threshold",
            "aggressiveness",
            "response",
            "deployment_step",
            "noise",
        )
        for name in nonneg:
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and math.isfinite(v) and v >= 0):
                raise DyadwatchError(
                    f"{name} must be a finite number >= 0, got {v!r}",
                    where=_param(name),
                    fix="use 0 or more",
                )
        for name in ("memory", "persistence"):
            v = getattr(self, name)
            if not (isinstance(v, (int, float)) and 0 <= v <= 1):
                raise DyadwatchError(
                    f"{name} must lie in [0, 1], got {v!r}", fix="use a number from 0 to 1"
                )
        if self.nato_response not in ("endogenous", "observed"):
            raise DyadwatchError(
                f"unknown nato_response {self.nato_response!r}",
                where="{nato_response}",
                fix="use 'endogenous' or 'observed'",
            )
        if not (
            isinstance(self.start, int) and isinstance(self.end, int) and self.start <= self.end
        ):
            raise DyadwatchError(
                f"the first year {self.start!r} is after the last year {self.end!r}",
                where="{start}",
                fix="swap {start} and {end}",
            )

    def _yearly_inputs(
        self, events: pd.DataFrame, years: list[int]
    ) -> tuple[dict[int, float], dict[int, float], dict[int, list[str]]]:
        """Per year: member-equivalents of enlargement, observed deployment steps, event ids."""
        enl = {y: 0.0 for y in years}
        names: dict[int, list[str]] = {y: [] for y in years}
        deploy = {y: 0.0 for y in years}
        for row in events.itertuples(index=False):
            y = pd.Timestamp(row.date).year
            if y not in enl:
                continue
            names[y].append(row.event_id)
            if row.kind == "enlargement":
                members = 0 if pd.isna(row.members_joined) else float(row.members_joined)
                border = (
                    0
                    if pd.isna(row.new_members_bordering_russia)
                    else float(row.new_members_bordering_russia)
                )
                enl[y] += members + self.border_weight * border
            elif row.kind == "deployment":
                deploy[y] += self.deployment_step
        return enl, deploy, names

    def fit(self, events: pd.DataFrame | None = None) -> SecuritySpiral:
        """Simulate from ``start`` to ``end`` with the given (default: shipped) events.

        Returns:
            The model itself, with ``trajectory_`` and ``summary_``.
        """
        self._check()
        events = load_nato_events() if events is None else events
        rng = np.random.default_rng(self.seed)
        years = list(range(self.start, self.end + 1))
        enl, deploy, names = self._yearly_inputs(events, years)
        m = d = a_prev = 0.0
        rows = []
        for y in years:
            m = self.memory * m + self.perception * enl[y]
            if self.nato_response == "endogenous":
                d = self.persistence * d + self.response * a_prev
            else:
                d = self.persistence * d + deploy[y]
            p = d + m
            shock = self.noise * rng.standard_normal() if self.noise > 0 else 0.0
            a = max(0.0, self.aggressiveness * (p - self.threshold) + shock)
            rows.append(
                {
                    "year": y,
                    "enlargement": enl[y],
                    "misperception": m,
                    "real_threat": d,
                    "perceived_threat": p,
                    "russian_action": a,
                    "nato_events": ";".join(names[y]),
                }
            )
            a_prev = a
        self.trajectory_ = pd.DataFrame(rows)
        self.summary_ = self._summary(self.trajectory_)
        return self

    def _summary(self, traj: pd.DataFrame) -> dict[str, Any]:
        def first(col: str, tol: float = 1e-9) -> int | None:
            hit = traj.loc[traj[col] > tol, "year"]
            return int(hit.iloc[0]) if len(hit) else None

        return {
            "perception": self.perception,
            "first_russian_action": first("russian_action"),
            "first_real_threat": first("real_threat"),
            f"real_threat_{self.end}": float(traj["real_threat"].iloc[-1]),
            f"perceived_threat_{self.end}": float(traj["perceived_threat"].iloc[-1]),
            "loop_gain": self.persistence + self.aggressiveness * self.response,
        }


def _param(name: str) -> str | None:
    """``{name}`` when the front ends know the parameter (a flag), else no place."""
    return f"{{{name}}}" if name in PARAMETERS else None


def compare(events: pd.DataFrame | None = None, **params: Any) -> pd.DataFrame:
    """Trajectories with and without the perception (``perception`` set to 0), long format.

    Returns:
        The two trajectories stacked, with a ``scenario`` column
        (``with_perception`` / ``without_perception``).
    """
    with_p = SecuritySpiral(**params).fit(events).trajectory_.assign(scenario="with_perception")
    params = {**params, "perception": 0.0}
    without = SecuritySpiral(**params).fit(events).trajectory_.assign(scenario="without_perception")
    frame = pd.concat([with_p, without], ignore_index=True)
    return frame[["scenario"] + [c for c in frame.columns if c != "scenario"]]
