"""API routes for the relations index, the cycle, UNGA alignment and structure vs personality.

Every route asks the service's :class:`~dyadwatch.study.Study` of the dyad; each answer is
computed once per parameter set and then served from memory (:meth:`Service.answer`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request

from dyadwatch.dyads import parse_dyad

__all__ = ["router"]

_DYAD = Query("USA-RUS", max_length=32, description="Actor pair, e.g. USA-RUS.")
router = APIRouter(prefix="/api", tags=["cycle"])


def _service(request: Request):
    return request.app.state.service


@router.get("/index")
async def index(
    request: Request,
    dyad: str = _DYAD,
    freq: str = Query("month", pattern="^(week|month|quarter|year)$"),
) -> dict[str, Any]:
    """The relations index per period: counts, Goldstein, net cooperation, quad shares."""
    service, pair = _service(request), str(parse_dyad(dyad))

    def compute():
        study = service.study(pair, freq)
        idx = service.compute(pair, lambda s: s.index, freq=freq)
        return {
            "dyad": pair,
            "freq": freq,
            "value_column": idx.value_column,
            "sparse": idx.sparse,
            "notes": idx.notes,
            "freshness": study.freshness,
            "periods": idx.frame,
        }

    return await service.answer(("index", pair, freq), compute)


@router.get("/stages")
async def stages(request: Request, dyad: str = _DYAD) -> dict[str, Any]:
    """Stages of the monthly index: labelled segments with confidence and turning points."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("stages", pair),
        lambda: {"dyad": pair, **service.compute(pair, lambda s: s.stages.to_dict())},
    )


@router.get("/landmarks")
async def landmarks(request: Request, dyad: str = _DYAD) -> dict[str, Any]:
    """The essay's landmarks against the turning points: found, local shift, persistence."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("landmarks", pair),
        lambda: {"dyad": pair, **service.compute(pair, lambda s: s.landmarks.to_dict())},
    )


@router.get("/now")
async def now(request: Request, dyad: str = _DYAD) -> dict[str, Any]:
    """The stage now (as of today, with the data's age), the evidence, and the forecast."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("now", pair), lambda: _with_summary(service.compute(pair, lambda s: s.now.to_dict()))
    )


def _with_summary(out: dict[str, Any]) -> dict[str, Any]:
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


@router.get("/presidents")
async def presidents(request: Request, dyad: str = _DYAD) -> list[dict[str, Any]]:
    """Per administration: stages passed through, reset attempt, peak and half-life."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("presidents", pair), lambda: service.compute(pair, lambda s: s.presidents)
    )


@router.get("/unga")
async def unga(
    request: Request,
    pair: str = Query("US-RU", max_length=32, description="Two countries, e.g. US-RU."),
    issue: str | None = Query(None, max_length=8, pattern="^[a-z]{2,3}$"),
) -> list[dict[str, Any]]:
    """UN General Assembly voting alignment per year (share agreed, Cohen's kappa)."""
    from dyadwatch.measures.unga import unga_alignment

    return await _service(request).answer(
        ("unga", pair.upper(), issue), lambda: unga_alignment(pair, issue=issue)
    )


@router.get("/structure")
async def structure(
    request: Request, dyad: str = _DYAD, window: int = Query(3, ge=0, le=24)
) -> dict[str, Any]:
    """Structure vs personality: timing tests, honeymoon, variance shares and a verdict."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("structure", pair, window),
        lambda: service.compute(pair, lambda s: s.structure_test(window=window).to_dict()),
    )
