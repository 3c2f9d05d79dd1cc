"""The import itself: files in, read = accepted + quarantined + duplicates out."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import shutil
import time
import uuid
from collections.abc import Sequence
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest.control_scan import ControlScan
from dyadwatch.ingest.files import check_prepared, files_fingerprint
from dyadwatch.ingest.layout import groups
from dyadwatch.ingest.mentions import check_mentions_options, mentions_in_paths, prepare_mentions
from dyadwatch.ingest.policy import DedupPolicy, policy_kind
from dyadwatch.ingest.summary import IngestSummary
from dyadwatch.sources.rawfiles import PreparedFile, prepare_files
from dyadwatch.store.faults import kill_point

__all__ = ["INGEST_SOURCES", "ENGINES", "ingest"]

INGEST_SOURCES = ("gdelt1", "gdelt2", "icews", "polecat")
ENGINES = ("duckdb", "spark")


def ingest(
    source: str,
    paths: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    store=None,
    engine: str = "duckdb",
    policy: DedupPolicy | None = None,
    skip_bad_files: bool = False,
    max_date: dt.date | None = None,
    memory_limit: str | None = "1GB",
    spark=None,
    mentions: Sequence[str | Path] | None = None,
) -> IngestSummary:
    """Import raw event files into the store (see the module docstring).

    Args:
        source: ``gdelt1``, ``gdelt2``, ``icews`` or ``polecat``.
        paths: the files (plain text or ``.zip``).
        db: the store (default: :func:`dyadwatch.store.default_db_path`); ignored with ``store``.
        store: an open :class:`~dyadwatch.store.Store` to use instead of ``db``.
        engine: ``duckdb`` (default) or ``spark``.
        policy: deduplication policy (default: event ids only).
        skip_bad_files: import the readable files when some are refused (default: refuse all).
        max_date: latest allowed event date (default: today).
        memory_limit: DuckDB memory limit during the import (it spills to disk beyond it).
        spark: an ibis pyspark backend to use (default: a local session).
        mentions: GDELT 2.0 Mentions files (plain or ``.zip``), read for
            ``policy.min_confidence``.

    Returns:
        The :class:`IngestSummary`; it is also recorded in the store's ``ingests`` table.

    Raises:
        DyadwatchError: unknown source or engine, no files, refused files, a header that lacks
            needed columns.
    """
    from dyadwatch.store import open_store

    started = time.perf_counter()
    policy = policy or DedupPolicy()
    _check_arguments(source, paths, engine, policy, mentions)
    max_date = max_date or dt.date.today()
    # the control-byte scan of the plain files runs first, on two threads, while the store
    # opens; it is waited for before ibis is imported (see ControlScan)
    scan = ControlScan()
    if engine == "duckdb":
        scan.start([Path(p) for p in paths if Path(p).suffix.lower() != ".zip"])
    own_store = store is None
    try:
        store = store or open_store(db)
        with store.writer(), _clean_errors(store):
            return _run(
                source,
                paths,
                store,
                engine,
                policy,
                skip_bad_files,
                max_date,
                memory_limit,
                spark,
                mentions,
                started,
                scan,
            )
    finally:
        scan.close()
        if own_store and store is not None:
            store.close()


def _check_arguments(source, paths, engine, policy, mentions) -> None:
    """One clear error for an unknown source or engine, no files, or options that clash."""
    if source not in INGEST_SOURCES:
        raise DyadwatchError(
            f"unknown source {source!r}",
            where="SOURCE",
            fix=f"use one of {', '.join(INGEST_SOURCES)}",
        )
    if engine not in ENGINES:
        raise DyadwatchError(
            f"unknown engine {engine!r}", where="{engine}", fix="use duckdb or spark"
        )
    if not paths:
        raise DyadwatchError("no files to import", where="PATH", fix="pass one or more files")
    if policy.min_sources < 0:
        raise DyadwatchError("{min_sources} must be 0 or more", where="{min_sources}")
    check_mentions_options(source, policy, mentions)
    if source.startswith("gdelt"):
        mentions_in_paths(paths)


def _run(
    source,
    paths,
    store,
    engine,
    policy,
    skip_bad_files,
    max_date,
    memory_limit,
    spark,
    mentions,
    started,
    scan,
) -> IngestSummary:
    """The import proper, as the store's one writer (see :func:`ingest`).

    The engines and the deduplication are imported here, not at the top: they import ibis
    (0.35 s), and ``import dyadwatch.ingest`` should not pay for it.
    """
    scan.wait()  # a file it could not read is refused below, with its reason
    from dyadwatch.ingest.dedup import dedup_and_write

    import_id = dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    root = store.parquet_root
    staging = root / "_staging" / import_id
    try:
        prepared = prepare_files(
            [Path(p) for p in paths], staging / "unzipped", header=source in ("icews", "polecat")
        )
        check_prepared(prepared, skip_bad_files)
        mention_files = prepare_mentions(mentions, staging, skip_bad_files)
        origin = {str(f.path): str(f.original) for f in prepared.files}
        layouts = groups(source, prepared.files, max_date)
        kill_point("reading")
        if engine == "spark":
            from dyadwatch.ingest.spark_engine import SparkEngine

            runner = SparkEngine(store, spark)
        else:
            from dyadwatch.ingest.duckdb_engine import DuckDBEngine

            runner = DuckDBEngine(store, memory_limit, scan)
        runner.number_files(prepared.files)
        with runner:
            confidence, mentions_info = None, None
            if mention_files is not None:
                confidence, mentions_info = runner.mention_confidence(mention_files.files)
            kind_fn = policy_kind(source, policy, confidence)
            rejects = [r for f in prepared.files for r in f.rejects]  # cut last lines
            for i, group in enumerate(layouts):
                rejects += runner.write_parsed(group, staging, i, kind_fn)
            kill_point("staging")
            summary, files = finish(
                runner, store, source, policy, staging, root, import_id, rejects, origin,
                layouts, dedup_and_write,  # the quarantine re-parses ambiguous lines (#16)
            )  # fmt: skip
        summary.files = len(prepared.files)
        summary.files_refused = [r.line() for r in prepared.refused]
        if mention_files is not None:
            summary.files_refused += [r.line() for r in mention_files.refused]
            summary.mentions = mentions_info
        summary.engine = runner.name
        summary.seconds = round(time.perf_counter() - started, 3)
        record(store, summary, prepared.files, files)
        return summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            (root / "_staging").rmdir()


@contextlib.contextmanager
def _clean_errors(store):
    """A full disk or an unwritable store folder: one error line, the store as it was."""
    import duckdb

    try:
        yield
    except OSError as exc:
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES):
            raise
        raise DyadwatchError(
            f"cannot write the import into {store.parquet_root}: {exc.strerror}",
            fix="free some disk space (or pass {db} on a disk with room) and run it again; "
            "the store is unchanged",
        ) from None
    except duckdb.IOException as exc:
        msg = str(exc).splitlines()[0]
        if "space" not in msg.lower() and "write" not in msg.lower():
            raise
        if "No space left on device" in msg:  # not DuckDB's JSON dump of its write error
            msg = "No space left on device"
        raise DyadwatchError(
            f"cannot write the import into {store.parquet_root}: {msg}",
            fix="free some disk space (or pass {db} on a disk with room) and run it again; "
            "the store is unchanged",
        ) from None


def finish(
    runner, store, source, policy, staging, root, import_id, rejects, origin, layouts, dedup
):
    from dyadwatch.ingest.quarantine import write_quarantine

    counts = runner.staged_counts(staging)
    n_ok = counts.get(("ok", None), 0)
    bad_reasons: dict[str, int] = {}
    for (kind, reason), n in counts.items():
        if kind == "bad":
            bad_reasons[reason] = bad_reasons.get(reason, 0) + n
    for r in rejects:
        bad_reasons[r["reason"]] = bad_reasons.get(r["reason"], 0) + 1
    by_rule = {"event_id": 0, "not_root": 0, "min_sources": 0}
    if policy.min_confidence:
        by_rule |= {"min_confidence": 0, "no_mentions": 0}
    by_rule["one_a_day"] = 0
    for (kind, reason), n in counts.items():
        if kind == "drop":
            by_rule[reason] = by_rule.get(reason, 0) + n

    accepted, years, files = 0, [], []
    ok = runner.read_staging(staging, "ok")
    if ok is not None:
        accepted, years, files = dedup(
            runner, store, source, policy, ok, n_ok, root, import_id, staging, by_rule
        )
    quarantined = sum(bad_reasons.values())
    qfile = (
        write_quarantine(runner, staging, root, import_id, rejects, origin, layouts)
        if quarantined
        else None
    )
    duplicates = sum(by_rule.values())
    read = accepted + quarantined + duplicates
    summary = IngestSummary(
        source=source,
        engine=runner.name,
        import_id=import_id,
        files=0,
        files_refused=[],
        read=read,
        accepted=accepted,
        quarantined=quarantined,
        duplicates=duplicates,
        duplicates_by_rule=by_rule,
        quarantine_reasons=dict(sorted(bad_reasons.items(), key=lambda kv: -kv[1])),
        quarantine_file=str(qfile) if qfile else None,
        policy=policy.describe(),
        seconds=0.0,
        years=years,
    )
    return summary, files


def record(store, summary: IngestSummary, files: list[PreparedFile], written: list[Path]):
    """Commit the import: its Parquet files and its log entry, in one manifest switch."""
    entry = {
        "import_id": summary.import_id,
        "source": summary.source,
        "engine": summary.engine,
        "finished_at": dt.datetime.now().isoformat(timespec="seconds"),
        "files": summary.files,
        "read": summary.read,
        "accepted": summary.accepted,
        "quarantined": summary.quarantined,
        "duplicates": summary.duplicates,
        "quarantine": summary.quarantine_file,
        "summary": json.dumps(summary.as_dict()),
        "fingerprint": files_fingerprint(files),
    }
    store.commit_import(written, entry)
