"""dyadwatch: turn an argument about great-power relations into measurements and tests.

The public API is flat: ``import dyadwatch as dw`` then ``dw.events("USA-RUS")``,
``dw.stages("USA-RUS")``, ``dw.CPT().value([(100, 0.5), (0, 0.5)])``. Names load lazily, so
``import dyadwatch`` stays fast and optional extras are only imported when used.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS = {
    # events, store, data
    "Study": "dyadwatch.study",
    "events": "dyadwatch.api",
    "leaders_table": "dyadwatch.api",
    "store_with_chronology": "dyadwatch.api",
    "open_store": "dyadwatch.store",
    "Store": "dyadwatch.store",
    "chronology": "dyadwatch.sources.chronology",
    "read_chronology": "dyadwatch.sources.chronology",
    "EVENT_SCHEMA": "dyadwatch.schema",
    "validate_events": "dyadwatch.schema",
    "cameo_table": "dyadwatch.cameo",
    "goldstein": "dyadwatch.cameo",
    "parse_dyad": "dyadwatch.dyads",
    "DyadwatchError": "dyadwatch.errors",
    # measures and the cycle
    "relations_index": "dyadwatch.api",
    "build_index": "dyadwatch.measures.index",
    "unga_alignment": "dyadwatch.measures.unga",
    "ideal_points": "dyadwatch.api",
    "idealpoint_distance": "dyadwatch.measures.idealpoints",
    "stages": "dyadwatch.api",
    "detect_stages": "dyadwatch.cycle.stages",
    "read_series_csv": "dyadwatch.sources.series",
    "check_landmarks": "dyadwatch.cycle.landmarks",
    "load_landmarks": "dyadwatch.sources.landmarks",
    "stage_now": "dyadwatch.api",
    "presidents": "dyadwatch.api",
    "backtest": "dyadwatch.api",
    # structure versus personality
    "structure": "dyadwatch.api",
    "analyse_structure": "dyadwatch.claims.structure",
    "rotation_test": "dyadwatch.claims.structure",
    "honeymoon_regression": "dyadwatch.claims.structure",
    "variance_decomposition": "dyadwatch.claims.structure",
    # risk
    "CPT": "dyadwatch.models.prospect",
    "ExpectedValue": "dyadwatch.models.prospect",
    "ExpectedUtility": "dyadwatch.models.prospect",
    "replicate": "dyadwatch.models.prospect",
    "EscalationModel": "dyadwatch.models.escalation",
    "Actor": "dyadwatch.models.escalation",
    "Rung": "dyadwatch.models.escalation",
    "load_scenario": "dyadwatch.models.escalation",
    "self_deterrence": "dyadwatch.models.escalation",
    "sweep": "dyadwatch.models.escalation",
    "CPTGame": "dyadwatch.models.games",
    "chicken": "dyadwatch.models.games",
    # threats, trust, neighbours
    "ACH": "dyadwatch.models.threats",
    "assess_claim": "dyadwatch.models.threats",
    "assess_register": "dyadwatch.models.threats",
    "load_claim": "dyadwatch.models.threats",
    "Discernment": "dyadwatch.models.discernment",
    "d_prime": "dyadwatch.models.discernment",
    "SecuritySpiral": "dyadwatch.models.spiral",
    "NormTrust": "dyadwatch.models.trust",
    "trust_by_year": "dyadwatch.models.trust",
    "recovery_table": "dyadwatch.models.trust",
    "AlignmentChain": "dyadwatch.models.neighbours",
    "alignment_panel": "dyadwatch.models.neighbours",
    # outputs
    "build_report": "dyadwatch.report.build",
    "write_report": "dyadwatch.report.build",
    "create_app": "dyadwatch.web.app",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'dyadwatch' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
