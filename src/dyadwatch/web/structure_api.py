"""The structure page and its API: each structural measure, its verdict, and Park's comparison.

``/api/structure/measures`` answers with the per-measure test of structure against personality
(``Study.structure_summary``): each measure's series over the span its test used with its
breaks, the leader changes and the structural-events register, one row a measure (held-out log
density of the leaders' and the structure model, their difference and its standard error,
the term-level test, the timing tests, the verdict) and the sentence saying whether the
verdicts agree. ``/api/structure/park`` answers with the Park (2010) comparison on the same
inputs. Both share one computation per dyad (3.8 s on the first request of a quiet server, then
from memory; `benchmarks/structure.py`).
The older ``/api/structure`` (the relations index's timing, honeymoon and variance shares)
stays in :mod:`~dyadwatch.web.cycle_api`; these paths are longer, so neither hides the other.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from dyadwatch.dyads import parse_dyad
from dyadwatch.leaders import transitions as leader_changes
from dyadwatch.plots.structure import MEASURE_LABELS, measure_series, robustness_line
from dyadwatch.serialise import plain
from dyadwatch.web.pages import page

__all__ = ["router"]

_DYAD = Query("USA-RUS", max_length=32, description="Actor pair, e.g. USA-RUS.")
router = APIRouter()


class Freshness(BaseModel):
    """How old one source's newest event is."""

    source: str
    first: str | None = None
    last: str | None = None
    events: int
    age_days: int | None = None
    stale: bool


class Point(BaseModel):
    """One period of a measure (``lo``/``hi``: its 95% interval where it has one)."""

    period: str
    value: float | None
    lo: float | None = None
    hi: float | None = None


class MeasureSeries(BaseModel):
    """A measure's values over its test's span, and the breaks found in it."""

    measure: str
    label: str
    freq: str
    points: list[Point]
    breaks: list[str]


class Marker(BaseModel):
    """A dated event drawn over the series: a leader change or a structural event."""

    date: str
    label: str


class MeasureRow(BaseModel):
    """One measure's test: held-out fit of both models, term levels, timing, verdict."""

    measure: str
    freq: str
    n: int
    span: str
    breaks: int
    window: int
    lpd_leaders: float | None
    lpd_structure: float | None
    leaders_minus_structure: float | None
    se: float | None
    term_r2_gain: float | None
    p_terms: float | None
    near_leader: int
    chance_leader: float | None
    p_leader: float | None
    near_structural: int
    chance_structural: float | None
    p_structural: float | None
    verdict: str
    text: str


class StructureMeasures(BaseModel):
    """The per-measure test of structure against personality, with the data behind it."""

    dyad: str
    hypotheses: dict[str, str]
    measures: list[MeasureRow]
    series: list[MeasureSeries]
    transitions: list[Marker]
    structural_events: list[Marker]
    robustness: str
    notes: list[str]
    freshness: list[Freshness]


class ParkModel(BaseModel):
    """One model of the Park comparison: size, in-sample fit, held-out log density."""

    model: str
    parameters: int
    r2: float | None
    bic: float | None
    lpd_blocked: float | None
    lpd_rolling: float | None


class ParkAnswer(BaseModel):
    """Park (2010): leader fixed effects against structural covariates and breaks."""

    dyad: str
    start: str
    end: str
    n: int
    covariates: list[str]
    breaks: list[str]
    models: list[ParkModel]
    blocked_difference: float | None
    blocked_se: float | None
    rolling_difference: float | None
    rolling_se: float | None
    rolling_folds: int
    verdict: str
    text: str
    robustness: str
    freshness: list[Freshness]


def _service(request: Request):
    return request.app.state.service


def _row(t) -> dict[str, Any]:
    tl, ts, h = t.timing_leaders, t.timing_structural, t.heldout
    return {
        "measure": t.measure,
        "freq": t.freq,
        "n": t.n,
        "span": f"{t.start}–{t.end}",
        "breaks": len(t.breaks),
        "window": tl.window,
        "lpd_leaders": h.lpd["personality"],
        "lpd_structure": h.lpd["structure"],
        "leaders_minus_structure": h.difference,
        "se": h.se,
        "term_r2_gain": t.level_shift.r2_gain,
        "p_terms": t.level_shift.p_value,
        "near_leader": tl.observed,
        "chance_leader": tl.expected,
        "p_leader": tl.p_value,
        "near_structural": ts.observed,
        "chance_structural": ts.expected,
        "p_structural": ts.p_value,
        "verdict": t.verdict,
        "text": t.text,
    }


def _markers(register) -> tuple[list[dict], list[dict]]:
    """The leader changes the test used (US and Russian presidents) and the register."""
    changes = [
        {"date": str(d)[:10], "label": f"{c}: {n}"}
        for c in ("USA", "RUS")
        for d, n in zip(leader_changes(c)["date"], leader_changes(c)["name"], strict=True)
    ]
    events = [
        {"date": str(d)[:10], "label": str(desc)}
        for d, desc in zip(register["date"], register["description"], strict=True)
    ]
    return sorted(changes, key=lambda m: m["date"]), events


def _measures(study) -> dict[str, Any]:
    summary = study.structure_summary
    measures, inputs = summary["measures"], summary["inputs"]
    tests = measures["tests"]
    series = measure_series(
        tests,
        index=study.series,
        unga=study.unga if "kappa" in tests else None,
        ideal_distance=inputs["ideal_distance"],
        capabilities=inputs["capabilities"],
        dyad="-".join(study.pair.actors),
    )
    changes, events = _markers(measures["register"])
    first = next(iter(tests.values()), None)
    out = {
        "dyad": str(study.pair),
        "hypotheses": first.hypotheses if first is not None else {},
        "measures": [_row(t) for t in tests.values()],
        "series": [
            {
                "measure": name,
                "label": MEASURE_LABELS.get(name, name),
                "freq": tests[name].freq,
                "points": frame,
                "breaks": tests[name].breaks,
            }
            for name, frame in series.items()
        ],
        "transitions": changes,
        "structural_events": events,
        "robustness": robustness_line(tests),
        "notes": measures["notes"],
        "freshness": study.freshness,
    }
    return StructureMeasures.model_validate(plain(out)).model_dump(mode="json")


def _park(study) -> dict[str, Any]:
    from dyadwatch.errors import DyadwatchError

    summary = study.structure_summary
    park = summary["park"]
    if park is None:
        raise DyadwatchError(
            f"no Park comparison for {study.pair}: it needs the study's own events",
            where="{dyad}",
        )
    out = {
        "dyad": str(study.pair),
        **{k: getattr(park, k) for k in ("start", "end", "n", "covariates", "breaks")},
        "models": park.table(),
        "blocked_difference": park.blocked.difference,
        "blocked_se": park.blocked.se,
        "rolling_difference": park.rolling.difference,
        "rolling_se": park.rolling.se,
        "rolling_folds": park.rolling.n_folds,
        "verdict": park.verdict,
        "text": park.text,
        "robustness": robustness_line(summary["measures"]["tests"]),
        "freshness": study.freshness,
    }
    return ParkAnswer.model_validate(plain(out)).model_dump(mode="json")


@router.get("/api/structure/measures", response_model=StructureMeasures, tags=["structure"])
async def structure_measures(request: Request, dyad: str = _DYAD) -> Response:
    """Structure or personality on each measure (relations index, UNGA kappa, ideal-point
    distance, capability ratio): series with breaks, one row a measure, the robustness line."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(
        ("structure-measures", pair), lambda: service.compute(pair, _measures)
    )


@router.get("/api/structure/park", response_model=ParkAnswer, tags=["structure"])
async def structure_park(request: Request, dyad: str = _DYAD) -> Response:
    """Park (2010): leader fixed effects against capability ratio, ideal-point distance and
    breaks at structural events, by held-out log density (h-block and rolling origin)."""
    service, pair = _service(request), str(parse_dyad(dyad))
    return await service.answer(("structure-park", pair), lambda: service.compute(pair, _park))


@router.get("/static/structure.js", include_in_schema=False)
def structure_js() -> Response:
    from importlib import resources

    data = resources.files("dyadwatch.web").joinpath("static/structure.js").read_bytes()
    return Response(content=data, media_type="text/javascript")


@router.get("/structure", response_class=HTMLResponse, include_in_schema=False)
def structure_page(request: Request, dyad: str = Query("USA-RUS", max_length=32)) -> HTMLResponse:
    pair = parse_dyad(dyad)
    return page(
        request, "structure.html", f"{pair.a}–{pair.b}: structure or personality?", dyad=str(pair)
    )
