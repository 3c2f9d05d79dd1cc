"""Which of an import's files hold a control character at all: a byte scan per file.

The bad-value rule :data:`~dyadwatch.sources.canonical.CONTROL_REASON` quarantines a row whose
stored text fields hold a C0 control character other than tab, LF and CR, or DEL (the regular
expression ``_CONTROL`` of :mod:`dyadwatch.sources.canonical`). Evaluated on every row, that
search was the dearest rule of the import: about 0.8 s of DuckDB CPU time per 2M GDELT rows
(the seven text fields joined and searched), 2 cores, 2026-12-07.

In UTF-8 those characters are single bytes that occur nowhere else (every byte of a multi-byte
sequence is 0x80 or above), and the engines' readers copy field bytes as they are (no escapes
that could make one), so a field can hold one only if its file's bytes do. This module scans
each file's bytes once, vectorised with NumPy (about 0.3 s of CPU per 600 MB, on threads that
overlap the import's Python set-up); the row rule then runs only on the rows of files that hold
such a byte somewhere (in any column), and is skipped for the others. What it rejects, and why,
is unchanged.
"""

from __future__ import annotations

from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

__all__ = ["holds_control_byte", "ControlScan"]

_CHUNK = 1 << 21


def holds_control_byte(path: Path) -> bool:
    """True when the file holds a byte 0x00-0x08, 0x0B, 0x0C, 0x0E-0x1F or 0x7F anywhere.

    Per chunk: the bytes below 0x20 are counted and compared with the count of tabs, line feeds
    and carriage returns (``b | 4 == 13`` holds for exactly 0x09 and 0x0D); then DEL is looked for.
    """
    import numpy as np

    buf = bytearray(_CHUNK)
    scratch = np.empty(_CHUNK, np.uint8)
    mask = np.empty(_CHUNK, np.bool_)
    with Path(path).open("rb", buffering=0) as f:
        while True:
            n = f.readinto(buf)
            if not n:
                return False
            c = np.frombuffer(buf, np.uint8, n)
            t, m = scratch[:n], mask[:n]
            np.less(c, 32, out=m)
            low = np.count_nonzero(m)
            np.bitwise_or(c, 4, out=t)
            np.equal(t, 13, out=m)
            allowed = np.count_nonzero(m)
            np.equal(c, 10, out=m)
            allowed += np.count_nonzero(m)
            if low != allowed:
                return True
            np.equal(c, 127, out=m)
            if m.any():
                return True


class ControlScan:
    """The byte scan of an import's files, started in the background (two threads).

    ``start`` returns at once; :meth:`holding` waits for the files asked about. NumPy and file
    reads release the GIL, but each chunk needs it back about ten times, so the scan does not
    overlap GIL-bound Python well: run alongside ``import ibis`` the two took 0.65 s together
    against 0.16 s + 0.37 s one after the other (2M GDELT rows, 600 MB, 2 cores, 2026-12-07).
    The import therefore scans its plain files while the store opens (DuckDB, no GIL) and
    waits for the scan before it imports ibis.
    """

    def __init__(self, workers: int = 2) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._workers = workers
        self._futures: dict[str, Future] = {}

    def start(self, paths: list[Path]) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="control-scan")
        for path in paths:
            key = str(path)
            if key not in self._futures:
                self._futures[key] = self._pool.submit(holds_control_byte, Path(path))

    def wait(self) -> None:
        """Wait for every file started (one it could not read raises later, if asked about)."""
        futures.wait(list(self._futures.values()))

    def holding(self, paths: list[Path]) -> set[str]:
        """Those of ``paths`` that hold a control byte (a file not scanned yet is scanned now)."""
        self.start(paths)
        return {str(p) for p in paths if self._futures[str(p)].result()}

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
