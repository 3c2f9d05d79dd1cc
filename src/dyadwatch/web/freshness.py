"""The server sees a finished import without a restart.

Before each request the app asks its store whether another process committed since it was
opened (:meth:`dyadwatch.store.Store.changed`: two ``stat`` calls, about 10 us). When one did,
a new :class:`~dyadwatch.web.service.Service` is built over the new state in the background
(in the thread pool, one build at a time) while the old one goes on answering; once built it
replaces the old one, and requests still running finish on the old one, whose files an import
never removes (see ``docs/explanation/store.md``). Every cache lives in the service, so none
outlives the commit that made it stale.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from dyadwatch.errors import DyadwatchError
from dyadwatch.web.security import send_json
from dyadwatch.web.service import REQUEST_KEY

__all__ = ["keep_fresh", "settle_gc", "RETRY_SECONDS", "THAW_EVERY"]

#: After a failed reopen, how long the old service is served before trying again.
RETRY_SECONDS = 1.0
#: Every this many swaps the frozen objects are thawed and collected once (see settle_gc).
THAW_EVERY = 100
_swaps = {"n": 0}


def settle_gc() -> None:
    """Move the objects alive now out of the cyclic collector's sight (``gc.freeze``).

    A full collection walks every tracked object: in the server, the modules of pandas, ibis,
    FastAPI and the models, the studies and the events records, so each one stalled the event
    loop for 45-139 ms (measured with a ``gc.callbacks`` probe under the load test, and the
    loop's lag rose by the same amounts at the same moments). Frozen objects are not walked;
    they are still freed by reference counting when dropped, so only reference cycles among
    them wait (a full collection after a commit found 0-30 such objects), until every
    :data:`THAW_EVERY`-th swap thaws and collects them once.
    """
    import gc

    _swaps["n"] += 1
    if _swaps["n"] % THAW_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def keep_fresh(app: FastAPI, make_service: Callable[[object], object]) -> None:
    """Replace ``app.state.service`` by ``make_service(old)`` whenever its store has changed.

    A GET that this commit has answered before (same path and query string, a final answer:
    see :meth:`~dyadwatch.web.service.Service.remember`) is answered from its bytes here,
    before routing and parameter validation.

    The new service is built (and warmed, see :class:`~dyadwatch.web.service.Service`) in the
    thread pool, one build at a time, while every request goes on being answered by the old
    one: no request waits for a commit, and the new commit is served as soon as it is ready
    (about half a second after an import commits on two cores; a request that arrives within
    that window sees the previous commit, whole). A plain ASGI middleware (Starlette's
    ``@app.middleware("http")`` cost about a sixth of the server's time under load).
    """
    state = {"task": None, "failed": 0.0}
    inner = app.build_middleware_stack

    async def rebuild(service) -> None:
        try:
            new = await run_in_threadpool(make_service, service)
        except DyadwatchError as exc:  # keep serving what was there; retry a second later
            state["failed"] = time.monotonic()
            print(f"warning: cannot reopen the store: {exc.line()}", file=sys.stderr)
        else:
            if app.state.service is service:
                app.state.service = new
                settle_gc()
        finally:
            state["task"] = None

    def build():
        downstream = inner()

        async def fresh(scope, receive, send):
            service = getattr(app.state, "service", None)
            if (
                scope["type"] == "http"
                and service is not None
                and state["task"] is None
                and time.monotonic() - state["failed"] > RETRY_SECONDS
                and service.store.changed()
            ):
                state["task"] = asyncio.get_running_loop().create_task(rebuild(service))
            if scope["type"] != "http" or scope["method"] != "GET" or service is None:
                await downstream(scope, receive, send)
                return
            key = (scope["path"], scope["query_string"])
            body = service.hot(key)
            if body is not None:  # this commit's final answer to the same request
                await send_json(send, body, scope["path"])
                return
            token = REQUEST_KEY.set(key)
            try:
                await downstream(scope, receive, send)
            finally:
                REQUEST_KEY.reset(token)

        return fresh

    app.build_middleware_stack = build
