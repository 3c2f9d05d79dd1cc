"""The ledger: every file a source has announced, and what became of it.

One JSON line per change, appended and flushed to disk at once (``ledger.jsonl`` in the update
folder), so an update killed at any moment leaves a ledger that the next run reads: the last
line of a file wins. A line is ``{"source", "name", "state", "reason", "size", "md5", "stamp",
"url", "late", "events", "at"}``; a ``{"source", "window_start"}`` line records how far back
the source is followed.

States:

* ``announced`` — listed, not fetched yet (or a fetch was interrupted);
* ``downloaded`` — on disk with the right size and MD5, not imported yet;
* ``imported`` — its events are in the store (final);
* ``empty`` — the list gives size 0, or the file holds no rows (final: nothing to import);
* ``missing`` — listed but the server answers 404 (retried on every update);
* ``bad_checksum`` — the bytes do not match the listed MD5 or size (retried);
* ``truncated`` — fewer bytes than the list says (kept, resumed on the next update);
* ``refused`` — downloaded but the import could not read it (the reason says why; retried);
* ``failed`` — the transfer kept failing (network errors, HTTP 5xx); retried.

``late`` marks a file that turned up after the ledger had seen newer ones, or after it had been
reported missing: GDELT's lists are sometimes filled in hours after the interval.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

from dyadwatch.errors import DyadwatchError

__all__ = ["STATES", "FINAL", "GAPS", "Ledger", "update_dir"]

STATES = (
    "announced",
    "downloaded",
    "imported",
    "empty",
    "missing",
    "bad_checksum",
    "truncated",
    "refused",
    "failed",
)
FINAL = ("imported", "empty")
GAPS = ("missing", "bad_checksum", "truncated", "refused", "failed")


def update_dir() -> Path:
    """Where updates keep their ledger and raw files (``$DYADWATCH_UPDATE_DIR`` or
    ``update/`` in the user data directory)."""
    env = os.environ.get("DYADWATCH_UPDATE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("dyadwatch", appauthor=False)) / "update"


class Ledger:
    """The ledger file, read once and appended to (thread-safe).

    Args:
        path: the JSON-lines file (default: ``ledger.jsonl`` in :func:`update_dir`).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else update_dir() / "ledger.jsonl"
        self.entries: dict[tuple[str, str], dict] = {}
        self.windows: dict[str, dt.datetime] = {}
        self._lock = threading.Lock()
        self._read()

    def _read(self) -> None:
        if not self.path.exists():
            return
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:
            raise DyadwatchError(
                f"{self.path} is not an update ledger (not UTF-8 text)",
                where="ledger",
                fix="pass --ledger with the ledger's JSON-lines file, or a new path to start one",
            ) from None
        except OSError as exc:
            raise DyadwatchError(
                f"cannot read the update ledger {self.path}: {exc.strerror}",
                where="ledger",
                fix="pass --ledger with a readable file",
            ) from None
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError:
                if number == len(lines):  # a last line cut short by a kill: ignore it
                    break
                raise DyadwatchError(
                    "the update ledger is damaged",
                    where=f"{self.path}, line {number}",
                    fix="delete that line (the next update re-checks the file)",
                ) from None
            if "window_start" in row:
                self.windows[row["source"]] = dt.datetime.fromisoformat(row["window_start"])
            else:
                self.entries[(row["source"], row["name"])] = row

    def _append(self, *rows: dict) -> None:
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as handle:
                    handle.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as exc:
                raise DyadwatchError(
                    f"cannot write the update ledger: {exc.strerror}",
                    where=str(self.path),
                    fix="set $DYADWATCH_UPDATE_DIR to a writable folder",
                ) from None

    def get(self, source: str, name: str) -> dict | None:
        return self.entries.get((source, name))

    def state(self, source: str, name: str) -> str | None:
        entry = self.get(source, name)
        return None if entry is None else entry["state"]

    def _row(self, file, state: str, reason: str | None, extra: dict) -> dict:
        if state not in STATES:
            raise ValueError(f"unknown ledger state {state!r}")
        old = self.get(file.source, file.name) or {}
        row = file.as_dict() | {
            "state": state,
            "reason": reason,
            "late": bool(extra.pop("late", old.get("late", False))),
            "events": extra.pop("events", old.get("events")),
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        return row | extra

    def set(self, file, state: str, reason: str | None = None, **extra) -> dict:
        """Record ``state`` for an :class:`~dyadwatch.sources.update.masterlists.Announced`."""
        row = self._row(file, state, reason, extra)
        self._append(row)
        self.entries[(file.source, file.name)] = row
        return row

    def set_many(self, files, state: str, reason: str | None = None, **extra) -> None:
        """:meth:`set` for many files in one write."""
        rows = [self._row(f, state, reason, dict(extra)) for f in files]
        if rows:
            self._append(*rows)
        for f, row in zip(files, rows, strict=True):
            self.entries[(f.source, f.name)] = row

    def window(self, source: str) -> dt.datetime | None:
        return self.windows.get(source)

    def set_window(self, source: str, start: dt.datetime) -> None:
        if self.windows.get(source) == start:
            return
        self._append({"source": source, "window_start": start.isoformat()})
        self.windows[source] = start

    def newest_stamp(self, source: str) -> dt.datetime | None:
        stamps = [
            dt.datetime.fromisoformat(e["stamp"])
            for (s, _), e in self.entries.items()
            if s == source and e.get("stamp")
        ]
        return max(stamps) if stamps else None

    def rows(self, source: str | None = None) -> list[dict]:
        return [e for (s, _), e in sorted(self.entries.items()) if source in (None, s)]

    def gaps(self, source: str | None = None) -> list[dict]:
        """Files announced but not (yet) in the store, with their reason."""
        return [e for e in self.rows(source) if e["state"] in GAPS]
