"""The fused relations measure: one monthly latent state from every source of evidence.

A state-space model (:mod:`~dyadwatch.measures.fused.model`) with a latent relations level and
one observation equation per stream (:mod:`~dyadwatch.measures.fused.streams`): the dyad's
chronology events (the reference: intercept 0, loading 1), each member's events with third
parties, each machine-coded source, and UNGA vote alignment (yearly). Fitted by
:class:`~dyadwatch.measures.fused.measure.FusedMeasure`; local level against local trend by
:func:`~dyadwatch.measures.fused.select.select_trend`; forecasts in
:mod:`~dyadwatch.measures.fused.predict`; generated data in
:mod:`~dyadwatch.measures.fused.simulate`.

Example:
    >>> from dyadwatch.measures.fused import FusedMeasure, simulate_streams
    >>> sim = simulate_streams(120, seed=1)
    >>> fit = FusedMeasure().fit(list(sim.streams.values()))
    >>> list(fit.smoothed_.columns)
    ['mean', 'sd', 'lo', 'hi', 'slope']
"""

from dyadwatch.measures.fused.measure import FusedMeasure, fuse, sample_periods
from dyadwatch.measures.fused.model import FusedStateSpace
from dyadwatch.measures.fused.predict import state_forecast
from dyadwatch.measures.fused.select import select_trend
from dyadwatch.measures.fused.simulate import SimulatedStreams, simulate_streams
from dyadwatch.measures.fused.streams import (
    DEFAULT_ALLIES,
    SplitEvents,
    Stream,
    event_stream,
    monthly_summary,
    source_streams,
    split_events,
    third_party_streams,
    unga_stream,
)

__all__ = [
    "DEFAULT_ALLIES",
    "FusedMeasure",
    "FusedStateSpace",
    "SimulatedStreams",
    "SplitEvents",
    "Stream",
    "event_stream",
    "fuse",
    "monthly_summary",
    "sample_periods",
    "select_trend",
    "simulate_streams",
    "source_streams",
    "split_events",
    "state_forecast",
    "third_party_streams",
    "unga_stream",
]
