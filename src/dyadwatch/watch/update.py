"""``dyadwatch update``: find what is new, download it, import it, re-estimate the stage.

For each source (:data:`~dyadwatch.sources.update.UPDATE_SOURCES`): read what it announces,
plan against the ledger, fetch (size and MD5 checked, resumed, in parallel), import the
downloaded files with :func:`dyadwatch.ingest.ingest` (idempotent by event id, so a file
imported twice after an interruption adds nothing), and record each file's fate in the ledger.
Then, for a dyad, the relations measure and the stage are estimated again on the new data.

GDELT 2.0's full master list is large (every 15-minute file since 2015), so when every file
in the ledger is final (imported or empty: no gap, nothing half done) and the files of the small
``lastupdate.txt`` are already imported, the update stops there: nothing is new.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.sources.update import (
    FINAL,
    UPDATE_SOURCES,
    Ledger,
    announced_files,
    fetch_plan,
    gdelt2_newest,
    make_plan,
    update_dir,
)

__all__ = ["SourceUpdate", "UpdateResult", "run_update", "check_sources"]


@dataclass
class SourceUpdate:
    """What an update did for one source."""

    source: str
    announced: int = 0
    in_window: int = 0
    already: int = 0
    new: int = 0
    retried: int = 0
    downloaded: int = 0
    imported: int = 0
    events_read: int = 0
    events_added: int = 0
    duplicates: int = 0
    quarantined: int = 0
    bytes: int = 0
    gaps: list[dict] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    note: str = ""


@dataclass
class UpdateResult:
    """An update of every source asked for, and the stage after it."""

    sources: list[SourceUpdate]
    started: str
    seconds: float = 0.0
    stage: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def rows(self) -> list[dict]:
        """One row a source (for ``--format table|csv``)."""
        out = []
        for s in self.sources:
            row = {k: v for k, v in asdict(s).items() if k not in ("gaps", "late")}
            row["gaps"] = len(s.gaps)
            row["late"] = len(s.late)
            out.append(row)
        return out

    def gap_rows(self) -> list[dict]:
        return [
            {"source": s.source, "file": g["name"], "state": g["state"], "reason": g["reason"]}
            for s in self.sources
            for g in s.gaps
        ]

    def line(self) -> str:
        """The one-line summary."""
        parts = []
        for s in self.sources:
            text = (
                f"{s.source}: {s.new} new"
                + (f" ({s.retried} retried)" if s.retried else "")
                + f" of {s.in_window} announced, {s.downloaded} downloaded, "
                f"{s.imported} imported (+{s.events_added:,} events, {s.duplicates:,} duplicates)"
            )
            if s.gaps:
                kinds: dict[str, int] = {}
                for g in s.gaps:
                    kinds[g["state"]] = kinds.get(g["state"], 0) + 1
                text += ", gaps " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
            if s.late:
                text += f", {len(s.late)} late"
            parts.append(text)
        line = "update " + "; ".join(parts) + f" in {self.seconds:.1f} s"
        if self.stage:
            if self.stage.get("stage"):
                st = self.stage
                line += f"; {st['dyad']} {st['source']}: {st['stage']} since {st['since']}"
            else:
                line += f"; stage not estimated: {self.stage.get('error')}"
        return line


def check_sources(sources) -> list[str]:
    out = list(dict.fromkeys(sources))
    bad = [s for s in out if s not in UPDATE_SOURCES]
    if bad or not out:
        raise DyadwatchError(
            f"unknown source {bad[0]!r} for update" if bad else "no source to update",
            where="{source}",
            fix=f"use {', '.join(UPDATE_SOURCES)}",
        )
    return out


def _announced(source, ledger, base_url, since):
    """The announced files; for GDELT 2.0 only the small last-update list when nothing is open."""
    settled = all(e["state"] in FINAL for e in ledger.rows(source))
    if source == "gdelt2" and ledger.window(source) is not None and settled:
        widens = since is not None and dt.datetime.combine(since, dt.time()) < ledger.window(source)
        newest = gdelt2_newest(base_url)
        if not widens and newest and all(ledger.state(source, a.name) in FINAL for a in newest):
            return None
    return announced_files(source, base_url=base_url)


def _import(source, files, dest, ledger, db, store, report: SourceUpdate) -> None:
    from dyadwatch.ingest import ingest

    if not files:
        return
    paths = [dest / a.name for a in files]
    try:
        summary = ingest(source, paths, db=db, store=store, skip_bad_files=True)
    except DyadwatchError as exc:
        for a in files:
            ledger.set(a, "refused", exc.what)
        return
    refused = {}
    for line in summary.files_refused:
        for a in files:
            if a.name in line:
                refused[a.name] = line.split(": ", 1)[-1]
    for a in files:
        if a.name in refused:
            reason = refused[a.name]
            ledger.set(a, "empty" if "empty" in reason.lower() else "refused", reason)
    ok = [a for a in files if a.name not in refused]
    ledger.set_many(ok, "imported", import_id=summary.import_id)
    report.imported += len(ok)
    report.events_read += summary.read
    report.events_added += summary.accepted
    report.duplicates += summary.duplicates
    report.quarantined += summary.quarantined


def _update_source(source, ledger, dest, *, db, store, since, today, base_url, fetch_options):
    report = SourceUpdate(source)
    announced = _announced(source, ledger, base_url, since)
    if announced is None:
        report.note = "nothing new in lastupdate.txt"
        report.already = report.in_window = len(
            [e for e in ledger.rows(source) if e["state"] in FINAL]
        )
        return report
    plan = make_plan(source, announced, ledger, dest, since=since, today=today)
    ledger.set_window(source, plan.window_start)
    report.announced, report.in_window, report.already = plan.announced, plan.in_window, plan.done
    planned = plan.fetch + plan.import_only + plan.empty
    report.new = sum(ledger.state(source, a.name) is None for a in planned)
    report.retried = len(planned) - report.new
    downloads = fetch_plan(plan, dest, ledger, **fetch_options)
    report.downloaded = len(downloads.downloaded)
    report.bytes = downloads.bytes
    ready = [
        a for a in plan.fetch + plan.import_only if ledger.state(source, a.name) == "downloaded"
    ]
    _import(source, ready, dest, ledger, db, store, report)
    report.late = [n for n in plan.late if ledger.state(source, n) in FINAL]
    report.gaps = [
        {"name": e["name"], "state": e["state"], "reason": e["reason"]}
        for e in ledger.gaps(source)
        if e["name"] in {a.name for a in announced}
    ]
    return report


def estimate_stage(dyad: str, source: str, *, db=None, store=None, today=None) -> dict:
    """The stage of ``dyad`` on ``source`` now: stage, since, P(turn), evidence (or an error)."""
    from dyadwatch.study import Study

    try:
        study = Study(dyad, db=db, store=store, source=source, n_boot=0, today=today)
        now = study.now
    except DyadwatchError as exc:
        return {"dyad": dyad, "source": source, "stage": None, "error": exc.what}
    return {
        "dyad": study.dyad,
        "source": source,
        "stage": now.stage,
        "since": str(now.since),
        "last_period": str(now.last_period),
        "p_turn": round(float(now.forecast.p_turn), 4),
        "latest": round(float(now.latest), 4),
        "newest_event": None if now.newest_event is None else str(now.newest_event),
        "evidence": now.evidence,
    }


def run_update(
    sources=("gdelt2",),
    *,
    db: str | Path | None = None,
    store=None,
    since: dt.date | None = None,
    dest: str | Path | None = None,
    ledger: Ledger | str | Path | None = None,
    base_url: str | None = None,
    workers: int = 4,
    retries: int = 2,
    backoff: float = 0.5,
    progress: bool | None = None,
    dyad: str | None = None,
    today: dt.date | None = None,
) -> UpdateResult:
    """Bring ``sources`` up to date (see the module docstring).

    Args:
        sources: any of ``gdelt2``, ``gdelt1``, ``polecat``.
        db, store: the store to import into (an open store wins).
        since: follow the sources back to this day (widens the window, never narrows it).
        dest: raw files folder (default ``raw/<source>/`` in :func:`update_dir`).
        ledger: the ledger or its path (default ``ledger.jsonl`` in :func:`update_dir`).
        base_url: a mirror or test server.
        workers, retries, backoff, progress: as :func:`dyadwatch.sources.downloads.download`.
        dyad: re-estimate this dyad's stage on the first source afterwards.
        today: the day windows are measured from (default: the machine's).
    """
    from dyadwatch.freshness import today as current_day

    started = time.perf_counter()
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    sources = check_sources(sources)
    if not isinstance(ledger, Ledger):
        ledger = Ledger(ledger)
    today = today or current_day()
    options = dict(workers=workers, retries=retries, backoff=backoff, progress=progress)
    reports = []
    for source in sources:
        folder = Path(dest) / source if dest is not None else update_dir() / "raw" / source
        reports.append(
            _update_source(
                source,
                ledger,
                folder,
                db=db,
                store=store,
                since=since,
                today=today,
                base_url=base_url,
                fetch_options=options,
            )
        )
    result = UpdateResult(reports, stamp)
    if dyad:
        result.stage = estimate_stage(dyad, sources[0], db=db, store=store, today=today)
    result.seconds = round(time.perf_counter() - started, 3)
    return result
