"""The analyst's dashboard: a FastAPI app with a JSON API and pages that work offline.

Create it with :func:`create_app`; ``dyadwatch serve`` runs it with uvicorn on 127.0.0.1.
The app is read-only: it never writes events. Every parameter is validated (a bad one gets a
422 with a message, never a 500), work per request is bounded (page sizes, date ranges, body
size), responses carry a strict Content-Security-Policy (:mod:`dyadwatch.web.security`), and
files are only ever served from the package's own static folder.

Routes live in :mod:`~dyadwatch.web.events_api`, :mod:`~dyadwatch.web.cycle_api`,
:mod:`~dyadwatch.web.models_api` and :mod:`~dyadwatch.web.pages`; every one asks the app's
:class:`~dyadwatch.web.service.Service` (one Study per dyad over one store).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from dyadwatch import __version__
from dyadwatch.errors import DyadwatchError
from dyadwatch.web.cycle_api import router as cycle_router
from dyadwatch.web.events_api import MAX_PAGE
from dyadwatch.web.events_api import router as events_router
from dyadwatch.web.freshness import keep_fresh, settle_gc
from dyadwatch.web.models_api import router as models_router
from dyadwatch.web.pages import router as pages_router
from dyadwatch.web.schemas import Problem
from dyadwatch.web.security import SecurityMiddleware
from dyadwatch.web.service import Service
from dyadwatch.web.structure_api import router as structure_router  # issue 17 (helper I)

__all__ = ["create_app", "MAX_PAGE"]

#: How the API names parameters in its errors (the core's ``start`` is the query's ``from``).
API_NAMES = {"start": "from", "end": "to"}


def create_app(db: str | Path | None = None) -> FastAPI:
    """Build the app over the store at ``db`` (default: the user's store).

    Raises:
        DyadwatchError: the store cannot be opened.
    """
    app = FastAPIOffline(
        redoc_url=None,
        responses={
            400: {"model": Problem, "description": "The request body could not be parsed."},
            413: {"model": Problem, "description": "The request body is too large."},
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
    app.state.service = Service(db)
    # -- issue 16 (helper A): a finished import is served without a restart ----------------
    keep_fresh(app, lambda old: Service(db, previous=old))
    settle_gc()  # the imported modules and the first service: out of the collector's walk
    # -- end ---------------------------------------------------------------------------------
    for router in (events_router, cycle_router, models_router, structure_router, pages_router):
        app.include_router(router)
    app.add_exception_handler(RequestValidationError, _bad_parameter)
    app.add_exception_handler(DyadwatchError, _user_error)
    return app


async def _bad_parameter(request: Request, exc: RequestValidationError) -> JSONResponse:
    parts = []
    for err in exc.errors()[:3]:
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body"))
        parts.append(f"{where or 'request'}: {err.get('msg', 'invalid')}")
    return JSONResponse(status_code=422, content={"detail": "; ".join(parts)})


async def _user_error(request: Request, exc: DyadwatchError) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": exc.line(API_NAMES)})
