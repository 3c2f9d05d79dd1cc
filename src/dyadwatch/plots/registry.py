"""The plotting backend of :mod:`dyadwatch.display`: one figure function per result type.

Importing this module registers them; ``result.plot()`` imports it on first use.
"""

from __future__ import annotations

from typing import Any

from dyadwatch.claims.structure import StructureReport
from dyadwatch.cycle.backtest import BacktestResult
from dyadwatch.cycle.landmarks import LandmarksResult
from dyadwatch.cycle.now import StageNow
from dyadwatch.cycle.stages import StagesResult
from dyadwatch.display import register
from dyadwatch.measures.index import RelationsIndex

__all__: list[str] = []


@register(StagesResult)
def _stages(result: StagesResult, **options: Any):
    from dyadwatch.plots.cycle import index_figure

    frame = result.index.frame if result.index is not None else None
    return index_figure(result, frame, **options)


@register(RelationsIndex)
def _index(index: RelationsIndex, **options: Any):
    from dyadwatch.plots.cycle import relations_index_figure

    return relations_index_figure(index, **options)


@register(StageNow)
def _now(now: StageNow, **options: Any):
    from dyadwatch.plots.cycle import next_stage_figure

    return next_stage_figure(now, **options)


@register(LandmarksResult)
def _landmarks(result: LandmarksResult, **options: Any):
    from dyadwatch.plots.cycle import landmarks_figure

    return landmarks_figure(result, **options)


@register(BacktestResult)
def _backtest(result: BacktestResult, **options: Any):
    from dyadwatch.plots.cycle import backtest_figure

    return backtest_figure(result, **options)


@register(StructureReport)
def _structure(result: StructureReport, **options: Any):
    from dyadwatch.plots.structure import verdict_figure

    return verdict_figure(result, **options)
