"""The public API: thin, documented functions over the core, one module a concept.

The command line, the web app and the report reach the core only through this package and
:mod:`dyadwatch.study`. The names a notebook uses most are here (``from dyadwatch.api import
stages``) and at the top of the package (``dw.stages``); the others live in the module of
their concept:

* :mod:`dyadwatch.api.dyad`: one-call results over a dyad's :class:`~dyadwatch.study.Study`
  (events, leaders, the relations index, stages, the stage now, presidents, backtest,
  structure);
* :mod:`dyadwatch.api.data`: import raw files, download them, source totals and normfiles;
* :mod:`dyadwatch.api.cycle`: stages of a series, stages by president, the landmarks;
* :mod:`dyadwatch.api.update`: ``update`` and ``watch`` (keeping a dyad's stage current);
* :mod:`dyadwatch.api.capabilities`: COW National Material Capabilities of a dyad;
* :mod:`dyadwatch.api.unga`: UN General Assembly alignment and ideal points;
* :mod:`dyadwatch.api.risk`: prospect theory, escalation scenarios and 2x2 games;
* :mod:`dyadwatch.api.threats`: the threat register (ACH), discernment and the spiral;
* :mod:`dyadwatch.api.trust`: norm trust and its recovery;
* :mod:`dyadwatch.api.neighbours`: the alignment of Russia's neighbours.

Importing this package is light: each function loads what it needs when it is called.
"""

from __future__ import annotations

from dyadwatch.api.dyad import (
    backtest,
    events,
    leaders_table,
    presidents,
    relations_index,
    stage_now,
    stages,
    store_with_chronology,
    structure,
)
from dyadwatch.api.unga import ideal_points

__all__ = [
    "events",
    "leaders_table",
    "store_with_chronology",
    "relations_index",
    "stages",
    "stage_now",
    "presidents",
    "backtest",
    "structure",
    "ideal_points",
]
