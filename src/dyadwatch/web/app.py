"""The analyst's dashboard: a FastAPI app with a JSON API and pages that work offline.

Create it with :func:`create_app`; ``dyadwatch serve`` runs it with uvicorn on 127.0.0.1.
The app is read-only: it never writes events. Every parameter is validated (a bad one gets a
422 with a message, never a 500), work per request is bounded (page sizes, date ranges), and
files are only ever served from the package's own static folder.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field

from dyadwatch import __version__
from dyadwatch.dyads import parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.events import parse_date
from dyadwatch.schema import TAGS
from dyadwatch.study import Study
from dyadwatch.web.cycle_api import make_router as make_cycle_router
from dyadwatch.web.models_api import router as models_router
from dyadwatch.web.security import SecurityMiddleware

__all__ = ["create_app", "MAX_PAGE"]

MAX_PAGE = 500
MAX_CACHED_DYADS = 64
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

#: Tags as an enumeration, so the OpenAPI schema lists the allowed values.
TagName = enum.Enum("TagName", {t: t for t in TAGS}, type=str)

_STATIC = {
    "app.js": ("dyadwatch.web", "static/app.js", "text/javascript"),
    "style.css": ("dyadwatch.web", "static/style.css", "text/css"),
}


class Event(BaseModel):
    """One event as the API returns it."""

    event_id: str
    source: str
    date: str
    actor1: str
    actor2: str
    actor1_detail: str | None = None
    actor2_detail: str | None = None
    cameo: str
    cameo_name: str
    goldstein: float
    quad_class: int
    description: str | None = None
    citation: str | None = None
    url: str | None = None
    tags: list[str] = Field(default_factory=list)


class EventPage(BaseModel):
    """A page of events with the total that matched."""

    dyad: str
    total: int
    offset: int
    limit: int
    events: list[Event]


class Dyad(BaseModel):
    dyad: str
    events: int
    first: str
    last: str


class Leader(BaseModel):
    country: str
    name: str
    office: str
    start: str
    end: str | None
    note: str | None = None
    citation: str


class Problem(BaseModel):
    detail: str


class _Service:
    """One :class:`~dyadwatch.study.Study` per dyad over one store, and a bounded cache.

    One lock serialises access to the DuckDB connection the studies share.
    """

    def __init__(self, db: str | Path | None) -> None:
        from dyadwatch.api import store_with_chronology

        self.db = db
        self.store = store_with_chronology(db)
        self.lock = threading.RLock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._studies: OrderedDict[tuple[str, str], Study] = OrderedDict()

    def study(self, dyad: str, freq: str = "month") -> Study:
        """The dyad's Study (created on first use; the least recently used are dropped)."""
        key = (str(parse_dyad(dyad)), freq)
        with self.lock:
            study = self._studies.get(key)
            if study is None:
                study = self._studies[key] = Study(key[0], freq=freq, store=self.store)
            self._studies.move_to_end(key)
            while len(self._studies) > MAX_CACHED_DYADS:
                self._studies.popitem(last=False)
        return study

    def compute(self, dyad: str, result: Callable[[Study], Any], *, freq: str = "month") -> Any:
        """``result(study)`` for the dyad, computed under the store lock."""
        study = self.study(dyad, freq)
        with self.lock:
            return result(study)

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        if key in self._cache:
            return self._cache[key]
        with self.lock:
            if key not in self._cache:
                self._cache[key] = compute()
        return self._cache[key]

    def cached_events(self, dyad: str) -> _EventIndex | None:
        """The dyad's events if already loaded (cheap; safe on the event loop)."""
        return self._cache.get(("events", str(parse_dyad(dyad))))

    def events(self, dyad: str) -> _EventIndex:
        """The dyad's events, serialised once and indexed for filtering."""
        pair = parse_dyad(dyad)

        def load() -> _EventIndex:
            frame = self.study(str(pair)).all_events.copy()
            frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
            records = _records(frame)
            for r in records:  # validated once here, so requests can skip it
                Event.model_validate(r)
            return _EventIndex(str(pair), records)

        key = ("events", str(pair))
        index = self.cached(key, load)
        self._cache.move_to_end(key)
        while len(self._cache) > MAX_CACHED_DYADS:
            self._cache.popitem(last=False)
        return index


class _EventIndex:
    """A dyad's events as JSON-ready records plus arrays for fast filtering."""

    def __init__(self, dyad: str, records: list[dict[str, Any]]) -> None:
        self.dyad = dyad
        self.records = records
        self.dates = np.array([r["date"] for r in records], dtype="U10")
        self.tags = [frozenset(r["tags"]) for r in records]
        self.text = [(r["description"] or "").lower() for r in records]

    def select(self, start: str | None, end: str | None, tag: str | None, q: str | None):
        mask = np.ones(len(self.records), dtype=bool)
        if start:
            mask &= self.dates >= start
        if end:
            mask &= self.dates <= end
        if tag:
            mask &= np.fromiter((tag in t for t in self.tags), bool, len(self.tags))
        if q:
            needle = q.lower()
            mask &= np.fromiter((needle in t for t in self.text), bool, len(self.text))
        return np.flatnonzero(mask)


def _cameo_names() -> dict[str, str]:
    from dyadwatch.cameo import cameo_table

    return cameo_table()["name"].to_dict()


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    names = _cameo_names()
    out = []
    for row in frame.to_dict(orient="records"):
        tags = row.get("tags")
        out.append(
            {
                "event_id": row["event_id"],
                "source": row["source"],
                "date": row["date"],
                "actor1": row["actor1"],
                "actor2": row["actor2"],
                "actor1_detail": _none(row.get("actor1_detail")),
                "actor2_detail": _none(row.get("actor2_detail")),
                "cameo": row["cameo"],
                "cameo_name": names.get(row["cameo"], ""),
                "goldstein": float(row["goldstein"]),
                "quad_class": int(row["quad_class"]),
                "description": _none(row.get("description")),
                "citation": _none(row.get("citation")),
                "url": _none(row.get("url")),
                "tags": [str(t) for t in (list(tags) if tags is not None else [])],
            }
        )
    return out


def _none(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    return v


@lru_cache(maxsize=1)
def _plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def create_app(db: str | Path | None = None) -> FastAPI:
    """Build the app over the store at ``db`` (default: the user's store).

    Raises:
        DyadwatchError: the store cannot be opened.
    """
    service = _Service(db)
    app = FastAPIOffline(
        redoc_url=None,
        responses={
            400: {"model": Problem, "description": "The request body could not be parsed."},
            422: {"model": Problem, "description": "A parameter was invalid."},
        },
        title="dyadwatch",
        version=__version__,
        description=(
            "Relations indices, the cycle, and models of the essay's four misjudgements, "
            "as a read-only JSON API. Every event carries its citation."
        ),
    )
    app.add_middleware(SecurityMiddleware)
    app.state.service = service
    app.include_router(models_router)
    app.include_router(make_cycle_router(service))
    templates = Jinja2Templates(
        directory=str(resources.files("dyadwatch.web").joinpath("templates"))
    )

    @app.exception_handler(RequestValidationError)
    async def _bad_parameter(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:3]:
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body"))
            parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
        return JSONResponse(status_code=422, content={"detail": "; ".join(parts)})

    @app.exception_handler(DyadwatchError)
    async def _user_error(request: Request, exc: DyadwatchError) -> JSONResponse:
        return JSONResponse(status_code=422, content={"detail": exc.line()})

    # -- API ----------------------------------------------------------------------------------
    @app.get("/api/health", tags=["meta"])
    def health() -> dict[str, str]:
        """Liveness and version."""
        return {"status": "ok", "version": __version__}

    @app.get("/api/dyads", response_model=list[Dyad], tags=["events"])
    def dyads() -> list[dict[str, Any]]:
        """Dyads in the store (unordered pairs) with their event counts, most events first."""

        def compute() -> list[dict[str, Any]]:
            rows = service.store.raw.execute(
                """SELECT least(actor1, actor2) a, greatest(actor1, actor2) b, count(*) n,
                          min(date) first, max(date) last
                   FROM events WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL
                   GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT 200"""
            ).fetchall()
            return [
                {"dyad": f"{a}-{b}", "events": int(n), "first": str(f), "last": str(last)}
                for a, b, n, f, last in rows
            ]

        return service.cached(("dyads",), compute)

    @app.get(
        "/api/events",
        response_model=EventPage,
        tags=["events"],
    )
    async def events(
        dyad: str = Query("USA-RUS", max_length=32, description="Actor pair, e.g. USA-RUS."),
        start: str | None = Query(
            None,
            alias="from",
            pattern=_DATE,
            json_schema_extra={"format": "date"},
            description="First date, YYYY-MM-DD.",
        ),
        end: str | None = Query(
            None,
            alias="to",
            pattern=_DATE,
            json_schema_extra={"format": "date"},
            description="Last date, YYYY-MM-DD.",
        ),
        tag: TagName | None = Query(None, description="An essay-factor or topic tag."),
        q: str | None = Query(None, max_length=200, description="Text in the description."),
        offset: int = Query(0, ge=0, le=10_000_000),
        limit: int = Query(100, ge=1, le=MAX_PAGE),
    ) -> dict[str, Any]:
        """Events between two actors (both directions), oldest first, paginated."""
        start_d = parse_date(start, option="from")
        end_d = parse_date(end, option="to")
        if start_d and end_d and start_d > end_d:
            raise DyadwatchError(f"from {start_d} is after to {end_d}", fix="swap them")
        index = service.cached_events(dyad)
        if index is None:  # first request for this dyad: query the store off the event loop
            index = await run_in_threadpool(service.events, dyad)
        hits = index.select(
            start_d.isoformat() if start_d else None,
            end_d.isoformat() if end_d else None,
            tag.value if tag is not None else None,
            q,
        )
        page = [index.records[i] for i in hits[offset : offset + limit]]
        body = {
            "dyad": index.dyad,
            "total": int(len(hits)),
            "offset": offset,
            "limit": limit,
            "events": page,
        }
        # records were validated against Event when cached; no per-request validation
        return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")

    @app.get("/api/leaders", response_model=list[Leader], tags=["events"])
    def leaders_endpoint(
        country: str | None = Query(None, max_length=3, description="USA or RUS"),
    ) -> list[dict[str, Any]]:
        """US presidents and Russian presidents and prime ministers with their terms."""
        from dyadwatch.api import leaders_table

        frame = leaders_table(country=country)
        return [
            {
                "country": r.country,
                "name": r.name,
                "office": r.office,
                "start": r.start.isoformat(),
                "end": r.end.isoformat() if r.end else None,
                "note": r.note or None,
                "citation": r.citation,
            }
            for r in frame.itertuples()
        ]

    # -- static assets (only the named files; no path from the request reaches the disk) --------
    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js() -> FileResponse:
        return FileResponse(_plotly_js_path(), media_type="text/javascript")

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in _STATIC:
            return JSONResponse(status_code=404, content={"detail": "not found"})
        package, rel, media = _STATIC[name]
        data = resources.files(package).joinpath(rel).read_bytes()
        return Response(content=data, media_type=media)

    # -- pages ---------------------------------------------------------------------------------
    def page(request: Request, name: str, title: str, **extra: Any) -> HTMLResponse:
        return templates.TemplateResponse(
            request,
            name,
            {
                "title": title,
                "page": name.removesuffix(".html"),
                "version": __version__,
                "today": dt.date.today().isoformat(),
                **extra,
            },
        )

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, dyad: str = Query("USA-RUS", max_length=32)) -> HTMLResponse:
        pair = parse_dyad(dyad)
        return page(request, "overview.html", f"{pair.a}–{pair.b} overview", dyad=str(pair))

    @app.get("/threats", response_class=HTMLResponse, include_in_schema=False)
    def threats_page(request: Request) -> HTMLResponse:
        from dyadwatch.models.threats import DEFAULT_HYPOTHESES

        return page(
            request, "threats.html", "Threat perception", hypotheses=list(DEFAULT_HYPOTHESES)
        )

    @app.get("/risk", response_class=HTMLResponse, include_in_schema=False)
    def risk_page(request: Request) -> HTMLResponse:
        return page(request, "risk.html", "Tolerance for risk")

    @app.get("/models", response_class=HTMLResponse, include_in_schema=False)
    def models_page(request: Request) -> HTMLResponse:
        return page(request, "models.html", "Cynicism and security demand")

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def explorer(request: Request, dyad: str = Query("USA-RUS", max_length=32)) -> HTMLResponse:
        pair = parse_dyad(dyad)
        return page(request, "events.html", f"{pair.a}–{pair.b} events", dyad=str(pair), tags=TAGS)

    return app
