"""The cycle: stages of a relationship, their turning points, and what comes next.

Modules: :mod:`~dyadwatch.cycle.changepoints` (penalised mean-shift change points),
:mod:`~dyadwatch.cycle.stages` (labels and the ``stages`` entry point),
:mod:`~dyadwatch.cycle.hmm` (the Gaussian HMM beside it), :mod:`~dyadwatch.cycle.transitions`
(transition matrix and durations), :mod:`~dyadwatch.cycle.now`, :mod:`~dyadwatch.cycle.backtest`,
:mod:`~dyadwatch.cycle.presidents`, :mod:`~dyadwatch.cycle.generators` (synthetic signals) and
:mod:`~dyadwatch.cycle.sections` (report sections).
"""
