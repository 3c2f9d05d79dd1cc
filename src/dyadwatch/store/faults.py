"""Kill and pause points for the fault tests: ``DYADWATCH_KILL_AT=<point>``.

The points, in the order an import reaches them: ``reading`` (the files checked and sniffed),
``staging`` (rows parsed into staging Parquet files), ``writing`` (the kept rows moved into the
store's folder, not yet committed), ``switching`` (the new manifest written and synced, not yet
renamed over the old one) and ``switched`` (renamed, the folder not yet synced: committed).
With ``DYADWATCH_KILL_AT`` set, the import kills its own process with SIGKILL when it reaches
that point, as ``kill -9`` or a power cut would. With ``DYADWATCH_PAUSE_AT`` set, it sleeps
there for ``DYADWATCH_PAUSE_SECONDS`` (default 2) while holding the writer lock, so that a test
can start a second import, a report or requests against a server while the first is mid-way.
Only the tests in ``tests/faults`` set them.
"""

from __future__ import annotations

import os
import signal
import time

__all__ = ["KILL_POINTS", "COMMITTED_POINTS", "kill_point"]

KILL_POINTS = ("reading", "staging", "writing", "switching")
#: Where an import is already committed: a kill here keeps all of it.
COMMITTED_POINTS = ("switched",)


def kill_point(name: str) -> None:
    """Die here (SIGKILL, no cleanup) when ``$DYADWATCH_KILL_AT`` names this point; sleep here
    when ``$DYADWATCH_PAUSE_AT`` does."""
    if os.environ.get("DYADWATCH_PAUSE_AT") == name:
        time.sleep(float(os.environ.get("DYADWATCH_PAUSE_SECONDS", "2")))
    if os.environ.get("DYADWATCH_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
