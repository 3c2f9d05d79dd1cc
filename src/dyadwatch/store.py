"""The event store: canonical events in an embedded DuckDB file, queried through ibis.

The default store is a DuckDB file under the user's data directory (``platformdirs``), created
on first use; ``--db PATH`` (or the ``DYADWATCH_DB`` environment variable) points elsewhere.
Loads are idempotent (an event already in the store, by ``(source, event_id)``, is never added
twice) and atomic (each load is one transaction: an interrupted load leaves the previous state).

Large imports (``dyadwatch ingest``, :mod:`dyadwatch.ingest`) do not go into the DuckDB file:
they are Parquet files partitioned by source and year in a folder beside it
(``<store>.parquet/source=gdelt1/year=2016/*.parquet``, :attr:`Store.parquet_root`).
:meth:`Store.events` is the union of both, so every query sees every event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import EVENT_SCHEMA

if TYPE_CHECKING:
    import ibis.expr.types as ir

__all__ = ["Store", "open_store", "default_db_path", "LoadResult", "spark_backend"]

EVENTS = "events"
LOADS = "loads"
INGESTS = "ingests"
PARQUET_VIEW = "_parquet_events"

_DDL_TYPES = {
    "string": "VARCHAR",
    "date32[day]": "DATE",
    "double": "DOUBLE",
    "int8": "TINYINT",
    "int64": "BIGINT",
    "bool": "BOOLEAN",
    "list<item: string>": "VARCHAR[]",
}


def default_db_path() -> Path:
    """Where the store lives unless told otherwise: ``$DYADWATCH_DB`` or the user data dir."""
    env = os.environ.get("DYADWATCH_DB")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("dyadwatch", appauthor=False)) / "dyadwatch.duckdb"


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
        con: the ibis backend.
    """

    #: The engine this store runs on (``dyadwatch.events_sql`` answers DuckDB stores in SQL).
    engine = "duckdb"

    def __init__(self, path: Path | None, duck, *, read_only: bool = False) -> None:
        self.path = path
        self._duck = duck
        self._con = None
        self.read_only = read_only
        self._tmp_root: Path | None = None
        if not read_only:
            self._ensure_tables()

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

    def _ensure_tables(self) -> None:
        cols = ", ".join(f'"{f.name}" {_DDL_TYPES[str(f.type)]}' for f in EVENT_SCHEMA)
        self.raw.execute(
            f"CREATE TABLE IF NOT EXISTS {EVENTS} ({cols}, PRIMARY KEY (source, event_id))"
        )
        self.raw.execute(
            f"CREATE TABLE IF NOT EXISTS {LOADS} (source VARCHAR, fingerprint VARCHAR, "
            "loaded_at TIMESTAMP, offered BIGINT, added BIGINT)"
        )
        self.raw.execute(
            f"CREATE TABLE IF NOT EXISTS {INGESTS} (import_id VARCHAR, source VARCHAR, "
            "engine VARCHAR, finished_at TIMESTAMP, files BIGINT, read BIGINT, accepted BIGINT, "
            "quarantined BIGINT, duplicates BIGINT, quarantine VARCHAR, summary VARCHAR)"
        )

    # -- Parquet part (large imports) --------------------------------------------------------
    @property
    def parquet_root(self) -> Path:
        """Folder holding imported events as Parquet, partitioned ``source=S/year=Y``."""
        if self.path is None:
            if self._tmp_root is None:
                self._tmp_root = Path(tempfile.mkdtemp(prefix="dyadwatch-store-"))
            return self._tmp_root
        return self.path.parent / f"{self.path.name}.parquet"

    def parquet_files(self, source: str | None = None) -> list[Path]:
        """The Parquet files of imported events (optionally of one source)."""
        if self.path is None and self._tmp_root is None:
            return []
        root = self.parquet_root
        if not root.is_dir():
            return []
        pattern = f"source={source}/year=*/*.parquet" if source else "source=*/year=*/*.parquet"
        return sorted(root.glob(pattern))

    def parquet_glob(self, source: str | None = None) -> str:
        """Glob of the Parquet files (for ``read_parquet``)."""
        part = f"source={source}" if source else "source=*"
        return str(self.parquet_root / part / "year=*" / "*.parquet")

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
        """A temporary view over the imported Parquet files (its name), ``None`` if none."""
        if not self.parquet_files(source):
            return None
        cols = ", ".join(
            f'CAST("{f.name}" AS {_DDL_TYPES[str(f.type)]}) AS "{f.name}"' for f in EVENT_SCHEMA
        )
        glob = self.parquet_glob(source).replace("'", "''")
        name = PARQUET_VIEW if source is None else f"{PARQUET_VIEW}_{source}"
        self.raw.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT {cols} FROM read_parquet('{glob}', "
            "hive_partitioning = true, union_by_name = true, "
            "hive_types = {'source': VARCHAR, 'year': INTEGER})"
        )
        return name

    # -- writing ---------------------------------------------------------------------------
    def load(
        self, events: pa.Table, *, source: str | None = None, fingerprint: str | None = None
    ) -> LoadResult:
        """Add canonical events; events already present (same source and event_id) are skipped.

        The whole load is one transaction: if it fails or is interrupted, nothing is written.

        Args:
            events: an Arrow table with :data:`~dyadwatch.schema.EVENT_SCHEMA`.
            source: label for the load log (default: the events' first source).
        """
        if events.schema != EVENT_SCHEMA:
            events = events.select(EVENT_SCHEMA.names).cast(EVENT_SCHEMA)
        if source is None:
            source = events.column("source")[0].as_py() if events.num_rows else "empty"
        fingerprint = fingerprint or _fingerprint(events)
        raw = self.raw
        name = f"_incoming_{os.getpid()}"
        raw.register(name, events)
        try:
            raw.execute("BEGIN TRANSACTION")
            try:
                before = raw.execute(f"SELECT count(*) FROM {EVENTS}").fetchall()[0][0]
                raw.execute(
                    f"""INSERT INTO {EVENTS}
                        SELECT * FROM (
                          SELECT DISTINCT ON (source, event_id) * FROM {name}
                        ) AS n
                        WHERE NOT EXISTS (
                          SELECT 1 FROM {EVENTS} e
                          WHERE e.source = n.source AND e.event_id = n.event_id)"""
                )
                after = raw.execute(f"SELECT count(*) FROM {EVENTS}").fetchall()[0][0]
                added = after - before
                raw.execute(
                    f"INSERT INTO {LOADS} VALUES (?, ?, ?, ?, ?)",
                    [source, fingerprint, dt.datetime.now(), events.num_rows, added],
                )
                raw.execute("COMMIT")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
        finally:
            raw.unregister(name)
        return LoadResult(source, events.num_rows, added, events.num_rows - added)

    def replace_source(self, events: pa.Table, *, source: str, fingerprint: str) -> LoadResult:
        """Replace every event of ``source`` with ``events`` in one transaction."""
        if events.schema != EVENT_SCHEMA:
            events = events.select(EVENT_SCHEMA.names).cast(EVENT_SCHEMA)
        raw = self.raw
        name = f"_replacement_{os.getpid()}"
        raw.register(name, events)
        try:
            raw.execute("BEGIN TRANSACTION")
            try:
                raw.execute(f"DELETE FROM {EVENTS} WHERE source = ?", [source])
                raw.execute(f"DELETE FROM {LOADS} WHERE source = ?", [source])
                raw.execute(f"INSERT INTO {EVENTS} SELECT * FROM {name}")
                raw.execute(
                    f"INSERT INTO {LOADS} VALUES (?, ?, ?, ?, ?)",
                    [source, fingerprint, dt.datetime.now(), events.num_rows, events.num_rows],
                )
                raw.execute("COMMIT")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
        finally:
            raw.unregister(name)
        return LoadResult(source, events.num_rows, events.num_rows, 0)

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
    if read_only and not path.exists():
        raise DyadwatchError(f"store not found: {path}", fix="create it by loading data first")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except Exception as exc:  # duckdb raises IOException / InvalidInputException
        msg = str(exc).splitlines()[0]
        raise DyadwatchError(
            f"cannot open the store {path}: {msg}",
            fix="check the file is a DuckDB database you can read, or pass another --db",
        ) from None
    return Store(path, con, read_only=read_only)


def spark_backend(master: str | None = None, *, config: dict[str, str] | None = None):
    """An ibis pyspark backend on a Spark session (local mode unless told otherwise).

    The master comes from ``master``, else ``$DYADWATCH_SPARK_MASTER``, else ``local[*]``;
    ``config`` adds Spark settings (e.g. ``{"spark.executor.memory": "8g"}``). ANSI mode is
    switched off for the session so that ibis' portable expressions behave as on DuckDB.

    Raises:
        MissingExtraError: pyspark is not installed (``pip install 'dyadwatch[spark]'``).
    """
    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError:
        from dyadwatch.errors import MissingExtraError

        raise MissingExtraError("pyspark", "spark") from None
    master = master or os.environ.get("DYADWATCH_SPARK_MASTER") or "local[*]"
    builder = (
        SparkSession.builder.master(master)
        .appName("dyadwatch")
        .config("spark.sql.ansi.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
        .config("spark.sql.shuffle.partitions", os.environ.get("DYADWATCH_SPARK_PARTITIONS", "8"))
    )
    for key, value in (config or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    return ibis.pyspark.connect(session)
