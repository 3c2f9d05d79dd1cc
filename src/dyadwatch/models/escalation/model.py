"""The escalation model: a two-actor crisis on a ladder, fitted by backward induction.

:class:`EscalationModel` holds the crisis's parameters (the two :class:`Actor` s, the ladder,
the balance of power, where the game opens, the choice noise and the defender's beliefs).
:meth:`~EscalationModel.fit` solves the game exactly (:mod:`.solve`); the solved model gives
exact outcome probabilities, threat credibility and the defender's concessions, and draws
crises by Monte Carlo (:mod:`.simulate`).

**Threat credibility** of a threat to climb to rung k is the probability that the challenger
actually climbs to k when the defender has just stood firm at rung k-1, that is, when the moment
to carry out the threat comes.

**Self-deterrence.** A defender with ``defender_beliefs="credible"`` treats every threat as
credible: when it values its options it assumes the challenger will escalate at every turn. A
defender with ``defender_beliefs="estimate"`` uses the challenger's strategy from the model. In
both cases the challenger knows how the defender decides and best-replies to it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.escalation import simulate as mc
from dyadwatch.models.escalation.actors import Actor
from dyadwatch.models.escalation.game import (
    BACK,
    CB,
    CHALLENGER,
    DB,
    DEFENDER,
    ESC,
    HOLD,
    MOVES,
    N_KINDS,
    OUTCOMES,
    ROLES,
    ST,
    UL,
    UW,
    CrisisTree,
    level_costs,
    level_risks,
    terminal_payoffs,
)
from dyadwatch.models.escalation.ladder import Rung, default_ladder, kahn_group
from dyadwatch.models.escalation.simulate import SimulationResult
from dyadwatch.models.escalation.solve import Policy, backward_induction, reach_probabilities
from dyadwatch.models.prospect import CPT

__all__ = ["EscalationModel"]


def _check_probability(name: str, v: float) -> None:
    if not (isinstance(v, (int, float)) and 0.0 <= v <= 1.0):
        raise DyadwatchError(f"{name}={v!r} is not a probability", fix="use 0 to 1")


def _check_ladder(ladder: list[Rung]) -> None:
    if not ladder:
        raise DyadwatchError("the ladder has no rungs", fix="give at least one rung")
    for i, r in enumerate(ladder, 1):
        _check_probability(f"ladder rung {i} loss_of_control", r.loss_of_control)
        if min(r.costs()) < 0:
            raise DyadwatchError(f"ladder rung {i} has a negative cost", fix="use >= 0")


def _check_actor(a: Actor) -> None:
    if a.stake <= 0:
        raise DyadwatchError(f"{a.name}: stake must be positive", fix="use > 0")
    if a.war_cost < 0 or a.backdown_cost < 0 or a.cost_scale < 0:
        raise DyadwatchError(f"{a.name}: costs must be >= 0", fix="use >= 0")
    a.reference_value()


class EscalationModel:
    """A two-actor crisis on an escalation ladder, solved by backward induction.

    An estimator in the scikit-learn sense: the constructor stores its arguments unchanged,
    :meth:`fit` (also :meth:`solve`) solves the game and returns the model, and what it learns
    ends in ``_``.

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

    Attributes (after :meth:`fit`; :meth:`policy` lists the decision nodes with the mover's
    choice probabilities and certainty equivalents of each move):
        terminal_probs_: probability of each final outcome (kind x level), shape (levels, 5).
        reach_: probability that each node is reached.
        firm_credibility_: per level from ``start``, the probability that the challenger
            carries out its threat against a defender that stands firm.
        tree_: the node numbering (:class:`~.game.CrisisTree`).
        solution_: the solved game (:class:`~.solve.Policy`): every node's lotteries,
            choice probabilities and successors (also as ``lottery_``, ``probs_``, ``ce_``,
            ``next_``, ``terminal_``, ``qmove_``, ``lvmove_``).
        tables_: the solved policy flattened for simulation.
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

    def _ladder(self) -> list[Rung]:
        return list(self.ladder) if self.ladder is not None else default_ladder()

    def _check(self) -> None:
        _check_probability("p_win", self.p_win)
        _check_probability("settlement_share", self.settlement_share)
        ladder = self._ladder()
        _check_ladder(ladder)
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
        if self.first_mover not in ROLES:
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
            _check_actor(a)

    # -- fitting -----------------------------------------------------------------------------
    def fit(self) -> EscalationModel:
        """Solve the game by backward induction; fills the ``_``-suffixed attributes.

        Returns:
            The model itself.
        """
        self._check()
        ch, de = self._actors()
        ladder = self._ladder()
        tree = CrisisTree(rungs=len(ladder), start=self.start)
        self.tree_, self.ladder_, self.actors_ = tree, ladder, (ch, de)
        self.K_, self.T_, self.n_nodes_ = tree.rungs, tree.n_terminals, tree.n_nodes
        self.share_ = float(self.settlement_share)
        self.q_ = level_risks(ladder)
        self.payoffs_ = terminal_payoffs(tree, level_costs(ladder, ch, de), ch, de, self.share_)
        self.models_ = (ch.model(), de.model())
        credulous = self.defender_beliefs == "credible"
        pol = backward_induction(
            tree,
            self.q_,
            self.payoffs_,
            self.models_,
            p_win=float(self.p_win),
            taus=(self.noise * ch.stake, self.noise * de.stake),
            credulous=credulous,
        )
        self._store_policy(pol)
        self.root_ = tree.node(self.start, ROLES.index(self.first_mover), 0)
        self.terminal_probs_ = pol.lottery[self.root_].reshape(tree.levels, N_KINDS)
        self.reach_ = reach_probabilities(tree, pol, self.root_)
        self.firm_credibility_ = self._firm_credibility(credulous)
        self.rng_ = np.random.default_rng(self.seed)
        self.tables_ = mc.build_tables(
            tree, pol, self.firm_credibility_, float(self.p_win), self.root_
        )
        return self

    def solve(self) -> EscalationModel:
        """Solve the game (the same as :meth:`fit`: solving the game is fitting the model)."""
        return self.fit()

    def _store_policy(self, pol: Policy) -> None:
        self.solution_ = pol
        self.lottery_ = pol.lottery
        self.perceived_lottery_ = pol.perceived
        self.probs_ = pol.probs
        self.ce_ = pol.ce
        self.next_ = pol.next
        self.terminal_ = pol.terminal
        self.qmove_ = pol.qmove
        self.lvmove_ = pol.lvmove

    def _firm_credibility(self, credulous: bool) -> np.ndarray:
        """Credibility against a defender that stands firm as the model predicts: for a
        credulous defender, from the same crisis solved with estimating beliefs."""
        if credulous:
            return self.clone(defender_beliefs="estimate").fit().firm_credibility_
        node = self.tree_.node
        return np.array(
            [self.probs_[node(lv, CHALLENGER, 1), ESC] for lv in self.tree_.decision_levels()]
        )

    def _require(self) -> None:
        if not hasattr(self, "lottery_"):
            raise DyadwatchError("the model is not solved", fix="call .fit() (or .solve()) first")

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

    def _by_outcome(self) -> np.ndarray:
        """Probability of each of the four outcomes at each level, shape (levels, 4)."""
        tp = self.terminal_probs_
        return np.stack([tp[:, CB], tp[:, DB], tp[:, ST], tp[:, UW] + tp[:, UL]], axis=1)

    def outcome_probabilities(self) -> dict[str, float]:
        """Exact probability of each of the four outcomes."""
        self._require()
        tp = self.terminal_probs_
        return {
            "challenger backs down": float(tp[:, CB].sum()),
            "defender backs down": float(tp[:, DB].sum()),
            "settlement": float(tp[:, ST].sum()),
            "uncontrolled escalation": float(tp[:, UW].sum() + tp[:, UL].sum()),
        }

    def outcome_table(self) -> pd.DataFrame:
        """Outcomes with their probability and the rung at which they happen (exact)."""
        self._require()
        by = self._by_outcome()
        lv = np.arange(by.shape[0])
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
            r["challenger backs down"] = float(tp[lv, CB])
            r["defender backs down"] = float(tp[lv, DB])
            r["settlement"] = float(tp[lv, ST])
            r["uncontrolled escalation"] = float(tp[lv, UW] + tp[lv, UL])
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
            n = self.tree_.node(lv, CHALLENGER, 1)
            rows.append(
                {
                    "threat_to_rung": lv + 1,
                    "label": self.level_label(lv + 1),
                    "credibility": float(self.probs_[n, ESC]),
                    "p_moment_comes": float(self.reach_[n]),
                    "p_hold": float(self.probs_[n, HOLD]),
                    "p_back_down": float(self.probs_[n, BACK]),
                }
            )
        return pd.DataFrame(rows)

    def policy(self) -> pd.DataFrame:
        """Every decision node: who moves, reach probability, choice probabilities, CEs."""
        self._require()
        rows = []
        for lv in self.tree_.decision_levels():
            for ph in (0, 1):
                for mover in (CHALLENGER, DEFENDER):
                    n = self.tree_.node(lv, mover, ph)
                    row = {
                        "node": n,
                        "rung": lv,
                        "mover": ROLES[mover],
                        "after": "hold" if ph else "escalation/start",
                        "reach": float(self.reach_[n]),
                    }
                    for prefix, values in (("p", self.probs_[n]), ("ce", self.ce_[n])):
                        for i, m in enumerate(MOVES):
                            row[f"{prefix}_{m.replace(' ', '_')}"] = float(values[i])
                    rows.append(row)
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
            and ``bluff_concession_cost``, the expected stake given up in those concessions
            (in the defender's stake units, including its back-down cost).
        """
        self._require()
        out = self.outcome_probabilities()
        de = self.actors_[1]
        bluff = 0.0
        for lv in self.tree_.decision_levels():
            for ph in (0, 1):
                n = self.tree_.node(lv, DEFENDER, ph)
                pb = self.reach_[n] * self.probs_[n, BACK]
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
        for i, role in enumerate(ROLES):
            out[f"{role}_expected_payoff"] = float(lot @ self.payoffs_[i])
            m = self.models_[i]
            out[f"{role}_certainty_equivalent"] = float(
                m.inverse_utility(m.value_many(self.payoffs_[i], lot[None, :])[0])
            )
        return out

    # -- simulation ---------------------------------------------------------------------------
    def simulate(
        self, n: int = 100_000, *, method: str = "nodes", track: bool = True
    ) -> SimulationResult:
        """Simulate ``n`` crises by vectorised Monte Carlo (NumPy), using the model's RNG.

        Every crisis draws its own uniform at every decision: the draw picks the mover's choice
        and, for holds and escalations, whether control is lost and who wins the war. Two
        vectorisations give the same distribution (see :mod:`.simulate`):

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
            return mc.simulate_nodes(self.tables_, self.rng_, int(n), track)
        if method == "crises":
            return mc.simulate_crises(self.tables_, self.rng_, int(n), track)
        raise DyadwatchError(f"unknown method {method!r}", fix="use 'nodes' or 'crises'")

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
        return mc.simulate_loop(self.tables_, rand, n, style)
