"""Fetch a plan's files with :func:`dyadwatch.sources.downloads.download`, recording each in the
ledger the moment it finishes (size and MD5 checked, resumed, a few in parallel)."""

from __future__ import annotations

from pathlib import Path

from dyadwatch.sources.downloads import DownloadReport, download
from dyadwatch.sources.update.ledger import Ledger
from dyadwatch.sources.update.plan import Plan

__all__ = ["fetch_plan", "failure_state"]


def failure_state(reason: str | None) -> str:
    """The ledger state of a failed transfer from the downloader's reason."""
    reason = reason or ""
    if reason.startswith("truncated"):
        return "truncated"
    if reason.startswith(("MD5 mismatch", "size mismatch")):
        return "bad_checksum"
    return "failed"


def fetch_plan(
    plan: Plan,
    dest: str | Path,
    ledger: Ledger,
    *,
    workers: int = 4,
    retries: int = 2,
    backoff: float = 0.5,
    progress: bool | None = None,
) -> DownloadReport:
    """Download ``plan.fetch`` into ``dest`` and record each outcome; empty files are recorded
    as such without a transfer."""
    dest = Path(dest)
    ledger.set_many(plan.empty, "empty", "the list gives size 0")
    ledger.set_many([a for a in plan.fetch if ledger.state(a.source, a.name) is None], "announced")
    by_name = {a.name: a for a in plan.fetch}
    late = set(plan.late)

    def done(remote, status: str, reason: str | None) -> None:
        a = by_name[remote.name]
        if status in ("downloaded", "skipped"):
            if (dest / a.name).stat().st_size == 0:
                ledger.set(a, "empty", "the file has no bytes")
            else:
                ledger.set(a, "downloaded", **({"late": True} if a.name in late else {}))
        elif status == "missing":
            ledger.set(a, "missing", "announced, but the server answers 404")
        else:
            ledger.set(a, failure_state(reason), reason)

    return download(
        [a.remote() for a in plan.fetch],
        dest,
        workers=workers,
        retries=retries,
        backoff=backoff,
        progress=progress,
        on_done=done,
    )
