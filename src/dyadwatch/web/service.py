"""The app's service: one store, one :class:`~dyadwatch.study.Study` per dyad, and caches.

Results depend only on the store's content, which the read-only app never changes, so each
JSON answer is computed once per parameter set (in the thread pool, one computation per key at
a time) and then served from memory on the event loop.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
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

__all__ = ["Service", "EventIndex", "MAX_CACHED_DYADS", "MAX_CACHED"]

MAX_CACHED_DYADS = 64
MAX_CACHED = 256


class Service:
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
        self._answers: OrderedDict[tuple, Response] = OrderedDict()
        self._key_locks: dict[tuple, threading.Lock] = {}
        self._guard = threading.Lock()

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
            return hit
        return await run_in_threadpool(self._answer, key, compute)

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
