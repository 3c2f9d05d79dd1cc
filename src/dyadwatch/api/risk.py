"""Tolerance for risk: prospect theory, escalation scenarios with self-deterrence, 2x2 games.

The estimators and functions of :mod:`dyadwatch.models.prospect` (Kahneman & Tversky 1979;
Tversky & Kahneman 1992), :mod:`dyadwatch.models.escalation` and :mod:`dyadwatch.models.games`
(nashpy), gathered for the front ends. Each name is the core's own object, documented there.
"""

from __future__ import annotations

from dyadwatch.models.escalation import (
    load_scenario,
    parse_scenario,
    run_scenario,
    self_deterrence,
    shipped_scenarios,
    sweep,
)
from dyadwatch.models.games import CPTGame, chicken, prisoners_dilemma, stag_hunt
from dyadwatch.models.prospect import (
    CPT,
    ExpectedUtility,
    ExpectedValue,
    PreferenceModel,
    replicate,
)

__all__ = [
    "shipped_scenarios",
    "load_scenario",
    "run_scenario",
    "sweep",
    "CPT",
    "ExpectedValue",
    "ExpectedUtility",
    "PreferenceModel",
    "replicate",
    "CPTGame",
    "chicken",
    "prisoners_dilemma",
    "stag_hunt",
    "parse_scenario",
    "self_deterrence",
]
