"""Kill points for the fault tests: ``DYADWATCH_KILL_AT=reading|staging|writing|switching``.

With the variable set, the import kills its own process with SIGKILL when it reaches that
point, as ``kill -9`` or a power cut would. Only the tests in ``tests/faults`` set it.
"""

from __future__ import annotations

import os
import signal

__all__ = ["KILL_POINTS", "kill_point"]

KILL_POINTS = ("reading", "staging", "writing", "switching")


def kill_point(name: str) -> None:
    """Die here (SIGKILL, no cleanup) when ``$DYADWATCH_KILL_AT`` names this point."""
    if os.environ.get("DYADWATCH_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
