"""The ordered five-stage model: an explicit-duration hidden semi-Markov model (issue 13).

States euphoria, pragmatism, disillusionment, crisis, reset; emissions on the standardised
level and slope of a monthly series; transitions in the essay's order with its returns
(:data:`ORDERED`); negative-binomial or Poisson durations. Inference in
:mod:`~dyadwatch.cycle.hsmm.inference` (own NumPy code: hmmlearn has no explicit durations).

Interface for forecasts and backtests:

- ``fit(series) -> StageModel`` — ``series`` a monthly level (the fused measure's smoothed mean
  for description; filtered values for anything forecast-like, so no future data enters).
- ``model.stage_probabilities()`` — DataFrame, month x the five stages, rows summing to 1.
- ``model.predict_stages(h)`` — Series, the stage distribution ``h`` months after the last month.
- ``model.path()``, ``model.segments()``, ``model.turning_points(ci)``.

Example:
    >>> from dyadwatch.cycle.hsmm import fit
    >>> from dyadwatch.cycle.simulate import simulate_cycle
    >>> m = fit(simulate_cycle(240, seed=1).level)
    >>> list(m.stage_probabilities().columns)
    ['euphoria', 'pragmatism', 'disillusionment', 'crisis', 'reset']
"""

from dyadwatch.cycle.hsmm.fitted import StageModel, fit
from dyadwatch.cycle.hsmm.model import ORDERED, SemiMarkovStages, features, structure

__all__ = ["ORDERED", "SemiMarkovStages", "StageModel", "features", "fit", "structure"]
