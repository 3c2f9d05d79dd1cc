"""Dynamic one-dimensional ideal points from roll-call votes (UN General Assembly).

Modules: :mod:`.rollcalls` (the votes as arrays), :mod:`.layout` (states and bands),
:mod:`.ordinal` (ordered-probit band probabilities), :mod:`.newton` (the block Newton steps),
:mod:`.model` (the estimator :class:`DynamicIRT`), :mod:`.bridges` (recurring resolutions),
:mod:`.design` (UN votes to roll calls), :mod:`.unga` (every member's positions and dyad
distances), :mod:`.simulate` (votes with known positions).

The model follows Bailey, Strezhnev & Voeten (2017), Journal of Conflict Resolution 61(2).
"""

from dyadwatch.measures.idealpoints.bridges import Bridges, recurring_resolutions
from dyadwatch.measures.idealpoints.design import unga_rollcalls
from dyadwatch.measures.idealpoints.model import DynamicIRT
from dyadwatch.measures.idealpoints.rollcalls import RollCalls
from dyadwatch.measures.idealpoints.simulate import simulate_rollcalls
from dyadwatch.measures.idealpoints.unga import idealpoint_distance, unga_ideal_points

__all__ = [
    "Bridges",
    "DynamicIRT",
    "RollCalls",
    "idealpoint_distance",
    "recurring_resolutions",
    "simulate_rollcalls",
    "unga_ideal_points",
    "unga_rollcalls",
]
