"""``flock`` locks on small files beside the store, with a wait message and a timeout.

Two locks (see ``docs/explanation/store.md``): the *writer* lock, held by an import for its
whole run so that only one writes at a time, and the *file* lock, held shared while a reader
copies the DuckDB file's small tables and exclusive while a writer changes them (milliseconds).
A lock held by a process that died is released by the kernel, so a killed import never leaves
the store locked.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from dyadwatch.errors import DyadwatchError

__all__ = ["lock_timeout", "locked"]


def lock_timeout() -> float:
    """Seconds to wait for a lock: ``$DYADWATCH_LOCK_TIMEOUT`` (default 300)."""
    value = os.environ.get("DYADWATCH_LOCK_TIMEOUT", "300")
    try:
        return max(0.0, float(value))
    except ValueError:
        raise DyadwatchError(
            f"DYADWATCH_LOCK_TIMEOUT is not a number of seconds: {value!r}",
            where="DYADWATCH_LOCK_TIMEOUT",
            fix="set it to e.g. 300",
        ) from None


def _holder(fd: int) -> str:
    with contextlib.suppress(OSError, ValueError):
        text = os.pread(fd, 32, 0).decode().strip()
        if text:
            return text
    return "?"


@contextlib.contextmanager
def locked(
    path: Path, *, shared: bool = False, what: str = "import", quiet: bool = False
) -> Iterator[None]:
    """Hold an ``flock`` on ``path`` (shared or exclusive), waiting up to :func:`lock_timeout`.

    While waiting for another ``what``, prints once to stderr "waiting for the import by PID N
    to finish..." (unless ``quiet``); gives up with a :class:`DyadwatchError` after the timeout.
    An exclusive holder writes its PID into the file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = time.monotonic() + lock_timeout()
        told, delay = False, 0.002
        while True:
            try:
                fcntl.flock(fd, mode | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pid = _holder(fd)
                if time.monotonic() >= deadline:
                    raise DyadwatchError(
                        f"the store is still locked by the {what} of PID {pid} after "
                        f"{lock_timeout():g} s ({path})",
                        fix="wait for it to finish, or raise DYADWATCH_LOCK_TIMEOUT",
                    ) from None
                if not told and not quiet:
                    print(f"waiting for the {what} by PID {pid} to finish...", file=sys.stderr)
                    told = True
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            if not shared:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
