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
        #: answer key -> raw requests whose hot bytes are an earlier commit's answer to it
        self._hot_stale: dict[tuple, set[tuple]] = {}
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
            if key in self._pending:  # kept hot until the recomputation ends (_refresh)
                self.remember(stale.body, stale_of=key)
            return stale
        value = await run_in_threadpool(self._answer, key, compute)
        self.remember(value.body)
        return value

    def remember(self, body: bytes, *, stale_of: tuple | None = None) -> None:
        """Keep ``body`` as the answer to the request being answered, served before routing.

        ``stale_of``: the body is an earlier commit's answer to that key, served while its
        recomputation runs; :meth:`_refresh` drops it when the recomputation ends.
        """
        key = REQUEST_KEY.get()
        if key is not None:
            if len(self._hot) >= MAX_HOT:
                self._hot.pop(next(iter(self._hot)), None)
            self._hot[key] = body
            if stale_of is not None:
                self._hot_stale.setdefault(stale_of, set()).add(key)

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
            service = self
            while service is not None:  # the next request for it is routed again
                for raw in service._hot_stale.pop(key, ()):
                    service._hot.pop(raw, None)
                service = service._successor

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
            return EventIndex(str(pair), _records(self.study(str(pair)).all_events_arrow))

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


def _check_columns(table) -> None:
    """What validating every record as an :class:`Event` checked, checked on the columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = Event.model_json_schema()
    required = set(schema["required"]) - {"cameo_name"}
    kinds = {
        "string": pa.types.is_string,
        "number": lambda t: pa.types.is_floating(t) or pa.types.is_integer(t),
        "integer": pa.types.is_integer,
    }
    for name in table.column_names:
        column, spec = table.column(name), schema["properties"][name]
        if name in required and column.null_count:
            raise ValueError(f"{column.null_count} events have no {name}")
        if name == "tags":
            ok = pa.types.is_null(column.type) or (
                pa.types.is_list(column.type)
                and pa.types.is_string(column.type.value_type)
                and pc.list_flatten(column).null_count == 0
            )
        else:
            allowed = [spec["type"]] if "type" in spec else [a["type"] for a in spec["anyOf"]]
            ok = pa.types.is_null(column.type) or any(
                kinds[k](column.type) for k in allowed if k != "null"
            )
        if not ok:
            raise ValueError(f"events column {name} is {column.type}, not {spec}")


def _cameo_names() -> dict[str, str]:
    from dyadwatch.cameo import cameo_table

    return cameo_table()["name"].to_dict()


_KEYS = (
    "event_id", "source", "date", "actor1", "actor2", "actor1_detail", "actor2_detail",
    "cameo", "goldstein", "quad_class", "description", "citation", "url", "tags",
)  # fmt: skip


def _records(table) -> list[dict[str, Any]]:
    """The events as the API's records, built from the Arrow table by Arrow itself.

    ``to_pylist`` makes the dicts in C++ (with the dates cast to ISO text there too); what is
    left in Python is the CAMEO name and an empty list for missing tags. The records are
    checked against the :class:`~dyadwatch.web.schemas.Event` schema once, on the columns
    (:func:`_check_columns`: their types and nulls decide every record's), so requests can
    skip it. Before (pandas ``tolist`` per column, a dict and a pydantic call per row) a
    commit's rebuild of 31,809 events cost 0.67 s of the server's CPU, under the GIL the
    requests need; now 12,187 events take 0.06 s of DuckDB query (no GIL) and 0.02 s here.
    """
    import pyarrow as pa

    names = _cameo_names()
    columns = {}
    for key in _KEYS:
        if key not in table.column_names:
            columns[key] = pa.nulls(table.num_rows)
        elif key in ("date", "event_id"):  # ISO dates; ids are text in the API
            columns[key] = table.column(key).cast(pa.string())
        else:
            columns[key] = table.column(key)
    table = pa.table(columns)
    _check_columns(table)
    records = table.to_pylist()
    for record in records:
        record["cameo_name"] = names.get(record["cameo"], "")
        if record["tags"] is None:
            record["tags"] = []
    return records
