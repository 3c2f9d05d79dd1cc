"""The dashboard's pages and the static files they use (served locally; works offline)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates

from dyadwatch import __version__
from dyadwatch.dyads import parse_dyad
from dyadwatch.errors import DyadwatchError
from dyadwatch.freshness import STALE_DAYS
from dyadwatch.schema import TAGS

__all__ = ["router"]

_STATIC = {
    "app.js": ("dyadwatch.web", "static/app.js", "text/javascript"),
    "style.css": ("dyadwatch.web", "static/style.css", "text/css"),
    "icon.svg": ("dyadwatch.web", "static/icon.svg", "image/svg+xml"),
}
router = APIRouter(include_in_schema=False)


@lru_cache(maxsize=1)
def _templates() -> Jinja2Templates:
    return Jinja2Templates(directory=str(resources.files("dyadwatch.web").joinpath("templates")))


@lru_cache(maxsize=1)
def _plotly_js_path() -> Path:
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


# -- static assets (only the named files; no path from the request reaches the disk)
@router.get("/static/plotly.min.js")
def plotly_js() -> FileResponse:
    return FileResponse(_plotly_js_path(), media_type="text/javascript")


@router.get("/favicon.ico")
def favicon() -> Response:
    """The dashboard's icon, for browsers and tools that ask for /favicon.ico (was a 404)."""
    return static("icon.svg")


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in _STATIC:
        return JSONResponse(status_code=404, content={"detail": "not found"})
    package, rel, media = _STATIC[name]
    data = resources.files(package).joinpath(rel).read_bytes()
    return Response(content=data, media_type=media)


# -- pages
def page(request: Request, name: str, title: str, **extra: Any) -> HTMLResponse:
    """Render a page template with the values every page has."""
    return _templates().TemplateResponse(
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


def freshness(request: Request, dyad: str) -> dict[str, Any]:
    """The dyad's data range and the age of its newest event, for the line under the title
    (``stale`` when there are none or the newest is more than 30 days old)."""
    service = request.app.state.service

    def line(study) -> dict[str, Any]:
        table = study.freshness
        stale = not len(table) or min(table["age_days"]) > STALE_DAYS  # none is worse than old
        return {"freshness": study.freshness_note, "stale": stale}

    try:
        return service.compute(dyad, line)
    except DyadwatchError as exc:
        return {"freshness": exc.line(), "stale": True}


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, dyad: str = Query("USA-RUS", max_length=32)) -> HTMLResponse:
    pair = parse_dyad(dyad)
    title = f"{pair.a}–{pair.b} overview"
    return page(request, "overview.html", title, dyad=str(pair), **freshness(request, str(pair)))


@router.get("/threats", response_class=HTMLResponse)
def threats_page(request: Request) -> HTMLResponse:
    from dyadwatch.api.threats import DEFAULT_HYPOTHESES

    return page(request, "threats.html", "Threat perception", hypotheses=list(DEFAULT_HYPOTHESES))


@router.get("/risk", response_class=HTMLResponse)
def risk_page(request: Request) -> HTMLResponse:
    return page(request, "risk.html", "Tolerance for risk")


@router.get("/models", response_class=HTMLResponse)
def models_page(request: Request) -> HTMLResponse:
    return page(request, "models.html", "Cynicism and security demand")


@router.get("/events", response_class=HTMLResponse)
def explorer(request: Request, dyad: str = Query("USA-RUS", max_length=32)) -> HTMLResponse:
    pair = parse_dyad(dyad)
    title, fresh = f"{pair.a}–{pair.b} events", freshness(request, str(pair))
    return page(request, "events.html", title, dyad=str(pair), tags=TAGS, **fresh)
