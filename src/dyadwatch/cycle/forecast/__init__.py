"""Forecasts of the fused measure, of what can be observed and of the stages, with their scores.

Modules: :mod:`~dyadwatch.cycle.forecast.scores` (CRPS, RPS, ignorance, skill, block bootstrap),
:mod:`~dyadwatch.cycle.forecast.measure` (targets and baselines),
:mod:`~dyadwatch.cycle.forecast.stage` (the stage-model protocol and the change-point adapter),
:mod:`~dyadwatch.cycle.forecast.backtest` (the rolling-origin backtest).
"""

from dyadwatch.cycle.forecast.backtest import rolling_forecasts, score_table, stage_baselines
from dyadwatch.cycle.forecast.scores import (
    block_bootstrap_skill,
    crps_ensemble,
    crps_gaussian,
    ignorance,
    rps,
    skill,
)
from dyadwatch.cycle.forecast.stage import ChangePointStages, StageModel, p_onset

__all__ = [
    "ChangePointStages",
    "StageModel",
    "block_bootstrap_skill",
    "crps_ensemble",
    "crps_gaussian",
    "ignorance",
    "p_onset",
    "rolling_forecasts",
    "rps",
    "score_table",
    "skill",
    "stage_baselines",
]
