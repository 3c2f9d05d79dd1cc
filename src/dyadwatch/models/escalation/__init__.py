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

**What the model says about the essay's claims** (tests/models/escalation/test_claims.py):

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

The package, one idea a module:

* :mod:`.ladder`: Kahn's ladder and :class:`Rung`; :mod:`.actors`: :class:`Actor`;
* :mod:`.game`: moves, outcomes, the numbering of nodes and terminals, payoffs;
* :mod:`.solve`: backward induction (the quantal-response equilibrium) and reach probabilities;
* :mod:`.simulate`: Monte Carlo crises from a solved game, vectorised and in plain Python;
* :mod:`.model`: :class:`EscalationModel`, the estimator that ties them together;
* :mod:`.deterrence`: :func:`self_deterrence`; :mod:`.sweep`: :func:`sweep`;
* :mod:`.scenario`: scenario files, :func:`load_scenario` and :func:`run_scenario`.

Figures of a solved model are in :mod:`dyadwatch.plots.risk`, the report section in
:mod:`dyadwatch.report.sections.risk`.

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

from dyadwatch.models.escalation.actors import Actor
from dyadwatch.models.escalation.deterrence import self_deterrence
from dyadwatch.models.escalation.game import MOVES, OUTCOMES
from dyadwatch.models.escalation.ladder import (
    KAHN_GROUPS,
    KAHN_RUNGS,
    Rung,
    default_ladder,
    kahn_group,
)
from dyadwatch.models.escalation.model import EscalationModel
from dyadwatch.models.escalation.scenario import (
    Scenario,
    load_scenario,
    parse_scenario,
    run_scenario,
    shipped_scenarios,
)
from dyadwatch.models.escalation.simulate import SimulationResult
from dyadwatch.models.escalation.sweep import sweep

__all__ = [
    "KAHN_GROUPS",
    "KAHN_RUNGS",
    "MOVES",
    "OUTCOMES",
    "Actor",
    "EscalationModel",
    "Rung",
    "Scenario",
    "SimulationResult",
    "default_ladder",
    "kahn_group",
    "load_scenario",
    "parse_scenario",
    "run_scenario",
    "self_deterrence",
    "shipped_scenarios",
    "sweep",
]
