"""The app's service: one store, one :class:`~dyadwatch.study.Study` per dyad, and caches.

Results depend only on the store's content, which the read-only app never changes, so each
JSON answer is computed once per parameter set (in the thread pool, one computation per key at
a time) and then served from memory on the event loop.

After an import commits, :mod:`dyadwatch.web.freshness` builds a new Service with the old one as
``previous`` in the background, while the old one goes on answering: the new one loads the
events of every dyad the old one had loaded before it is put in service, so events and dyads
come from the new commit as soon as it answers; a computed answer (stages, index, models) the
previous service held is served from it while its recomputation over the new commit runs in
the background (once per key, at most every :data:`REFRESH_SECONDS`), so a commit never stalls
a request.

Events pages are served as JSON bytes kept per (dyad, filters, page) in the dyad's
:class:`EventIndex`, which belongs to one commit: serialising a page costs once per commit.
A final answer (an events page, or a computed answer of this commit, never an earlier
commit's) is also kept under its raw request (path and query string, :data:`REQUEST_KEY`),
so that the same GET is answered again before routing and parameter validation
(:mod:`dyadwatch.web.freshness`): the same bytes, without FastAPI's routing.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from dyadwatch.dyads import parse_dyad
from dyadwatch.serialise import plain
from dyadwatch.study import Study
from dyadwatch.web.schemas import Event

__all__ = [
    "Service", "EventIndex", "MAX_CACHED_DYADS", "MAX_CACHED", "MAX_PAGES", "REFRESH_SECONDS",
    "MAX_HOT", "REQUEST_KEY",
]  # fmt: skip

MAX_CACHED_DYADS = 64
MAX_CACHED = 256
#: Serialised events pages kept per dyad and commit.
MAX_PAGES = 512
#: Answers kept as bytes per raw request (path, query string) and commit, served before routing.
MAX_HOT = 2048
#: The raw ``(path, query string)`` of the GET request being answered (set by
#: :mod:`dyadwatch.web.freshness`); a final answer is kept under it (:meth:`Service.remember`).
REQUEST_KEY: ContextVar[tuple | None] = ContextVar("dyadwatch_request_key", default=None)
#: A computed answer (stages, index, models) is recomputed for a new commit at most this
#: often (seconds), one computation per key at a time: under a stream of commits (an import
#: every few seconds) the earlier answer is served meanwhile, instead of every commit
#: starting a fit of seconds that competes with the requests for the CPU.
REFRESH_SECONDS = 5.0


class Service:
    """One :class:`~dyadwatch.study.Study` per dyad over one store, and a bounded cache.

    One lock serialises access to the DuckDB connection the studies share.
    """

    def __init__(self, db: str | Path | None, previous: Service | None = None) -> None:
        from dyadwatch.api import store_with_chronology

        self.db = db
        self.store = store_with_chronology(db)
        self.lock = threading.RLock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._studies: OrderedDict[tuple[str, str], Study] = OrderedDict()
        self._answers: OrderedDict[tuple, Response] = OrderedDict()
        self._key_locks: dict[tuple, threading.Lock] = {}
        self._guard = threading.Lock()
        self._stale: dict[tuple, Response] = (
            {**previous._stale, **previous._answers} if previous else {}
        )
        # shared by every generation: keys being recomputed, and when each last started
        self._pending: set[tuple] = previous._pending if previous else set()
        self._started: dict[tuple, float] = previous._started if previous else {}
        self._successor: Service | None = None
        self._hot: dict[tuple, bytes] = {}
        if previous is not None:
            previous._successor = self
        if previous is not None:  # warm: the dyads' events the old service had, before the swap
            for key in [k for k in list(previous._cache) if k[0] == "events"]:
                self.events(key[1])

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

    async def answer(self, key: tuple, compute: Callable[[], Any]) -> Response:
        """The JSON answer for ``key``: from memory on the event loop, or computed once in the
        thread pool (one computation per key at a time; the oldest answers are dropped)."""
        hit = self._answers.get(key)
        if hit is not None:
            self.remember(hit.body)
            return hit
        stale = self._stale.get(key)
        if stale is not None:  # an earlier commit's answer while this one's is computed
            since = time.monotonic() - self._started.get(key, -REFRESH_SECONDS)
            if key not in self._pending and since >= REFRESH_SECONDS:
                self._pending.add(key)
                self._started[key] = time.monotonic()
                threading.Thread(target=self._refresh, args=(key, compute), daemon=True).start()
            return stale
        value = await run_in_threadpool(self._answer, key, compute)
        self.remember(value.body)
        return value

    def remember(self, body: bytes) -> None:
        """Keep ``body`` as this commit's final answer to the request being answered."""
        key = REQUEST_KEY.get()
        if key is not None:
            if len(self._hot) >= MAX_HOT:
                self._hot.pop(next(iter(self._hot)), None)
            self._hot[key] = body

    def hot(self, key: tuple) -> bytes | None:
        """The answer kept for the raw request ``key`` (see :meth:`remember`), if any."""
        return self._hot.get(key)

    def _refresh(self, key: tuple, compute: Callable[[], Any]) -> None:
        try:
            value = self._answer(key, compute)
            later = self._successor  # newer commits came meanwhile: their best answer so far
            while later is not None:
                if key not in later._answers:
                    later._stale[key] = value
                later = later._successor
        finally:  # computed (or failed: then the next request computes it in the open)
            self._stale.pop(key, None)
            self._pending.discard(key)

    def _answer(self, key: tuple, compute: Callable[[], Any]) -> Response:
        with self._guard:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._answers:
                value = Response(
                    json.dumps(plain(compute()), ensure_ascii=False),
                    media_type="application/json",
                )
                with self._guard:
                    self._answers[key] = value
                    while len(self._answers) > MAX_CACHED:
                        old, _ = self._answers.popitem(last=False)
                        self._key_locks.pop(old, None)
            return self._answers[key]

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        if key in self._cache:
            return self._cache[key]
        with self.lock:
            if key not in self._cache:
                self._cache[key] = compute()
        return self._cache[key]

    def cached_events(self, dyad: str) -> EventIndex | None:
        """The dyad's events if already loaded (cheap; safe on the event loop)."""
        return self._cache.get(("events", str(parse_dyad(dyad))))

    def events(self, dyad: str) -> EventIndex:
        """The dyad's events, serialised once and indexed for filtering."""
        pair = parse_dyad(dyad)

        def load() -> EventIndex:
            frame = self.study(str(pair)).all_events.copy()
            frame["date"] = pd.to_datetime(frame["date"]).dt.strftime("%Y-%m-%d")
            records = _records(frame)
            for r in records:  # validated once here, so requests can skip it
                Event.model_validate(r)
            return EventIndex(str(pair), records)

        key = ("events", str(pair))
        index = self.cached(key, load)
        self._cache.move_to_end(key)
        while len(self._cache) > MAX_CACHED_DYADS:
            self._cache.popitem(last=False)
        return index


class EventIndex:
    """A dyad's events as JSON-ready records plus arrays for fast filtering, and the pages
    asked for so far as JSON bytes (at most :data:`MAX_PAGES`, the oldest dropped)."""

    def __init__(self, dyad: str, records: list[dict[str, Any]]) -> None:
        self.dyad = dyad
        self.records = records
        self._pages: dict[tuple, bytes] = {}
        self.dates = np.array([r["date"] for r in records], dtype="U10")
        self.tags = [frozenset(r["tags"]) for r in records]
        self.text = [(r["description"] or "").lower() for r in records]

    def page(
        self, start: str | None, end: str | None, tag: str | None, q: str | None, offset, limit
    ) -> bytes:
        """The page of events as JSON (the ``EventPage`` schema), serialised once."""
        key = (start, end, tag, q, offset, limit)
        body = self._pages.get(key)
        if body is None:
            hits = self.select(start, end, tag, q)
            page = [self.records[i] for i in hits[offset : offset + limit]]
            doc = {"dyad": self.dyad, "total": int(len(hits)), "offset": offset}
            doc |= {"limit": limit, "events": page}
            body = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            if len(self._pages) >= MAX_PAGES:
                self._pages.pop(next(iter(self._pages)), None)
            self._pages[key] = body
        return body

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
    n = len(frame)

    def col(name: str) -> list[Any]:
        if name not in frame:
            return [None] * n
        return [_none(v) for v in frame[name].tolist()]

    tags = [[str(t) for t in (list(v) if v is not None else [])] for v in col("tags")]
    columns = zip(
        col("event_id"), col("source"), col("date"), col("actor1"), col("actor2"),
        col("actor1_detail"), col("actor2_detail"), col("cameo"),
        frame["goldstein"].astype(float).tolist(), frame["quad_class"].astype(int).tolist(),
        col("description"), col("citation"), col("url"), tags, strict=True,
    )  # fmt: skip
    keys = (
        "event_id", "source", "date", "actor1", "actor2", "actor1_detail", "actor2_detail",
        "cameo", "goldstein", "quad_class", "description", "citation", "url", "tags",
    )  # fmt: skip
    out = []
    for values in columns:
        record = dict(zip(keys, values, strict=True))
        record["cameo_name"] = names.get(record["cameo"], "")
        out.append(record)
    return out


def _none(v: Any) -> Any:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return None
    return v
