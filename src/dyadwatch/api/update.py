"""Keeping a dyad's stage current: ``update`` once, or ``watch`` on a schedule with alerts.

Thin functions over :mod:`dyadwatch.watch` (download what the sources announce, import it,
re-estimate the stage; a ledger keeps every announced file's fate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dyadwatch.watch.update import UpdateResult

__all__ = ["update", "watch", "parse_every", "update_dir"]


def update(
    sources: Sequence[str] = ("gdelt2",),
    *,
    dyad: str | None = None,
    since: dt.date | None = None,
    base_url: str | None = None,
    dest: str | Path | None = None,
    ledger: str | Path | None = None,
    workers: int = 4,
    retries: int = 2,
    db: str | Path | None = None,
    progress: bool | None = None,
) -> UpdateResult:
    """Download what is new, import it and re-estimate the stage (:func:`dyadwatch.watch.
    run_update`).

    Args:
        sources: any of ``gdelt2``, ``gdelt1``, ``polecat``.
        dyad: re-estimate this dyad's stage afterwards (None: none).
        since: follow the sources back to this day (a first back-fill).
        base_url: a mirror or test server.
        dest: the raw files' folder (default: ``update/raw/SOURCE`` in the user data dir).
        ledger: the ledger file (default: ``ledger.jsonl`` in :func:`update_dir`).
        workers: parallel downloads.
        retries: retries per file.
        db: the store.
        progress: show a progress bar (default: on a terminal).
    """
    from dyadwatch.watch import run_update

    return run_update(
        sources,
        dyad=dyad,
        since=since,
        base_url=base_url,
        dest=dest,
        ledger=ledger,
        workers=workers,
        retries=retries,
        db=db,
        progress=progress,
    )


def watch(
    every: float,
    *,
    dyad: str,
    alerts_path: str | Path,
    log_path: str | Path,
    webhook: str | None = None,
    threshold: float | None = None,
    cycles: int | None = None,
    update_options: dict[str, Any] | None = None,
) -> dict:
    """Run :func:`update` every ``every`` seconds and alert when the stage changes (or the
    turning-point probability rises to ``threshold``); returns ``{"cycles", "alerts",
    "stopped_by"}`` (:func:`dyadwatch.watch.watch`).

    Args:
        every: seconds between updates (see :func:`parse_every`).
        dyad: the dyad whose stage is watched.
        alerts_path: the alerts file, one JSON line an alert.
        log_path: the log file, one line a cycle.
        webhook: POST each alert as JSON to this URL.
        threshold: alert when P(turning point) rises to this (0-1).
        cycles: stop after this many cycles (default: until stopped).
        update_options: the keywords of each :func:`update`.
    """
    from dyadwatch.watch import watch as run

    return run(
        every,
        dyad=dyad,
        alerts_path=alerts_path,
        log_path=log_path,
        webhook=webhook,
        threshold=threshold,
        cycles=cycles,
        update_options=update_options,
    )


def parse_every(text: str) -> float:
    """An interval such as ``15m``, ``1h`` or ``30s`` in seconds."""
    from dyadwatch.watch import parse_every as parse

    return parse(text)


def update_dir() -> Path:
    """Where updates keep their ledger, alerts, log and raw files (``$DYADWATCH_UPDATE_DIR``
    or ``update/`` in the user data directory)."""
    from dyadwatch.sources.update import update_dir as folder

    return folder()
