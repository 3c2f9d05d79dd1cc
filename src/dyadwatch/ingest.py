"""Import raw event files (GDELT 1.0/2.0, ICEWS, POLECAT) into the store, at scale.

``ingest(source, paths)`` streams the files through the source's reader (one ibis expression,
:mod:`dyadwatch.sources`) on DuckDB (default) or Spark, and writes the accepted events as
Parquet partitioned by source and year under the store (:attr:`dyadwatch.store.Store.
parquet_root`). Memory stays bounded: DuckDB reads the files in parallel and writes as it goes
(its ``memory_limit`` is set for the import and it spills to disk past it); nothing is gathered
in Python.

Every row read ends up in exactly one of three counts, so ``read = accepted + quarantined +
duplicates`` always holds:

* **quarantined** — the row is malformed (wrong column count, not UTF-8, bad date, unknown
  CAMEO code, ...). Each import writes a quarantine CSV (``file, line, reason, row``) under
  ``<store>.parquet/_quarantine/``.
* **duplicates** — the row is dropped by the deduplication policy (:class:`DedupPolicy`):

  - ``event_id`` (always on): an event whose id is already in the store, or seen earlier in
    the same import (GDELT: GlobalEventID; ICEWS: Event ID + Event Date; POLECAT: Event ID).
    This makes imports idempotent: the same files twice add nothing.
  - ``not_root`` (``root_only``, GDELT): events with IsRootEvent = 0 — events found outside the
    lead paragraphs of an article, which GDELT documents as less reliable.
  - ``min_sources`` (GDELT): events reported by fewer than N sources (NumSources).
  - ``min_confidence`` (``min_confidence``, GDELT 2.0 with its Mentions files): events whose
    best-rated mention has a coding Confidence below N. GDELT 2.0's Mentions table has one
    row per article that mentions an event, with the coder's Confidence (10 to 100 %; GDELT
    2.0 *Event Codebook V2.0*, 2015); an event is kept when any article mentions it with at
    least N (:func:`dyadwatch.sources.gdelt.mentions_confidence` takes the maximum).
  - ``no_mentions`` (with ``min_confidence``): events that no row of the given Mentions files
    names. Every GDELT 2.0 event has at least its first mention in the Mentions file of the
    same 15-minute interval, so these mean the Mentions files do not match the event files;
    a quality filter keeps only what it can rate, so they are dropped and counted apart
    (the CLI warns). Importing the same event files again without the filter adds them.
  - ``one_a_day``: at most one event per day for each directed dyad and CAMEO code (the
    "one-a-day" filter of Schrodt's event data practice), keeping the one with the most
    sources, then the lowest id; events without both actors are not filtered.

  The rules are checked in this order (``event_id`` and ``one_a_day`` last, on the rows the
  others keep); the first that applies names the drop.

* **accepted** — written to the store.

Files that cannot be read at all (missing, empty, truncated zip, UTF-16) are *refused* before
anything is written, with a one-line reason; ``skip_bad_files=True`` imports the others.

On DuckDB an import is one ``COPY`` from the files to Parquet staging (read, parse, validate
and write in one parallel pass), then a check for repeated ids and a move of the staged files
into the store; rows are re-read only when some must be dropped as duplicates. What it costs,
measured, is in ``benchmarks/README.md`` (section Ingest).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import ibis
import ibis.expr.types as ir

from dyadwatch.errors import DyadwatchError
from dyadwatch.schema import EVENT_SCHEMA
from dyadwatch.sources.canonical import RAW_KEY_FIELDS, PortableEngine
from dyadwatch.sources.rawfiles import (
    OVERFLOW,
    PreparedFile,
    prepare_files,
    python_table,
    sql_string,
)

__all__ = [
    "INGEST_SOURCES",
    "DedupPolicy",
    "IngestSummary",
    "ingest",
    "dyad_monthly",
    "mention_paths",
]

INGEST_SOURCES = ("gdelt1", "gdelt2", "icews", "polecat")
ENGINES = ("duckdb", "spark")
_EVENT_COLS = list(EVENT_SCHEMA.names)
_REJECT_REASONS = {
    "INVALID ENCODING": "not valid UTF-8",
    "TOO MANY COLUMNS": "too many tab-separated columns",
    "LINE SIZE OVER MAXIMUM": "line longer than the reader's limit (2 MB)",
    "UNQUOTED VALUE": "malformed quoting",
    "MISSING COLUMNS": "too few columns",
    "CAST ERROR": "malformed value",
}


@dataclass(frozen=True)
class DedupPolicy:
    """Which rows an import drops as duplicates (see the module docstring).

    Args:
        root_only: keep only GDELT root events (IsRootEvent = 1).
        min_sources: keep only GDELT events with NumSources at least this (0: no filter).
        one_a_day: keep one event per day, directed dyad and CAMEO code.
        min_confidence: GDELT 2.0: keep only events that some article mentions with a coding
            Confidence of at least this (10 to 100; 0: no filter); needs the Mentions files
            (``ingest(..., mentions=...)``).
    """

    root_only: bool = False
    min_sources: int = 0
    one_a_day: bool = False
    min_confidence: int = 0

    def describe(self) -> dict:
        return {"event_id": True, **asdict(self)}


@dataclass
class IngestSummary:
    """What an import did. ``read == accepted + quarantined + duplicates`` always."""

    source: str
    engine: str
    import_id: str
    files: int
    files_refused: list[str]
    read: int
    accepted: int
    quarantined: int
    duplicates: int
    duplicates_by_rule: dict[str, int]
    quarantine_reasons: dict[str, int]
    quarantine_file: str | None
    policy: dict
    seconds: float
    years: list[int] = field(default_factory=list)
    mentions: dict | None = None

    def as_dict(self) -> dict:
        return asdict(self)

    def line(self) -> str:
        """One summary line for people."""
        text = (
            f"{self.source}: read {self.read:,} = accepted {self.accepted:,} + quarantined "
            f"{self.quarantined:,} + duplicates {self.duplicates:,} "
            f"({self.files} file{'s' if self.files != 1 else ''}, {self.seconds:.1f} s, "
            f"{self.engine})"
        )
        if self.files_refused:
            text += f"; refused {len(self.files_refused)} file(s)"
        if self.quarantine_file:
            text += f"; quarantine: {self.quarantine_file}"
        return text


# --------------------------------------------------------------------------------------------
# readers per source


@dataclass
class _Group:
    """Files sharing one layout, and how to parse them."""

    files: list[PreparedFile]
    width: int
    header: bool
    build: object  # callable(raw: ir.Table) -> ir.Table (parsed)
    delimiter: str = "\t"


def _groups(source: str, files: list[PreparedFile], max_date: dt.date) -> list[_Group]:
    if source in ("gdelt1", "gdelt2"):
        from dyadwatch.sources.gdelt import LAYOUTS, gdelt_events

        width = LAYOUTS[source][2] + OVERFLOW

        def build(raw: ir.Table, view, _w: int = width) -> ir.Table:
            return gdelt_events(raw, source, width=_w, max_date=max_date, engine=view)

        return [_Group(files, width, False, build)] if files else []
    by_header: dict[tuple[str, ...], list[PreparedFile]] = {}
    for f in files:
        by_header.setdefault(tuple(f.header or []), []).append(f)
    groups = []
    for header, members in by_header.items():
        where = str(members[0].original)
        delimiter = "\t"
        names = list(header)
        if len(names) == 1 and "," in names[0]:
            delimiter = ","
            names = next(csv.reader([names[0]]))
        if source == "icews":
            from dyadwatch.sources.icews import icews_events, icews_layout

            pos = icews_layout(names, where=where)
            fn = icews_events
        else:
            from dyadwatch.sources.polecat import polecat_events, polecat_header, polecat_layout

            names = polecat_header(names, members[0].first_fields)
            pos = polecat_layout(names, where=where)
            fn = polecat_events
        width = len(names) + OVERFLOW

        def build(raw, view, _pos=pos, _w=width, _n=len(names), _fn=fn):
            return _fn(raw, _pos, width=_w, n_header=_n, max_date=max_date, engine=view)

        groups.append(_Group(members, width, True, build, delimiter))
    return groups


# --------------------------------------------------------------------------------------------
# engines


def _columns_sql(width: int) -> str:
    return "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(1, width + 1)) + "}"


def _raw_schema(width: int) -> ibis.Schema:
    """The raw view's columns (see ``_DuckDB._native_view``)."""
    columns = {"filename": "int32", "line": "int64", "bad_encoding": "boolean"}
    return ibis.schema(columns | {f"c{i}": "string" for i in range(1, width + 1)})


@ibis.udf.scalar.builtin(name="try_strptime")
def _try_strptime(text: str, fmt: str) -> dt.datetime:  # DuckDB builtin
    ...


@ibis.udf.scalar.builtin(name="to_date")
def _to_date(text: str, fmt: str) -> dt.date:  # Spark builtin
    ...


class _DuckDB(PortableEngine):
    """Raw files into parsed tables, and writes, on the store's DuckDB connection.

    Speed matters here (issue #3), so the SQL that ibis compiles is run by DuckDB directly and
    the bookkeeping around it is kept off the rows' path:

    * each file gets a number (its rank in path order, so sorting by number sorts by path as
      the Spark engine does); the staged rows carry that number as ``filename`` instead of the
      path (writing a long path into every row cost 10-20 % of the staging ``COPY``), and the
      quarantine maps it back;
    * the staging ``COPY`` returns its per-file row counts (``RETURN_STATS``), so accepted rows
      are counted without reading the staging files again;
    * the deduplication checks read the staged ``event_id`` column only, and the store's own
      events are not consulted when it holds none of the source.
    """

    name = "duckdb"

    def __init__(self, store, memory_limit: str | None) -> None:
        self.store = store
        self.con = store.con
        self.raw = store.raw
        self._saved: dict[str, str] = {}
        self._settings = {"preserve_insertion_order": "false"}
        if memory_limit:
            self._settings["memory_limit"] = memory_limit
        self._settings["temp_directory"] = str(store.parquet_root / "_spill")
        self._settings["partitioned_write_flush_threshold"] = "100000"
        self.numbers: dict[str, int] = {}  # file path -> number
        self.paths: dict[int, str] = {}  # number -> file path
        self.written: dict[str, list[tuple[str, int]]] = {}  # part -> [(staged file, rows)]
        self._lookups: list[str] = []
        self._temp_tables: list[str] = []

    def __enter__(self):
        for key, value in self._settings.items():
            with contextlib.suppress(Exception):
                self._saved[key] = str(
                    self.raw.execute(f"SELECT current_setting('{key}')").fetchone()[0]
                )
                self.raw.execute(f"SET {key} = {sql_string(value)}")
        return self

    def __exit__(self, *exc) -> None:
        for key, value in self._saved.items():
            with contextlib.suppress(Exception):
                self.raw.execute(f"SET {key} = {sql_string(value)}")
        for view in self._lookups:
            with contextlib.suppress(Exception):
                self.raw.unregister(view)
        for name in self._temp_tables:
            with contextlib.suppress(Exception):
                self.raw.execute(f"DROP TABLE IF EXISTS {name}")

    def number_files(self, files: list[PreparedFile]) -> None:
        """Number the import's files in path order (the staged rows' ``filename``)."""
        for i, path in enumerate(sorted({str(f.path) for f in files})):
            self.numbers[path] = i
            self.paths[i] = path

    def file_label(self, value) -> str | None:
        """The path of a staged row's file."""
        return self.paths.get(value, value) if value is not None else None

    def _native_view(self, group: _Group, files: list[PreparedFile], tag: str) -> str:
        files = sorted(files, key=lambda f: self.numbers[str(f.path)])
        numbers = [self.numbers[str(f.path)] for f in files]
        if numbers == list(range(numbers[0], numbers[0] + len(numbers))):
            number = f"CAST(file_index AS INTEGER) + {numbers[0]}"
        else:
            number = f"CAST({numbers}[CAST(file_index AS BIGINT) + 1] AS INTEGER)"
        paths = "[" + ", ".join(sql_string(str(f.path)) for f in files) + "]"
        quote = "'\"'" if group.delimiter == "," else "''"
        view = f"_raw_{tag}"
        self.raw.execute(
            f"""CREATE OR REPLACE TEMP VIEW {view} AS
            SELECT {number} AS filename, CAST(NULL AS BIGINT) AS line,
                   false AS bad_encoding, *
            FROM read_csv({paths}, delim={sql_string(group.delimiter)},
                header={str(group.header).lower()}, quote={quote}, escape={quote},
                columns={_columns_sql(group.width)}, auto_detect=false, null_padding=true,
                ignore_errors=true, store_rejects=true, rejects_table='_rj_{tag}',
                rejects_scan='_rs_{tag}')"""
        )
        return view

    def write_parsed(self, group: _Group, staging: Path, part: int, policy_kind) -> list[dict]:
        """Parse the group's files into ``staging/partN/kind=K/year=Y``; return reader rejects."""
        import duckdb

        content_errors = (duckdb.InvalidInputException, duckdb.ConversionException)
        staging.mkdir(parents=True, exist_ok=True)
        rejects: list[dict] = []
        try:
            self._write_native(group, group.files, staging, part, policy_kind, rejects)
            return rejects
        except content_errors:  # the reader failed on content: go file by file
            rejects.clear()
            self._drop_part(staging, part)
        for j, f in enumerate(group.files):
            sub = f"{part}_{j}"
            try:
                self._write_native(group, [f], staging, sub, policy_kind, rejects)
            except content_errors:
                self._drop_part(staging, sub)
                rejects[:] = [r for r in rejects if r["filename"] != str(f.path)]
                table = python_table(
                    f.path,
                    group.width,
                    skip_header=group.header,
                    file_label=str(f.path),
                    delimiter=group.delimiter,
                )
                import pyarrow as pa

                number = pa.array([self.numbers[str(f.path)]] * table.num_rows, pa.int32())
                table = table.set_column(0, "filename", number)
                name = f"_py_{uuid.uuid4().hex[:8]}"
                self.raw.register(name, table)
                try:
                    self._copy(group.build(self.con.table(name), self), staging, sub, policy_kind)
                finally:
                    self.raw.unregister(name)
        return rejects

    def _drop_part(self, staging: Path, part) -> None:
        shutil.rmtree(staging / f"part{part}", ignore_errors=True)
        self.written.pop(str(part), None)

    def _write_native(self, group, files, staging, part, policy_kind, rejects) -> None:
        tag = f"{uuid.uuid4().hex[:8]}"
        view = self._native_view(group, files, tag)
        try:
            raw = ibis.table(_raw_schema(group.width), name=view)
            self._copy(group.build(raw, self), staging, part, policy_kind)
            rows = self.raw.execute(
                f"""SELECT s.file_path, e.line, e.error_type, e.csv_line
                FROM _rj_{tag} e JOIN _rs_{tag} s USING (scan_id, file_id)"""
            ).fetchall()
        finally:
            self.raw.execute(f"DROP VIEW IF EXISTS {view}")
        seen = set()
        for path, line, kind, text in rows:
            if (path, line) in seen:
                continue
            seen.add((path, line))
            rejects.append(
                {
                    "filename": path,
                    "line": int(line) if line is not None else None,
                    "reason": _REJECT_REASONS.get(kind, kind.lower()),
                    "raw": text,
                }
            )
        with contextlib.suppress(Exception):
            self.raw.execute(f"DROP TABLE IF EXISTS _rj_{tag}")
            self.raw.execute(f"DROP TABLE IF EXISTS _rs_{tag}")

    def yyyymmdd(self, x: ir.StringValue) -> ir.DateValue:
        return ibis.ifelse(x.length() == 8, _try_strptime(x, "%Y%m%d").cast("date"), None)

    def lookup(self, name: str, table) -> ir.Table:
        """Register a small Arrow lookup table with DuckDB (no ibis memtable: no pandas)."""
        view = f"_lookup_{name}"
        if view not in self._lookups:
            self.raw.register(view, table)
            self._lookups.append(view)
        return self.con.table(view)

    def view(self, expr: ir.Table) -> ir.Table:
        """Materialise ``expr`` as a temporary view (each value computed once)."""
        self.con._run_pre_execute_hooks(expr)
        name = f"_stage_{uuid.uuid4().hex[:10]}"
        self.raw.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {self.con.compile(expr)}")
        return ibis.table(expr.schema(), name=name)  # the schema is known: no DESCRIBE

    def _copy(self, parsed: ir.Table, staging: Path, part, policy_kind) -> None:
        expr = policy_kind(parsed)
        self.con._run_pre_execute_hooks(expr)
        sql = self.con.compile(expr)
        target = staging / f"part{part}"
        stats = self.raw.execute(
            f"COPY ({sql}) TO {sql_string(str(target))} (FORMAT parquet, "
            "PARTITION_BY (kind, year), OVERWRITE_OR_IGNORE true, RETURN_STATS)"
        ).fetchall()
        self.written[str(part)] = [(str(row[0]), int(row[1])) for row in stats]

    def mention_confidence(self, files: list[PreparedFile]) -> tuple[ir.Table, dict]:
        """The Mentions files reduced to ``event_id, max_confidence, mentions`` (a temp table).

        Lines that do not parse are skipped (they rate no event); a file DuckDB's reader cannot
        read at all goes through the exact Python reader, as event files do.
        """
        import duckdb

        from dyadwatch.sources.gdelt import MENTIONS_COLUMNS, mentions_confidence

        width = len(MENTIONS_COLUMNS) + OVERFLOW
        tag = uuid.uuid4().hex[:8]
        view = f"_mraw_{tag}"
        paths = "[" + ", ".join(sql_string(str(f.path)) for f in files) + "]"
        self.raw.execute(
            f"""CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM read_csv({paths},
                delim='\t', header=false, quote='', escape='', columns={_columns_sql(width)},
                auto_detect=false, null_padding=true, ignore_errors=true)"""
        )
        raw = ibis.table({f"c{i}": "string" for i in range(1, width + 1)}, name=view)
        expr = mentions_confidence(raw)
        name = f"_conf_{tag}"
        try:
            self.raw.execute(f"CREATE TEMP TABLE {name} AS {self.con.compile(expr)}")
        except (duckdb.InvalidInputException, duckdb.ConversionException):
            import pyarrow as pa

            tables = [
                python_table(f.path, width, skip_header=False, file_label=str(f.path))
                for f in files
            ]
            self.raw.register(f"_mpy_{tag}", pa.concat_tables(tables))
            self._lookups.append(f"_mpy_{tag}")
            self.raw.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT * FROM _mpy_{tag}")
            self.raw.execute(f"CREATE TEMP TABLE {name} AS {self.con.compile(expr)}")
        finally:
            self._temp_tables.append(name)
        events, rows = self.raw.execute(
            f"SELECT count(*), coalesce(sum(mentions), 0) FROM {name}"
        ).fetchall()[0]
        info = {"files": len(files), "rows": int(rows), "events": int(events)}
        return ibis.table(expr.schema(), name=name), info

    def staged_counts(self, staging: Path) -> dict[tuple[str, str | None], int]:
        """Rows staged per (kind, reason): ok rows from the COPY's own counts."""
        files = [f for part in self.written.values() for f in part]
        counts: dict[tuple[str, str | None], int] = {}
        n_ok = sum(n for path, n in files if f"{os.sep}kind=ok{os.sep}" in path)
        if n_ok:
            counts[("ok", None)] = n_ok
        for kind in ("bad", "drop"):
            if not any(f"{os.sep}kind={kind}{os.sep}" in path for path, _ in files):
                continue
            glob = sql_string(str(staging / "part*" / f"kind={kind}" / "year=*" / "*.parquet"))
            for reason, n in self.raw.execute(
                f"SELECT reason, count(*) FROM read_parquet({glob}) GROUP BY reason"
            ).fetchall():
                counts[(kind, reason)] = int(n)
        return counts

    def read_staging(self, staging: Path, kind: str) -> ir.Table | None:
        files = list(staging.glob(f"part*/kind={kind}/year=*/*.parquet"))
        if not files:
            return None
        glob = sql_string(str(staging / "part*" / f"kind={kind}" / "year=*" / "*.parquet"))
        name = f"_stage_{kind}_{uuid.uuid4().hex[:8]}"
        self.raw.execute(
            f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet({glob}, "
            "hive_partitioning = true, hive_types = {'kind': VARCHAR, 'year': INTEGER})"
        )
        return self.con.table(name)

    def existing(self, source: str) -> ir.Table | None:
        """The store's events of ``source``; ``None`` when it holds none (nothing to check)."""
        if not self.store.parquet_files(source):
            sql = "SELECT count(*) FROM events WHERE source = ?"
            if not self.raw.execute(sql, [source]).fetchall()[0][0]:
                return None
        return self.store.source_events(source)

    def write_final(self, expr: ir.Table, target: Path) -> int:
        self.con._run_pre_execute_hooks(expr)
        sql = self.con.compile(expr)
        stats = self.raw.execute(
            f"COPY ({sql}) TO {sql_string(str(target))} (FORMAT parquet, "
            "PARTITION_BY (year), OVERWRITE_OR_IGNORE true, RETURN_STATS)"
        ).fetchall()
        return sum(int(row[1]) for row in stats)

    def to_rows(self, expr: ir.Table) -> list[dict]:
        return self.store.arrow(expr).to_pylist()

    def scalar(self, expr) -> int:
        self.con._run_pre_execute_hooks(expr)
        return int(self.raw.execute(self.con.compile(expr)).fetchall()[0][0] or 0)


class _Spark(PortableEngine):
    """The same parsed expressions on a Spark session (local mode or a cluster)."""

    name = "spark"

    def __init__(self, store, backend=None) -> None:
        from dyadwatch.store import spark_backend

        self.store = store
        self.con = backend or spark_backend()
        self.session = self.con._session

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def number_files(self, files: list[PreparedFile]) -> None:
        """Spark's staged rows carry the file's path (``input_file_name``): nothing to do."""

    def file_label(self, value) -> str | None:
        return value

    def staged_counts(self, staging: Path) -> dict[tuple[str, str | None], int]:
        """Rows staged per (kind, reason), counted from the staged files."""
        counts: dict[tuple[str, str | None], int] = {}
        for kind in ("ok", "bad", "drop"):
            t = self.read_staging(staging, kind)
            if t is None:
                continue
            if kind == "ok":
                counts[("ok", None)] = self.scalar(t.count())
            else:
                for row in self.to_rows(t.group_by("reason").aggregate(n=t.count())):
                    counts[(kind, row["reason"])] = int(row["n"])
        return counts

    def mention_confidence(self, files: list[PreparedFile]) -> tuple[ir.Table, dict]:
        """The Mentions files reduced to ``event_id, max_confidence, mentions`` (cached)."""
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        from dyadwatch.sources.gdelt import MENTIONS_COLUMNS, mentions_confidence

        width = len(MENTIONS_COLUMNS) + OVERFLOW
        schema = StructType([StructField(f"c{i}", StringType(), True) for i in range(1, width + 1)])
        df = (
            self.session.read.options(sep="\t", header="false", quote="", mode="PERMISSIVE")
            .schema(schema)
            .csv([str(f.path) for f in files])
        )
        view = f"_mraw_{uuid.uuid4().hex[:8]}"
        df.createOrReplaceTempView(view)
        conf = self.session.sql(self.con.compile(mentions_confidence(self.con.table(view))))
        conf = conf.cache()
        name = f"_conf_{uuid.uuid4().hex[:8]}"
        conf.createOrReplaceTempView(name)
        events, rows = conf.agg(F.count(F.lit(1)), F.sum("mentions")).collect()[0]
        info = {"files": len(files), "rows": int(rows or 0), "events": int(events)}
        return self.con.table(name), info

    def write_parsed(self, group: _Group, staging: Path, part: int, policy_kind) -> list[dict]:
        from pyspark.sql import functions as F
        from pyspark.sql.types import StringType, StructField, StructType

        schema = StructType(
            [StructField(f"c{i}", StringType(), True) for i in range(1, group.width + 1)]
        )
        reader = self.session.read.options(
            sep=group.delimiter,
            header=str(group.header).lower(),
            quote='"' if group.delimiter == "," else "",
            escape='"' if group.delimiter == "," else "\\",
            mode="PERMISSIVE",
            multiLine="false",
            encoding="UTF-8",
            ignoreLeadingWhiteSpace="false",
            ignoreTrailingWhiteSpace="false",
        )
        df = reader.schema(schema).csv([str(f.path) for f in group.files])
        allcols = F.concat_ws("\t", *[F.col(f"c{i}") for i in range(1, group.width + 1)])
        df = df.select(
            F.expr("url_decode(regexp_replace(input_file_name(), '^file:(//)?', ''))").alias(
                "filename"
            ),
            F.lit(None).cast("bigint").alias("line"),
            (F.instr(allcols, "\ufffd") > 0).alias("bad_encoding"),
            *[F.col(f"c{i}") for i in range(1, group.width + 1)],
        )
        name = f"_raw_{uuid.uuid4().hex[:8]}"
        df.createOrReplaceTempView(name)
        expr = policy_kind(group.build(self.con.table(name), self))
        self._write(expr, staging / f"part{part}", ["kind", "year"])
        return []

    def _write(self, expr: ir.Table, path: Path, partition_by: list[str]) -> None:
        from pyspark.sql import functions as F

        self.con._run_pre_execute_hooks(expr)
        df = self.session.sql(self.con.compile(expr))
        # Spark types an empty array literal as ARRAY<VOID>, which Parquet cannot store
        for name in ("tags", "flags"):
            if name in df.columns:
                df = df.withColumn(name, F.col(name).cast("array<string>"))
        df.write.mode("overwrite").partitionBy(*partition_by).parquet(str(path))

    def yyyymmdd(self, x: ir.StringValue) -> ir.DateValue:
        ok = x.re_search(r"^[0-9]{8}$").fill_null(False)
        return ibis.ifelse(ok, _to_date(x, "yyyyMMdd"), None)

    def view(self, expr: ir.Table) -> ir.Table:
        """Materialise ``expr`` as a temporary Spark view (each value computed once)."""
        self.con._run_pre_execute_hooks(expr)
        name = f"_stage_{uuid.uuid4().hex[:10]}"
        self.session.sql(self.con.compile(expr)).createOrReplaceTempView(name)
        return self.con.table(name)

    def read_staging(self, staging: Path, kind: str) -> ir.Table | None:
        files = list(staging.glob(f"part*/kind={kind}/year=*/*.parquet"))
        if not files:
            return None
        from pyspark.sql import functions as F

        df = None
        for folder in sorted({p.parent for p in files}):
            year = int(folder.name.split("=", 1)[1])
            part = self.session.read.parquet(str(folder)).withColumn("year", F.lit(year))
            df = part if df is None else df.unionByName(part)
        df = df.withColumn("kind", F.lit(kind))
        name = f"_stage_{kind}_{uuid.uuid4().hex[:8]}"
        df.createOrReplaceTempView(name)
        return self.con.table(name)

    def existing(self, source: str) -> ir.Table | None:
        files = self.store.parquet_files(source)
        parts = []
        if files:
            df = self.session.read.parquet(*sorted({str(p.parent) for p in files}))
            name = f"_existing_{uuid.uuid4().hex[:8]}"
            df.select("event_id", "date", "actor1", "actor2", "cameo").createOrReplaceTempView(name)
            parts.append(self.con.table(name))
        table = self.store.con.table("events")
        small = self.store.con.to_pyarrow(
            table.filter(table.source == source).select(
                "event_id", "date", "actor1", "actor2", "cameo"
            )
        )
        if small.num_rows:
            parts.append(ibis.memtable(small))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else parts[0].union(parts[1])

    def write_final(self, expr: ir.Table, target: Path) -> int | None:
        self._write(expr, target, ["year"])
        return None  # not counted while writing: the caller counts

    def to_rows(self, expr: ir.Table) -> list[dict]:
        return self.con.to_pyarrow(expr).to_pylist()

    def scalar(self, expr) -> int:
        return int(self.con.execute(expr) or 0)


# --------------------------------------------------------------------------------------------
# the import


def _policy_kind(source: str, policy: DedupPolicy, confidence: ir.Table | None = None):
    """Add ``kind`` (ok / bad / drop) and the drop rule to a parsed table.

    ``confidence`` (``event_id, max_confidence``, from the Mentions files) is joined on the
    event id when the policy filters on confidence; the first rule that applies names a drop.
    """
    gdelt = source.startswith("gdelt")

    def apply(parsed: ir.Table) -> ir.Table:
        if confidence is not None:
            parsed = parsed.left_join(confidence, parsed.event_id == confidence.event_id).select(
                parsed, confidence.max_confidence
            )
        rules = []
        if gdelt and policy.root_only:
            rules.append((parsed.is_root_event == False, "not_root"))  # noqa: E712
        if gdelt and policy.min_sources > 0:
            rules.append((parsed.num_sources < policy.min_sources, "min_sources"))
        if confidence is not None:
            rules.append((parsed.max_confidence.isnull(), "no_mentions"))
            rules.append((parsed.max_confidence < policy.min_confidence, "min_confidence"))
        drop = (
            ibis.cases(
                *((cond.fill_null(False), name) for cond, name in rules), else_=ibis.null("string")
            )
            if rules
            else ibis.null("string")
        )
        kind = ibis.cases((parsed.reason.notnull(), "bad"), (drop.notnull(), "drop"), else_="ok")
        out = parsed.mutate(
            kind=kind, reason=ibis.ifelse(parsed.reason.notnull(), parsed.reason, drop)
        )
        return out.drop("max_confidence") if confidence is not None else out

    return apply


def _check_mentions_options(source: str, policy: DedupPolicy, mentions) -> None:
    if policy.min_confidence:
        if source != "gdelt2":
            raise DyadwatchError(
                "--min-confidence filters GDELT 2.0 events by their Mentions",
                where="--min-confidence",
                fix="use it with the source gdelt2 (Mentions exist for GDELT 2.0 only)",
            )
        if not 0 < policy.min_confidence <= 100:
            raise DyadwatchError(
                f"--min-confidence must be 1 to 100, got {policy.min_confidence}",
                where="--min-confidence",
                fix="GDELT's Confidence is a percentage (10 to 100)",
            )
        if not mentions:
            raise DyadwatchError(
                "--min-confidence needs the GDELT 2.0 Mentions files",
                where="--mentions",
                fix="pass the .mentions.CSV(.zip) files of the same 15-minute intervals "
                "with --mentions",
            )
    elif mentions:
        raise DyadwatchError(
            "--mentions is only read to filter by confidence",
            where="--mentions",
            fix="add --min-confidence N (10 to 100), or leave out --mentions",
        )


def _mentions_in_paths(paths: Sequence[str | Path]) -> None:
    """Refuse Mentions files among the event files (a shell glob after --mentions puts them
    there: only its first file goes to the option)."""
    for p in paths:
        if ".mentions." in Path(p).name.lower():
            raise DyadwatchError(
                f"{p} looks like a GDELT 2.0 Mentions file, not an events file",
                where="PATH",
                fix="pass Mentions files with --mentions (repeat it, or give a folder or a "
                "quoted glob such as --mentions 'g2/*.mentions.CSV.zip')",
            )


def mention_paths(values: Sequence[str | Path]) -> list[Path]:
    """Mentions files named by ``values``: files as given, a folder's ``*.mentions.*`` files,
    and glob patterns expanded.

    Used for ``--mentions``, which a shell cannot fill from one glob (an option takes one
    value): ``--mentions g2/`` or ``--mentions 'g2/*.mentions.CSV.zip'`` both work.
    """
    import glob

    out: list[Path] = []
    for value in values:
        text = str(value)
        path = Path(text)
        if path.is_dir():
            out += sorted(f for f in path.iterdir() if ".mentions." in f.name.lower())
        elif glob.has_magic(text) and not path.exists():
            out += [Path(f) for f in sorted(glob.glob(text))] or [path]
        else:
            out.append(path)
    return out


def _fingerprint(files: list[PreparedFile]) -> str:
    h = hashlib.sha256()
    for f in files:
        st = f.original.stat()
        h.update(f"{f.original.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


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
    if source not in INGEST_SOURCES:
        raise DyadwatchError(
            f"unknown source {source!r}",
            where="SOURCE",
            fix=f"use one of {', '.join(INGEST_SOURCES)}",
        )
    if engine not in ENGINES:
        raise DyadwatchError(
            f"unknown engine {engine!r}", where="--engine", fix="use duckdb or spark"
        )
    if not paths:
        raise DyadwatchError("no files to import", where="PATH", fix="pass one or more files")
    policy = policy or DedupPolicy()
    if policy.min_sources < 0:
        raise DyadwatchError("--min-sources must be 0 or more", where="--min-sources")
    _check_mentions_options(source, policy, mentions)
    if source.startswith("gdelt"):
        _mentions_in_paths(paths)
    max_date = max_date or dt.date.today()
    own_store = store is None
    store = store or open_store(db)
    import_id = dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    root = store.parquet_root
    staging = root / "_staging" / import_id
    try:
        prepared = prepare_files(
            [Path(p) for p in paths], staging / "unzipped", header=source in ("icews", "polecat")
        )
        _check_prepared(prepared, skip_bad_files)
        mention_files = _prepare_mentions(mentions, staging, skip_bad_files)
        origin = {str(f.path): str(f.original) for f in prepared.files}
        groups = _groups(source, prepared.files, max_date)
        runner = _Spark(store, spark) if engine == "spark" else _DuckDB(store, memory_limit)
        runner.number_files(prepared.files)
        with runner:
            confidence, mentions_info = None, None
            if mention_files is not None:
                confidence, mentions_info = runner.mention_confidence(mention_files.files)
            kind_fn = _policy_kind(source, policy, confidence)
            rejects: list[dict] = []
            for i, group in enumerate(groups):
                rejects += runner.write_parsed(group, staging, i, kind_fn)
            summary = _finish(
                runner, store, source, policy, staging, root, import_id, rejects, origin
            )
        summary.files = len(prepared.files)
        summary.files_refused = [r.line() for r in prepared.refused]
        if mention_files is not None:
            summary.files_refused += [r.line() for r in mention_files.refused]
            summary.mentions = mentions_info
        summary.engine = runner.name
        summary.seconds = round(time.perf_counter() - started, 3)
        _record(store, summary, prepared.files)
        return summary
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            (root / "_staging").rmdir()
        if own_store:
            store.close()


def _prepare_mentions(mentions, staging: Path, skip_bad_files: bool):
    """Check (and unzip) the Mentions files, refusing unreadable ones as for event files."""
    if not mentions:
        return None
    prepared = prepare_files(
        [Path(p) for p in mentions], staging / "mentions-unzipped", header=False
    )
    _check_prepared(prepared, skip_bad_files, kind="Mentions ", where="--mentions")
    return prepared


def _check_prepared(prepared, skip_bad_files: bool, *, kind: str = "", where=None) -> None:
    """Refuse the import when a file cannot be read (unless skipping) or none can.

    Args:
        kind: what the files are, for the message (``""`` for event files, ``"Mentions "``).
        where: the option the files came from.
    """
    if prepared.refused and not skip_bad_files:
        first = prepared.refused[0]
        n = len(prepared.refused)
        more = f" (and {n - 1} more)" if n > 1 else ""
        raise DyadwatchError(
            f"cannot read {kind}file {first.path}: {first.reason}{more}",
            where=where,
            fix=(first.fix + "; " if first.fix else "")
            + "or pass --skip-bad-files to import the others",
        )
    if not prepared.files:
        raise DyadwatchError(
            f"none of the {kind}files can be read: " + prepared.refused[0].line(),
            where=where,
            fix="check the paths and re-download the files",
        )


def _finish(runner, store, source, policy, staging, root, import_id, rejects, origin):
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

    accepted, years = 0, []
    ok = runner.read_staging(staging, "ok")
    if ok is not None:
        accepted, years = _dedup_and_write(
            runner, store, source, policy, ok, n_ok, root, import_id, staging, by_rule
        )
    quarantined = sum(bad_reasons.values())
    qfile = (
        _write_quarantine(runner, staging, root, import_id, rejects, origin)
        if quarantined
        else None
    )
    duplicates = sum(by_rule.values())
    read = accepted + quarantined + duplicates
    return IngestSummary(
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


def _dedup_and_write(runner, store, source, policy, ok, n_ok, root, import_id, staging, by_rule):
    """Drop duplicate events from the staged ok rows and move the rest into the store.

    When nothing can be a duplicate (no repeated id in the import, none of the source in the
    store, no one-a-day rule) the staged files are moved as they are; otherwise the kept rows
    are written once, counted while they are written where the engine can (DuckDB).
    """
    existing = runner.existing(source)
    has_existing = existing is not None and runner.scalar(existing.count()) > 0
    n_repeats = runner.scalar(ok.count() - ok.event_id.nunique())  # rows with a repeated id
    keep = ok
    if n_repeats:
        dup_groups = ok.group_by("event_id").aggregate(n=ok.count()).filter(lambda t: t.n > 1)
        ids = dup_groups.select("event_id")
        single = ok.anti_join(ids, "event_id")
        multi = ok.semi_join(ids, "event_id")
        w = ibis.row_number().over(
            group_by=multi.event_id, order_by=[multi.filename, multi.line, multi.date]
        )
        first = multi.mutate(_rn=w).filter(lambda t: t._rn == 0).drop("_rn")
        keep = single.union(first)
    if has_existing:
        keep = keep.anti_join(existing.select("event_id"), "event_id")
    after_ids = None  # rows left after the event_id rule; None: not counted yet
    if not (n_repeats or has_existing):
        after_ids = n_ok
    if policy.one_a_day:
        if after_ids is None:
            after_ids = runner.scalar(keep.count())
        both = keep.actor1.notnull() & keep.actor2.notnull()
        dyadic = keep.filter(both)
        rest = keep.filter(~both)
        key = [dyadic.date, dyadic.actor1, dyadic.actor2, dyadic.cameo]
        w = ibis.row_number().over(
            group_by=key,
            order_by=[
                ibis.desc(dyadic.num_sources.fill_null(0)),
                dyadic.event_id.length(),
                dyadic.event_id,
            ],
        )
        dyadic = dyadic.mutate(_rn=w).filter(lambda t: t._rn == 0).drop("_rn")
        if has_existing:
            ex = existing.filter(existing.actor1.notnull() & existing.actor2.notnull())
            ex = ex.select("date", "actor1", "actor2", "cameo").distinct()
            dyadic = dyadic.anti_join(ex, ["date", "actor1", "actor2", "cameo"])
        keep = dyadic.union(rest)
    target = root / f"source={source}"
    target.mkdir(parents=True, exist_ok=True)
    years: set[int] = set()
    if after_ids == n_ok and not policy.one_a_day:
        accepted = n_ok
        moves = list(staging.glob("part*/kind=ok/year=*/*.parquet"))
    else:
        out = staging / "final"
        accepted = runner.write_final(keep.select(*_EVENT_COLS, "year"), out)
        if accepted is None:
            accepted = runner.scalar(keep.count())
        moves = list(out.glob("year=*/*.parquet"))
    if after_ids is None:
        after_ids = accepted
    by_rule["event_id"] = n_ok - after_ids
    if policy.one_a_day:
        by_rule["one_a_day"] = after_ids - accepted
    for i, f in enumerate(sorted(moves)):
        year_dir = f.parent.name
        years.add(int(year_dir.split("=", 1)[1]))
        dest = target / year_dir
        dest.mkdir(exist_ok=True)
        os.replace(f, dest / f"{import_id}-{i:05d}.parquet")
    return accepted, sorted(years)


def _resolve_lines(records: list[dict], key_fields: int) -> None:
    """Fill in line numbers and whole-line text of quarantined rows, reading each file once.

    The parallel readers know a bad row's file and first fields but not its line; the file is
    read again (only files with quarantined rows) and rows are matched by line number where
    known, else by their first fields, in order.
    """
    from dyadwatch.sources.rawfiles import python_lines

    by_file: dict[str, list[dict]] = {}
    for r in records:
        if r.get("filename"):
            by_file.setdefault(r["filename"], []).append(r)
    for filename, rows in by_file.items():
        path = Path(filename)
        if not path.exists():
            continue
        by_line = {r["line"]: r for r in rows if r.get("line") is not None}
        by_key: dict[str, list[dict]] = {}
        for r in rows:
            if r.get("line") is None:
                by_key.setdefault((r.get("raw") or "").rstrip("\t"), []).append(r)
        if not by_line and not by_key:
            continue
        for numbers, texts, _bad in python_lines(path):
            for number, text in zip(numbers.tolist(), texts, strict=True):
                hit = by_line.pop(number, None)
                if hit is None and by_key:
                    key = "\t".join(text.split("\t")[:key_fields]).rstrip("\t")
                    bucket = by_key.get(key)
                    if bucket:
                        hit = bucket.pop(0)
                        hit["line"] = number
                        if not bucket:
                            del by_key[key]
                if hit is not None:
                    hit["raw"] = text
            if not by_line and not by_key:
                break


def _write_quarantine(runner, staging, root, import_id, rejects, origin) -> Path:
    bad = runner.read_staging(staging, "bad")
    records: list[dict] = []
    if bad is not None:
        for r in runner.to_rows(bad.select("filename", "line", "reason", "raw")):
            r["filename"] = runner.file_label(r["filename"])
            records.append(r)
    records += rejects
    for r in records:
        if r.get("raw") is not None:
            r["raw"] = r["raw"].rstrip("\r\n")
    _resolve_lines(records, RAW_KEY_FIELDS)
    folder = root / "_quarantine"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{import_id}.csv"
    records.sort(key=lambda r: (origin.get(r["filename"], r["filename"] or ""), r["line"] or 0))
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "line", "reason", "row"])
        for r in records:
            writer.writerow(
                [origin.get(r["filename"], r["filename"]), r["line"], r["reason"], r["raw"]]
            )
    return path


def _record(store, summary: IngestSummary, files: list[PreparedFile]) -> None:
    if store.read_only:
        return
    store.raw.execute(
        "INSERT INTO ingests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            summary.import_id,
            summary.source,
            summary.engine,
            dt.datetime.now(),
            summary.files,
            summary.read,
            summary.accepted,
            summary.quarantined,
            summary.duplicates,
            summary.quarantine_file,
            json.dumps(summary.as_dict()),
        ],
    )
    store.raw.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?)",
        [summary.source, _fingerprint(files), dt.datetime.now(), summary.read, summary.accepted],
    )


def dyad_monthly(events: ir.Table, a: str, b: str, *, directed: bool = False) -> ir.Table:
    """Monthly event count, weight and mean Goldstein score for a dyad (an ibis expression).

    A plain aggregation used by the import tests (DuckDB vs Spark) and the benchmark; the
    relations index proper lives in :mod:`dyadwatch.measures`.
    """
    forward = (events.actor1 == a) & (events.actor2 == b)
    cond = forward if directed else forward | ((events.actor1 == b) & (events.actor2 == a))
    t = events.filter(cond)
    t = t.mutate(month=t.date.truncate("M"))
    return (
        t.group_by("month")
        .aggregate(
            events=t.count(),
            weight=t.weight.sum(),
            goldstein=t.goldstein.mean(),
            goldstein_weighted=(t.goldstein * t.weight).sum() / t.weight.sum(),
        )
        .order_by("month")
    )
