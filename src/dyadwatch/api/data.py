"""Getting event data in: import raw files, download them, and the totals that normalise them.

Thin functions over :mod:`dyadwatch.ingest` (the import, with its deduplication policy and
quarantine), :mod:`dyadwatch.sources.downloads` (the sources' own file lists and checksums)
and :mod:`dyadwatch.sources.normalise` (GDELT normfiles and the store's own totals).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from dyadwatch.ingest.summary import IngestSummary
    from dyadwatch.sources.downloads import DownloadReport, RemoteFile

__all__ = [
    "parse_date",
    "ingest_files",
    "remote_files",
    "download_files",
    "default_download_dir",
    "source_totals",
    "add_normfile",
    "read_distance_csv",
]


def parse_date(text: str | None, *, option: str) -> dt.date | None:
    """``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY``: the first day) as a date; None for no text.

    Args:
        text: the date as written.
        option: the name an error gives for where the date came from (``"--from"``).

    Raises:
        DyadwatchError: a malformed date, naming ``option`` and the expected form.
    """
    from dyadwatch.events import parse_date as parse

    return parse(text, option=option)


def ingest_files(
    source: str,
    paths: Sequence[str | Path],
    *,
    db: str | Path | None = None,
    engine: str = "duckdb",
    root_only: bool = False,
    min_sources: int = 0,
    one_a_day: bool = False,
    min_confidence: int = 0,
    skip_bad_files: bool = False,
    memory_limit: str | None = "1GB",
    mentions: Sequence[str | Path] | None = None,
) -> IngestSummary:
    """Import raw event files into the store, deduplicated (:func:`dyadwatch.ingest.ingest`).

    Every row read is accepted, quarantined (malformed, with its reason) or a duplicate, so
    ``read = accepted + quarantined + duplicates``; the same files twice add nothing.

    Args:
        source: ``gdelt1``, ``gdelt2``, ``icews`` or ``polecat``.
        paths: the files (plain, ``.zip``, ``.gz``, ``.bz2`` or ``.xz``).
        db: the store (default: ``$DYADWATCH_DB`` or the user data directory).
        engine: ``duckdb`` (default) or ``spark``.
        root_only: GDELT: keep root events only (IsRootEvent = 1).
        min_sources: GDELT: keep events reported by at least this many sources.
        one_a_day: keep one event per day, directed dyad and CAMEO code.
        min_confidence: GDELT 2.0: keep events some article mentions with at least this
            Confidence (10-100); needs ``mentions``.
        skip_bad_files: import the readable files when some cannot be read.
        memory_limit: DuckDB memory limit during the import (it spills beyond).
        mentions: GDELT 2.0 Mentions files, folders or quoted globs.
    """
    from dyadwatch.ingest import DedupPolicy, ingest, mention_paths

    return ingest(
        source,
        paths,
        db=db,
        engine=engine,
        policy=DedupPolicy(
            root_only=root_only,
            min_sources=min_sources,
            one_a_day=one_a_day,
            min_confidence=min_confidence,
        ),
        skip_bad_files=skip_bad_files,
        memory_limit=memory_limit,
        mentions=mention_paths(mentions) if mentions else None,
    )


def remote_files(
    source: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    base_url: str | None = None,
    kind: str = "export",
) -> list[RemoteFile]:
    """The files a source lists for a date range, with their sizes and checksums.

    Args:
        source: ``gdelt1``, ``gdelt2``, ``normfiles``, ``icews``, ``polecat`` or ``unga``.
        start: first day (GDELT needs a range).
        end: last day.
        base_url: a mirror or test server (default: ``$DYADWATCH_GDELT_URL`` /
            ``$DYADWATCH_DATAVERSE_URL`` or the source's own).
        kind: GDELT 2.0: ``export`` (events) or ``mentions``.
    """
    from dyadwatch.sources.downloads import source_files

    return source_files(source, start, end, base_url=base_url, kind=kind)


def download_files(
    files: list[RemoteFile], dest: str | Path, *, workers: int = 4, retries: int = 4
) -> DownloadReport:
    """Fetch ``files`` into ``dest``: resumed, size and MD5 checked, retried with backoff.

    Args:
        files: from :func:`remote_files`.
        dest: the folder to write into.
        workers: parallel connections.
        retries: retries per file.
    """
    from dyadwatch.sources.downloads import download

    return download(files, dest, workers=workers, retries=retries)


def default_download_dir(source: str) -> Path:
    """Where a download goes by default: ``unga/`` in the user data directory for ``unga``
    (the vote reader reads it before the shipped votes), the current folder otherwise."""
    if source == "unga":
        from dyadwatch.sources.unga import user_unga_dir

        return user_unga_dir()
    return Path(".")


def source_totals(
    source: str,
    *,
    freq: str = "month",
    normfile: str | Path | None = None,
    db: str | Path | None = None,
) -> pd.DataFrame:
    """Total events of a source per period: GDELT's normfile if one is registered (or given),
    else the store's own counts (:func:`dyadwatch.sources.normalise.totals`).

    Args:
        source: the source whose totals to count.
        freq: ``day``, ``week``, ``month``, ``quarter`` or ``year``.
        normfile: a GDELT normfile to use instead of the store's totals.
        db: the store.
    """
    from dyadwatch.sources.normalise import totals
    from dyadwatch.store import open_store

    with open_store(db) as store:
        return totals(store, source, freq=freq, normfile=normfile)


def add_normfile(
    path: str | Path, *, source: str = "gdelt1", db: str | Path | None = None
) -> tuple[Path, int]:
    """Register a GDELT normfile (daily or monthly totals) in the store, so volume
    normalisation uses GDELT's totals; returns the registered copy and its number of rows.

    Args:
        path: GDELT's ``normfiles`` daily or monthly CSV.
        source: the source the totals belong to.
        db: the store.
    """
    from dyadwatch.sources.normalise import read_normfile, register_normfile
    from dyadwatch.store import open_store

    with open_store(db) as store:
        target = register_normfile(store, path, source=source)
    return target, len(read_normfile(target))


def read_distance_csv(path: str | Path) -> pd.DataFrame:
    """A ``year, distance`` table from a CSV, e.g. the output of ``dyadwatch unga --measure
    idealpoint --format csv`` (:func:`dyadwatch.sources.distance_csv.read_distance_csv`).

    Raises:
        DyadwatchError: a missing or malformed file, one clear line.
    """
    from dyadwatch.sources.distance_csv import read_distance_csv as read

    return read(path)
