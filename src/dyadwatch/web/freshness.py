"""The server sees a finished import without a restart.

Before each request the app asks its store whether another process committed since it was
opened (:meth:`dyadwatch.store.Store.changed`: two ``stat`` calls, about 10 us). When one did,
a new :class:`~dyadwatch.web.service.Service` is built over the new state (in the thread
pool, once per commit) and replaces the old one; requests already running finish on the old
one, whose files an import never removes (see ``docs/explanation/store.md``). Every cache
lives in the service, so none outlives the commit that made it stale.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool

from dyadwatch.errors import DyadwatchError

__all__ = ["keep_fresh"]


def keep_fresh(app: FastAPI, make_service: Callable[[object], object]) -> None:
    """Swap ``app.state.service`` for ``make_service(old)`` whenever its store has changed.

    A plain ASGI middleware (Starlette's ``@app.middleware("http")`` cost about a sixth of the
    server's time under load).
    """
    swap = asyncio.Lock()
    inner = app.build_middleware_stack

    def build():
        downstream = inner()

        async def fresh(scope, receive, send):
            service = getattr(app.state, "service", None)
            if scope["type"] == "http" and service is not None and service.store.changed():
                async with swap:
                    if app.state.service is service:  # not already swapped by another request
                        try:
                            app.state.service = await run_in_threadpool(make_service, service)
                        except DyadwatchError as exc:  # keep serving what was there
                            line = exc.line()
                            print(f"warning: cannot reopen the store: {line}", file=sys.stderr)
            await downstream(scope, receive, send)

        return fresh

    app.build_middleware_stack = build
