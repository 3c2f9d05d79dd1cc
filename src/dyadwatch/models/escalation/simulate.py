"""Monte Carlo crises drawn from a solved escalation game.

The solved policy is flattened into transition tables: each decision node has up to seven
successors (back down, a terminal; hold and escalate, each split into "control kept", the
next node or a settlement, and "control lost", a war won or lost). States are node ids;
terminals are ``n_nodes + terminal id``. Every simulated crisis draws its own uniform at every
decision. Two vectorisations (NumPy) and two plain-Python loops simulate the same model:

* :func:`simulate_nodes` visits the nodes in topological order; the crises standing at a node
  draw 32-bit uniforms together and are sorted into the node's successors. Crises are counted,
  not labelled; each probability is represented to within 2**-32.
* :func:`simulate_crises` steps all live crises forward together, one decision per step, and
  keeps each crisis's end state.
* :func:`simulate_loop` walks one crisis at a time, either the game tree as it is described
  (choice, then loss of control, then who wins the war) or the flattened tables.

A defender that backs down at a node is also given a counterfactual draw: would the threat it
yielded to have been carried out against a defender that stood firm? Those that would not are
counted as concessions to bluffs.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dyadwatch.models.escalation.game import (
    BACK,
    CB,
    CHALLENGER,
    DB,
    DEFENDER,
    ESC,
    HOLD,
    N_KINDS,
    OUTCOMES,
    ST,
    UL,
    UW,
    CrisisTree,
)
from dyadwatch.models.escalation.solve import Policy

__all__ = [
    "SimulationResult",
    "SimulationTables",
    "build_tables",
    "simulate_crises",
    "simulate_loop",
    "simulate_nodes",
]

_WIDTH = 7  # successors per node: back down, hold (3 ways), escalate (3 ways)


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


@dataclass
class SimulationTables:
    """A solved policy flattened for simulation (see the module docstring).

    Attributes:
        tree: the node numbering.
        policy: the solved policy (the loop over the game tree reads it directly).
        p_win: the challenger's probability of winning a war.
        root: the opening node.
        succ: successor state of each node's seven columns.
        move: the move (back down, hold, escalate) of each column.
        cum: cumulative column probabilities without the last column.
        thr32: ``cum`` on the 32-bit grid of :func:`simulate_nodes`.
        live_cols: per node, the columns with positive probability.
        first_col: per node and move, the first column of that move.
        cf: per node, the counterfactual credibility when the defender backs down there.
        cf32: ``cf`` on the 32-bit grid.
        is_d: whether the defender moves at the node.
        order: the nodes in topological order.
        cred_nodes: the challenger's nodes after the defender stood firm (credibility).
    """

    tree: CrisisTree
    policy: Policy
    p_win: float
    root: int
    succ: np.ndarray
    move: np.ndarray
    cum: np.ndarray
    thr32: np.ndarray
    live_cols: list[list[int]]
    first_col: np.ndarray
    cf: np.ndarray
    cf32: np.ndarray
    is_d: np.ndarray
    order: list[int]
    cred_nodes: np.ndarray


def _successors(
    tree: CrisisTree, pol: Policy, p_win: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each node's seven successor columns: state, probability and move."""
    N = tree.n_nodes
    succ = np.zeros((N, _WIDTH), dtype=np.int64)
    prob = np.zeros((N, _WIDTH))
    move = np.zeros((N, _WIDTH), dtype=np.int8)
    for n in range(N):
        j = 0
        for mv in (BACK, HOLD, ESC):
            pm = pol.probs[n, mv]
            if pol.terminal[n, mv] >= 0:
                entries = [(N + pol.terminal[n, mv], pm)]
            else:
                qq, lv = pol.qmove[n, mv], pol.lvmove[n, mv]
                entries = [
                    (N + tree.terminal(lv, UW), pm * qq * p_win),
                    (N + tree.terminal(lv, UL), pm * qq * (1 - p_win)),
                ]
                if pol.next[n, mv] >= 0:
                    entries.append((pol.next[n, mv], pm * (1 - qq)))
            for s, pr in entries:
                succ[n, j], prob[n, j], move[n, j] = s, pr, mv
                j += 1
        while j < _WIDTH:  # padding: never chosen
            succ[n, j], prob[n, j], move[n, j] = succ[n, j - 1], 0.0, move[n, j - 1]
            j += 1
    return succ, prob, move


def _first_columns(move: np.ndarray) -> np.ndarray:
    first = np.zeros((move.shape[0], 3), dtype=np.int64)
    for n in range(move.shape[0]):
        for mv in (ESC, HOLD, BACK):
            cols = np.flatnonzero(move[n] == mv)
            first[n, mv] = cols[0] if cols.size else 0
    return first


def _to_grid32(p: np.ndarray) -> np.ndarray:
    """Probabilities in [0, 1] as thresholds on the 32-bit grid (to within 2**-32)."""
    return np.minimum(np.floor(p * 2.0**32), 2.0**32 - 1).astype(np.uint32)


def build_tables(
    tree: CrisisTree, pol: Policy, firm_credibility: np.ndarray, p_win: float, root: int
) -> SimulationTables:
    """Flatten a solved policy into :class:`SimulationTables`.

    Args:
        tree: the node numbering.
        pol: the solved policy.
        firm_credibility: per level from ``start``, the probability that the challenger carries
            out its threat against a defender that stands firm (for the bluff counterfactual).
        p_win: the challenger's probability of winning a war.
        root: the opening node.
    """
    N = tree.n_nodes
    succ, prob, move = _successors(tree, pol, p_win)
    cum = np.cumsum(prob, axis=1)
    cum[:, -1] = np.inf  # guard against rounding: the last column catches everything
    cf = np.zeros(N)
    is_d = np.zeros(N, dtype=bool)
    for lv in tree.decision_levels():
        for ph in (0, 1):
            n = tree.node(lv, DEFENDER, ph)
            is_d[n] = True
            cf[n] = firm_credibility[lv - tree.start] if ph == 0 else 0.0
    levels = tree.decision_levels()
    return SimulationTables(
        tree=tree,
        policy=pol,
        p_win=float(p_win),
        root=int(root),
        succ=succ,
        move=move,
        # the cumulative table without the final column (u >= cum[j] counts moves past j)
        cum=np.ascontiguousarray(cum[:, :6]),
        thr32=_to_grid32(np.minimum(cum[:, :6], 1.0)),
        # columns that can be drawn, in order; the last one takes the remainder so rounding
        # never leaves a draw unassigned
        live_cols=[np.flatnonzero(prob[n] > 0).tolist() or [0] for n in range(N)],
        first_col=_first_columns(move),
        cf=cf,
        cf32=_to_grid32(cf),
        is_d=is_d,
        order=[tree.node(lv, mover, ph) for lv in levels for ph in (0, 1) for mover in (0, 1)],
        cred_nodes=np.array(
            [tree.node(lv, CHALLENGER, 1) for lv in range(max(tree.start, 1), tree.rungs + 1)],
            dtype=np.int64,
        ),
    )


def _sort_draws(tab: SimulationTables, node: int, u: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """How many of the uniforms ``u`` fall into each of the node's columns."""
    m = u.size
    cols = tab.live_cols[node]
    thr = tab.thr32[node]
    c = np.zeros(_WIDTH, dtype=np.int64)
    below = 0
    # column k gets the draws with thr[k-1] <= u < thr[k] (as searchsorted, side=right)
    for col in cols[:-1]:
        x = int(np.count_nonzero(np.less(u, thr[col], out=mask[:m])))
        c[col] = x - below
        below = x
    c[cols[-1]] = m - below
    return c


def simulate_nodes(
    tab: SimulationTables, rng: np.random.Generator, n: int, track: bool
) -> SimulationResult:
    """Simulate ``n`` crises node by node (see the module docstring)."""
    bits = rng.bit_generator
    N = tab.tree.n_nodes
    arrivals = np.zeros(N, dtype=np.int64)
    arrivals[tab.root] = n
    ends = np.zeros(tab.tree.n_terminals, dtype=np.int64)
    visits = np.zeros((N, _WIDTH), dtype=np.int64)
    mask = np.empty(n, dtype=bool)
    bluffs = 0
    moves = 0
    for node in tab.order:
        m = int(arrivals[node])
        if m == 0:
            continue
        moves += m
        # 32-bit uniforms: each 64-bit output of the generator gives two draws
        u = bits.random_raw((m + 1) // 2).view(np.uint32)[:m]
        c = _sort_draws(tab, node, u, mask)
        visits[node] = c
        for col in tab.live_cols[node]:
            if c[col]:
                s = tab.succ[node, col]
                if s >= N:
                    ends[s - N] += c[col]
                else:
                    arrivals[s] += c[col]
        if track and tab.is_d[node]:
            nb = int(c[tab.move[node] == BACK].sum())
            if nb:
                v = bits.random_raw((nb + 1) // 2).view(np.uint32)[:nb]
                bluffs += int(np.count_nonzero(v >= tab.cf32[node]))
    return summarise_counts(tab, ends, visits if track else None, bluffs, moves)


def simulate_crises(
    tab: SimulationTables, rng: np.random.Generator, n: int, track: bool
) -> SimulationResult:
    """Simulate ``n`` crises all at once, one decision per step (see the module docstring)."""
    N = tab.tree.n_nodes
    cum, succ = tab.cum, tab.succ
    state = np.full(n, tab.root, dtype=np.int64)
    ends = np.empty(n, dtype=np.int64)
    idx = np.arange(n)
    visits = np.zeros(N * _WIDTH, dtype=np.int64)
    bluffs = 0
    moves = 0
    while state.size:
        u = rng.random(state.size)
        j = (u[:, None] >= cum[state]).sum(axis=1)
        flat = state * _WIDTH + j
        new = succ.ravel()[flat]
        moves += state.size
        if track:
            visits += np.bincount(flat, minlength=N * _WIDTH)
            back = tab.is_d[state] & (tab.move.ravel()[flat] == BACK)
            if back.any():
                cf = tab.cf[state[back]]
                bluffs += int((rng.random(cf.size) >= cf).sum())
        done = new >= N
        if done.any():
            ends[idx[done]] = new[done] - N
            keep = ~done
            state, idx = new[keep], idx[keep]
        else:
            state = new
    return summarise(tab, ends, visits.reshape(N, _WIDTH) if track else None, bluffs, moves)


def _loop_tables(tab: SimulationTables, rand: random.Random, n: int) -> tuple[list, list, int, int]:
    """One crisis at a time over the flattened tables (one draw per decision)."""
    N = tab.tree.n_nodes
    is_d, cfp = tab.is_d.tolist(), tab.cf.tolist()
    cum, succ, mv = tab.cum.tolist(), tab.succ.tolist(), tab.move.tolist()
    ends, visits = [0] * n, [0] * (N * _WIDTH)
    bluffs = moves = 0
    for i in range(n):
        s = tab.root
        while s < N:
            u = rand.random()
            row = cum[s]
            j = 0
            while j < 6 and u >= row[j]:
                j += 1
            visits[s * _WIDTH + j] += 1
            moves += 1
            if is_d[s] and mv[s][j] == BACK and rand.random() >= cfp[s]:
                bluffs += 1
            s = succ[s][j]
        ends[i] = s - N
    return ends, visits, bluffs, moves


def _loop_tree(tab: SimulationTables, rand: random.Random, n: int) -> tuple[list, list, int, int]:
    """One crisis at a time over the game tree: the choice, then loss of control, then war."""
    pol, N = tab.policy, tab.tree.n_nodes
    is_d, cfp = tab.is_d.tolist(), tab.cf.tolist()
    probs, term, nxt = pol.probs.tolist(), pol.terminal.tolist(), pol.next.tolist()
    qm, lvm, first = pol.qmove.tolist(), pol.lvmove.tolist(), tab.first_col.tolist()
    ends, visits = [0] * n, [0] * (N * _WIDTH)
    bluffs = moves = 0
    for i in range(n):
        s = tab.root
        while True:
            u = rand.random()
            pr = probs[s]
            m = 0 if u < pr[0] else (1 if u < pr[0] + pr[1] else 2)
            visits[s * _WIDTH + first[s][m]] += 1
            moves += 1
            t = term[s][m]
            if m == BACK:
                if is_d[s] and rand.random() >= cfp[s]:
                    bluffs += 1
                break
            if t >= 0:
                break
            if rand.random() < qm[s][m]:
                t = lvm[s][m] * N_KINDS + (UW if rand.random() < tab.p_win else UL)
                break
            s = nxt[s][m]
        ends[i] = t
    return ends, visits, bluffs, moves


def simulate_loop(
    tab: SimulationTables, rand: random.Random, n: int, style: str
) -> SimulationResult:
    """Simulate ``n`` crises in plain Python, ``style`` ``"tree"`` or ``"tables"``."""
    run = _loop_tables if style == "tables" else _loop_tree
    ends, visits, bluffs, moves = run(tab, rand, n)
    N = tab.tree.n_nodes
    return summarise(
        tab,
        np.asarray(ends, dtype=np.int64),
        np.asarray(visits).reshape(N, _WIDTH),
        bluffs,
        moves,
    )


def summarise(
    tab: SimulationTables, ends: np.ndarray, visits: np.ndarray | None, bluffs: int, moves: int
) -> SimulationResult:
    """A :class:`SimulationResult` from each crisis's end state."""
    counts = np.bincount(ends, minlength=tab.tree.n_terminals)
    result = summarise_counts(tab, counts, visits, bluffs, moves)
    result.ends = ends
    return result


def _outcome_rows(counts: np.ndarray) -> list[dict]:
    n = int(counts.sum())
    by_level = counts.reshape(-1, N_KINDS)
    lv = np.arange(by_level.shape[0])
    groups = [
        by_level[:, CB],
        by_level[:, DB],
        by_level[:, ST],
        by_level[:, UW] + by_level[:, UL],
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
    return rows


def _credibility_rows(tab: SimulationTables, visits: np.ndarray) -> list[dict]:
    rows = []
    for k, node in enumerate(tab.cred_nodes):
        reached = int(visits[node].sum())
        esc = int(visits[node][tab.move[node] == ESC].sum())
        c = esc / reached if reached else float("nan")
        rows.append(
            {
                "threat_to_rung": max(tab.tree.start, 1) + k + 1,
                "reached": reached,
                "carried_out": esc,
                "credibility": c,
                "se": math.sqrt(c * (1 - c) / reached) if reached else float("nan"),
            }
        )
    return rows


def summarise_counts(
    tab: SimulationTables, counts: np.ndarray, visits: np.ndarray | None, bluffs: int, moves: int
) -> SimulationResult:
    """A :class:`SimulationResult` from the count of crises ending in each terminal."""
    return SimulationResult(
        n=int(counts.sum()),
        terminal_counts=counts,
        outcomes=pd.DataFrame(_outcome_rows(counts)),
        credibility=pd.DataFrame(_credibility_rows(tab, visits) if visits is not None else []),
        bluff_concessions=bluffs,
        moves=moves,
    )
