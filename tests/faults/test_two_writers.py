"""Two imports into one store at once: the second waits with a message, or refuses cleanly.

The first import pauses at ``staging`` (``DYADWATCH_PAUSE_AT``) while it holds the writer
lock, so that the second one certainly starts while the first is mid-way.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import ICEWS_ROWS, MIXED, counts, leftovers, run, start, stop, summary


def _paused_import(store: Path, path: Path, source: str, seconds: str):
    proc = start(
        "ingest",
        source,
        str(path),
        "--db",
        str(store),
        DYADWATCH_PAUSE_AT="staging",
        DYADWATCH_PAUSE_SECONDS=seconds,
    )
    lock = store.parent / f"{store.name}.writer.lock"
    deadline = time.monotonic() + 30
    while not list((store.parent / f"{store.name}.parquet").glob("_staging/*/part*")):
        assert proc.poll() is None and time.monotonic() < deadline, stop(proc)
        time.sleep(0.02)
    assert lock.read_text().strip() == str(proc.pid)  # the holder's PID, for the message
    return proc


@pytest.mark.slow
def test_second_import_waits_then_finds_everything_a_duplicate(store, samples):
    first = _paused_import(store, samples["mixed"], "gdelt1", "3")
    try:
        t0 = time.monotonic()
        second = run("ingest", "gdelt1", str(samples["mixed"]), "--db", str(store))
        waited = time.monotonic() - t0
        out1, err1 = first.communicate(timeout=30)
    finally:
        stop(first)
    assert first.returncode == 0, err1
    assert second.returncode == 0, second.stderr
    assert f"waiting for the import by PID {first.pid} to finish..." in second.stderr
    assert summary(out1) == MIXED
    assert summary(second.stdout) == {
        "read": MIXED["read"],
        "accepted": 0,
        "quarantined": MIXED["quarantined"],
        "duplicates": MIXED["read"] - MIXED["quarantined"],
    }
    assert waited > 1.0  # it really waited for the first to commit
    after = counts(store)
    assert after.by_source == {"gdelt1": MIXED["accepted"], "icews": ICEWS_ROWS}
    assert after.distinct == after.total
    assert leftovers(store) == []


@pytest.mark.slow
def test_two_sources_at_once_both_land(tmp_path, samples):
    store = tmp_path / "s.duckdb"
    first = _paused_import(store, samples["mixed"], "gdelt1", "2")
    try:
        second = run("ingest", "icews", str(samples["icews"]), "--db", str(store))
        out1, err1 = first.communicate(timeout=30)
    finally:
        stop(first)
    assert first.returncode == 0 and second.returncode == 0, (err1, second.stderr)
    assert summary(out1) == MIXED
    assert summary(second.stdout)["accepted"] == ICEWS_ROWS
    after = counts(store)
    assert after.by_source == {"gdelt1": MIXED["accepted"], "icews": ICEWS_ROWS}
    assert after.generation == 2  # two commits, one after the other


@pytest.mark.slow
def test_second_import_refuses_cleanly_after_its_timeout(store, samples):
    first = _paused_import(store, samples["mixed"], "gdelt1", "4")
    try:
        second = run(
            "ingest",
            "icews",
            str(samples["icews"]),
            "--db",
            str(store),
            DYADWATCH_LOCK_TIMEOUT="0.5",
        )
        first.communicate(timeout=30)
    finally:
        stop(first)
    assert second.returncode == 2
    lines = second.stderr.strip().splitlines()
    assert "Traceback" not in second.stderr
    assert lines[0] == f"waiting for the import by PID {first.pid} to finish..."
    assert lines[1].startswith(
        f"error: the store is still locked by the import of PID {first.pid} after 0.5 s"
    )
    assert len(lines) <= 3  # the wait, the error and its fix
    assert first.returncode == 0
    assert counts(store).by_source == {"gdelt1": MIXED["accepted"], "icews": ICEWS_ROWS}
