"""Keeping a dyad's stage current: ``update`` (download, import, re-estimate) and ``watch``
(updates on a schedule, with alerts). This layer sits above the study layer: it opens the
store through :class:`dyadwatch.study.Study` and imports through :func:`dyadwatch.ingest.ingest`.
"""

from __future__ import annotations

from dyadwatch.watch.alerts import Alerts, alerts_between
from dyadwatch.watch.scheduler import parse_every, watch
from dyadwatch.watch.update import SourceUpdate, UpdateResult, estimate_stage, run_update

__all__ = [
    "Alerts",
    "alerts_between",
    "parse_every",
    "watch",
    "SourceUpdate",
    "UpdateResult",
    "estimate_stage",
    "run_update",
]
