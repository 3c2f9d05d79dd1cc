"""Kahn's escalation ladder and the rungs of a crisis [Kahn1965].

A crisis ladder is a list of :class:`Rung` objects, bottom first. Each may carry Kahn's rung
number (1-44), which fixes its name, its group and the threshold crossed to enter the group
("Don't rock the boat", "Nuclear war is unthinkable", "No nuclear use", ...); each has a
per-actor cost of climbing to it and a probability, per move that leaves the crisis on it, of
losing control (the "threat that leaves something to chance" [Schelling1960]).

References:
    [Kahn1965] Kahn, H. (1965). On Escalation: Metaphors and Scenarios. New York: Praeger.
    [Schelling1960] Schelling, T. C. (1960). The Strategy of Conflict. Harvard University Press.
"""

from __future__ import annotations

from dataclasses import dataclass

from dyadwatch.errors import DyadwatchError

__all__ = ["KAHN_GROUPS", "KAHN_RUNGS", "Rung", "default_ladder", "kahn_group"]

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
