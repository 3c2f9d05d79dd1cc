"""Structure versus personality: does the relationship follow structural events or presidents?

Modules, one idea each: :mod:`.calendar` (dates at the data's frequency), :mod:`.timing` (the
exact rotation test of breaks with its power), :mod:`.blocks` (block permutations that keep
terms whole), :mod:`.hypotheses` (H-structure and H-personality as designs), :mod:`.levelshift`
(term levels beyond H-structure), :mod:`.heldout` (h-block cross-validated likelihood),
:mod:`.compare` (one measure's test, its verdict, the robustness table), :mod:`.park` (Park's
held-out comparison of leader fixed effects with structure), :mod:`.decomposition` (Shapley
shares of variance), :mod:`.analysis` (the relations index's honeymoon, and the older report).
"""

from dyadwatch.claims.structure.analysis import (
    DecompositionResult,
    HoneymoonResult,
    StructureAnalysis,
    StructureReport,
    administration_labels,
    analyse_structure,
    capability_ratio,
    honeymoon_regression,
    leader_transitions,
    structural_covariates,
    structure_verdict,
    variance_decomposition,
)
from dyadwatch.claims.structure.blocks import permuted_blocks
from dyadwatch.claims.structure.calendar import months_since
from dyadwatch.claims.structure.compare import MeasureTest, robustness_table, test_measure
from dyadwatch.claims.structure.heldout import HeldOutResult, heldout_compare
from dyadwatch.claims.structure.hypotheses import HYPOTHESES
from dyadwatch.claims.structure.levelshift import LevelShiftResult, level_shift_test
from dyadwatch.claims.structure.timing import RotationResult, rotation_test

__all__ = [
    "RotationResult",
    "HoneymoonResult",
    "DecompositionResult",
    "HeldOutResult",
    "LevelShiftResult",
    "MeasureTest",
    "HYPOTHESES",
    "rotation_test",
    "honeymoon_regression",
    "variance_decomposition",
    "months_since",
    "administration_labels",
    "structure_verdict",
    "StructureReport",
    "StructureAnalysis",
    "analyse_structure",
    "capability_ratio",
    "leader_transitions",
    "structural_covariates",
    "permuted_blocks",
    "level_shift_test",
    "heldout_compare",
    "test_measure",
    "robustness_table",
]
