"""Backward induction over the crisis tree: an agent quantal-response equilibrium.

The game is finite (every move either ends the crisis, raises the rung, or is a first hold),
so it is solved exactly from the top rung down. At each node the mover values the lottery over
final outcomes that each move leads to (given everyone's later choices) with its own
preferences, converts the values to certainty equivalents, and chooses by a logit rule with
temperature ``noise`` (in units of its stake): an agent quantal-response equilibrium
[McKelveyPalfrey1998]. ``noise = 0`` gives exact subgame-perfect best replies.

A *credulous* defender (``defender_beliefs="credible"``) judges its moves by a *perceived*
lottery in which the challenger escalates at every turn; the challenger knows this and
best-replies to the defender's actual choices.

References:
    [McKelveyPalfrey1998] McKelvey, R. D. & Palfrey, T. R. (1998). Quantal response equilibria
        for extensive form games. Experimental Economics 1(1), 9-41.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from dyadwatch.models.escalation.game import (
    BACK,
    CB,
    CHALLENGER,
    DB,
    DEFENDER,
    ESC,
    HOLD,
    ST,
    UL,
    UW,
    CrisisTree,
)
from dyadwatch.models.prospect import PreferenceModel

__all__ = ["Policy", "backward_induction", "logit_choice", "reach_probabilities"]


@dataclass
class Policy:
    """The solved game: every node's lotteries, choices and successors.

    Attributes:
        lottery: actual lottery over terminals from each node, shape (nodes, terminals).
        perceived: the defender's perceived lottery from each node.
        probs: choice probabilities of back down, hold, escalate, shape (nodes, 3).
        ce: the mover's certainty equivalent of each move (NaN where not available).
        next: per move, the next decision node (-1 if none).
        terminal: per move, the terminal it ends in (-1 if it does not end the crisis).
        qmove: per move, the probability of losing control on it.
        lvmove: per move, the level at which that risk is drawn.
    """

    lottery: np.ndarray
    perceived: np.ndarray
    probs: np.ndarray
    ce: np.ndarray
    next: np.ndarray
    terminal: np.ndarray
    qmove: np.ndarray
    lvmove: np.ndarray

    @classmethod
    def empty(cls, tree: CrisisTree) -> Policy:
        """Arrays for every node of ``tree``, before solving."""
        n, t = tree.n_nodes, tree.n_terminals
        return cls(
            lottery=np.zeros((n, t)),
            perceived=np.zeros((n, t)),
            probs=np.zeros((n, 3)),
            ce=np.full((n, 3), np.nan),
            next=np.full((n, 3), -1, dtype=np.int64),
            terminal=np.full((n, 3), -1, dtype=np.int64),
            qmove=np.zeros((n, 3)),
            lvmove=np.zeros((n, 3), dtype=np.int64),
        )


def logit_choice(ce: np.ndarray, tau: float) -> np.ndarray:
    """Logit choice probabilities over certainty equivalents (argmax when ``tau == 0``)."""
    if tau <= 0:
        out = np.zeros(len(ce))
        out[int(np.argmax(ce))] = 1.0
        return out
    z = (ce - ce.max()) / tau
    e = np.exp(z)
    return e / e.sum()


class _Lotteries:
    """The lotteries each move leads to, from the solution of the nodes above."""

    def __init__(self, tree: CrisisTree, q: np.ndarray, p_win: float, pol: Policy) -> None:
        self.tree, self.q, self.p, self.pol = tree, q, p_win, pol

    def unit(self, t: int) -> np.ndarray:
        e = np.zeros(self.tree.n_terminals)
        e[t] = 1.0
        return e

    def war(self, lv: int) -> np.ndarray:
        e = np.zeros(self.tree.n_terminals)
        e[self.tree.terminal(lv, UW)] = self.p
        e[self.tree.terminal(lv, UL)] = 1.0 - self.p
        return e

    def risky(self, n: int, move: int, lv: int, m: int | None) -> tuple[np.ndarray, np.ndarray]:
        """Actual and perceived lottery of a move that risks control at level ``lv`` and then
        goes on to node ``m`` (None: beyond the ladder, where control is lost for sure)."""
        pol, qq = self.pol, self.q[lv]
        pol.qmove[n, move] = qq
        pol.lvmove[n, move] = lv
        if m is None:
            return self.war(lv), self.war(lv)
        pol.next[n, move] = m
        return (
            qq * self.war(lv) + (1 - qq) * pol.lottery[m],
            qq * self.war(lv) + (1 - qq) * pol.perceived[m],
        )

    def options(self, lv: int, mover: int, ph: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Actual and perceived lotteries of back down, hold and escalate at a node, and which
        moves are available; records the node's successors in the policy."""
        tree, pol = self.tree, self.pol
        n, other = tree.node(lv, mover, ph), 1 - mover
        avail = np.ones(3, dtype=bool)
        t = tree.terminal(lv, CB if mover == CHALLENGER else DB)
        back = (self.unit(t), self.unit(t))
        pol.terminal[n, BACK] = t
        if lv == 0:  # hold is not a move at the status quo: a demand is already rung 1
            hold = back
            avail[HOLD] = False
        elif ph == 1:  # both held: settlement
            t = tree.terminal(lv, ST)
            hold = (self.unit(t), self.unit(t))
            pol.terminal[n, HOLD] = t
        else:
            hold = self.risky(n, HOLD, lv, tree.node(lv, other, 1))
        if lv == tree.rungs:
            esc = self.risky(n, ESC, lv + 1, None)
        else:
            esc = self.risky(n, ESC, lv + 1, tree.node(lv + 1, other, 0))
        opts = (back, hold, esc)
        return np.stack([o[0] for o in opts]), np.stack([o[1] for o in opts]), avail


def backward_induction(
    tree: CrisisTree,
    q: np.ndarray,
    payoffs: np.ndarray,
    models: Sequence[PreferenceModel],
    *,
    p_win: float,
    taus: Sequence[float],
    credulous: bool,
) -> Policy:
    """Solve the crisis from the top rung down.

    Args:
        tree: the node numbering.
        q: loss-of-control probability per level.
        payoffs: terminal payoffs, shape (2, terminals).
        models: the challenger's and the defender's preference models.
        p_win: the challenger's probability of winning a war.
        taus: logit temperature of each actor (noise x its stake).
        credulous: whether the defender treats every threat as credible.

    Returns:
        The :class:`Policy`.
    """
    pol = Policy.empty(tree)
    lots = _Lotteries(tree, q, p_win, pol)
    for lv in range(tree.rungs, tree.start - 1, -1):
        for ph in (1, 0):
            for mover in (CHALLENGER, DEFENDER):
                n = tree.node(lv, mover, ph)
                actual, perceived, avail = lots.options(lv, mover, ph)
                judged = perceived if (mover == DEFENDER and credulous) else actual
                m = models[mover]
                ce = m.inverse_utility(m.value_many(payoffs[mover], np.clip(judged, 0.0, 1.0)))
                ce = np.where(avail, ce, -np.inf)
                pol.ce[n] = np.where(avail, ce, np.nan)
                pol.probs[n] = logit_choice(ce, taus[mover])
                pol.lottery[n] = pol.probs[n] @ actual
                if mover == CHALLENGER and credulous:
                    pol.perceived[n] = perceived[ESC]
                else:
                    pol.perceived[n] = pol.probs[n] @ perceived
    return pol


def reach_probabilities(tree: CrisisTree, pol: Policy, root: int) -> np.ndarray:
    """Probability that each node is reached (a forward pass from ``root``).

    Node ids are ordered so that the successors of a node at level ``lv`` with phase 0 are at
    (lv, ., 1) or (lv + 1, ., 0): visiting levels bottom up and phase 0 before 1 sees every
    node after all its predecessors.
    """
    reach = np.zeros(tree.n_nodes)
    reach[root] = 1.0
    for lv in tree.decision_levels():
        for ph in (0, 1):
            for mover in (CHALLENGER, DEFENDER):
                n = tree.node(lv, mover, ph)
                if reach[n] == 0:
                    continue
                for mv in (HOLD, ESC):
                    m = pol.next[n, mv]
                    if m >= 0:
                        reach[m] += reach[n] * pol.probs[n, mv] * (1 - pol.qmove[n, mv])
    return reach
