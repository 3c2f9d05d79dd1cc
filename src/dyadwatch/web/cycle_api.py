"""API routes for the relations index, the cycle, UNGA alignment and structure vs personality.

Every route asks the service's :class:`~dyadwatch.study.Study` of the dyad. Results depend only
on the store's content, which the read-only app never changes, so each is computed once per
parameter set and then served from memory.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from typing import Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from dyadwatch.dyads import parse_dyad
from dyadwatch.serialise import plain

__all__ = ["make_router"]

MAX_CACHED = 256
_DYAD = Query("USA-RUS", max_length=32, description="Actor pair, e.g. USA-RUS.")


def make_router(service) -> APIRouter:
    """Routes answered by ``service`` (one Study per dyad over one store)."""
    router = APIRouter(prefix="/api", tags=["cycle"])
    cache: OrderedDict[tuple, Any] = OrderedDict()
    locks: dict[tuple, threading.Lock] = {}
    guard = threading.Lock()

    async def fetch(key: tuple, compute) -> Any:
        """Serve from memory on the event loop; compute a miss in the thread pool."""
        hit = cache.get(key)
        if hit is not None:
            return hit
        return await run_in_threadpool(cached, key, compute)

    def cached(key: tuple, compute) -> Any:
        if key in cache:
            return cache[key]
        with guard:
            lock = locks.setdefault(key, threading.Lock())
        with lock:
            if key not in cache:
                value = Response(
                    json.dumps(plain(compute()), ensure_ascii=False),
                    media_type="application/json",
                )
                with guard:
                    cache[key] = value
                    while len(cache) > MAX_CACHED:  # bounded memory: drop the oldest
                        old, _ = cache.popitem(last=False)
                        locks.pop(old, None)
                return value
        return cache[key]

    @router.get("/index")
    async def index(
        dyad: str = _DYAD,
        freq: str = Query("month", pattern="^(week|month|quarter|year)$"),
    ) -> dict[str, Any]:
        """The relations index per period: counts, Goldstein, net cooperation, quad shares."""
        pair = str(parse_dyad(dyad))

        def compute():
            idx = service.compute(pair, lambda s: s.index, freq=freq)
            return {
                "dyad": pair,
                "freq": freq,
                "value_column": idx.value_column,
                "sparse": idx.sparse,
                "notes": idx.notes,
                "periods": idx.frame,
            }

        return await fetch(("index", pair, freq), compute)

    @router.get("/stages")
    async def stages_(dyad: str = _DYAD) -> dict[str, Any]:
        """Stages of the monthly index: labelled segments with confidence and turning points."""
        pair = str(parse_dyad(dyad))
        return await fetch(
            ("stages", pair),
            lambda: {"dyad": pair, **service.compute(pair, lambda s: s.stages.to_dict())},
        )

    @router.get("/landmarks")
    async def landmarks(dyad: str = _DYAD) -> dict[str, Any]:
        """The essay's landmarks against the turning points: found, local shift, persistence."""
        pair = str(parse_dyad(dyad))
        return await fetch(
            ("landmarks", pair),
            lambda: {"dyad": pair, **service.compute(pair, lambda s: s.landmarks.to_dict())},
        )

    @router.get("/now")
    async def now(dyad: str = _DYAD) -> dict[str, Any]:
        """The stage now, since when, the evidence, and the forecast of the next stage."""
        pair = str(parse_dyad(dyad))

        def compute():
            out = service.compute(pair, lambda s: s.now.to_dict())
            f = out.get("forecast") or {}
            if f:
                nxt = max(f["next_stage"], key=f["next_stage"].get)
                lo, hi = f["p_turning_point_interval"]
                out["summary"] = (
                    f"P(turning point within {f['horizon_months']} months) = "
                    f"{f['p_turning_point']:.2f} (90% interval {lo:.2f}–{hi:.2f}); if it turns, "
                    f"most likely to {nxt} ({f['next_stage'][nxt]:.0%}); expected "
                    f"{f['expected_months']:.0f} months to the next transition. Based on "
                    f"{f['completed_spells']} completed {out['stage']} spells: a handful of cycles."
                )
            return out

        return await fetch(("now", pair), compute)

    @router.get("/presidents")
    async def presidents_(dyad: str = _DYAD) -> list[dict[str, Any]]:
        """Per administration: stages passed through, reset attempt, peak and half-life."""
        pair = str(parse_dyad(dyad))
        return await fetch(
            ("presidents", pair), lambda: service.compute(pair, lambda s: s.presidents)
        )

    @router.get("/unga")
    async def unga(
        pair: str = Query("US-RU", max_length=32, description="Two countries, e.g. US-RU."),
        issue: str | None = Query(None, max_length=8, pattern="^[a-z]{2,3}$"),
    ) -> list[dict[str, Any]]:
        """UN General Assembly voting alignment per year (share agreed, Cohen's kappa)."""
        from dyadwatch.measures.unga import unga_alignment

        return await fetch(("unga", pair.upper(), issue), lambda: unga_alignment(pair, issue=issue))

    @router.get("/structure")
    async def structure(dyad: str = _DYAD, window: int = Query(3, ge=0, le=24)) -> dict[str, Any]:
        """Structure vs personality: timing tests, honeymoon, variance shares and a verdict."""
        pair = str(parse_dyad(dyad))
        return await fetch(
            ("structure", pair, window),
            lambda: service.compute(pair, lambda s: s.structure_test(window=window).to_dict()),
        )

    return router
