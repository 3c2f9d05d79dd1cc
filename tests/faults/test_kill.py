"""kill -9 of a real ``dyadwatch ingest`` at each phase: all of the import or none of it.

Each test starts from a store holding the ICEWS sample, imports the mixed GDELT 1.0 input
(see ``conftest``) with ``DYADWATCH_KILL_AT`` naming one phase, and checks that the process
died by SIGKILL, that the store still opens with exactly its previous rows, and that running
the same import again prints exactly the clean figures (read 717 = 710 + 2 + 5) and leaves
nothing behind. One more test kills the import from outside, as soon as it is staging.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from dyadwatch.store.faults import COMMITTED_POINTS, KILL_POINTS

from .conftest import ICEWS_ROWS, MIXED, counts, leftovers, run, start, stop, summary


def _rerun_is_clean(db: Path, mixed: Path) -> None:
    again = run("ingest", "gdelt1", str(mixed), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert summary(again.stdout) == MIXED
    after = counts(db)
    assert after.by_source == {"gdelt1": MIXED["accepted"], "icews": ICEWS_ROWS}
    assert after.distinct == after.total  # no event twice
    assert leftovers(db) == []


@pytest.mark.slow
@pytest.mark.parametrize("point", KILL_POINTS)
def test_kill_at_each_point_leaves_all_or_nothing(point, store, samples):
    before = counts(store)
    killed = run(
        "ingest", "gdelt1", str(samples["mixed"]), "--db", str(store), DYADWATCH_KILL_AT=point
    )
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    during = counts(store)  # the store opens, and holds none of the killed import
    assert during.by_source == before.by_source == {"icews": ICEWS_ROWS}
    assert during.generation == before.generation
    _rerun_is_clean(store, samples["mixed"])


@pytest.mark.slow
@pytest.mark.parametrize("point", COMMITTED_POINTS)
def test_kill_after_the_switch_keeps_all_of_it(point, store, samples):
    """Killed once the new manifest is renamed into place: the import is committed, all of
    it is there, and running it again adds nothing."""
    killed = run(
        "ingest", "gdelt1", str(samples["mixed"]), "--db", str(store), DYADWATCH_KILL_AT=point
    )
    assert killed.returncode == -signal.SIGKILL, (killed.returncode, killed.stderr)
    assert counts(store).by_source == {"gdelt1": MIXED["accepted"], "icews": ICEWS_ROWS}
    again = run("ingest", "gdelt1", str(samples["mixed"]), "--db", str(store))
    assert summary(again.stdout) == {
        "read": MIXED["read"],
        "accepted": 0,
        "quarantined": MIXED["quarantined"],
        "duplicates": MIXED["read"] - MIXED["quarantined"],
    }
    after = counts(store)
    assert after.by_source == {"gdelt1": MIXED["accepted"], "icews": ICEWS_ROWS}
    assert after.distinct == after.total
    assert leftovers(store) == []


@pytest.mark.slow
def test_kill_from_outside_while_staging(store, samples):
    """``kill -9`` sent by another process while the import is writing its staging files."""
    root = store.parent / f"{store.name}.parquet"
    proc = start(
        "ingest",
        "gdelt1",
        str(samples["mixed"]),
        "--db",
        str(store),
        DYADWATCH_PAUSE_AT="staging",
        DYADWATCH_PAUSE_SECONDS="20",
    )
    try:
        deadline = time.monotonic() + 30
        while not list(root.glob("_staging/*/part*/kind=ok/year=*/*.parquet")):
            assert proc.poll() is None and time.monotonic() < deadline, "never staged"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        stop(proc)
    assert counts(store).by_source == {"icews": ICEWS_ROWS}
    assert leftovers(store)  # staging files are there until the next writer removes them
    _rerun_is_clean(store, samples["mixed"])
