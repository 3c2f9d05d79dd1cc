"""Crisis escalation with prospect-theory actors: resurrection gambles, threat credibility.

The model is a finite, alternating-move crisis game between a *challenger* (by default the
weaker side, which wants to change the status quo) and a *defender*. It sits on an escalation
ladder [Kahn1965]: a list of rungs, each tagged with Kahn's rung number and therefore with his
group and threshold ("Don't rock the boat", "Nuclear war is unthinkable", "No nuclear use"...),
with a per-rung cost and a per-move probability of losing control that grows with the rung (the
"threat that leaves something to chance" [Schelling1960]).

At each decision node the mover chooses one of three moves:

* **back down**: the crisis ends with the mover conceding at the current rung;
* **hold**: stand firm without climbing; if the other side also holds, the crisis ends in a
  **settlement** that gives the challenger ``settlement_share`` of the stake (by default 0: a
  mutual stand-down without back-down costs; a compromise inside Fearon's bargaining range
  [Fearon1995] gives it more);
* **escalate**: climb one rung (climbing beyond the top rung is war).

After every hold or escalation the crisis may slip out of control with the rung's probability
``loss_of_control``; the result is **uncontrolled escalation**, a war the challenger wins with
probability ``p_win``. The four outcomes are *challenger backs down*, *defender backs down*,
*settlement* and *uncontrolled escalation*, each at a rung.

Each actor has its own preference model (:class:`~dyadwatch.models.prospect.CPT` [TK1992] or an
expected-value / expected-utility baseline) and its own reference point: the status quo, or a
*lost position* it wants back. A challenger whose reference point is the lost position sees
every outcome short of winning as a loss, and prospect theory makes it risk seeking there:
Downs & Rocke's *gambling for resurrection* [DownsRocke1994]. Payoffs are in units of each
actor's own stake.

**Solution.** The game is finite (every move either ends the crisis, raises the rung, or is a
first hold), so it is solved by backward induction. At each node the mover values the lottery
over final outcomes that each move leads to (given everyone's later choices) with its own
preferences, converts the values to certainty equivalents, and chooses by a logit rule with
temperature ``noise`` (in units of its stake): an agent quantal-response equilibrium
[McKelveyPalfrey1998]. ``noise = 0`` gives exact subgame-perfect best replies. The solution is
exact; :meth:`EscalationModel.simulate` draws crises from it by vectorised Monte Carlo (and
:meth:`EscalationModel.simulate_loop` does the same in plain Python, for the benchmark and as a
cross-check).

**Threat credibility** of a threat to climb to rung k is the probability that the challenger
actually climbs to k when the defender has just stood firm at rung k-1, that is, when the moment
to carry out the threat comes.

**Self-deterrence.** A defender with ``defender_beliefs="credible"`` treats every threat as
credible: when it values its options it assumes the challenger will escalate at every turn. A
defender with ``defender_beliefs="estimate"`` uses the challenger's strategy from the model. In
both cases the challenger knows how the defender decides and best-replies to it.
:func:`self_deterrence` compares the two: concessions, risk of uncontrolled escalation, and the
concessions made to threats that would not have been carried out, with their expected cost.

Every number in a scenario is a modelling assumption, not a fact; see the scenario files.

**What the model says about the essay's claims** (tests/models/test_escalation.py):

1. *Gambling for resurrection.* The same challenger that is deterred at the status quo climbs
   when its reference point is a lost position (Syria 2016 scenario): backing down is then a
   sure loss, and CPT is risk seeking for losses.
2. *Risk as the weaker side's equaliser.* In a local-war regime (war costs about one to two
   stakes, loss-of-control risk rising to a half), a loss-domain CPT challenger wins
   concessions that an expected-value challenger does not (Syria 2016), and over a grid of
   such parameters the EV challenger never does better. The claim does **not** follow from
   CPT when the risk is a small probability of catastrophe (nuclear ladders, war costs of ten
   stakes or more): TK1992 weighting overweights small probabilities, and the loss-domain
   challenger is deterred *more* often than an EV one. The tests pin both results.
3. *Self-deterrence.* A defender that treats every threat as credible concedes almost always;
   one that estimates credibility concedes far less, and because the challenger then rarely
   presses a bluff, at a lower risk of uncontrolled escalation (Ukraine 2022 and the default
   model). This is not a theorem: with a defender that values nuclear war at forty stakes and
   loss-of-control risks doubled, the estimating defender concedes slightly less at a higher
   risk (a test documents the case).

References:
    [Kahn1965] Kahn, H. (1965). On Escalation: Metaphors and Scenarios. New York: Praeger.
    [Schelling1960] Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press.
    [Fearon1995] Fearon, J. D. (1995). Rationalist explanations for war. International
        Organization 49(3), 379-414.
    [DownsRocke1994] Downs, G. W. & Rocke, D. M. (1994). Conflict, agency, and gambling for
        resurrection: the principal-agent problem goes to war. American Journal of Political
        Science 38(2), 362-380.
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory. Journal of Risk and
        Uncertainty 5(4), 297-323.
    [McKelveyPalfrey1998] McKelvey, R. D. & Palfrey, T. R. (1998). Quantal response equilibria
        for extensive form games. Experimental Economics 1(1), 9-41.
    [RapoportChammah1966] Rapoport, A. & Chammah, A. M. (1966). The game of Chicken. American
        Behavioral Scientist 10(3), 10-28.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.prospect import CPT, ExpectedUtility, ExpectedValue, PreferenceModel

__all__ = [
    "KAHN_GROUPS",
    "KAHN_RUNGS",
    "OUTCOMES",
    "Actor",
    "EscalationModel",
    "Rung",
    "Scenario",
    "SimulationResult",
    "credibility_figure",
    "default_ladder",
    "kahn_group",
    "load_scenario",
    "outcome_figure",
    "parse_scenario",
    "report_sections",
    "run_scenario",
    "self_deterrence",
    "shipped_scenarios",
    "sweep",
    "sweep_figure",
    "write_plots",
]

# --------------------------------------------------------------------------------------------
# Kahn's ladder [Kahn1965]
# --------------------------------------------------------------------------------------------

#: The 44 rungs of Kahn's escalation ladder (On Escalation, 1965), by number.
KAHN_RUNGS: dict[int, str] = {
    1: "Ostensible crisis",
    2: "Political, economic and diplomatic gestures",
    3: "Solemn and formal declarations",
    4: "Hardening of positions: confrontation of wills",
    5: "Show of force",
    6: "Significant mobilization",
    7: '"Legal" harassment: retortions',
    8: "Harassing acts of violence",
    9: "Dramatic military confrontations",
    10: "Provocative breaking off of diplomatic relations",
    11: "Super-ready status",
    12: "Large conventional war (or actions)",
    13: "Large compound escalation",
    14: "Declaration of limited conventional war",
    15: "Barely nuclear war",
    16: 'Nuclear "ultimatums"',
    17: "Limited evacuation (approximately 20 per cent)",
    18: "Spectacular show or demonstration of force",
    19: '"Justifiable" counterforce attack',
    20: '"Peaceful" world-wide embargo or blockade',
    21: "Local nuclear war: exemplary",
    22: "Declaration of limited nuclear war",
    23: "Local nuclear war: military",
    24: "Unusual, provocative and significant countermeasures",
    25: "Evacuation (approximately 70 per cent)",
    26: "Demonstration attack on zone of interior",
    27: "Exemplary attack on military",
    28: "Exemplary attacks against property",
    29: "Exemplary attacks on population",
    30: "Complete evacuation (approximately 95 per cent)",
    31: "Reciprocal reprisals",
    32: 'Formal declaration of "general" war',
    33: 'Slow-motion counter-"property" war',
    34: "Slow-motion counterforce war",
    35: "Constrained force-reduction salvo",
    36: "Constrained disarming attack",
    37: "Counterforce-with-avoidance attack",
    38: "Unmodified counterforce attack",
    39: "Slow-motion countercity war",
    40: "Countervalue salvo",
    41: "Augmented disarming attack",
    42: "Civilian devastation attack",
    43: "Some other kinds of controlled general war",
    44: "Spasm or insensate war",
}

#: Kahn's seven groups: (first rung, last rung, group name, threshold crossed to enter it).
KAHN_GROUPS: tuple[tuple[int, int, str, str], ...] = (
    (1, 3, "Subcrisis maneuvering", "Disagreement (cold war)"),
    (4, 9, "Traditional crises", "Don't rock the boat"),
    (10, 20, "Intense crises", "Nuclear war is unthinkable"),
    (21, 25, "Bizarre crises", "No nuclear use"),
    (26, 31, "Exemplary central attacks", "Central sanctuary"),
    (32, 38, "Military central wars", "Central war"),
    (39, 44, "Civilian central wars", "City targeting"),
)


def kahn_group(rung: int) -> tuple[str, str]:
    """Kahn's group and the threshold below it for a rung number 1-44 [Kahn1965]."""
    for first, last, group, threshold in KAHN_GROUPS:
        if first <= rung <= last:
            return group, threshold
    raise DyadwatchError(f"Kahn rung {rung} does not exist", fix="use a rung number from 1 to 44")


OUTCOMES: tuple[str, ...] = (
    "challenger backs down",
    "defender backs down",
    "settlement",
    "uncontrolled escalation",
)
_OUT_KEYS = (
    "challenger_backs_down",
    "defender_backs_down",
    "settlement",
    "uncontrolled_escalation",
)
MOVES: tuple[str, ...] = ("back down", "hold", "escalate")
_BACK, _HOLD, _ESC = 0, 1, 2
# terminal kinds: challenger backs down, defender backs down, settlement, war won, war lost
_CB, _DB, _ST, _UW, _UL = range(5)
_NK = 5
_C, _D = 0, 1
_ROLE = ("challenger", "defender")


# --------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------


@dataclass
class Rung:
    """One rung of the ladder.

    Attributes:
        name: what happens on it (defaults to Kahn's name for ``kahn``).
        kahn: Kahn's rung number (1-44), which fixes the group and threshold [Kahn1965].
        cost: cost to each actor of climbing to this rung, in units of the actor's stake
            (scaled by :attr:`Actor.cost_scale`); a pair ``(challenger, defender)`` gives
            different costs.
        loss_of_control: probability, each time a move leaves the crisis on this rung, that it
            slips into uncontrolled escalation.
        note: what the rung stands for in a scenario ("naval quarantine").
    """

    name: str = ""
    kahn: int | None = None
    cost: float | tuple[float, float] = 0.0
    loss_of_control: float = 0.0
    note: str = ""

    def label(self) -> str:
        """The rung's name, or Kahn's name for its number."""
        if self.name:
            return self.name
        if self.kahn is not None:
            return KAHN_RUNGS.get(self.kahn, f"Kahn rung {self.kahn}")
        return "rung"

    def costs(self) -> tuple[float, float]:
        """Per-actor cost of climbing here: (challenger, defender)."""
        if isinstance(self.cost, (tuple, list)):
            return float(self.cost[0]), float(self.cost[1])
        return float(self.cost), float(self.cost)


@dataclass
class Actor:
    """A side in the crisis.

    Attributes:
        name: who it is.
        preferences: a preference model (CPT, ExpectedValue, ExpectedUtility); its own
            ``reference`` is replaced by the resolved :attr:`reference` below.
        reference: ``"status_quo"`` (0), ``"lost_position"`` (the actor regards the stake as
            rightfully its own: the status quo already counts as losing it), or a number in
            stake units.
        stake: what the disputed issue is worth to the actor (its payoff unit; usually 1).
        war_cost: the cost of an uncontrolled war, in stake units.
        backdown_cost: extra cost of backing down (audience and reputation costs).
        cost_scale: multiplies the rungs' costs for this actor.
    """

    name: str = "actor"
    preferences: PreferenceModel = field(default_factory=CPT)
    reference: str | float = "status_quo"
    stake: float = 1.0
    war_cost: float = 10.0
    backdown_cost: float = 0.0
    cost_scale: float = 1.0

    def reference_value(self) -> float:
        """The reference point in payoff units."""
        if isinstance(self.reference, str):
            if self.reference == "status_quo":
                return 0.0
            if self.reference == "lost_position":
                return float(self.stake)
            raise DyadwatchError(
                f"unknown reference point {self.reference!r} for {self.name}",
                fix="use 'status_quo', 'lost_position' or a number",
            )
        return float(self.reference)

    def model(self) -> PreferenceModel:
        """The preference model with this actor's reference point."""
        m = copy.copy(self.preferences)
        m.reference = self.reference_value()
        return m


def default_ladder() -> list[Rung]:
    """A condensed Kahn ladder: eight rungs from diplomatic gestures to exemplary nuclear use.

    Costs and loss-of-control probabilities are modelling assumptions chosen to grow with the
    rung (a few per cent of the stake at the bottom, more than the stake near the nuclear
    threshold; a tenth of a per cent chance of losing control at the bottom, a third at the top).
    """
    spec = [
        (2, 0.005, 0.001),
        (3, 0.005, 0.002),
        (5, 0.01, 0.005),
        (6, 0.02, 0.01),
        (9, 0.05, 0.03),
        (12, 0.3, 0.08),
        (16, 0.2, 0.15),
        (21, 2.0, 0.3),
    ]
    return [Rung(kahn=k, cost=c, loss_of_control=q) for k, c, q in spec]


# --------------------------------------------------------------------------------------------
# The model
# --------------------------------------------------------------------------------------------


@dataclass
class SimulationResult:
    """Monte Carlo draws from a solved model.

    Attributes:
        n: number of simulated crises.
        terminal_counts: how many crises ended in each terminal (5 kinds per level).
        outcomes: frame with ``outcome, count, probability, se, mean_rung``.
        credibility: frame with ``threat_to_rung, reached, carried_out, credibility, se``.
        bluff_concessions: crises in which the defender backed down to a threat that, as the
            counterfactual draw says, would not have been carried out.
        moves: total decisions simulated.
        ends: each crisis's terminal id (only from ``method="crises"`` and the loop).
    """

    n: int
    terminal_counts: np.ndarray
    outcomes: pd.DataFrame
    credibility: pd.DataFrame
    bluff_concessions: int
    moves: int
    ends: np.ndarray | None = None


class EscalationModel:
    """A two-actor crisis on an escalation ladder, solved by backward induction.

    Args:
        challenger: the side that wants change (default: a weaker CPT actor whose reference
            point is a lost position it wants back).
        defender: the side defending the status quo (default: a CPT actor at the status quo).
        ladder: the rungs (default :func:`default_ladder`).
        p_win: the challenger's probability of prevailing in a war (the balance of power).
        settlement_share: the challenger's share of the stake in a settlement. The default 0
            makes a settlement a mutual stand-down that restores the status quo ante without
            either side paying a back-down cost; a compromise gives the challenger part of the
            stake (Fearon's bargaining range [Fearon1995] suggests up to ``p_win``).
        start: rung on which the game opens. 0 (the default) is the status quo: the
            challenger decides whether to open a crisis by climbing to rung 1, and
            "challenger backs down" at rung 0 means it was deterred. A higher value starts a
            crisis already under way on that rung (1-based).
        first_mover: who moves first: ``"challenger"`` or ``"defender"`` (the challenger
            has just made its move); must be the challenger when ``start`` is 0.
        noise: logit temperature in units of the mover's stake; 0 gives exact best replies.
        defender_beliefs: ``"estimate"`` (the defender uses the model's estimate of the
            challenger's credibility) or ``"credible"`` (it treats every threat as credible).
        seed: seed of the model's random generator (used by :meth:`simulate`).

    Attributes (after :meth:`solve`):
        nodes_: frame of decision nodes with the mover's choice probabilities and
            certainty equivalents of each move.
        terminal_probs_: probability of each final outcome (kind x level), shape (levels, 5).
        reach_: probability that each node is reached.
        rng_: the model's random generator.
    """

    def __init__(
        self,
        challenger: Actor | None = None,
        defender: Actor | None = None,
        ladder: Sequence[Rung] | None = None,
        p_win: float = 0.3,
        settlement_share: float = 0.0,
        start: int = 0,
        first_mover: str = "challenger",
        noise: float = 0.05,
        defender_beliefs: str = "estimate",
        seed: int | None = None,
    ) -> None:
        self.challenger = challenger
        self.defender = defender
        self.ladder = ladder
        self.p_win = p_win
        self.settlement_share = settlement_share
        self.start = start
        self.first_mover = first_mover
        self.noise = noise
        self.defender_beliefs = defender_beliefs
        self.seed = seed

    # -- parameters ---------------------------------------------------------------------------
    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as given."""
        return {
            "challenger": self.challenger,
            "defender": self.defender,
            "ladder": self.ladder,
            "p_win": self.p_win,
            "settlement_share": self.settlement_share,
            "start": self.start,
            "first_mover": self.first_mover,
            "noise": self.noise,
            "defender_beliefs": self.defender_beliefs,
            "seed": self.seed,
        }

    def clone(self, **changes: Any) -> EscalationModel:
        """A new, unsolved model with the same parameters except ``changes``."""
        params = self.get_params()
        params.update(changes)
        return EscalationModel(**params)

    def _actors(self) -> tuple[Actor, Actor]:
        ch = self.challenger or Actor(
            name="challenger", preferences=CPT(), reference="lost_position", war_cost=10.0
        )
        de = self.defender or Actor(
            name="defender", preferences=CPT(), reference="status_quo", war_cost=10.0
        )
        return ch, de

    def _check(self) -> None:
        def prob(name: str, v: float) -> None:
            if not (isinstance(v, (int, float)) and 0.0 <= v <= 1.0):
                raise DyadwatchError(f"{name}={v!r} is not a probability", fix="use 0 to 1")

        prob("p_win", self.p_win)
        prob("settlement_share", self.settlement_share)
        ladder = list(self.ladder) if self.ladder is not None else default_ladder()
        if not ladder:
            raise DyadwatchError("the ladder has no rungs", fix="give at least one rung")
        for i, r in enumerate(ladder, 1):
            prob(f"ladder rung {i} loss_of_control", r.loss_of_control)
            if min(r.costs()) < 0:
                raise DyadwatchError(f"ladder rung {i} has a negative cost", fix="use >= 0")
        if not (isinstance(self.start, int) and 0 <= self.start <= len(ladder)):
            raise DyadwatchError(
                f"start={self.start!r} is not a rung of the ladder",
                fix=f"use 0 (status quo) to {len(ladder)}",
            )
        if self.start == 0 and self.first_mover != "challenger":
            raise DyadwatchError(
                "at the status quo (start=0) the challenger moves first",
                fix="set first_mover to 'challenger' or start on a rung >= 1",
            )
        if self.first_mover not in _ROLE:
            raise DyadwatchError(
                f"first_mover={self.first_mover!r}", fix="use 'challenger' or 'defender'"
            )
        if self.defender_beliefs not in ("estimate", "credible"):
            raise DyadwatchError(
                f"defender_beliefs={self.defender_beliefs!r}", fix="use 'estimate' or 'credible'"
            )
        if not (isinstance(self.noise, (int, float)) and self.noise >= 0):
            raise DyadwatchError(f"noise={self.noise!r} must be >= 0", fix="use 0 or more")
        for a in self._actors():
            if a.stake <= 0:
                raise DyadwatchError(f"{a.name}: stake must be positive", fix="use > 0")
            if a.war_cost < 0 or a.backdown_cost < 0 or a.cost_scale < 0:
                raise DyadwatchError(f"{a.name}: costs must be >= 0", fix="use >= 0")
            a.reference_value()

    # -- tree --------------------------------------------------------------------------------
    def _node(self, level: int, mover: int, ph: int) -> int:
        return ((level - self.start) * 2 + mover) * 2 + ph

    def _term(self, level: int, kind: int) -> int:
        return level * _NK + kind

    def solve(self) -> EscalationModel:
        """Backward induction over the crisis tree; fills the ``_``-suffixed attributes."""
        self._check()
        ch, de = self._actors()
        ladder = list(self.ladder) if self.ladder is not None else default_ladder()
        K = len(ladder)
        self.K_ = K
        self.ladder_ = ladder
        self.actors_ = (ch, de)
        share = float(self.settlement_share)
        self.share_ = share
        p = float(self.p_win)
        levels = K + 2  # 0 status quo, 1..K rungs, K+1 beyond the ladder (war)
        T = levels * _NK
        self.T_ = T

        # per-level cumulative costs and loss-of-control probabilities
        q = np.zeros(levels)
        costs = np.zeros((2, levels))
        for i, r in enumerate(ladder, 1):
            q[i] = r.loss_of_control
            c = r.costs()
            costs[0, i] = costs[0, i - 1] + c[0] * ch.cost_scale
            costs[1, i] = costs[1, i - 1] + c[1] * de.cost_scale
        costs[:, K + 1] = costs[:, K]
        q[K + 1] = 1.0
        self.q_ = q

        # payoffs of each terminal for each actor (stake units of that actor)
        pay = np.zeros((2, T))
        sc, sd = ch.stake, de.stake
        for lv in range(levels):
            cc, cd = costs[0, lv], costs[1, lv]
            # staying at the status quo is not a public climb-down: no back-down cost at 0
            bdc, bdd = (ch.backdown_cost, de.backdown_cost) if lv > 0 else (0.0, 0.0)
            pay[0, self._term(lv, _CB)] = -cc - bdc
            pay[1, self._term(lv, _CB)] = -cd
            pay[0, self._term(lv, _DB)] = sc - cc
            pay[1, self._term(lv, _DB)] = -sd - cd - bdd
            pay[0, self._term(lv, _ST)] = share * sc - cc
            pay[1, self._term(lv, _ST)] = -share * sd - cd
            pay[0, self._term(lv, _UW)] = sc - ch.war_cost - cc
            pay[1, self._term(lv, _UW)] = -sd - de.war_cost - cd
            pay[0, self._term(lv, _UL)] = -ch.war_cost - cc
            pay[1, self._term(lv, _UL)] = -de.war_cost - cd
        self.payoffs_ = pay
        models = (ch.model(), de.model())
        self.models_ = models

        def unit(t: int) -> np.ndarray:
            e = np.zeros(T)
            e[t] = 1.0
            return e

        def war(lv: int) -> np.ndarray:
            e = np.zeros(T)
            e[self._term(lv, _UW)] = p
            e[self._term(lv, _UL)] = 1.0 - p
            return e

        n_nodes = (K - self.start + 1) * 4
        self.n_nodes_ = n_nodes
        L = np.zeros((n_nodes, T))  # actual lottery from each node
        Lp = np.zeros((n_nodes, T))  # the defender's perceived lottery
        P = np.zeros((n_nodes, 3))  # choice probabilities
        CE = np.full((n_nodes, 3), np.nan)  # mover's certainty equivalents of each move
        avail = np.ones((n_nodes, 3), dtype=bool)
        # successor structure for simulation: per move, (next node or -1, level for war draw)
        nxt = np.full((n_nodes, 3), -1, dtype=np.int64)
        term = np.full((n_nodes, 3), -1, dtype=np.int64)  # terminal if the move ends it
        qmove = np.zeros((n_nodes, 3))  # loss-of-control probability on that move
        lvmove = np.zeros((n_nodes, 3), dtype=np.int64)  # level where that risk is drawn
        credulous = self.defender_beliefs == "credible"

        for lv in range(K, self.start - 1, -1):
            for ph in (1, 0):
                for mover in (_C, _D):
                    n = self._node(lv, mover, ph)
                    other = 1 - mover
                    opts: list[tuple[np.ndarray, np.ndarray]] = [(np.empty(0), np.empty(0))] * 3
                    # back down
                    t = self._term(lv, _CB if mover == _C else _DB)
                    opts[_BACK] = (unit(t), unit(t))
                    term[n, _BACK] = t
                    # hold (not possible at the status quo: a demand is already rung 1)
                    if lv == 0:
                        opts[_HOLD] = opts[_BACK]
                        avail[n, _HOLD] = False
                    elif ph == 1:
                        t = self._term(lv, _ST)
                        opts[_HOLD] = (unit(t), unit(t))
                        term[n, _HOLD] = t
                    else:
                        m = self._node(lv, other, 1)
                        opts[_HOLD] = (
                            q[lv] * war(lv) + (1 - q[lv]) * L[m],
                            q[lv] * war(lv) + (1 - q[lv]) * Lp[m],
                        )
                        nxt[n, _HOLD] = m
                        qmove[n, _HOLD] = q[lv]
                        lvmove[n, _HOLD] = lv
                    # escalate
                    if lv == K:
                        opts[_ESC] = (war(K + 1), war(K + 1))
                        qmove[n, _ESC] = 1.0
                        lvmove[n, _ESC] = K + 1
                    else:
                        m = self._node(lv + 1, other, 0)
                        qq = q[lv + 1]
                        opts[_ESC] = (
                            qq * war(lv + 1) + (1 - qq) * L[m],
                            qq * war(lv + 1) + (1 - qq) * Lp[m],
                        )
                        nxt[n, _ESC] = m
                        qmove[n, _ESC] = qq
                        lvmove[n, _ESC] = lv + 1
                    actual = np.stack([o[0] for o in opts])
                    perceived = np.stack([o[1] for o in opts])
                    judged = perceived if (mover == _D and credulous) else actual
                    ce = models[mover].inverse_utility(
                        models[mover].value_many(pay[mover], np.clip(judged, 0.0, 1.0))
                    )
                    ce = np.where(avail[n], ce, -np.inf)
                    CE[n] = np.where(avail[n], ce, np.nan)
                    P[n] = _choice(ce, self.noise * (sc if mover == _C else sd))
                    L[n] = P[n] @ actual
                    if mover == _C and credulous:
                        Lp[n] = perceived[_ESC]
                    else:
                        Lp[n] = P[n] @ perceived

        root = self._node(self.start, _ROLE.index(self.first_mover), 0)
        self.root_ = root
        self.lottery_ = L
        self.perceived_lottery_ = Lp
        self.probs_ = P
        self.ce_ = CE
        self.next_ = nxt
        self.terminal_ = term
        self.qmove_ = qmove
        self.lvmove_ = lvmove
        self.terminal_probs_ = L[root].reshape(levels, _NK)

        # reach probabilities (forward pass; node ids are ordered so that successors of a node
        # at level lv with ph=0 are at (lv, ., 1) or (lv+1, ., 0))
        reach = np.zeros(n_nodes)
        reach[root] = 1.0
        for lv in range(self.start, K + 1):
            for ph in (0, 1):
                for mover in (_C, _D):
                    n = self._node(lv, mover, ph)
                    if reach[n] == 0:
                        continue
                    for mv in (_HOLD, _ESC):
                        m = nxt[n, mv]
                        if m >= 0:
                            reach[m] += reach[n] * P[n, mv] * (1 - qmove[n, mv])
        self.reach_ = reach
        # credibility against a defender that stands firm as the model predicts: for a
        # credulous defender, from the same crisis solved with estimating beliefs
        if credulous:
            twin = self.clone(defender_beliefs="estimate").solve()
            self.firm_credibility_ = twin.firm_credibility_
        else:
            self.firm_credibility_ = np.array(
                [P[self._node(lv, _C, 1), _ESC] for lv in range(self.start, K + 1)]
            )
        self.rng_ = np.random.default_rng(self.seed)
        self._build_tables()
        return self

    def _require(self) -> None:
        if not hasattr(self, "lottery_"):
            raise DyadwatchError("the model is not solved", fix="call .solve() first")

    # -- exact results ------------------------------------------------------------------------
    def level_label(self, lv: int) -> str:
        """A readable label for a level (1..K rungs, K+1 beyond the ladder)."""
        if lv == self.K_ + 1:
            return "beyond the ladder (war)"
        if lv == 0:
            return "0. status quo (no crisis)"
        r = self.ladder_[lv - 1]
        k = f" [Kahn {r.kahn}]" if r.kahn is not None else ""
        note = f" ({r.note})" if r.note else ""
        return f"{lv}. {r.label()}{note}{k}"

    def outcome_probabilities(self) -> dict[str, float]:
        """Exact probability of each of the four outcomes."""
        self._require()
        tp = self.terminal_probs_
        return {
            "challenger backs down": float(tp[:, _CB].sum()),
            "defender backs down": float(tp[:, _DB].sum()),
            "settlement": float(tp[:, _ST].sum()),
            "uncontrolled escalation": float(tp[:, _UW].sum() + tp[:, _UL].sum()),
        }

    def outcome_table(self) -> pd.DataFrame:
        """Outcomes with their probability and the rung at which they happen (exact)."""
        self._require()
        tp = self.terminal_probs_
        lv = np.arange(tp.shape[0])
        by = np.stack([tp[:, _CB], tp[:, _DB], tp[:, _ST], tp[:, _UW] + tp[:, _UL]], axis=1)
        rows = []
        for j, name in enumerate(OUTCOMES):
            pj = by[:, j]
            tot = float(pj.sum())
            mean = float((lv * pj).sum() / tot) if tot > 0 else float("nan")
            mode = int(np.argmax(pj)) if tot > 0 else None
            rows.append(
                {
                    "outcome": name,
                    "probability": tot,
                    "mean_rung": mean,
                    "most_likely_rung": self.level_label(mode) if mode is not None else "",
                }
            )
        return pd.DataFrame(rows)

    def rung_table(self) -> pd.DataFrame:
        """Probability of each outcome at each rung (exact)."""
        self._require()
        tp = self.terminal_probs_
        rows = []
        for lv in range(self.start, self.K_ + 2):
            r = {"rung": lv, "label": self.level_label(lv)}
            if 1 <= lv <= self.K_:
                rung = self.ladder_[lv - 1]
                g = kahn_group(rung.kahn)[0] if rung.kahn else ""
            else:
                g = ""
            r["kahn_group"] = g
            r["challenger backs down"] = float(tp[lv, _CB])
            r["defender backs down"] = float(tp[lv, _DB])
            r["settlement"] = float(tp[lv, _ST])
            r["uncontrolled escalation"] = float(tp[lv, _UW] + tp[lv, _UL])
            rows.append(r)
        return pd.DataFrame(rows)

    def credibility(self) -> pd.DataFrame:
        """Threat credibility per rung.

        For each threat to climb to rung k (k above the opening rung, and "beyond the ladder"
        for the top), the probability that the challenger climbs when the defender has just
        stood firm at rung k-1, and the probability that this moment comes at all.
        """
        self._require()
        rows = []
        for lv in range(max(self.start, 1), self.K_ + 1):
            n = self._node(lv, _C, 1)
            rows.append(
                {
                    "threat_to_rung": lv + 1,
                    "label": self.level_label(lv + 1),
                    "credibility": float(self.probs_[n, _ESC]),
                    "p_moment_comes": float(self.reach_[n]),
                    "p_hold": float(self.probs_[n, _HOLD]),
                    "p_back_down": float(self.probs_[n, _BACK]),
                }
            )
        return pd.DataFrame(rows)

    def policy(self) -> pd.DataFrame:
        """Every decision node: who moves, reach probability, choice probabilities, CEs."""
        self._require()
        rows = []
        for lv in range(self.start, self.K_ + 1):
            for ph in (0, 1):
                for mover in (_C, _D):
                    n = self._node(lv, mover, ph)
                    rows.append(
                        {
                            "node": n,
                            "rung": lv,
                            "mover": _ROLE[mover],
                            "after": "hold" if ph else "escalation/start",
                            "reach": float(self.reach_[n]),
                            **{
                                f"p_{m.replace(' ', '_')}": float(self.probs_[n, i])
                                for i, m in enumerate(MOVES)
                            },
                            **{
                                f"ce_{m.replace(' ', '_')}": float(self.ce_[n, i])
                                for i, m in enumerate(MOVES)
                            },
                        }
                    )
        return pd.DataFrame(rows)

    def concessions(self) -> dict[str, float]:
        """The defender's concessions and the bluffs among them (exact).

        Returns:
            ``p_defender_backs_down``; ``expected_concession`` (share of the defender's stake
            conceded: 1 when it backs down, the settlement share in a settlement);
            ``p_uncontrolled``; ``p_bluff_concession``, the probability that the defender backs
            down to a threat that would not have been carried out against a defender that
            stands firm (credibility from the model with estimating beliefs; after the
            challenger has only held the threat is void, as holding would mean a settlement);
            and
            ``bluff_concession_cost``, the expected stake given up in those concessions (in
            the defender's stake units, including its back-down cost).
        """
        self._require()
        out = self.outcome_probabilities()
        de = self.actors_[1]
        bluff = 0.0
        for lv in range(self.start, self.K_ + 1):
            for ph in (0, 1):
                n = self._node(lv, _D, ph)
                pb = self.reach_[n] * self.probs_[n, _BACK]
                cred = self.firm_credibility_[lv - self.start] if ph == 0 else 0.0
                bluff += pb * (1.0 - cred)
        return {
            "p_defender_backs_down": out["defender backs down"],
            "expected_concession": out["defender backs down"] + self.share_ * out["settlement"],
            "p_uncontrolled": out["uncontrolled escalation"],
            "p_bluff_concession": float(bluff),
            "bluff_concession_cost": float(bluff * (1.0 + de.backdown_cost / de.stake)),
        }

    def expected_payoffs(self) -> dict[str, float]:
        """Expected payoff (stake units) and each actor's own certainty equivalent of the crisis."""
        self._require()
        lot = self.lottery_[self.root_]
        out = {}
        for i, role in enumerate(_ROLE):
            out[f"{role}_expected_payoff"] = float(lot @ self.payoffs_[i])
            m = self.models_[i]
            out[f"{role}_certainty_equivalent"] = float(
                m.inverse_utility(m.value_many(self.payoffs_[i], lot[None, :])[0])
            )
        return out

    # -- simulation ---------------------------------------------------------------------------
    def _build_tables(self) -> None:
        """Flatten the solved policy into transition tables for simulation.

        Each decision node has up to 7 successors: back down (terminal); hold and escalate,
        each split into "control kept" (next node or settlement) and "control lost" (war won
        or lost). States are node ids; terminals are ``n_nodes + terminal id``.
        """
        N = self.n_nodes_
        p = float(self.p_win)
        succ = np.zeros((N, 7), dtype=np.int64)
        prob = np.zeros((N, 7))
        move = np.zeros((N, 7), dtype=np.int8)
        for n in range(N):
            j = 0
            for mv in (_BACK, _HOLD, _ESC):
                pm = self.probs_[n, mv]
                if self.terminal_[n, mv] >= 0:
                    entries = [(N + self.terminal_[n, mv], pm)]
                else:
                    qq, lv = self.qmove_[n, mv], self.lvmove_[n, mv]
                    entries = [
                        (N + self._term(lv, _UW), pm * qq * p),
                        (N + self._term(lv, _UL), pm * qq * (1 - p)),
                    ]
                    if self.next_[n, mv] >= 0:
                        entries.append((self.next_[n, mv], pm * (1 - qq)))
                for s, pr in entries:
                    succ[n, j], prob[n, j], move[n, j] = s, pr, mv
                    j += 1
            while j < 7:  # padding: never chosen
                succ[n, j], prob[n, j], move[n, j] = succ[n, j - 1], 0.0, move[n, j - 1]
                j += 1
        first = np.zeros((N, 3), dtype=np.int64)
        for n in range(N):
            for mv in (_ESC, _HOLD, _BACK):
                cols = np.flatnonzero(move[n] == mv)
                first[n, mv] = cols[0] if cols.size else 0
        self._first_col = first
        # columns that can be drawn (positive probability), in order; the last one takes the
        # remainder so rounding never leaves a draw unassigned
        self._live_cols = [np.flatnonzero(prob[n] > 0).tolist() or [0] for n in range(N)]
        cum = np.cumsum(prob, axis=1)
        cum[:, -1] = np.inf  # guard against rounding: the last column catches everything
        # the same thresholds on the 32-bit grid used by the node-wise simulation: a column's
        # probability is represented to within 2**-32
        scaled = np.floor(np.minimum(cum[:, :6], 1.0) * 2.0**32)
        self._thr32 = np.minimum(scaled, 2.0**32 - 1).astype(np.uint32)
        # the cumulative table without the final column (u >= cum[j] counts moves past j)
        self._cum = np.ascontiguousarray(cum[:, :6])
        self._succ = succ
        self._move = move
        # counterfactual credibility when the defender backs down at a node (for bluff counts)
        cf = np.zeros(N)
        is_d = np.zeros(N, dtype=bool)
        for lv in range(self.start, self.K_ + 1):
            for ph in (0, 1):
                n = self._node(lv, _D, ph)
                is_d[n] = True
                cf[n] = self.firm_credibility_[lv - self.start] if ph == 0 else 0.0
        self._cf = cf
        self._cf32 = np.minimum(np.floor(cf * 2.0**32), 2.0**32 - 1).astype(np.uint32)
        self._is_d = is_d
        self._order = [
            self._node(lv, mover, ph)
            for lv in range(self.start, self.K_ + 1)
            for ph in (0, 1)
            for mover in (_C, _D)
        ]
        self._cred_nodes = np.array(
            [self._node(lv, _C, 1) for lv in range(max(self.start, 1), self.K_ + 1)],
            dtype=np.int64,
        )

    def simulate(
        self, n: int = 100_000, *, method: str = "nodes", track: bool = True
    ) -> SimulationResult:
        """Simulate ``n`` crises by vectorised Monte Carlo (NumPy), using the model's RNG.

        Every crisis draws its own uniform at every decision: the draw picks the mover's choice
        and, for holds and escalations, whether control is lost and who wins the war. Two
        vectorisations give the same distribution:

        * ``"nodes"`` (default, fastest): visit the decision nodes in topological order; the
          crises standing at a node draw their uniforms together and are sorted into the
          node's successors by comparing them with the node's cumulative probabilities.
          Crises are counted, not labelled. The uniforms are 32-bit (two from each 64-bit
          output of the generator), so each probability is represented to within 2**-32.
        * ``"crises"``: step all live crises forward together, one decision per step, dropping
          the ones that have ended; keeps each crisis's end state.

        Args:
            n: number of crises.
            method: ``"nodes"`` or ``"crises"``.
            track: count visits and escalations at credibility nodes and draw the bluff
                counterfactual for each concession (slightly slower).

        Returns:
            A :class:`SimulationResult`.
        """
        self._require()
        if not (isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n > 0):
            raise DyadwatchError(f"n={n!r} must be a positive integer", fix="use n >= 1")
        if method == "nodes":
            return self._simulate_nodes(int(n), track)
        if method == "crises":
            return self._simulate_crises(int(n), track)
        raise DyadwatchError(f"unknown method {method!r}", fix="use 'nodes' or 'crises'")

    def _simulate_nodes(self, n: int, track: bool) -> SimulationResult:
        bits = self.rng_.bit_generator
        N = self.n_nodes_
        arrivals = np.zeros(N, dtype=np.int64)
        arrivals[self.root_] = n
        ends = np.zeros(self.T_, dtype=np.int64)
        visits = np.zeros((N, 7), dtype=np.int64)
        mask = np.empty(n, dtype=bool)
        bluffs = 0
        moves = 0
        for node in self._order:
            m = int(arrivals[node])
            if m == 0:
                continue
            moves += m
            # 32-bit uniforms: each 64-bit output of the generator gives two draws
            u = bits.random_raw((m + 1) // 2).view(np.uint32)[:m]
            cols = self._live_cols[node]
            thr = self._thr32[node]
            c = np.zeros(7, dtype=np.int64)
            below = 0
            # column k gets the draws with thr[k-1] <= u < thr[k] (as searchsorted, side=right)
            for col in cols[:-1]:
                x = int(np.count_nonzero(np.less(u, thr[col], out=mask[:m])))
                c[col] = x - below
                below = x
            c[cols[-1]] = m - below
            visits[node] = c
            for col in cols:
                if c[col]:
                    s = self._succ[node, col]
                    if s >= N:
                        ends[s - N] += c[col]
                    else:
                        arrivals[s] += c[col]
            if track and self._is_d[node]:
                nb = int(c[self._move[node] == _BACK].sum())
                if nb:
                    v = bits.random_raw((nb + 1) // 2).view(np.uint32)[:nb]
                    bluffs += int(np.count_nonzero(v >= self._cf32[node]))
        return self._summarise_counts(ends, visits if track else None, bluffs, moves)

    def _simulate_crises(self, n: int, track: bool) -> SimulationResult:
        rng = self.rng_
        N = self.n_nodes_
        cum, succ = self._cum, self._succ
        state = np.full(n, self.root_, dtype=np.int64)
        ends = np.empty(n, dtype=np.int64)
        idx = np.arange(n)
        visits = np.zeros(N * 7, dtype=np.int64)
        bluffs = 0
        moves = 0
        while state.size:
            u = rng.random(state.size)
            j = (u[:, None] >= cum[state]).sum(axis=1)
            flat = state * 7 + j
            new = succ.ravel()[flat]
            moves += state.size
            if track:
                visits += np.bincount(flat, minlength=N * 7)
                back = self._is_d[state] & (self._move.ravel()[flat] == _BACK)
                if back.any():
                    cf = self._cf[state[back]]
                    bluffs += int((rng.random(cf.size) >= cf).sum())
            done = new >= N
            if done.any():
                ends[idx[done]] = new[done] - N
                keep = ~done
                state, idx = new[keep], idx[keep]
            else:
                state = new
        return self._summarise(ends, visits.reshape(N, 7) if track else None, bluffs, moves)

    def simulate_loop(self, n: int = 10_000, *, style: str = "tree") -> SimulationResult:
        """The same simulation in plain Python, one crisis at a time (baseline and cross-check).

        Args:
            n: number of crises.
            style: ``"tree"`` walks the game as it is described: the mover's choice from its
                three choice probabilities, then a separate draw for loss of control and, if
                control is lost, one for who wins the war. ``"tables"`` walks the same
                flattened successor tables as :meth:`simulate` (one draw per decision).

        Uses ``random.Random`` seeded from the model's generator: reproducible, but not the
        same draws as :meth:`simulate`.
        """
        self._require()
        if style not in ("tree", "tables"):
            raise DyadwatchError(f"unknown style {style!r}", fix="use 'tree' or 'tables'")
        rand = random.Random(int(self.rng_.integers(2**63)))
        N = self.n_nodes_
        is_d = self._is_d.tolist()
        cfp = self._cf.tolist()
        root = int(self.root_)
        ends = [0] * n
        visits = [0] * (N * 7)
        bluffs = 0
        moves = 0
        if style == "tables":
            cum = self._cum.tolist()
            succ = self._succ.tolist()
            mv = self._move.tolist()
            for i in range(n):
                s = root
                while s < N:
                    u = rand.random()
                    row = cum[s]
                    j = 0
                    while j < 6 and u >= row[j]:
                        j += 1
                    visits[s * 7 + j] += 1
                    moves += 1
                    if is_d[s] and mv[s][j] == _BACK and rand.random() >= cfp[s]:
                        bluffs += 1
                    s = succ[s][j]
                ends[i] = s - N
        else:
            probs = self.probs_.tolist()
            term = self.terminal_.tolist()
            nxt = self.next_.tolist()
            qm = self.qmove_.tolist()
            lvm = self.lvmove_.tolist()
            first = self._first_col.tolist()
            p = float(self.p_win)
            for i in range(n):
                s = root
                while True:
                    u = rand.random()
                    pr = probs[s]
                    if u < pr[0]:
                        m = 0
                    elif u < pr[0] + pr[1]:
                        m = 1
                    else:
                        m = 2
                    visits[s * 7 + first[s][m]] += 1
                    moves += 1
                    if m == _BACK:
                        if is_d[s] and rand.random() >= cfp[s]:
                            bluffs += 1
                        t = term[s][m]
                        break
                    t = term[s][m]
                    if t >= 0:
                        break
                    if rand.random() < qm[s][m]:
                        lv = lvm[s][m]
                        t = lv * _NK + (_UW if rand.random() < p else _UL)
                        break
                    s = nxt[s][m]
                ends[i] = t
        return self._summarise(
            np.asarray(ends, dtype=np.int64), np.asarray(visits).reshape(N, 7), bluffs, moves
        )

    def _summarise(
        self, ends: np.ndarray, visits: np.ndarray | None, bluffs: int, moves: int
    ) -> SimulationResult:
        counts = np.bincount(ends, minlength=self.T_)
        result = self._summarise_counts(counts, visits, bluffs, moves)
        result.ends = ends
        return result

    def _summarise_counts(
        self, counts: np.ndarray, visits: np.ndarray | None, bluffs: int, moves: int
    ) -> SimulationResult:
        n = int(counts.sum())
        by_level = counts.reshape(-1, _NK)
        lv = np.arange(by_level.shape[0])
        groups = [
            by_level[:, _CB],
            by_level[:, _DB],
            by_level[:, _ST],
            by_level[:, _UW] + by_level[:, _UL],
        ]
        rows = []
        for name, g in zip(OUTCOMES, groups, strict=True):
            c = int(g.sum())
            pr = c / n
            rows.append(
                {
                    "outcome": name,
                    "count": c,
                    "probability": pr,
                    "se": math.sqrt(pr * (1 - pr) / n),
                    "mean_rung": float((lv * g).sum() / c) if c else float("nan"),
                }
            )
        cred_rows = []
        if visits is not None:
            for k, node in enumerate(self._cred_nodes):
                reached = int(visits[node].sum())
                esc = int(visits[node][self._move[node] == _ESC].sum())
                c = esc / reached if reached else float("nan")
                cred_rows.append(
                    {
                        "threat_to_rung": max(self.start, 1) + k + 1,
                        "reached": reached,
                        "carried_out": esc,
                        "credibility": c,
                        "se": math.sqrt(c * (1 - c) / reached) if reached else float("nan"),
                    }
                )
        return SimulationResult(
            n=n,
            terminal_counts=counts,
            outcomes=pd.DataFrame(rows),
            credibility=pd.DataFrame(cred_rows),
            bluff_concessions=bluffs,
            moves=moves,
        )


def _choice(ce: np.ndarray, tau: float) -> np.ndarray:
    """Logit choice probabilities over certainty equivalents (argmax when ``tau == 0``)."""
    if tau <= 0:
        out = np.zeros(len(ce))
        out[int(np.argmax(ce))] = 1.0
        return out
    z = (ce - ce.max()) / tau
    e = np.exp(z)
    return e / e.sum()


# --------------------------------------------------------------------------------------------
# Self-deterrence and sweeps
# --------------------------------------------------------------------------------------------


def self_deterrence(model: EscalationModel) -> pd.DataFrame:
    """Compare a defender that treats every threat as credible with one that estimates credibility.

    Both versions of ``model`` are solved (the challenger best-replies to each); the frame has
    one row per defender (``credible``: self-deterring; ``estimate``) with
    :meth:`EscalationModel.concessions` and the outcome probabilities.
    """
    rows = []
    for beliefs in ("credible", "estimate"):
        m = model.clone(defender_beliefs=beliefs).solve()
        row = {"defender": beliefs}
        row.update(m.concessions())
        out = m.outcome_probabilities()
        row["p_challenger_backs_down"] = out["challenger backs down"]
        row["p_settlement"] = out["settlement"]
        row.update(m.expected_payoffs())
        rows.append(row)
    return pd.DataFrame(rows)


def sweep(
    model: EscalationModel,
    lams: Sequence[float] = (1.0, 1.5, 2.25, 3.0, 4.0),
    references: Sequence[str | float] = ("status_quo", "lost_position"),
    *,
    actor: str = "challenger",
) -> pd.DataFrame:
    """Sensitivity of the outcomes to one actor's loss aversion and reference point.

    Args:
        model: the base model (its actor must have CPT preferences).
        lams: loss-aversion values lambda to try.
        references: reference points to try (names or numbers in stake units).
        actor: ``"challenger"`` or ``"defender"``.

    Returns:
        One row per (lam, reference) with the four outcome probabilities, the defender's
        concession and the credibility of the first threat.
    """
    if actor not in _ROLE:
        raise DyadwatchError(f"unknown actor {actor!r}", fix="use 'challenger' or 'defender'")
    base = model.clone()
    ch, de = base._actors()
    who = ch if actor == "challenger" else de
    if not isinstance(who.preferences, CPT):
        raise DyadwatchError(
            f"the {actor} does not have CPT preferences, so lambda has no meaning",
            fix="give it preferences: {model: cpt}",
        )
    rows = []
    for lam in lams:
        for ref in references:
            prefs = copy.copy(who.preferences)
            prefs.lam = float(lam)
            a = copy.copy(who)
            a.preferences = prefs
            a.reference = ref
            m = base.clone(**{actor: a}).solve()
            out = m.outcome_probabilities()
            cred = m.credibility()
            row = {"actor": actor, "lam": float(lam), "reference": str(ref)}
            row.update({k: v for k, v in zip(_OUT_KEYS, out.values(), strict=True)})
            row["expected_concession"] = m.concessions()["expected_concession"]
            row["first_threat_credibility"] = float(cred["credibility"].iloc[0])
            rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------------------------
# Scenarios
# --------------------------------------------------------------------------------------------


@dataclass
class Scenario:
    """A crisis scenario: the model plus what it rests on.

    Attributes:
        name: short name (the file stem for shipped scenarios).
        title: one line.
        description: what is modelled.
        assumptions: the statement that parameters are modelling assumptions, and why these.
        facts: the historical facts the scenario rests on, each with its citation.
        model: the (unsolved) escalation model.
        n: default number of simulated crises.
        source: where the scenario was read from.
    """

    name: str
    title: str
    description: str
    assumptions: str
    facts: list[dict[str, str]]
    model: EscalationModel
    n: int = 100_000
    source: str = ""


_SCENARIO_DIR = "scenarios"


def shipped_scenarios() -> list[str]:
    """Names of the scenarios shipped with dyadwatch."""
    root = resources.files("dyadwatch.data").joinpath(_SCENARIO_DIR)
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".yaml"))


def load_scenario(source: str | Path) -> Scenario:
    """Read a scenario from a YAML file or a shipped name (``"cuba1962"``).

    Raises:
        DyadwatchError: file not found, YAML syntax errors, unknown or missing keys, or values
            out of range, naming the file, line and key.
    """
    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise DyadwatchError(
                f"scenario file not found: {path}",
                fix=f"give a YAML file or a shipped name ({', '.join(shipped_scenarios())})",
            )
        text = path.read_text(encoding="utf-8")
        where = str(path)
    else:
        name = str(source)
        if name not in shipped_scenarios():
            raise DyadwatchError(
                f"no shipped scenario named {name!r}",
                fix=f"use one of {', '.join(shipped_scenarios())} or a path to a .yaml file",
            )
        res = resources.files("dyadwatch.data").joinpath(_SCENARIO_DIR, f"{name}.yaml")
        text = res.read_text(encoding="utf-8")
        where = f"{name}.yaml (shipped)"
    return parse_scenario(text, where=where, default_name=path.stem)


class _Reader:
    """Walks a YAML node tree, converting values and raising errors with line numbers."""

    def __init__(self, text: str, where: str) -> None:
        self.where = where
        try:
            self.loader = yaml.SafeLoader(text)  # rejects control characters at once
            self.root = self.loader.get_single_node()
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f", line {mark.line + 1}" if mark is not None else ""
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise DyadwatchError(
                f"invalid YAML: {problem}", where=f"{where}{line}", fix="fix the YAML syntax"
            ) from exc

    def error(self, node: yaml.Node | None, key: str, what: str, fix: str) -> DyadwatchError:
        line = f", line {node.start_mark.line + 1}" if node is not None else ""
        return DyadwatchError(what, where=f"{self.where}{line}, key {key}", fix=fix)

    def mapping(
        self,
        node: yaml.Node | None,
        key: str,
        allowed: Sequence[str],
        required: Sequence[str] = (),
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(
                node, key, f"{key} must be a mapping", "write it as 'name: value' lines"
            )
        out: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            k = self.loader.construct_object(knode)
            full = f"{key}.{k}" if key else str(k)
            if not isinstance(k, str) or k not in allowed:
                raise self.error(
                    knode, full, f"unknown key {k!r}", f"allowed keys here: {', '.join(allowed)}"
                )
            if k in out:
                raise self.error(knode, full, f"duplicate key {k!r}", "give each key once")
            out[k] = vnode
        for k in required:
            if k not in out:
                full = f"{key}.{k}" if key else k
                raise self.error(node, full, f"missing required key {k!r}", f"add '{k}:'")
        return out

    def value(self, node: yaml.Node) -> Any:
        return self.loader.construct_object(node, deep=True)

    def number(
        self,
        node: yaml.Node,
        key: str,
        *,
        lo: float | None = None,
        hi: float | None = None,
        lo_open: bool = False,
        integer: bool = False,
    ) -> float:
        v = self.value(node)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        if integer:
            ok = ok and float(v).is_integer()
        if not ok:
            kind = "an integer" if integer else "a number"
            raise self.error(node, key, f"{key} must be {kind}, got {v!r}", f"write {kind}")
        rng = f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
        if (lo is not None and (v < lo or (lo_open and v == lo))) or (hi is not None and v > hi):
            what = "probability" if (lo == 0 and hi == 1) else "value"
            raise self.error(
                node, key, f"{key}={v} is out of range for a {what}", f"use a value in {rng}"
            )
        return int(v) if integer else float(v)

    def string(self, node: yaml.Node, key: str, choices: Sequence[str] | None = None) -> str:
        v = self.value(node)
        if not isinstance(v, str) or (choices is not None and v not in choices):
            fix = f"use one of {', '.join(choices)}" if choices else "write text"
            raise self.error(node, key, f"{key}={v!r} is not valid", fix)
        return v


_PREF_KEYS = (
    "model",
    "alpha",
    "beta",
    "lam",
    "gamma",
    "delta",
    "weighting",
    "form",
    "risk_aversion",
)
_ACTOR_KEYS = (
    "name",
    "preferences",
    "reference",
    "stake",
    "war_cost",
    "backdown_cost",
    "cost_scale",
    "note",
)
_RUNG_KEYS = ("name", "kahn", "cost", "loss_of_control", "note")
_TOP_KEYS = (
    "name",
    "title",
    "description",
    "assumptions",
    "facts",
    "challenger",
    "defender",
    "balance",
    "ladder",
    "start",
    "simulation",
)


def parse_scenario(
    text: str, *, where: str = "<scenario>", default_name: str = "scenario"
) -> Scenario:
    """Parse scenario YAML text (see :func:`load_scenario` and the shipped files)."""
    r = _Reader(text, where)
    top = r.mapping(
        r.root,
        "",
        _TOP_KEYS,
        required=("title", "assumptions", "facts", "challenger", "defender", "ladder"),
    )
    title = r.string(top["title"], "title")
    name = r.string(top["name"], "name") if "name" in top else default_name
    description = r.string(top["description"], "description") if "description" in top else ""
    assumptions = r.string(top["assumptions"], "assumptions")
    facts = _facts(r, top["facts"])
    challenger = _actor(r, top["challenger"], "challenger")
    defender = _actor(r, top["defender"], "defender")
    ladder = _ladder(r, top["ladder"])
    p_win, share = 0.3, 0.0
    if "balance" in top:
        bal = r.mapping(top["balance"], "balance", ("p_win", "settlement_share", "note"))
        if "p_win" in bal:
            p_win = r.number(bal["p_win"], "balance.p_win", lo=0, hi=1)
        if "settlement_share" in bal:
            share = r.number(bal["settlement_share"], "balance.settlement_share", lo=0, hi=1)
    start, first = 0, "challenger"
    if "start" in top:
        st = r.mapping(top["start"], "start", ("rung", "first_mover", "note"))
        if "rung" in st:
            start = r.number(st["rung"], "start.rung", lo=0, hi=len(ladder), integer=True)
        if "first_mover" in st:
            first = r.string(st["first_mover"], "start.first_mover", _ROLE)
        if start == 0 and first != "challenger":
            raise r.error(
                st.get("first_mover"),
                "start.first_mover",
                "at the status quo (rung 0) the challenger moves first",
                "set first_mover: challenger or start on a rung >= 1",
            )
    noise, seed, n, beliefs = 0.05, None, 100_000, "estimate"
    if "simulation" in top:
        sim = r.mapping(
            top["simulation"], "simulation", ("noise", "seed", "n", "defender_beliefs", "note")
        )
        if "noise" in sim:
            noise = r.number(sim["noise"], "simulation.noise", lo=0)
        if "seed" in sim:
            seed = r.number(sim["seed"], "simulation.seed", lo=0, integer=True)
        if "n" in sim:
            n = r.number(sim["n"], "simulation.n", lo=1, integer=True)
        if "defender_beliefs" in sim:
            beliefs = r.string(
                sim["defender_beliefs"], "simulation.defender_beliefs", ("estimate", "credible")
            )
    model = EscalationModel(
        challenger=challenger,
        defender=defender,
        ladder=ladder,
        p_win=p_win,
        settlement_share=share,
        start=int(start),
        first_mover=first,
        noise=noise,
        defender_beliefs=beliefs,
        seed=None if seed is None else int(seed),
    )
    return Scenario(name, title, description, assumptions, facts, model, int(n), where)


def _facts(r: _Reader, node: yaml.Node) -> list[dict[str, str]]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise r.error(node, "facts", "facts must be a non-empty list", "list the cited facts")
    out = []
    for i, item in enumerate(node.value):
        key = f"facts[{i}]"
        m = r.mapping(item, key, ("date", "fact", "citation", "url"), ("fact", "citation"))
        d = {k: str(r.value(v)) for k, v in m.items()}
        out.append(d)
    return out


def _actor(r: _Reader, node: yaml.Node, role: str) -> Actor:
    m = r.mapping(node, role, _ACTOR_KEYS, required=("preferences",))
    name = r.string(m["name"], f"{role}.name") if "name" in m else role
    prefs = _preferences(r, m["preferences"], f"{role}.preferences")
    ref: str | float = "status_quo"
    if "reference" in m:
        v = r.value(m["reference"])
        if isinstance(v, str):
            ref = r.string(m["reference"], f"{role}.reference", ("status_quo", "lost_position"))
        else:
            ref = r.number(m["reference"], f"{role}.reference")
    kw: dict[str, float] = {}
    for k in ("stake", "war_cost", "backdown_cost", "cost_scale"):
        if k in m:
            kw[k] = r.number(m[k], f"{role}.{k}", lo=0, lo_open=(k == "stake"))
    return Actor(name=name, preferences=prefs, reference=ref, **kw)


def _preferences(r: _Reader, node: yaml.Node, key: str) -> PreferenceModel:
    m = r.mapping(node, key, _PREF_KEYS, required=("model",))
    kind = r.string(m["model"], f"{key}.model", ("cpt", "ev", "eu"))
    if kind == "cpt":
        kw: dict[str, Any] = {}
        for k in ("alpha", "beta", "lam", "gamma", "delta"):
            if k in m:
                kw[k] = r.number(m[k], f"{key}.{k}", lo=0, lo_open=True)
        if "weighting" in m:
            kw["weighting"] = r.string(m["weighting"], f"{key}.weighting", ("tk92", "prelec"))
        if "form" in m:
            kw["form"] = r.string(m["form"], f"{key}.form", ("cumulative", "separable"))
        bad = [k for k in ("risk_aversion",) if k in m]
        if bad:
            raise r.error(
                m[bad[0]],
                f"{key}.{bad[0]}",
                f"{bad[0]} does not apply to cpt",
                "remove it or use model: eu",
            )
        model = CPT(**kw)
        try:
            model._check_params()
        except DyadwatchError as exc:
            raise r.error(node, key, exc.what, exc.fix or "fix the parameters") from exc
        return model
    extra = [k for k in m if k not in ("model", "risk_aversion")]
    if extra:
        raise r.error(
            m[extra[0]],
            f"{key}.{extra[0]}",
            f"{extra[0]} does not apply to {kind}",
            "remove it or use model: cpt",
        )
    if kind == "eu":
        ra = r.number(m["risk_aversion"], f"{key}.risk_aversion") if "risk_aversion" in m else 0.0
        return ExpectedUtility(risk_aversion=ra)
    if "risk_aversion" in m:
        raise r.error(
            m["risk_aversion"],
            f"{key}.risk_aversion",
            "risk_aversion does not apply to ev",
            "remove it or use model: eu",
        )
    return ExpectedValue()


def _ladder(r: _Reader, node: yaml.Node) -> list[Rung]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        raise r.error(
            node,
            "ladder",
            "ladder must be a non-empty list of rungs",
            "list the rungs from the bottom up",
        )
    out = []
    for i, item in enumerate(node.value):
        key = f"ladder[{i}]"
        m = r.mapping(item, key, _RUNG_KEYS, required=("cost", "loss_of_control"))
        kahn = None
        if "kahn" in m:
            kahn = int(r.number(m["kahn"], f"{key}.kahn", lo=1, hi=44, integer=True))
        name = r.string(m["name"], f"{key}.name") if "name" in m else ""
        if not name and kahn is None:
            raise r.error(
                item,
                f"{key}.name",
                "a rung needs a name or a Kahn rung number",
                "add 'kahn: N' or 'name: ...'",
            )
        cnode = m["cost"]
        if isinstance(cnode, yaml.MappingNode):
            cm = r.mapping(
                cnode, f"{key}.cost", ("challenger", "defender"), ("challenger", "defender")
            )
            cost: float | tuple[float, float] = (
                r.number(cm["challenger"], f"{key}.cost.challenger", lo=0),
                r.number(cm["defender"], f"{key}.cost.defender", lo=0),
            )
        else:
            cost = r.number(cnode, f"{key}.cost", lo=0)
        q = r.number(m["loss_of_control"], f"{key}.loss_of_control", lo=0, hi=1)
        note = r.string(m["note"], f"{key}.note") if "note" in m else ""
        out.append(Rung(name=name, kahn=kahn, cost=cost, loss_of_control=q, note=note))
    kahns = [x.kahn for x in out if x.kahn is not None]
    if kahns != sorted(kahns):
        raise r.error(
            node,
            "ladder",
            "rungs must climb: Kahn numbers out of order",
            "list the rungs from the bottom up",
        )
    return out


# --------------------------------------------------------------------------------------------
# Figures and the report
# --------------------------------------------------------------------------------------------


def outcome_figure(model: EscalationModel, title: str = "") -> Any:
    """Stacked bars: probability of each outcome at each rung (plotly), from the exact solution."""
    import plotly.graph_objects as go

    tab = model.rung_table()
    fig = go.Figure()
    colors = {
        "challenger backs down": "#4c78a8",
        "defender backs down": "#e45756",
        "settlement": "#72b7b2",
        "uncontrolled escalation": "#222222",
    }
    for name in OUTCOMES:
        fig.add_bar(x=tab["label"], y=tab[name], name=name, marker_color=colors[name])
    fig.update_layout(
        barmode="stack",
        title=title or "Where the crisis ends",
        xaxis_title="rung",
        yaxis_title="probability",
        legend_title="outcome",
        template="plotly_white",
    )
    return fig


def credibility_figure(model: EscalationModel, title: str = "") -> Any:
    """Threat credibility and the chance the moment comes, per rung (plotly)."""
    import plotly.graph_objects as go

    tab = model.credibility()
    fig = go.Figure()
    fig.add_scatter(
        x=tab["label"],
        y=tab["credibility"],
        mode="lines+markers",
        name="credibility (P carried out | defender stood firm)",
    )
    fig.add_scatter(
        x=tab["label"],
        y=tab["p_moment_comes"],
        mode="lines+markers",
        name="P the moment comes",
        line={"dash": "dot"},
    )
    fig.update_layout(
        title=title or "Threat credibility",
        xaxis_title="threat to climb to",
        yaxis_title="probability",
        yaxis_range=[0, 1.02],
        template="plotly_white",
    )
    return fig


def sweep_figure(frame: pd.DataFrame, value: str = "defender_backs_down", title: str = "") -> Any:
    """Lines of an outcome probability against lambda, one line per reference point (plotly)."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for ref, g in frame.groupby("reference", sort=False):
        fig.add_scatter(x=g["lam"], y=g[value], mode="lines+markers", name=f"reference: {ref}")
    fig.update_layout(
        title=title or f"{value.replace('_', ' ')} against loss aversion",
        xaxis_title="loss aversion lambda",
        yaxis_title=f"P({value.replace('_', ' ')})",
        yaxis_range=[0, 1.02],
        template="plotly_white",
    )
    return fig


def write_plots(figures: Sequence[Any], path: str | Path) -> Path:
    """Write plotly figures to one self-contained HTML file (plotly.js inlined, works offline)."""
    path = Path(path)
    parts = []
    for i, fig in enumerate(figures):
        parts.append(fig.to_html(full_html=False, include_plotlyjs=(i == 0)))
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>dyadwatch risk</title></head>"
        "<body>" + "\n".join(parts) + "</body></html>"
    )
    try:
        path.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise DyadwatchError(f"cannot write {path}: {exc.strerror}", fix="check the path") from exc
    return path


def run_scenario(
    scenario: Scenario, n: int | None = None, seed: int | None = None
) -> dict[str, pd.DataFrame]:
    """Solve and simulate a scenario; return its result tables.

    Args:
        scenario: the scenario.
        n: simulated crises (default: the scenario's).
        seed: random seed (default: the scenario's).

    Returns:
        ``outcomes`` (exact and Monte Carlo), ``rungs``, ``credibility`` and
        ``self_deterrence`` frames.
    """
    changes = {} if seed is None else {"seed": seed}
    model = scenario.model.clone(**changes).solve()
    sim = model.simulate(n or scenario.n)
    out = model.outcome_table()
    out.insert(0, "scenario", scenario.name)
    out["mc_probability"] = sim.outcomes["probability"].to_numpy()
    out["mc_se"] = sim.outcomes["se"].to_numpy()
    out["mc_mean_rung"] = sim.outcomes["mean_rung"].to_numpy()
    cred = model.credibility()
    if not sim.credibility.empty:
        cred["mc_credibility"] = sim.credibility["credibility"].to_numpy()
        cred["mc_reached"] = sim.credibility["reached"].to_numpy()
    sd = self_deterrence(scenario.model)
    return {
        "outcomes": out,
        "rungs": model.rung_table(),
        "credibility": cred,
        "self_deterrence": sd,
    }


def report_sections() -> list[Any]:
    """Report sections: a scenario outcome chart and the lambda sweep, captioned.

    Uses the shipped Ukraine 2022 scenario (the essay's case) and Cuba 1962 (the anchor).
    """
    from dyadwatch.report.section import Figure, Section

    sections = []
    scen = load_scenario("ukraine2022")
    model = scen.model.clone().solve()
    sd = self_deterrence(scen.model)
    out = model.outcome_probabilities()
    cred = model.credibility()
    first = cred.iloc[0]
    cr, es = sd.iloc[0], sd.iloc[1]
    summary = (
        f"Scenario '{scen.title}'. With the stated modelling assumptions the crisis ends with "
        f"the challenger backing down with probability {out['challenger backs down']:.2f}, the "
        f"defender backing down {out['defender backs down']:.2f}, a settlement "
        f"{out['settlement']:.2f} and uncontrolled escalation "
        f"{out['uncontrolled escalation']:.3f}. "
        f"The first threat (to climb to '{first['label']}') would be carried out with "
        f"probability {first['credibility']:.2f} if the defender stood firm. A defender that "
        f"treats every threat as credible backs down with probability "
        f"{cr['p_defender_backs_down']:.2f} (risk of uncontrolled escalation "
        f"{cr['p_uncontrolled']:.3f}); one that estimates credibility backs down with "
        f"probability {es['p_defender_backs_down']:.2f} (risk {es['p_uncontrolled']:.3f}). "
        f"Concessions to threats that would not have been carried out: "
        f"{cr['p_bluff_concession']:.2f} against {es['p_bluff_concession']:.2f}. "
        "Every parameter is a modelling assumption, not a measurement."
    )
    fig1 = Figure(
        outcome_figure(model, f"{scen.title}: where the crisis ends"),
        caption=(
            f"Source: dyadwatch scenario '{scen.name}' (parameters are modelling assumptions; "
            "historical facts cited in the scenario file). Method: escalation game on a "
            "condensed Kahn (1965) ladder with cumulative prospect theory actors "
            "(Tversky & Kahneman 1992), solved exactly by backward induction with logit noise."
        ),
    )
    sw = sweep(scen.model)
    fig2 = Figure(
        sweep_figure(
            sw, "defender_backs_down", "Defender concessions against the challenger's loss aversion"
        ),
        caption=(
            f"Source: dyadwatch scenario '{scen.name}'. Method: the challenger's loss aversion "
            "lambda and reference point varied, everything else fixed; exact backward-induction "
            "solution. 'lost_position' puts the challenger in the domain of losses (gambling "
            "for resurrection, Downs & Rocke 1994)."
        ),
    )
    table = sd[
        [
            "defender",
            "p_defender_backs_down",
            "expected_concession",
            "p_uncontrolled",
            "p_bluff_concession",
            "bluff_concession_cost",
        ]
    ]
    sections.append(
        Section(
            title="Tolerance for risk: prospect theory and escalation",
            summary=summary,
            figures=[fig1, fig2],
            tables=[
                (
                    "Self-deterrence: a defender that believes every threat against one that "
                    "estimates credibility (exact solution).",
                    table,
                )
            ],
            order=60,
        )
    )
    return sections
