"""The two sides of a crisis: preferences, reference point, stake and costs.

An actor values lotteries over the crisis's outcomes with its own preference model: cumulative
prospect theory [TK1992] or an expected-value / expected-utility baseline
(:mod:`dyadwatch.models.prospect`), around its own reference point. A challenger whose
reference point is a *lost position* sees every outcome short of winning as a loss, and
prospect theory makes it risk seeking there: gambling for resurrection [DownsRocke1994].

References:
    [TK1992] Tversky, A. & Kahneman, D. (1992). Advances in prospect theory. Journal of Risk and
        Uncertainty 5(4), 297-323.
    [DownsRocke1994] Downs, G. W. & Rocke, D. M. (1994). Conflict, agency, and gambling for
        resurrection: the principal-agent problem goes to war. American Journal of Political
        Science 38(2), 362-380.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from dyadwatch.errors import DyadwatchError
from dyadwatch.models.prospect import CPT, PreferenceModel

__all__ = ["Actor"]


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
