"""API routes for the relations index, the cycle, UNGA alignment and structure vs personality.

The cycle of issue 13 under ``/api/cycle/``: the fused measure with its band (``fused``), the
ordered five-stage model's stage probabilities and path (``ordered``), the change points as the
second method with the two methods' kappa (``methods``) and the model comparison with its
verdict (``comparison``).

Every route asks the service's :class:`~dyadwatch.study.Study` of the dyad; each answer is
computed once per parameter set and then served from memory (:meth:`Service.answer`).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from dyadwatch.dyads import parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.serialise import plain
from dyadwatch.stagenames import STAGES

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
) -> dict[str, Any]:
    """UN General Assembly voting alignment per year (share agreed, Cohen's kappa), with the
    votes' range and the newest roll call's age."""
    from dyadwatch.api.unga import alignment, read_votes

    def compute() -> dict[str, Any]:
        years = alignment(pair, issue=issue)
        return {
            "pair": str(years["pair"].iloc[0]),
            "freshness": read_votes().freshness(),
            "years": years,
        }

    return await _service(request).answer(("unga", pair.upper(), issue), compute)


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


# -- issue 13: the fused measure, the ordered five-stage model and the test of the claim -------
#
# Each answer is computed once per dyad (``Service.answer``) and validated once against its
# response model before it is cached. The fused measure and the ordered model read the store,
# so they run under the service's store lock; the model comparison (about 14 s on two cores on
# the built-in USA–RUS data) needs only the fused measure's mean, so it runs outside that lock
# and the other panels are served while it computes.


class FusedMonth(BaseModel):
    """One month of the fused measure: Kalman-smoothed mean, its sd and band, and slope."""

    month: str
    mean: float
    sd: float
    lo: float
    hi: float
    slope: float | None = None


class FusedStream(BaseModel):
    """One observation stream of the fused measure with its estimated parameters."""

    stream: str
    kind: str
    reference: bool
    n_events: int
    months: int
    intercept: float | None = None
    intercept_se: float | None = None
    loading: float | None = None
    loading_se: float | None = None
    noise_sd: float | None = None
    noise_sd_se: float | None = None


class FusedOut(BaseModel):
    """The fused relations measure (units of the chronology's Goldstein scale)."""

    dyad: str
    ci: float = Field(description="Coverage of the band, e.g. 0.9.")
    trend: str
    months: list[FusedMonth]
    streams: list[FusedStream]
    dropped: list[str] = Field(description="Streams left out: too few observations.")


class StageMonth(BaseModel):
    """One month of the ordered model: its most probable stage and every stage's probability."""

    month: str
    stage: str
    euphoria: float
    pragmatism: float
    disillusionment: float
    crisis: float
    reset: float


class OrderedSegment(BaseModel):
    """A run of the most probable path, with the mean posterior of its stage."""

    start: str
    end: str
    stage: str
    months: int
    probability: float


class TurningPoint(BaseModel):
    """A change of the most probable path with an interval from the posterior of a change."""

    month: str
    from_stage: str
    to_stage: str
    lo: str
    hi: str
    p_change: float


class OrderedOut(BaseModel):
    """The ordered five-stage hidden semi-Markov model on the fused measure."""

    dyad: str
    stages: list[str]
    appear: list[str] = Field(description="Stages on the most probable path.")
    months: list[StageMonth]
    segments: list[OrderedSegment]
    turning_points: list[TurningPoint]
    ci: float


class MethodSegment(BaseModel):
    """A stage segment of one method (months ``YYYY-MM``)."""

    start: str
    end: str
    stage: str


class MethodLandmark(BaseModel):
    """Whether one method finds one of the essay's landmarks, and with which stage."""

    landmark_id: str
    method: str
    found: bool
    turning_point: str | None = None
    stage: str | None = None
    months_off: float | None = None
    stage_ok: bool


class MethodsOut(BaseModel):
    """The ordered model and the change points side by side, with their agreement."""

    dyad: str
    kappa: float | None = Field(description="Cohen's kappa of the two methods' monthly stages.")
    ordered: list[MethodSegment]
    changepoint: list[MethodSegment]
    landmarks: list[MethodLandmark]
    found: dict[str, int] = Field(description="Landmarks found per method.")


class ComparisonRow(BaseModel):
    """One candidate model: held-out (blocked CV) log-likelihood, full-data fit, AIC, BIC."""

    model: str
    cv_loglik: float
    cv_per_month: float
    loglik: float
    params: int
    aic: float
    bic: float


class ComparisonOut(BaseModel):
    """The test of the claim: the candidates ranked by held-out log-likelihood, and the verdict."""

    dyad: str
    table: list[ComparisonRow]
    verdict: str
    supported: str = Field(description="supported, weakly supported or not supported.")
    settings: dict[str, Any]


def _month(p: Any) -> str:
    return str(p)[:7]


def _fused_payload(pair: str, fit: Any) -> dict[str, Any]:
    sm = fit.smoothed_
    months = [
        {"month": _month(p), **{c: r[c] for c in ("mean", "sd", "lo", "hi", "slope")}}
        for p, r in sm.iterrows()
    ]
    params = fit.params_.drop(index="state", errors="ignore").reset_index()
    return {
        "dyad": pair,
        "ci": fit.ci,
        "trend": fit.trend_,
        "months": months,
        "streams": plain(params),
        "dropped": list(fit.dropped_),
    }


def _ordered_payload(pair: str, model: Any) -> dict[str, Any]:
    probs, path = model.stage_probabilities(), model.path()
    months = [
        {"month": _month(p), "stage": path.loc[p], **probs.loc[p].to_dict()} for p in probs.index
    ]
    segs = model.segments()
    tps = model.turning_points(0.9).rename(columns={"from": "from_stage", "to": "to_stage"})
    for frame, cols in ((segs, ("start", "end")), (tps, ("month", "lo", "hi"))):
        for c in cols:
            frame[c] = frame[c].map(_month)
    return {
        "dyad": pair,
        "stages": list(STAGES),
        "appear": [s for s in STAGES if s in set(path)],
        "months": months,
        "segments": plain(segs),
        "turning_points": plain(tps),
        "ci": 0.9,
    }


def _methods_payload(pair: str, study: Any) -> dict[str, Any]:
    ordered = study.ordered_stages.segments()
    cp = [{"start": s.start, "end": s.end, "stage": s.stage} for s in study.stages.segments]
    landmarks = study.landmarks_by_method()
    return {
        "dyad": pair,
        "kappa": study.method_agreement,
        "ordered": [
            {"start": _month(r.start), "end": _month(r.end), "stage": r.stage}
            for r in ordered.itertuples()
        ],
        "changepoint": [{k: _month(v) if k != "stage" else v for k, v in s.items()} for s in cp],
        "landmarks": plain(landmarks),
        "found": {m: int(g["found"].sum()) for m, g in landmarks.groupby("method", sort=False)},
    }


def _validated(model: type[BaseModel], payload: dict[str, Any]) -> dict[str, Any]:
    return model.model_validate(plain(payload)).model_dump()


@router.get("/cycle/fused", response_model=FusedOut)
async def fused(request: Request, dyad: str = _DYAD) -> Any:
    """The fused relations measure per month: smoothed mean with its 90 % band, and streams."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("cycle-fused", pair),
        lambda: _validated(
            FusedOut, _fused_payload(pair, service.compute(pair, lambda s: s.fused))
        ),
    )


@router.get("/cycle/ordered", response_model=OrderedOut)
async def ordered(request: Request, dyad: str = _DYAD) -> Any:
    """The ordered five-stage model: monthly stage probabilities, most probable path, turns."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("cycle-ordered", pair),
        lambda: _validated(
            OrderedOut, _ordered_payload(pair, service.compute(pair, lambda s: s.ordered_stages))
        ),
    )


@router.get("/cycle/methods", response_model=MethodsOut)
async def methods(request: Request, dyad: str = _DYAD) -> Any:
    """The ordered model beside the change points: segments, kappa, landmarks per method."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("cycle-methods", pair),
        lambda: _validated(MethodsOut, service.compute(pair, lambda s: _methods_payload(pair, s))),
    )


@router.get("/cycle/comparison", response_model=ComparisonOut)
async def comparison(request: Request, dyad: str = _DYAD) -> Any:
    """The model comparison (blocked CV, AIC, BIC) and the verdict on the ordered cycle.

    Slow on first call (about 14 s on two cores for USA–RUS), then served from memory.
    """
    service, pair = _service(request), str(parse_dyad(dyad))

    def compute() -> dict[str, Any]:
        # the ordered model reads the store (under its lock) and refuses too short a series
        service.compute(pair, lambda s: s.ordered_stages)
        try:  # no store access: outside the lock, so other panels are served meanwhile
            result = service.study(pair).model_comparison
        except ValueError as exc:  # numerical failure (e.g. a singular covariance)
            raise DyadwatchError(
                f"the models cannot be compared on {pair}'s series: {exc}",
                where="{dyad}",
                fix="use a pair with a longer, more varied record",
            ) from exc
        return _validated(ComparisonOut, {"dyad": pair, **result.to_dict()})

    return await service.answer(("cycle-comparison", pair), compute)
