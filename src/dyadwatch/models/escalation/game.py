"""The crisis game: its moves, outcomes, decision nodes, terminals and payoffs.

A finite, alternating-move game between a *challenger* and a *defender* on a ladder of ``K``
rungs. Levels are 0 (the status quo), 1..K (the rungs) and K+1 (beyond the ladder: war). At
each decision node the mover may **back down** (the crisis ends with the mover conceding),
**hold** (if the other side also holds, a **settlement** giving the challenger
``settlement_share`` of the stake [Fearon1995]) or **escalate** (climb one rung). After every
hold or escalation the crisis may slip out of control with the rung's ``loss_of_control``
probability: **uncontrolled escalation**, a war the challenger wins with probability ``p_win``.

A decision node is (level, mover, phase): phase 0 after an escalation (or at the start), phase
1 after the other side has held. A terminal is (level, kind), with five kinds: challenger backs
down, defender backs down, settlement, war won and war lost by the challenger. Payoffs are in
units of each actor's own stake; climbing costs accumulate rung by rung.

References:
    [Fearon1995] Fearon, J. D. (1995). Rationalist explanations for war. International
        Organization 49(3), 379-414.
    [RapoportChammah1966] Rapoport, A. & Chammah, A. M. (1966). The game of Chicken. American
        Behavioral Scientist 10(3), 10-28.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dyadwatch.models.escalation.actors import Actor
from dyadwatch.models.escalation.ladder import Rung

__all__ = ["MOVES", "OUTCOMES", "CrisisTree", "level_costs", "level_risks", "terminal_payoffs"]

OUTCOMES: tuple[str, ...] = (
    "challenger backs down",
    "defender backs down",
    "settlement",
    "uncontrolled escalation",
)
#: the outcomes as identifiers (sweep columns)
OUTCOME_KEYS: tuple[str, ...] = (
    "challenger_backs_down",
    "defender_backs_down",
    "settlement",
    "uncontrolled_escalation",
)
MOVES: tuple[str, ...] = ("back down", "hold", "escalate")
BACK, HOLD, ESC = 0, 1, 2
#: terminal kinds: challenger backs down, defender backs down, settlement, war won, war lost
CB, DB, ST, UW, UL = range(5)
N_KINDS = 5
CHALLENGER, DEFENDER = 0, 1
ROLES: tuple[str, str] = ("challenger", "defender")


@dataclass(frozen=True)
class CrisisTree:
    """Numbering of the decision nodes and terminals of a crisis on a ``rungs``-rung ladder.

    Attributes:
        rungs: number of rungs K.
        start: level on which the game opens (0 = status quo).
    """

    rungs: int
    start: int

    @property
    def levels(self) -> int:
        """Levels 0 (status quo), 1..K (rungs) and K+1 (beyond the ladder)."""
        return self.rungs + 2

    @property
    def n_terminals(self) -> int:
        """Terminals: five kinds at every level."""
        return self.levels * N_KINDS

    @property
    def n_nodes(self) -> int:
        """Decision nodes: two movers x two phases on every level from ``start`` to K."""
        return (self.rungs - self.start + 1) * 4

    def node(self, level: int, mover: int, phase: int) -> int:
        """The id of a decision node (ids grow with the level, so successors come later)."""
        return ((level - self.start) * 2 + mover) * 2 + phase

    def terminal(self, level: int, kind: int) -> int:
        """The id of a terminal."""
        return level * N_KINDS + kind

    def decision_levels(self) -> range:
        """The levels with decision nodes, bottom first."""
        return range(self.start, self.rungs + 1)


def level_risks(ladder: Sequence[Rung]) -> np.ndarray:
    """Loss-of-control probability per level (0 at the status quo, 1 beyond the ladder)."""
    q = np.zeros(len(ladder) + 2)
    for i, r in enumerate(ladder, 1):
        q[i] = r.loss_of_control
    q[len(ladder) + 1] = 1.0
    return q


def level_costs(ladder: Sequence[Rung], challenger: Actor, defender: Actor) -> np.ndarray:
    """Cumulative climbing cost per actor (rows) and level (columns), in stake units."""
    k = len(ladder)
    costs = np.zeros((2, k + 2))
    for i, r in enumerate(ladder, 1):
        c = r.costs()
        costs[0, i] = costs[0, i - 1] + c[0] * challenger.cost_scale
        costs[1, i] = costs[1, i - 1] + c[1] * defender.cost_scale
    costs[:, k + 1] = costs[:, k]
    return costs


def terminal_payoffs(
    tree: CrisisTree, costs: np.ndarray, challenger: Actor, defender: Actor, share: float
) -> np.ndarray:
    """Payoff of every terminal for each actor (rows: challenger, defender), in stake units."""
    pay = np.zeros((2, tree.n_terminals))
    sc, sd = challenger.stake, defender.stake
    term = tree.terminal
    for lv in range(tree.levels):
        cc, cd = costs[0, lv], costs[1, lv]
        # staying at the status quo is not a public climb-down: no back-down cost at 0
        bdc, bdd = (challenger.backdown_cost, defender.backdown_cost) if lv > 0 else (0.0, 0.0)
        pay[0, term(lv, CB)] = -cc - bdc
        pay[1, term(lv, CB)] = -cd
        pay[0, term(lv, DB)] = sc - cc
        pay[1, term(lv, DB)] = -sd - cd - bdd
        pay[0, term(lv, ST)] = share * sc - cc
        pay[1, term(lv, ST)] = -share * sd - cd
        pay[0, term(lv, UW)] = sc - challenger.war_cost - cc
        pay[1, term(lv, UW)] = -sd - defender.war_cost - cd
        pay[0, term(lv, UL)] = -challenger.war_cost - cc
        pay[1, term(lv, UL)] = -defender.war_cost - cd
    return pay
