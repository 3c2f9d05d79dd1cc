"""The store: an in-memory DuckDB connection over the store's DuckDB file and Parquet files.

The default store is a DuckDB file under the user's data directory (``platformdirs``), created
on first use; ``--db PATH`` (or the ``DYADWATCH_DB`` environment variable) points elsewhere.
Loads are idempotent (an event already in the store, by ``(source, event_id)``, is never added
twice) and atomic (each load is one transaction: an interrupted load leaves the previous state).

No process keeps the DuckDB file open: a :class:`Store` works on an in-memory DuckDB
connection, into which the file's small tables (the chronology and small loads, the load and
import logs) are copied at open under a shared lock held for milliseconds. A write to them
(:meth:`Store.load`, :meth:`Store.replace_source`) attaches the file under an exclusive lock
for the length of one transaction. Large imports (``dyadwatch ingest``) are Parquet files
partitioned by source and year beside the file (``<store>.parquet/source=S/year=Y/*.parquet``),
committed by switching the manifest (:mod:`dyadwatch.store.manifest`). :meth:`Store.events` is
the union of both; :meth:`Store.refresh` picks up what another process committed since.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import EVENT_SCHEMA
from dyadwatch.store import manifest as mf
from dyadwatch.store.lock import locked
from dyadwatch.store.paths import db_lock_path, default_db_path, parquet_root, writer_lock_path

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["Store", "open_store", "LoadResult"]

EVENTS = "events"
LOADS = "loads"
INGESTS = "ingests"
PARQUET_VIEW = "_parquet_events"
FILE = "store_file"  # the DuckDB file's name while attached

_DDL_TYPES = {
    "string": "VARCHAR",
    "date32[day]": "DATE",
    "double": "DOUBLE",
    "int8": "TINYINT",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
    "list<item: string>": "VARCHAR[]",
}
_EVENT_COLS = ", ".join(f'"{f.name}" {_DDL_TYPES[str(f.type)]}' for f in EVENT_SCHEMA)
_TABLES = {
    EVENTS: f"({_EVENT_COLS}, PRIMARY KEY (source, event_id))",
    LOADS: "(source VARCHAR, fingerprint VARCHAR, loaded_at TIMESTAMP, offered BIGINT, "
    "added BIGINT)",
    INGESTS: "(import_id VARCHAR, source VARCHAR, engine VARCHAR, finished_at TIMESTAMP, "
    "files BIGINT, read BIGINT, accepted BIGINT, quarantined BIGINT, duplicates BIGINT, "
    "quarantine VARCHAR, summary VARCHAR)",
}
INGEST_COLUMNS = (
    "import_id",
    "source",
    "engine",
    "finished_at",
    "files",
    "read",
    "accepted",
    "quarantined",
    "duplicates",
    "quarantine",
    "summary",
)


def _q(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


@dataclass(frozen=True)
class LoadResult:
    """What a load did: rows offered, rows added, rows already present."""

    source: str
    offered: int
    added: int
    already_present: int


class Store:
    """An open event store. Use :func:`open_store` to get one.

    Attributes:
        path: the DuckDB file (``None`` for an in-memory store).
        con: the ibis backend (an in-memory DuckDB connection; see the module docstring).
    """

    #: The engine this store runs on (``dyadwatch.events_sql`` answers DuckDB stores in SQL).
    engine = "duckdb"

    def __init__(self, path: Path | None, duck, *, read_only: bool = False) -> None:
        self.path = path
        self._duck = duck
        self._con = None
        self.read_only = read_only
        self._tmp_root: Path | None = None
        self._file_stamp: tuple | None = None
        self._manifest_stamp: tuple | None = None
        self.manifest = mf.Manifest()
        if path is None:
            for name, ddl in _TABLES.items():
                self.raw.execute(f"CREATE TABLE {name} {ddl}")
        else:
            self._copy_tables()
        self._read_manifest()

    # -- setup -----------------------------------------------------------------------------
    @property
    def raw(self):
        """The underlying duckdb connection (for transactions and Arrow registration)."""
        return self._duck

    @property
    def con(self):
        """The ibis backend on :attr:`raw`, built on first use (importing ibis costs 0.45 s)."""
        if self._con is None:
            import ibis

            self._con = ibis.duckdb.from_connection(self._duck)
        return self._con

    def _stamp(self) -> tuple | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size, st.st_ino)

    @contextlib.contextmanager
    def _attached(self, *, write: bool) -> Iterator[None]:
        """The DuckDB file attached as ``store_file`` under the file lock (shared to read)."""
        with locked(db_lock_path(self.path), shared=not write, what="write", quiet=True):
            mode = "" if write else " (READ_ONLY)"
            try:
                self.raw.execute(f"ATTACH {_q(self.path)} AS {FILE}{mode}")
            except Exception as exc:  # duckdb IOException / InvalidInputException
                msg = str(exc).splitlines()[0]
                raise DyadwatchError(
                    f"cannot open the store {self.path}: {msg}",
                    fix="check the file is a DuckDB database you can read, or pass another --db",
                ) from None
            try:
                yield
            finally:
                self.raw.execute(f"DETACH {FILE}")

    def _copy_tables(self) -> None:
        """Copy the file's small tables into memory (creating the file on first use)."""
        if not self.path.exists():
            if self.read_only:
                raise DyadwatchError(
                    f"store not found: {self.path}", fix="create it by loading data first"
                )
            with self._attached(write=True):
                for name, ddl in _TABLES.items():
                    self.raw.execute(f"CREATE TABLE IF NOT EXISTS {FILE}.{name} {ddl}")
        with self._attached(write=False):
            present = {
                r[0]
                for r in self.raw.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = ?", [FILE]
                ).fetchall()
            }
            for name, ddl in _TABLES.items():
                self.raw.execute(f"CREATE OR REPLACE TABLE main.{name} {ddl}")
                if name in present:
                    self.raw.execute(f"INSERT INTO main.{name} SELECT * FROM {FILE}.{name}")
            self._file_stamp = self._stamp()

    def _read_manifest(self) -> None:
        root = self.parquet_root if self.path is not None or self._tmp_root else None
        if root is not None:
            self._manifest_stamp = mf.stamp(root)
            self.manifest = mf.read_manifest(root)
        self.raw.execute(
            f"DELETE FROM {INGESTS} WHERE import_id IN (SELECT unnest(?::VARCHAR[]))",
            [[i["import_id"] for i in self.manifest.imports]],
        )
        for entry in self.manifest.imports:
            self.raw.execute(
                f"INSERT INTO {INGESTS} VALUES ({', '.join('?' * len(INGEST_COLUMNS))})",
                [entry.get(c) for c in INGEST_COLUMNS],
            )

    @property
    def generation(self) -> tuple:
        """Changes whenever the store's content changes (a key for cached results)."""
        return (self._file_stamp, self.manifest.generation)

    def changed(self) -> bool:
        """True when another process committed since this store was opened or refreshed (two
        ``stat`` calls; changes nothing, so it is safe while other threads query)."""
        if self.path is None:
            return False
        return (
            self._stamp() != self._file_stamp or mf.stamp(self.parquet_root) != self._manifest_stamp
        )

    def refresh(self) -> bool:
        """Pick up what another process committed since open (two ``stat`` calls when nothing
        changed); True when something did."""
        if self.path is None:
            return False
        changed = False
        if self._stamp() != self._file_stamp:
            self._copy_tables()
            changed = True
        if changed or mf.stamp(self.parquet_root) != self._manifest_stamp:
            self._read_manifest()
            changed = True
        return changed

    # -- the one writer --------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(self) -> Iterator[None]:
        """Be the store's one writer: wait for another import ("waiting for the import by
        PID N to finish..."), then bring the store up to date and remove what a killed import
        left behind."""
        root = self.parquet_root
        lock = writer_lock_path(self.path) if self.path is not None else root / ".writer.lock"
        with locked(lock, what="import"):
            self.refresh()
            if mf.stamp(root) is None:  # a new (or pre-manifest) store: list what is there
                mf.write_manifest(root, self.manifest, kill=False)
                self._read_manifest()
            committed = {
                r[0] for r in self.raw.execute(f"SELECT import_id FROM {INGESTS}").fetchall()
            }
            for p in mf.orphans(root, self.manifest, committed):
                with contextlib.suppress(OSError):
                    p.unlink()
            shutil.rmtree(root / "_staging", ignore_errors=True)
            shutil.rmtree(root / "_spill", ignore_errors=True)
            yield

    def commit_import(self, files: list[Path], entry: dict | None = None) -> None:
        """Commit an import's Parquet ``files`` (and its log ``entry``): switch the manifest.

        Call inside :meth:`writer`; the files must already be in place under
        :attr:`parquet_root`.
        """
        root = self.parquet_root
        current = mf.read_manifest(root)
        new = mf.Manifest(
            current.generation + 1,
            current.files + sorted(str(Path(f).relative_to(root)) for f in files),
            current.imports + ([entry] if entry else []),
        )
        mf.write_manifest(root, new)
        self._read_manifest()

    # -- Parquet part (large imports) --------------------------------------------------------
    @property
    def parquet_root(self) -> Path:
        """Folder holding imported events as Parquet, partitioned ``source=S/year=Y``."""
        if self.path is None:
            if self._tmp_root is None:
                self._tmp_root = Path(tempfile.mkdtemp(prefix="dyadwatch-store-"))
            return self._tmp_root
        return parquet_root(self.path)

    def parquet_files(self, source: str | None = None) -> list[Path]:
        """The committed Parquet files of imported events (optionally of one source)."""
        if self.path is None and self._tmp_root is None:
            return []
        return self.manifest.paths(self.parquet_root, source)

    def source_events(self, source: str) -> ir.Table:
        """Every event of one source (DuckDB table and Parquet files) as an ibis table."""
        imported = self.imported_events(source)
        names = ", ".join(f'"{f.name}"' for f in EVENT_SCHEMA)
        name = f"_source_events_{source}"
        sql = f"SELECT {names} FROM {EVENTS} WHERE source = '{source.replace(chr(39), '')}'"
        if imported is not None:
            sql += f" UNION ALL SELECT {names} FROM {PARQUET_VIEW}_{source}"
        self.raw.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
        return self.con.table(name)

    def imported_events(self, source: str | None = None) -> ir.Table | None:
        """The imported (Parquet) events as an ibis table, or ``None`` when there are none."""
        name = self._parquet_view(source)
        return None if name is None else self.con.table(name)

    def _parquet_view(self, source: str | None) -> str | None:
        """A temporary view over the committed Parquet files (its name), ``None`` if none."""
        files = self.parquet_files(source)
        if not files:
            return None
        cols = ", ".join(
            f'CAST("{f.name}" AS {_DDL_TYPES[str(f.type)]}) AS "{f.name}"' for f in EVENT_SCHEMA
        )
        listing = "[" + ", ".join(_q(p) for p in files) + "]"
        name = PARQUET_VIEW if source is None else f"{PARQUET_VIEW}_{source}"
        self.raw.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {cols} FROM read_parquet({listing}, "
            "hive_partitioning = true, union_by_name = true, "
            "hive_types = {'source': VARCHAR, 'year': INTEGER})"
        )
        return name

    # -- writing the small tables ------------------------------------------------------------
    def _write(self, events: pa.Table, statements) -> int:
        """Run ``statements(prefix, incoming)`` in one transaction on the file (or memory);
        returns the events table's growth."""
        if events.schema != EVENT_SCHEMA:
            events = events.select(EVENT_SCHEMA.names).cast(EVENT_SCHEMA)
        raw = self.raw
        name = f"_incoming_{os.getpid()}"
        raw.register(name, events)
        attached = self._attached(write=True) if self.path is not None else contextlib.nullcontext()
        prefix = f"{FILE}." if self.path is not None else ""
        try:
            with attached:
                raw.execute("BEGIN TRANSACTION")
                try:
                    before = raw.execute(f"SELECT count(*) FROM {prefix}{EVENTS}").fetchall()[0][0]
                    statements(prefix, name)
                    after = raw.execute(f"SELECT count(*) FROM {prefix}{EVENTS}").fetchall()[0][0]
                    raw.execute("COMMIT")
                except BaseException:
                    raw.execute("ROLLBACK")
                    raise
        finally:
            raw.unregister(name)
        if self.path is not None:
            self.refresh()
        return after - before

    def load(
        self, events: pa.Table, *, source: str | None = None, fingerprint: str | None = None
    ) -> LoadResult:
        """Add canonical events; events already present (same source and event_id) are skipped.

        The whole load is one transaction: if it fails or is interrupted, nothing is written.

        Args:
            events: an Arrow table with :data:`~dyadwatch.schema.EVENT_SCHEMA`.
            source: label for the load log (default: the events' first source).
        """
        self._check_writable()
        if source is None:
            source = events.column("source")[0].as_py() if events.num_rows else "empty"
        fingerprint = fingerprint or _fingerprint(events)
        added = {"n": 0}

        def statements(p: str, name: str) -> None:
            before = self.raw.execute(f"SELECT count(*) FROM {p}{EVENTS}").fetchall()[0][0]
            self.raw.execute(
                f"""INSERT INTO {p}{EVENTS}
                    SELECT * FROM (SELECT DISTINCT ON (source, event_id) * FROM {name}) AS n
                    WHERE NOT EXISTS (SELECT 1 FROM {p}{EVENTS} e
                      WHERE e.source = n.source AND e.event_id = n.event_id)"""
            )
            after = self.raw.execute(f"SELECT count(*) FROM {p}{EVENTS}").fetchall()[0][0]
            added["n"] = after - before
            self.raw.execute(
                f"INSERT INTO {p}{LOADS} VALUES (?, ?, ?, ?, ?)",
                [source, fingerprint, dt.datetime.now(), events.num_rows, added["n"]],
            )

        self._write(events, statements)
        return LoadResult(source, events.num_rows, added["n"], events.num_rows - added["n"])

    def replace_source(self, events: pa.Table, *, source: str, fingerprint: str) -> LoadResult:
        """Replace every event of ``source`` with ``events`` in one transaction."""
        self._check_writable()

        def statements(p: str, name: str) -> None:
            self.raw.execute(f"DELETE FROM {p}{EVENTS} WHERE source = ?", [source])
            self.raw.execute(f"DELETE FROM {p}{LOADS} WHERE source = ?", [source])
            self.raw.execute(f"INSERT INTO {p}{EVENTS} SELECT * FROM {name}")
            self.raw.execute(
                f"INSERT INTO {p}{LOADS} VALUES (?, ?, ?, ?, ?)",
                [source, fingerprint, dt.datetime.now(), events.num_rows, events.num_rows],
            )

        self._write(events, statements)
        return LoadResult(source, events.num_rows, events.num_rows, 0)

    def _check_writable(self) -> None:
        if self.read_only:
            raise DyadwatchError(
                f"the store {self.path} was opened read-only", fix="open it without read_only"
            )

    def has_load(self, source: str, fingerprint: str) -> bool:
        """True when a load of ``source`` with this fingerprint is recorded."""
        row = self.raw.execute(
            f"SELECT count(*) FROM {LOADS} WHERE source = ? AND fingerprint = ?",
            [source, fingerprint],
        ).fetchall()[0]
        return bool(row[0])

    # -- reading ---------------------------------------------------------------------------
    def events(self) -> ir.Table:
        """All events as an ibis expression: the DuckDB table and the imported Parquet files."""
        return self.con.table(self.events_relation())

    def events_relation(self) -> str:
        """The name of a table or view of all events, for SQL on :attr:`raw` (no ibis)."""
        if self._parquet_view(None) is None:
            return EVENTS
        names = ", ".join(f'"{f.name}"' for f in EVENT_SCHEMA)
        self.raw.execute(
            f"CREATE OR REPLACE TEMP VIEW _all_events AS SELECT {names} FROM {EVENTS} "
            f"UNION ALL SELECT {names} FROM {PARQUET_VIEW}"
        )
        return "_all_events"

    def arrow(self, expr: ir.Expr) -> pa.Table:
        """Run an ibis expression on the store and return the result as an Arrow table.

        The same result as ``expr.to_pyarrow()`` (column types as DuckDB gives them), without
        the pandas import (about 0.4 s) that ibis' own conversion code brings in: what a short
        command-line run or a benchmark pays for every time.
        """
        self.con._run_pre_execute_hooks(expr)
        return self.raw.sql(self.con.compile(expr)).to_arrow_table()

    def count(self, source: str | None = None) -> int:
        """Number of events, optionally for one source."""
        t = self.events()
        if source is not None:
            t = t.filter(t.source == source)
        return int(t.count().execute())

    def sources(self) -> list[str]:
        """Sources present in the store."""
        t = self.events()
        return sorted(t.select("source").distinct().to_pandas()["source"].tolist())

    def close(self) -> None:
        """Close the connection (and remove an in-memory store's Parquet folder)."""
        self._duck.close()
        if self._tmp_root is not None:
            shutil.rmtree(self._tmp_root, ignore_errors=True)
            self._tmp_root = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _fingerprint(events: pa.Table) -> str:
    h = hashlib.sha256()
    for col in ("source", "event_id"):
        if events.num_rows:
            h.update(str(events.column(col).to_pylist()[:1000]).encode())
    h.update(str(events.num_rows).encode())
    return h.hexdigest()[:16]


def open_store(db: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (and create on first use) the event store.

    Args:
        db: path to the DuckDB file; ``":memory:"`` for a throwaway store; default
            :func:`default_db_path`.
        read_only: open without write access (several readers may share a file).

    Raises:
        DyadwatchError: the file cannot be created or opened, with the path and a fix.
    """
    import duckdb

    if db is not None and str(db) == ":memory:":
        return Store(None, duckdb.connect())
    path = Path(db) if db is not None else default_db_path()
    if path.exists() and path.is_dir():
        raise DyadwatchError(
            f"store path is a directory: {path}", fix="pass --db pointing to a .duckdb file"
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DyadwatchError(
            f"cannot create the store's folder {path.parent}: {exc.strerror}",
            fix="pass --db with a writable location",
        ) from None
    return Store(path, duckdb.connect(), read_only=read_only)
