"""API routes for events: health, the dyads in the store, events (paginated) and leaders."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from dyadwatch import __version__
from dyadwatch.api.data import parse_date
from dyadwatch.errors import DyadwatchError
from dyadwatch.web.schemas import Dyad, EventPage, Leader, TagName

__all__ = ["router", "MAX_PAGE"]

MAX_PAGE = 500
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
router = APIRouter()


def _service(request: Request):
    return request.app.state.service


@router.get("/api/health", tags=["meta"])
def health() -> dict[str, str]:
    """Liveness and version."""
    return {"status": "ok", "version": __version__}


@router.get("/api/dyads", response_model=list[Dyad], tags=["events"])
def dyads(request: Request) -> list[dict[str, Any]]:
    """Dyads in the store (unordered pairs) with their event counts, most events first."""

    service = _service(request)

    def compute() -> list[dict[str, Any]]:
        # every event, the imported Parquet ones included (not only the small DuckDB table)
        relation = service.store.events_relation()
        rows = service.store.raw.execute(
            f"""SELECT least(actor1, actor2) a, greatest(actor1, actor2) b, count(*) n,
                      min(date) first, max(date) last
               FROM {relation} WHERE actor1 IS NOT NULL AND actor2 IS NOT NULL
               GROUP BY 1, 2 ORDER BY n DESC, a, b LIMIT 200"""
        ).fetchall()
        return [
            {"dyad": f"{a}-{b}", "events": int(n), "first": str(f), "last": str(last)}
            for a, b, n, f, last in rows
        ]

    return service.cached(("dyads",), compute)


@router.get(
    "/api/events",
    response_model=EventPage,
    tags=["events"],
)
async def events(
    request: Request,
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
    service = _service(request)  # one commit's service for the whole request
    index = service.cached_events(dyad)
    if index is None:  # first request for this dyad: query the store off the event loop
        index = await run_in_threadpool(service.events, dyad)
    body = index.page(
        start_d.isoformat() if start_d else None,
        end_d.isoformat() if end_d else None,
        tag.value if tag is not None else None,
        q,
        offset,
        limit,
    )  # records were validated against Event when cached; serialised once per commit
    service.remember(body)  # served before routing next time (this commit)
    return Response(body, media_type="application/json")


@router.get("/api/leaders", response_model=list[Leader], tags=["events"])
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
