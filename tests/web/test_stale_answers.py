"""An earlier commit's computed answer, served while its recomputation runs (web/service.py).

It is kept as hot bytes (answered before routing) only while the recomputation is under way,
and dropped when that ends, so the next request gets this commit's answer.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from dyadwatch.web.service import REQUEST_KEY, Service

KEY = ("stages", "USA-RUS")
RAW = ("/api/stages", b"dyad=USA-RUS")


def _answer(service, compute):
    async def go():
        token = REQUEST_KEY.set(RAW)
        try:
            return await service.answer(KEY, compute)
        finally:
            REQUEST_KEY.reset(token)

    # a loop of its own, in a thread: another test may have left one running in this thread
    with ThreadPoolExecutor(1) as pool:
        return json.loads(pool.submit(asyncio.run, go()).result().body)


def _wait_done(service, seconds=20.0):
    end = time.monotonic() + seconds
    while KEY in service._pending and time.monotonic() < end:
        time.sleep(0.01)
    assert KEY not in service._pending


def test_a_stale_answer_is_hot_while_recomputed_then_dropped(tmp_path):
    db = tmp_path / "s.duckdb"
    old = Service(db)
    assert _answer(old, lambda: {"v": 1}) == {"v": 1}
    new = Service(db, previous=old)
    gate = threading.Event()

    def slow():
        assert gate.wait(20)
        return {"v": 2}

    assert _answer(new, slow) == {"v": 1}  # the earlier commit's, while v2 is computed
    assert json.loads(new.hot(RAW)) == {"v": 1}
    gate.set()
    _wait_done(new)
    assert new.hot(RAW) is None  # the next request is routed again ...
    assert _answer(new, slow) == {"v": 2}  # ... and gets this commit's answer
    assert json.loads(new.hot(RAW)) == {"v": 2}


def test_a_stale_answer_not_being_recomputed_is_not_kept_hot(tmp_path):
    """Within REFRESH_SECONDS of the last recomputation none starts: the request must go on
    reaching Service.answer, which starts one later."""
    db = tmp_path / "s.duckdb"
    old = Service(db)
    _answer(old, lambda: {"v": 1})
    new = Service(db, previous=old)
    new._started[KEY] = time.monotonic()  # one just started (and ended) for an earlier commit
    assert _answer(new, lambda: {"v": 2}) == {"v": 1}
    assert new.hot(RAW) is None


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_failed_recomputation_drops_the_hot_stale_answer(tmp_path):
    db = tmp_path / "s.duckdb"
    old = Service(db)
    _answer(old, lambda: {"v": 1})
    new = Service(db, previous=old)

    def broken():
        raise RuntimeError("boom")

    assert _answer(new, broken) == {"v": 1}
    _wait_done(new)
    assert new.hot(RAW) is None
